"""Retention (DESIGN.md §6): a file is kept 2 years after the last contact, then anonymised.

*Last contact* is the latest of: a held contact, a workshop session attended, an accompaniment's
entry or exit, an orientation decision, and — for someone never reached — the file's creation.
A person with an open accompaniment is never anonymised.

Anonymising removes what identifies the person and what they said, and keeps what the statistics
of past months count, so those statistics stay identical:

- removed: names, CAF / Parcours Solidarités / France Travail identifiers, phones, e-mail, street
  address, the orientation's reference; the person's messages (outbox rows: recipients, texts);
- free texts (contact syntheses, CER objectives and reasons, diagnostic texts, barrier notes,
  action plan labels, follow-ups, extension reasons, Parcours Solidarités action texts,
  positioning notes) are replaced by « [anonymisé] » when they held something and stay empty
  otherwise, so "filled in or not" counts do not move;
- kept: sex, education level, nationality group, disability, housing, household, labour status,
  postal code, commune and QPV/rural flags, every status, date, barrier family and intensity,
  exit reason, outcome;
- the birth date is generalised to the earliest day of the birth year that gives the same age
  (in whole years) on every date a statistic can use for that person: each orientation
  decision, entry and exit date, and the first and last day of every month from the first of
  these dates to the last. Age bands (18-29, 55+, …) therefore stay identical, while the exact
  day — and usually the month — of birth is gone.

Operations flush; the caller (the ``ensemble retention`` command) commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Date, bindparam, case, delete, func, literal, select, update
from sqlalchemy.orm import Session

from schema.audit import AuditLog, months_before
from schema.base import utcnow
from schema.contacts import Contact
from schema.diagnostics import Diagnostic, DiagnosticBarrier, PlanItem
from schema.enums import AccompanimentStatus, AttendanceStatus, ContactStatus
from schema.opportunities import Positioning
from schema.outbox import OutboxMessage
from schema.pathway import Accompaniment, Action, Cer, Orientation
from schema.people import Person
from schema.text import person_search_key
from schema.workshops import Attendance, WorkshopSession

RETENTION_MONTHS = 24
MARK = "[anonymisé]"
ANONYMOUS_LAST_NAME = "ANONYME"

# (model, free-text columns, how the model reaches the person)
_TEXTS_BY_ACCOMPANIMENT = (
    (Accompaniment, ("follow_ups", "extension_reason")),
    (Cer, ("objectives", "reduced_hours_reason", "not_signed_reason")),
    (Contact, ("synthesis",)),
    (Diagnostic, ("skills", "aptitudes", "aspirations")),
    (Action, ("reason", "decision", "outcome")),
    (Positioning, ("notes",)),
)
_TEXTS_BY_DIAGNOSTIC = ((DiagnosticBarrier, ("note",)), (PlanItem, ("label",)))


@dataclass(frozen=True)
class Candidate:
    person_id: int
    name: str
    last_contact: date


def _as_date(value: date | datetime | str | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, str):  # defensive: a driver handing back ISO text
        value = datetime.fromisoformat(value)
    return value.date() if isinstance(value, datetime) else value


def last_contact_dates(session: Session) -> dict[int, date]:
    """The date of each person's last contact (see the module docstring); six grouped queries."""
    sources = (
        select(Accompaniment.person_id, func.max(Contact.held_at))
        .join(Contact.accompaniment)
        .where(Contact.status == ContactStatus.HONORE, Contact.held_at.is_not(None))
        .group_by(Accompaniment.person_id),
        select(Attendance.person_id, func.max(WorkshopSession.starts_at))
        .join(Attendance.session)
        .where(Attendance.status == AttendanceStatus.PRESENT)
        .group_by(Attendance.person_id),
        select(Accompaniment.person_id, func.max(Accompaniment.exit_date)).group_by(
            Accompaniment.person_id
        ),
        select(Accompaniment.person_id, func.max(Accompaniment.entry_date)).group_by(
            Accompaniment.person_id
        ),
        select(Orientation.person_id, func.max(Orientation.decision_date)).group_by(
            Orientation.person_id
        ),
    )
    latest: dict[int, date] = {}
    for statement in sources:
        for person_id, value in session.execute(statement):
            day = _as_date(value)
            if day is not None and (person_id not in latest or day > latest[person_id]):
                latest[person_id] = day
    for person_id, created_at in session.execute(select(Person.id, Person.created_at)):
        latest.setdefault(person_id, _as_date(created_at))  # never reached: since creation
    return latest


def retention_limit(today: date) -> date:
    """Files whose last contact is before this day are due for anonymisation."""
    return months_before(datetime.combine(today, datetime.min.time()), RETENTION_MONTHS).date()


def due_for_anonymisation(session: Session, today: date) -> list[Candidate]:
    """People whose last contact is more than 2 years old, not yet anonymised, none open."""
    limit = retention_limit(today)
    open_people = select(Accompaniment.person_id).where(
        Accompaniment.status != AccompanimentStatus.CLOS
    )
    people = session.execute(
        select(Person.id, Person.last_name, Person.first_name)
        .where(Person.anonymised_at.is_(None), Person.id.not_in(open_people))
        .order_by(Person.id)
    ).all()
    latest = last_contact_dates(session)
    return [
        Candidate(pid, f"{last.upper()} {first}", latest[pid])
        for pid, last, first in people
        if pid in latest and latest[pid] < limit
    ]


