"""Factories for test data: plain functions that add rows and flush."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from admin.passwords import hash_password
from schema import (
    Accompaniment,
    Action,
    Attendance,
    Cer,
    Contact,
    Counsellor,
    Diagnostic,
    ExitReason,
    Orientation,
    OrientationPath,
    Person,
    User,
    Workshop,
    WorkshopSession,
)
from schema.enums import Role

PASSWORD = "correct-horse-battery-staple"
_HASH: dict[str, str] = {}
_seq = itertools.count(1)


def password_hash() -> str:
    if "h" not in _HASH:
        _HASH["h"] = hash_password(PASSWORD)
    return _HASH["h"]


def reference(session: Session) -> dict[str, Any]:
    from seeds.reference import load_reference

    load_reference(session)
    session.flush()
    return {
        "path": session.scalars(select(OrientationPath).order_by(OrientationPath.position)).first(),
        "exit_reason": session.scalars(
            select(ExitReason).where(ExitReason.category == "emploi_durable")
        ).first(),
        "workshop": session.scalars(select(Workshop).order_by(Workshop.position)).first(),
    }


def user(session: Session, role: Role = Role.COUNSELLOR, **kw: Any) -> User:
    n = next(_seq)
    u = User(
        email=kw.pop("email", f"user{n}@test.fr"),
        full_name=kw.pop("full_name", f"Utilisateur {n}"),
        role=role.value,
        password_hash=password_hash(),
        session_token=f"token{n}",
        **kw,
    )
    session.add(u)
    if role == Role.COUNSELLOR:
        session.add(Counsellor(user=u, display_name=u.full_name))
    session.flush()
    return u


def person(session: Session, **kw: Any) -> Person:
    n = next(_seq)
    values = {
        "sex": "F",
        "last_name": f"Dupont{n}",
        "first_name": "Élodie",
        "birth_date": date(1985, 3, 14),
        "caf_number": f"{1000000 + n}",
        "caf_role": "demandeur",
        "phone": "0601020304",
        "postal_code": "59140",
        "commune": "Dunkerque",
    }
    values.update(kw)
    p = Person(**values)
    session.add(p)
    session.flush()
    return p


def orientation(session: Session, person_: Person, decision_date: date, path=None) -> Orientation:
    path = path or session.scalars(select(OrientationPath).order_by(OrientationPath.id)).first()
    o = Orientation(person=person_, decision_date=decision_date, path_id=path.id)
    session.add(o)
    session.flush()
    return o


def accompaniment(
    session: Session,
    counsellor_user: User | None = None,
    person_: Person | None = None,
    *,
    d0: date = date(2026, 10, 1),
    entry: date | None = date(2026, 10, 10),
    status: str | None = None,
    **kw: Any,
) -> Accompaniment:
    person_ = person_ or person(session)
    o = orientation(session, person_, d0)
    a = Accompaniment(
        person=person_,
        counsellor_id=counsellor_user.counsellor.id if counsellor_user else None,
        orientation=o,
        status=status or ("actif" if entry else "a_contacter"),
        entry_date=entry,
        planned_end=entry + timedelta(days=182) if entry else None,
        **kw,
    )
    session.add(a)
    session.flush()
    return a


def contact(
    session: Session, acc: Accompaniment, when: datetime | None = None, **kw: Any
) -> Contact:
    when = when or datetime(2026, 10, 20, 10, 0)
    values = {
        "planned_at": when,
        "held_at": when,
        "mode": "physique",
        "status": "honore",
        "synthesis": "Point sur la recherche d'emploi.",
    }
    values.update(kw)
    c = Contact(accompaniment=acc, **values)
    session.add(c)
    session.flush()
    return c


def diagnostic(
    session: Session, acc: Accompaniment, kind: str = "initial", **kw: Any
) -> Diagnostic:
    d = Diagnostic(accompaniment=acc, kind=kind, done_on=kw.pop("done_on", acc.entry_date), **kw)
    session.add(d)
    session.flush()
    return d


def cer(session: Session, acc: Accompaniment, **kw: Any) -> Cer:
    c = Cer(
        accompaniment=acc, kind="premier", signed_on=acc.entry_date, start_date=acc.entry_date, **kw
    )
    session.add(c)
    session.flush()
    return c


def workshop_session(session: Session, workshop: Workshop, **kw: Any) -> WorkshopSession:
    start = kw.pop("starts_at", datetime(2026, 11, 5, 9, 30))
    s = WorkshopSession(
        workshop=workshop,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place=kw.pop("place", "Entreprendre Ensemble, Dunkerque"),
        capacity=kw.pop("capacity", 12),
        **kw,
    )
    session.add(s)
    session.flush()
    return s


def attendance(session: Session, ws: WorkshopSession, person_: Person, **kw: Any) -> Attendance:
    a = Attendance(session=ws, person=person_, **kw)
    session.add(a)
    session.flush()
    return a


def pause(session: Session, acc: Accompaniment, start: date, end: date | None = None) -> Action:
    """A mise en attente from ``start``, still running (accompaniment paused) without ``end``."""
    action = Action(
        accompaniment=acc, kind="mise_en_attente", start_date=start, end_date=end, reason="x"
    )
    session.add(action)
    if end is None:
        acc.status = "en_attente"
    session.flush()
    return action
