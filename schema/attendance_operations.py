"""Operations of workshop sessions and attendance (émargement).

Create a session, register a person, record a whole attendance sheet, mark an individual
interview. Each validates, changes rows and flushes; the caller commits (or rolls back on error)
and writes the returned changes to the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from schema.base import utcnow
from schema.constraint_messages import ALREADY_REGISTERED, explain
from schema.contacts import Contact
from schema.enums import AccompanimentStatus, AttendanceStatus, ContactStatus
from schema.pathway import Accompaniment
from schema.people import Person
from schema.rules import stored_states
from schema.workshops import Attendance, Workshop, WorkshopSession

# What one click on "Entretiens du jour" may set.
INTERVIEW_MARKS = (
    ContactStatus.HONORE,
    ContactStatus.ABSENT_EXCUSE,
    ContactStatus.ABSENT_NON_EXCUSE,
    ContactStatus.REPORTE,
)
STALE_SHEET = (
    "La feuille a été modifiée par quelqu'un d'autre pendant votre saisie ({names}). "
    "Rien n'a été enregistré : vos marques sont conservées ci-dessous, vérifiez les lignes "
    "signalées puis enregistrez à nouveau."
)
STALE_INTERVIEW = (
    "Cet entretien a été modifié par quelqu'un d'autre entre-temps : rien n'a été enregistré. "
    "Vérifiez son statut ci-dessous puis recommencez."
)


class AttendanceError(ValueError):
    """A French sentence saying why the operation was refused; nothing was changed."""


class SessionFull(AttendanceError):
    pass


class StaleMarks(AttendanceError):
    """Someone else changed the rows in the meantime; ``ids`` are the rows concerned."""

    def __init__(self, message: str, ids: frozenset[int] = frozenset()) -> None:
        super().__init__(message)
        self.ids = ids


@dataclass(frozen=True)
class Mark:
    """What the sheet says of one line."""

    status: str
    signed: bool


@dataclass(frozen=True)
class MarkChange:
    """One changed mark, for the audit trail: field names and a readable before → after."""

    entity: str
    entity_id: int
    person_id: int
    fields: tuple[str, ...]
    detail: str


# --- Sessions -------------------------------------------------------------------------------
def create_session(
    session: Session,
    workshop: Workshop,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    facilitator: str | None,
    capacity: int,
) -> WorkshopSession:
    """Schedule a séance of a catalogue workshop."""
    if not workshop.active:
        raise AttendanceError("Cet atelier n'est plus proposé au catalogue.")
    if ends_at <= starts_at:
        raise AttendanceError("La séance doit se terminer après son début.")
    if capacity < 1:
        raise AttendanceError("La capacité d'une séance doit être d'au moins une place.")
    if not place.strip():
        raise AttendanceError("Indiquez le lieu de la séance.")
    ws = WorkshopSession(
        workshop=workshop,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        facilitator=(facilitator or "").strip() or None,
        capacity=capacity,
    )
    session.add(ws)
    session.flush()
    return ws


def seats_taken(session: Session, session_id: int) -> int:
    return session.scalar(
        select(func.count(Attendance.id)).where(Attendance.session_id == session_id)
    )


def _lock_session(session: Session, session_id: int) -> int:
    """Lock the séance row until commit and return its capacity.

    PostgreSQL: ``SELECT … FOR UPDATE``. SQLite ignores FOR UPDATE, so a no-op write takes the
    database write lock instead: concurrent registrations wait for each other.
    """
    if session.get_bind().dialect.name == "sqlite":
        table = WorkshopSession.__table__
        session.execute(update(table).where(table.c.id == session_id).values(id=table.c.id))
    capacity = session.scalar(
        select(WorkshopSession.capacity).where(WorkshopSession.id == session_id).with_for_update()
    )
    if capacity is None:
        raise AttendanceError("Cette séance n'existe plus.")
    return capacity


def ensure_seat(session: Session, session_id: int) -> None:
    """Refuse when the séance is full, counted again after locking its row."""
    with session.no_autoflush:
        capacity = _lock_session(session, session_id)
        if seats_taken(session, session_id) >= capacity:
            raise SessionFull(
                f"La séance est complète ({capacity} place{'s' if capacity > 1 else ''}) : "
                "l'inscription n'a pas été enregistrée."
            )


def register(
    session: Session, workshop_session: WorkshopSession, accompaniment: Accompaniment
) -> Attendance:
    """Register the person of an open accompaniment on a séance, within its capacity."""
    if accompaniment.status == AccompanimentStatus.CLOS:
        raise AttendanceError(
            "Cet accompagnement est clos : seules les personnes accompagnées "
            "peuvent être inscrites."
        )
    already = session.scalar(
        select(Attendance.id).where(
            Attendance.session_id == workshop_session.id,
            Attendance.person_id == accompaniment.person_id,
        )
    )
    if already is not None:
        raise AttendanceError(ALREADY_REGISTERED)
    ensure_seat(session, workshop_session.id)
    attendance = Attendance(
        session_id=workshop_session.id,
        person_id=accompaniment.person_id,
        accompaniment_id=accompaniment.id,
        status=AttendanceStatus.INSCRIT.value,
        signed=False,
    )
    session.add(attendance)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent registration of the same person
        raise AttendanceError(explain(exc)) from exc
    return attendance


# --- The sheet ------------------------------------------------------------------------------
def sheet_attendances(
    session: Session, session_id: int, within: ColumnElement[bool] | None = None
) -> list[Attendance]:
    """The lines of a sheet in name order, people loaded (one statement). ``within`` limits
    them to the lines the user may see and mark (None: every line)."""
    query = (
        select(Attendance)
        .join(Attendance.person)
        .options(joinedload(Attendance.person))
        .where(Attendance.session_id == session_id)
        .order_by(Person.search_key, Person.id)
    )
    if within is not None:
        query = query.where(within)
    return list(session.scalars(query))


def registered_count(session: Session, session_id: int) -> int:
    """Every person registered on the séance, whoever follows them."""
    return session.scalar(
        select(func.count(Attendance.id)).where(Attendance.session_id == session_id)
    )


def _changed_fields(
    old_status: str, old_signed: bool, new_status: str, new_signed: bool
) -> tuple[str, ...]:
    return tuple(
        name
        for name, changed in (
            ("status", old_status != new_status),
            ("signed", old_signed != new_signed),
        )
        if changed
    )


def _describe(old_status: str, old_signed: bool, new_status: str, new_signed: bool) -> str:
    parts = []
    if old_status != new_status:
        labels = AttendanceStatus.labels() | ContactStatus.labels()
        parts.append(f"{labels[old_status].lower()} → {labels[new_status].lower()}")
    if old_signed != new_signed:
        parts.append("signé" if new_signed else "signature retirée")
    return ", ".join(parts)


def record_sheet(
    session: Session,
    workshop_session: WorkshopSession,
    marks: Mapping[int, Mark],
    expected_versions: Mapping[int, int],
    today: date,
    within: ColumnElement[bool] | None = None,
) -> list[MarkChange]:
    """Record every mark of a sheet, or none: the message names the faulty line. A mark on a
    line outside ``within`` (someone the user does not follow) is refused like an unknown line,
    and nothing is written."""
    lines = sheet_attendances(session, workshop_session.id, within)
    by_id = {a.id: a for a in lines}
    unknown = set(marks) - set(by_id)
    if unknown:
        raise AttendanceError(
            "La feuille contient une ligne qui n'est plus inscrite à cette séance : "
            "rechargez la feuille."
        )
    statuses = AttendanceStatus.labels()
    for number, attendance in enumerate(lines, start=1):
        mark = marks.get(attendance.id)
        if mark is None:
            continue
        where = f"Ligne {number} ({attendance.person.full_name}) : "
        if mark.status not in statuses:
            raise AttendanceError(where + "choisissez une présence dans la liste.")
        if mark.signed and mark.status != AttendanceStatus.PRESENT:
            raise AttendanceError(where + "seule une personne présente peut avoir signé.")
        if mark.status == AttendanceStatus.PRESENT and workshop_session.starts_at.date() > today:
            raise AttendanceError(
                where + "la séance n'a pas encore eu lieu, la présence ne peut pas être marquée."
            )
    stale = [a for a in lines if a.id in marks and expected_versions.get(a.id) != a.version]
    if stale:
        raise StaleMarks(
            STALE_SHEET.format(names=", ".join(a.person.full_name for a in stale)),
            frozenset(a.id for a in stale),
        )
    changed = [
        (attendance, marks[attendance.id])
        for attendance in lines
        if attendance.id in marks
        and (marks[attendance.id].status, marks[attendance.id].signed)
        != (attendance.status, attendance.signed)
    ]
    changes = [
        MarkChange(
            "Attendance",
            attendance.id,
            attendance.person_id,
            _changed_fields(attendance.status, attendance.signed, mark.status, mark.signed),
            _describe(attendance.status, attendance.signed, mark.status, mark.signed),
        )
        for attendance, mark in changed
    ]
    _write_marks(session, changed)
    return changes


def _write_marks(session: Session, changed: list[tuple[Attendance, Mark]]) -> None:
    """One UPDATE executed for all changed lines, each guarded by the version it was read at."""
    if not changed:
        return
    table = Attendance.__table__
    now = utcnow()
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
        .values(
            status=bindparam("b_status"),
            signed=bindparam("b_signed"),
            version=table.c.version + 1,
            updated_at=now,
        )
    )
    params = [
        {"b_id": a.id, "b_version": a.version, "b_status": m.status, "b_signed": m.signed}
        for a, m in changed
    ]
    result = session.execute(statement, params)
    if result.rowcount != len(params):  # a concurrent save committed between our read and write
        raise StaleMarks(STALE_SHEET.format(names="enregistrement simultané"))
    for attendance, mark in changed:
        for key, value in (
            ("status", mark.status),
            ("signed", mark.signed),
            ("version", attendance.version + 1),
            ("updated_at", now),
        ):
            set_committed_value(attendance, key, value)
    # The UPDATE bypassed the ORM: the presences change the people's weekly-contact rule (R3).
    stored_states.touch(
        session,
        accompaniment_ids=[a.accompaniment_id for a, _m in changed if a.accompaniment_id],
        person_ids=[a.person_id for a, _m in changed],
    )


# --- Individual interviews ------------------------------------------------------------------
def mark_contact(
    session: Session,
    contact: Contact,
    status: str,
    signed: bool,
    expected_version: int,
    today: date,
) -> MarkChange:
    """Mark an individual appointment honoured / absent / postponed, and signed (émargé)."""
    if status not in {s.value for s in INTERVIEW_MARKS}:
        raise AttendanceError("Choisissez honoré, absent excusé, absent non excusé ou reporté.")
    if contact.version != expected_version:
        raise StaleMarks(STALE_INTERVIEW, frozenset({contact.id}))
    if signed and status != ContactStatus.HONORE:
        raise AttendanceError("Seul un entretien honoré peut être émargé.")
    if status == ContactStatus.HONORE and contact.planned_at.date() > today:
        raise AttendanceError("Un entretien à venir ne peut pas être marqué honoré.")
    fields = _changed_fields(contact.status, contact.signed, status, signed)
    detail = _describe(contact.status, contact.signed, status, signed)
    contact.status, contact.signed = status, signed
    if status == ContactStatus.HONORE:
        contact.held_at = contact.held_at or contact.planned_at
    else:
        contact.held_at = None
    try:
        session.flush()
    except StaleDataError as exc:
        raise StaleMarks(STALE_INTERVIEW, frozenset({contact.id})) from exc
    return MarkChange(
        "Contact", contact.id, contact.accompaniment.person_id, fields, detail or "inchangé"
    )