def count_texts(session: Session, person_ids: list[int]) -> dict[str, int]:
    """How many free texts of these people would be replaced, per table."""
    counts: dict[str, int] = {}
    for model, columns, criterion in _text_targets(person_ids):
        filled = [getattr(model, c).is_not(None) & (getattr(model, c) != "") for c in columns]
        total = 0
        for condition in filled:
            total += session.scalar(select(func.count()).where(criterion, condition)) or 0
        counts[model.__tablename__] = total
    return counts


def _text_targets(person_ids: list[int]):
    accompaniments = select(Accompaniment.id).where(Accompaniment.person_id.in_(person_ids))
    diagnostics = select(Diagnostic.id).where(Diagnostic.accompaniment_id.in_(accompaniments))
    for model, columns in _TEXTS_BY_ACCOMPANIMENT:
        key = model.id if model is Accompaniment else model.accompaniment_id
        yield model, columns, key.in_(accompaniments)
    for model, columns in _TEXTS_BY_DIAGNOSTIC:
        yield model, columns, model.diagnostic_id.in_(diagnostics)


def _next_month_day(month: int, day: int, year: int) -> tuple[int, int]:
    if (month, day) == (2, 29) and not _is_leap(year):
        return (3, 1)
    following = date(year, month, day) + timedelta(days=1)
    return (following.month, following.day) if following.year == year else (12, 31)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def generalised_birth_date(birth: date, reference_dates: Iterable[date]) -> date:
    """The earliest day of ``birth``'s year giving the same age on every reference date."""
    floor = (1, 1)
    birthday = (birth.month, birth.day)
    for day in reference_dates:
        month_day = (day.month, day.day)
        if floor <= month_day < birthday:
            floor = max(floor, _next_month_day(*month_day, birth.year))
    return date(birth.year, *floor)


def _month_bounds(first: date, last: date) -> Iterable[date]:
    current = first.replace(day=1)
    while current <= last:
        following = (current + timedelta(days=32)).replace(day=1)
        yield current
        yield following - timedelta(days=1)
        current = following


def statistic_dates(session: Session, person_ids: list[int]) -> dict[int, list[date]]:
    """Per person, the dates a statistic may compute an age on (see the module docstring)."""
    events: dict[int, list[date]] = defaultdict(list)
    statements = (
        select(Orientation.person_id, Orientation.decision_date).where(
            Orientation.person_id.in_(person_ids)
        ),
        select(Accompaniment.person_id, Accompaniment.entry_date).where(
            Accompaniment.person_id.in_(person_ids)
        ),
        select(Accompaniment.person_id, Accompaniment.exit_date).where(
            Accompaniment.person_id.in_(person_ids)
        ),
    )
    for statement in statements:
        for person_id, day in session.execute(statement):
            if day is not None:
                events[person_id].append(day)
    return {
        pid: [*days, *_month_bounds(min(days), max(days))] for pid, days in events.items() if days
    }


def anonymise(session: Session, person_ids: list[int], now: datetime | None = None) -> int:
    """Anonymise these people (see the module docstring); flushes, returns how many."""
    if not person_ids:
        return 0
    now = now or utcnow()
    births = {
        pid: birth
        for pid, birth in session.execute(
            select(Person.id, Person.birth_date).where(Person.id.in_(person_ids))
        )
    }
    dates = statistic_dates(session, person_ids)
    table = Person.__table__
    session.execute(
        update(table)
        .where(table.c.id == bindparam("pid"))
        .values(
            last_name=ANONYMOUS_LAST_NAME,
            first_name=bindparam("new_first_name"),
            search_key=bindparam("new_search_key"),
            birth_date=bindparam("new_birth_date", type_=Date),
            version=table.c.version + 1,
        ),
        [
            {
                "pid": pid,
                "new_first_name": f"n° {pid}",
                "new_search_key": person_search_key(ANONYMOUS_LAST_NAME, f"n° {pid}"),
                "new_birth_date": generalised_birth_date(births[pid], dates.get(pid, ())),
            }
            for pid in person_ids
        ],
    )
    session.execute(
        update(Person)
        .where(Person.id.in_(person_ids))
        .values(
            birth_name=None,
            caf_number=None,
            ps_id=None,
            ft_id=None,
            phone=None,
            phone2=None,
            email=None,
            address=None,
            anonymised_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    session.execute(
        delete(OutboxMessage)
        .where(OutboxMessage.person_id.in_(person_ids))
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(Orientation)
        .where(Orientation.person_id.in_(person_ids))
        .values(reference=None, version=Orientation.version + 1)
        .execution_options(synchronize_session=False)
    )
    for model, columns, criterion in _text_targets(person_ids):
        values = {
            column: case(
                (
                    getattr(model, column).is_(None) | (getattr(model, column) == ""),
                    getattr(model, column),
                ),
                else_=literal(MARK),
            )
            for column in columns
        }
        values["version"] = model.version + 1
        session.execute(
            update(model)
            .where(criterion)
            .values(values)
            .execution_options(synchronize_session=False)
        )
    session.add_all(
        AuditLog(action="anonymise", entity="Person", entity_id=pid, person_id=pid, at=now)
        for pid in person_ids
    )
    session.expire_all()
    session.flush()
    return len(person_ids)
