"""R4 — at least 2 physical meetings a calendar month, pro rata of the days the person is
followed: the one definition read by the portfolio alert, the monthly report, the dashboards
(through the stored rule states) and the "Définitions" text.

- A physical meeting is a held contact (status "honoré") in the modes "entretien physique
  individuel" or "accompagnement physique", whose date-time falls in the month.
- Active days of a month: the days of the month in the active file (from the entry date, the
  first appointment, to the day before the exit date) and not paused (from a pause's start date
  to the day before its end date: the resumption day is active). Days still to come in the
  current month count as the person is today: in the file, and paused until the end of the
  month while a pause is open.
- Required meetings: ``ceil(2 × active days / days in the month)``; a full month requires 2, an
  entry on the 20th of a 30-day month 1, a month without an active day 0 (not judged).
- The month is respected when the meetings held reach the required number.
- Alert for the current month: judged against what is required by the end of the month; while
  meetings are missing it is "bientôt dû", and "en retard" in the last
  :data:`MONTH_RUNNING_OUT_DAYS` days of the month. A person paused on the day is "suspendu".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, case, func, literal, select

from schema.contacts import Contact
from schema.pathway import Accompaniment, Action
from schema.rules import pauses
from schema.rules.calendar import month_end, month_start
from schema.rules.signatures import physical_interview_held
from schema.rules.sql import epoch_days
from schema.rules.states import ENTERED, Facts, Row, Rule, RuleState, state_case

PHYSICAL_PER_MONTH = 2
MONTH_RUNNING_OUT_DAYS = 10
EPOCH = date(1970, 1, 1)


def _day(day: date) -> ColumnElement[int]:
    return literal((day - EPOCH).days)


def _span(first: ColumnElement[int], last: ColumnElement[int]) -> ColumnElement[int]:
    """Days from ``first`` to ``last`` included (epoch days), 0 when ``last`` is before."""
    return case((last >= first, last - first + 1), else_=0)


def _clipped(
    begin: ColumnElement[date], stop: ColumnElement[date | None], start: date, end: date
) -> ColumnElement[int]:
    """Days of [start, end] from ``begin`` to the day before ``stop`` (open when NULL)."""
    first = case((begin > start, epoch_days(begin)), else_=_day(start))
    last = case(
        (and_(stop.is_not(None), stop <= end), epoch_days(stop) - 1),
        else_=_day(end),
    )
    return _span(first, last)


def days_in_file(start: date, end: date) -> ColumnElement[int]:
    """Correlated: days of [start, end] the outer accompaniment spent in the active file (from
    its entry date to the day before its exit date)."""
    return case(
        (Accompaniment.entry_date.is_(None), 0),
        else_=_clipped(Accompaniment.entry_date, Accompaniment.exit_date, start, end),
    )


def paused_days(start: date, end: date) -> ColumnElement[int]:
    """Correlated: days of [start, end] covered by the outer accompaniment's pauses (from the
    start date to the day before the end date, the resumption day; to ``end`` while open)."""
    return (
        select(func.coalesce(func.sum(_clipped(Action.start_date, Action.end_date, start, end)), 0))
        .where(pauses.pauses_of_accompaniment(), pauses.pause_overlaps(start, end))
        .scalar_subquery()
    )


def active_days(start: date, end: date) -> ColumnElement[int]:
    """Correlated: days of [start, end] in the active file and not paused."""
    days = days_in_file(start, end) - paused_days(start, end)
    return case((days > 0, days), else_=0)


def required_meetings(month: date) -> ColumnElement[int]:
    """Correlated: physical meetings required in ``month``'s calendar month,
    ``ceil(2 × active days / days in the month)`` (integer arithmetic, exact)."""
    start, end = month_start(month), month_end(month)
    length = (end - start).days + 1
    return (active_days(start, end) * PHYSICAL_PER_MONTH + (length - 1)) // length


def meetings_held(start_at: datetime, end_at: datetime) -> ColumnElement[int]:
    """Correlated: physical meetings held by the outer accompaniment in [start_at, end_at)."""
    return (
        select(func.count(Contact.id))
        .where(
            Contact.accompaniment_id == Accompaniment.id,
            physical_interview_held(),
            Contact.held_at >= start_at,
            Contact.held_at < end_at,
        )
        .scalar_subquery()
    )


def held_in_month(month: date) -> ColumnElement[int]:
    start = datetime.combine(month_start(month), time.min)
    return meetings_held(start, datetime.combine(month_end(month) + timedelta(days=1), time.min))


def respected(held: int | None, required: int | None) -> bool | None:
    """The month is respected (None: nothing required, not judged)."""
    if not required:
        return None
    return (held or 0) >= required


def facts(today: date) -> dict[str, ColumnElement]:
    return {
        "physical_this_month": held_in_month(today),
        "physical_required": required_meetings(today),
    }


def month_running_out(today: date) -> bool:
    return (month_end(today) - today).days < MONTH_RUNNING_OUT_DAYS


def physical_state(f: Facts, today: date) -> ColumnElement[str]:
    short = RuleState.LATE if month_running_out(today) else RuleState.SOON
    return state_case(
        (f.status.not_in(ENTERED), RuleState.NA),
        (f.paused_now == 1, RuleState.PAUSED),
        (f.physical_required <= 0, RuleState.NA),
        (f.physical_this_month >= f.physical_required, RuleState.OK),
        default=short,
    )


def _due(row: Row, today: date) -> date | None:
    if row.r4 in (RuleState.OK, RuleState.NA, RuleState.PAUSED):
        return None
    return month_end(today)


def _detail(row: Row, today: date) -> str:
    if row.r4 == RuleState.NA:
        return ""
    return f"{row.physical_this_month or 0} / {row.physical_required or 0}"


RULE = Rule(
    code="r4",
    label="Entretiens physiques du mois",
    alert_label="entretiens physiques du mois manquants",
    definition="entretien_physique",
    state=physical_state,
    due=_due,
    detail=_detail,
    alert_states=(RuleState.SOON, RuleState.LATE),
)
