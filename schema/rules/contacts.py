"""R3 — a held contact every week (R4, the physical meetings of the month, is in
``schema.rules.physical_meetings``).

A contact counts when it is held (status "honoré"), whatever its mode. Being present at a
workshop session counts too. A pause suspends the rule.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Date, and_, func, or_, select

from schema.contacts import Contact
from schema.enums import AttendanceStatus, ContactStatus
from schema.pathway import Accompaniment
from schema.rules.sql import NEVER, as_date, latest_date
from schema.rules.states import ENTERED, Facts, Row, Rule, RuleState, state_case
from schema.workshops import Attendance, WorkshopSession

CONTACT_EVERY_DAYS = 7
CONTACT_SOON_DAYS = 5


def _day_after(today: date) -> datetime:
    return datetime.combine(today + timedelta(days=1), time.min)


def held_contacts(today: date) -> ColumnElement[bool]:
    """Contacts that count: held (honoré) on or before today."""
    return and_(Contact.status == ContactStatus.HONORE, Contact.held_at < _day_after(today))


def attendances_of_accompaniment() -> ColumnElement[bool]:
    """Correlated: workshop attendances of the outer accompaniment (or of its person when the
    attendance was not linked to an accompaniment)."""
    return or_(
        Attendance.accompaniment_id == Accompaniment.id,
        and_(
            Attendance.accompaniment_id.is_(None),
            Attendance.person_id == Accompaniment.person_id,
        ),
    )


def present_attendances(today: date) -> ColumnElement[bool]:
    return and_(
        Attendance.status == AttendanceStatus.PRESENT,
        WorkshopSession.starts_at < _day_after(today),
    )


def last_contact_on(today: date) -> ColumnElement[date | None]:
    return (
        select(func.max(as_date(Contact.held_at)))
        .where(Contact.accompaniment_id == Accompaniment.id, held_contacts(today))
        .scalar_subquery()
    )


def last_workshop_on(today: date) -> ColumnElement[date | None]:
    """Correlated: the day of the last workshop the outer accompaniment's person was present at.

    The two ways an attendance belongs to an accompaniment (linked to it, or to its person when
    not linked) are two index searches; one OR over both columns would scan the attendances.
    """

    def last(link: ColumnElement[bool]) -> ColumnElement[date | None]:
        return (
            select(func.max(as_date(WorkshopSession.starts_at)))
            .select_from(Attendance)
            .join(WorkshopSession, WorkshopSession.id == Attendance.session_id)
            .where(link, present_attendances(today))
            .scalar_subquery()
        )

    linked = last(Attendance.accompaniment_id == Accompaniment.id)
    unlinked = last(
        and_(
            Attendance.person_id == Accompaniment.person_id,
            Attendance.accompaniment_id.is_(None),
        )
    )
    return func.nullif(latest_date(linked, unlinked), NEVER, type_=Date)


def facts(today: date) -> dict[str, ColumnElement]:
    return {
        "last_contact_on": last_contact_on(today),
        "last_workshop_on": last_workshop_on(today),
    }


def contact_reference(f: Facts) -> ColumnElement[date]:
    """The day the weekly-contact clock starts from: the last held contact or workshop, the
    first appointment, or the end of the last pause, whichever is latest."""
    return latest_date(f.last_contact_on, f.last_workshop_on, f.entry_date, f.last_pause_end)


def weekly_contact_state(f: Facts, today: date) -> ColumnElement[str]:
    reference = contact_reference(f)
    return state_case(
        (f.status.not_in(ENTERED), RuleState.NA),
        (f.paused_now == 1, RuleState.PAUSED),
        (reference < today - timedelta(days=CONTACT_EVERY_DAYS), RuleState.LATE),
        (reference <= today - timedelta(days=CONTACT_SOON_DAYS), RuleState.SOON),
    )


def _weekly_due(row: Row, today: date) -> date | None:
    if row.r3 in (RuleState.NA, RuleState.PAUSED) or row.contact_reference is None:
        return None
    return row.contact_reference + timedelta(days=CONTACT_EVERY_DAYS)


def _weekly_detail(row: Row, today: date) -> str:
    if row.r3 == RuleState.NA or row.contact_reference is None:
        return ""
    days = (today - row.contact_reference).days
    text = "aujourd'hui" if days == 0 else f"il y a {days} j"
    if row.missed_weeks:
        text += f" · {row.missed_weeks} sem. sans contact"
    return text


WEEKLY_CONTACT = Rule(
    code="r3",
    label="Contact hebdomadaire",
    alert_label="sans contact depuis 7 jours",
    definition="contact",
    state=weekly_contact_state,
    due=_weekly_due,
    detail=_weekly_detail,
)
