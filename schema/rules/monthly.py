"""The month of the Département's report: its populations as SQL selects, one row per person or
event, with each row's facts (active file days, weeks with a contact, physical meetings…).

Every synthesis figure of the monthly report is a sum over the rows of one of these selects, so
the detail sheets reconcile with the synthesis by construction. Dates are Europe/Paris days.

Definitions (also in ``schema.rules.definitions``):
- in the active file on day D: entered (first appointment held) on or before D, not exited
  before or on D (a pause does not take a person out of the file); a person who enters and
  leaves on the same day is never in the file (0 days: listed in the entries and the exits, not
  in the active file);
- a required person-week: an ISO week whose Thursday falls in the month, over by the report day,
  after the entry week and before the exit week, not touched by a pause (R3);
- R4: the physical meetings required in the month, pro rata of the active days
  (``schema.rules.physical_meetings``), judged once the month is over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)

from schema.accounts import Counsellor
from schema.contacts import Contact
from schema.diagnostics import Diagnostic
from schema.enums import AccompanimentStatus, ContactStatus, DiagnosticKind
from schema.pathway import Accompaniment, Action
from schema.people import Person
from schema.rules import calendar, pauses, physical_meetings
from schema.rules.contacts import attendances_of_accompaniment
from schema.rules.signatures import attendance_present
from schema.rules.sql import epoch_week, flag
from schema.workshops import Attendance, WorkshopSession

MONTH_FORMAT_HELP = "AAAA-MM (par exemple 2026-10)"


@dataclass(frozen=True)
class ReportMonth:
    """A calendar month seen on ``as_of`` (its last day, or today for the current month)."""

    start: date
    end: date
    as_of: date
    today: date
    counsellor_id: int | None = None

    @classmethod
    def of(cls, first: date, today: date, counsellor_id: int | None = None) -> ReportMonth:
        start = calendar.month_start(first)
        end = calendar.month_end(first)
        return cls(start, end, min(end, today), today, counsellor_id)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def elapsed_days(self) -> int:
        """Days of the month up to the report date (the divisor of the monthly average)."""
        return max(0, (self.as_of - self.start).days + 1)

    @property
    def complete(self) -> bool:
        return self.today > self.end

    def weeks(self) -> list[int]:
        """ISO weeks (epoch indexes) whose Thursday is in the month and which are over today."""
        monday = calendar.week_start(self.start)
        result = []
        while monday <= self.end:
            if self.start <= monday + timedelta(days=3) <= self.end and (
                monday + timedelta(days=6) < self.today
            ):
                result.append(calendar.epoch_week(monday))
            monday += timedelta(days=7)
        return result

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min)

    @property
    def end_at(self) -> datetime:
        """Midnight after the last day (exclusive bound of date-times)."""
        return datetime.combine(self.end + timedelta(days=1), time.min)


def parse_month(text: str) -> date:
    """First day of the month written ``AAAA-MM`` (or ``MM/AAAA``); ValueError with a French
    message otherwise."""
    parsed = None
    for fmt in ("%Y-%m", "%m/%Y"):
        try:
            parsed = datetime.strptime((text or "").strip(), fmt)
            break
        except ValueError:
            continue
    if parsed is None:
        message = f"Mois invalide : « {text or ''} ». Format attendu : {MONTH_FORMAT_HELP}."
        raise ValueError(message)
    if not 2000 <= parsed.year <= 2100:
        raise ValueError(f"Mois invalide : « {text} » (année hors limites).")
    return parsed.date()


def scope(month: ReportMonth) -> list[ColumnElement[bool]]:
    if month.counsellor_id is None:
        return []
    return [Accompaniment.counsellor_id == month.counsellor_id]


def names() -> list[ColumnElement]:
    return [
        Person.last_name.label("last_name"),
        Person.first_name.label("first_name"),
        Person.caf_number.label("caf_number"),
        Person.anonymised_at.label("anonymised_at"),
        Counsellor.display_name.label("counsellor_name"),
    ]


def with_names(query: Select) -> Select:
    return query.join(Person, Person.id == Accompaniment.person_id).outerjoin(
        Counsellor, Counsellor.id == Accompaniment.counsellor_id
    )


# --- Active file -------------------------------------------------------------------------------
def in_file_during(start: date, end: date) -> ColumnElement[bool]:
    """In the active file on at least one day of [start, end] (the exit day is not in the file:
    an accompaniment closed on its entry day never was)."""
    return and_(
        Accompaniment.entry_date.is_not(None),
        Accompaniment.entry_date <= end,
        or_(
            Accompaniment.exit_date.is_(None),
            and_(
                Accompaniment.exit_date > start,
                Accompaniment.exit_date > Accompaniment.entry_date,
            ),
        ),
    )


def in_file_on(day: date) -> ColumnElement[bool]:
    return in_file_during(day, day)


def _pause_in_week(week: ColumnElement[int]) -> ColumnElement[bool]:
    return (
        select(Action.id)
        .where(
            pauses.pauses_of_accompaniment(),
            epoch_week(Action.start_date) <= week,
            or_(Action.end_date.is_(None), epoch_week(Action.end_date) >= week),
        )
        .correlate_except(Action)
        .exists()
    )


def _contact_in_week(week: ColumnElement[int]) -> ColumnElement[bool]:
    contact = (
        select(Contact.id)
        .where(
            Contact.accompaniment_id == Accompaniment.id,
            Contact.status == ContactStatus.HONORE,
            epoch_week(Contact.held_at) == week,
        )
        .correlate_except(Contact)
        .exists()
    )
    workshop = (
        select(Attendance.id)
        .join(WorkshopSession, WorkshopSession.id == Attendance.session_id)
        .where(
            attendances_of_accompaniment(),
            attendance_present(),
            epoch_week(WorkshopSession.starts_at) == week,
        )
        .correlate_except(Attendance, WorkshopSession)
        .exists()
    )
    return or_(contact, workshop)


def person_weeks(month: ReportMonth) -> tuple[ColumnElement[int], ColumnElement[int]]:
    """(required weeks, required weeks with a held contact or workshop presence), correlated."""
    weeks = month.weeks()
    if not weeks:
        return literal(0), literal(0)
    table = union_all(*[select(literal(w).label("w")) for w in weeks]).subquery("month_weeks")
    week = table.c.w
    required = and_(
        week > epoch_week(Accompaniment.entry_date),
        or_(Accompaniment.exit_date.is_(None), week < epoch_week(Accompaniment.exit_date)),
        ~_pause_in_week(week),
    )
    count = select(func.count()).select_from(table)
    return (
        count.where(required).scalar_subquery(),
        count.where(required, _contact_in_week(week)).scalar_subquery(),
    )


def paused_during(start: date, end: date) -> ColumnElement[bool]:
    """Correlated: paused at least one day of [start, end] (a pause resumed on ``start`` was
    not: the resumption day is active)."""
    return physical_meetings.paused_days(start, end) > 0


def status_on(day: date) -> ColumnElement[str]:
    """Correlated: the accompaniment's status on ``day`` (entered on or before it): closed from
    its exit date, paused from a pause's start to the day before its end (the resumption day is
    active), active otherwise."""
    pause = select(Action.id).where(pauses.pauses_of_accompaniment(), pauses.paused_on(day))
    return case(
        (
            and_(Accompaniment.exit_date.is_not(None), Accompaniment.exit_date <= day),
            literal(AccompanimentStatus.CLOS.value),
        ),
        (pause.exists(), literal(AccompanimentStatus.EN_ATTENTE.value)),
        else_=literal(AccompanimentStatus.ACTIF.value),
    )


def three_month_diagnostic_on() -> ColumnElement[date | None]:
    return (
        select(func.min(Diagnostic.done_on))
        .where(
            Diagnostic.accompaniment_id == Accompaniment.id,
            Diagnostic.kind == DiagnosticKind.TROIS_MOIS,
        )
        .scalar_subquery()
    )


def active_file_select(month: ReportMonth) -> Select:
    """Accompaniments in the active file at least one day of the month, with their facts."""
    weeks_required, weeks_contact = person_weeks(month)
    query = select(
        Accompaniment.id.label("id"),
        Accompaniment.person_id.label("person_id"),
        *names(),
        Accompaniment.status.label("status"),
        status_on(month.as_of).label("status_at_end"),
        Accompaniment.entry_date.label("entry_date"),
        Accompaniment.exit_date.label("exit_date"),
        flag(in_file_on(month.as_of)).label("in_file_at_end"),
        physical_meetings.days_in_file(month.start, month.as_of).label("days_in_file"),
        weeks_required.label("weeks_required"),
        weeks_contact.label("weeks_with_contact"),
        physical_meetings.active_days(month.start, month.end).label("active_days"),
        physical_meetings.required_meetings(month.start).label("physical_required"),
        physical_meetings.meetings_held(month.start_at, month.end_at).label("physical_meetings"),
        flag(paused_during(month.start, month.end)).label("paused"),
        three_month_diagnostic_on().label("diagnostic_3m_on"),
    ).select_from(Accompaniment)
    return (
        with_names(query)
        .where(in_file_during(month.start, month.as_of), *scope(month))
        .order_by(Person.last_name, Person.first_name, Accompaniment.id)
    )


# --- Twelve months -----------------------------------------------------------------------------
def months_back(last: date, count: int) -> list[date]:
    """First days of the ``count`` months ending with ``last``'s month, oldest first."""
    return [
        calendar.add_months(calendar.month_start(last), -back) for back in range(count - 1, -1, -1)
    ]


def evolution_select(months: list[ReportMonth]) -> Select:
    """One row: per month, the active file at its report date, the entries and the exits."""
    columns = []
    for index, month in enumerate(months):
        columns += [
            func.sum(flag(in_file_on(month.as_of))).label(f"file_{index}"),
            func.sum(
                flag(
                    and_(
                        Accompaniment.entry_date >= month.start,
                        Accompaniment.entry_date <= month.as_of,
                    )
                )
            ).label(f"entries_{index}"),
            func.sum(
                flag(
                    and_(
                        Accompaniment.exit_date >= month.start,
                        Accompaniment.exit_date <= month.as_of,
                    )
                )
            ).label(f"exits_{index}"),
        ]
    scope = (
        [Accompaniment.counsellor_id == months[-1].counsellor_id]
        if (months and months[-1].counsellor_id is not None)
        else []
    )
    return select(*columns).where(Accompaniment.entry_date.is_not(None), *scope)
