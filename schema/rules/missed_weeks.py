"""R3 counted in ISO weeks: completed weeks since the entry week with no held contact.

A week is missed when, from Monday to Sunday, the accompaniment had no held contact (any mode)
and no workshop presence, and no pause covered any day of it. The entry week (the first
appointment is a held contact) and the current week (not over yet) are never missed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select
from sqlalchemy.orm import Session

from schema.contacts import Contact
from schema.enums import AttendanceStatus, ContactStatus
from schema.pathway import Accompaniment, Action
from schema.rules import pauses
from schema.rules.calendar import epoch_week as py_epoch_week
from schema.rules.sql import epoch_week
from schema.rules.states import ENTERED
from schema.workshops import Attendance, WorkshopSession


def missed_weeks_select(
    today: date, counsellor_id: int | None = None, accompaniment_ids: list[int] | None = None
) -> Select:
    """One row per open accompaniment with missed weeks: (accompaniment_id, missed)."""
    current = py_epoch_week(today)
    scope = [Accompaniment.status.in_(ENTERED), Accompaniment.entry_date.is_not(None)]
    if counsellor_id is not None:
        scope.append(Accompaniment.counsellor_id == counsellor_id)
    if accompaniment_ids is not None:
        scope.append(Accompaniment.id.in_(accompaniment_ids))

    first_week = select(func.min(epoch_week(Accompaniment.entry_date)) + 1).where(*scope)
    weeks = select(first_week.scalar_subquery().label("w")).cte("weeks", recursive=True)
    weeks = weeks.union_all(select(weeks.c.w + 1).where(weeks.c.w + 1 < current))
    week = weeks.c.w
    before_today = datetime.combine(today + timedelta(days=1), time.min)

    contact_in_week = (
        select(Contact.id)
        .where(
            Contact.accompaniment_id == Accompaniment.id,
            Contact.status == ContactStatus.HONORE,
            Contact.held_at < before_today,
            epoch_week(Contact.held_at) == week,
        )
        .exists()
    )

    def workshop_in_week(link: ColumnElement[bool]) -> ColumnElement[bool]:
        return (
            select(Attendance.id)
            .join(WorkshopSession, WorkshopSession.id == Attendance.session_id)
            .where(
                link,
                Attendance.status == AttendanceStatus.PRESENT,
                WorkshopSession.starts_at < before_today,
                epoch_week(WorkshopSession.starts_at) == week,
            )
            .exists()
        )

    # Linked to the accompaniment, or to its person when not linked: two index searches.
    linked_workshop = workshop_in_week(Attendance.accompaniment_id == Accompaniment.id)
    unlinked_workshop = workshop_in_week(
        and_(
            Attendance.person_id == Accompaniment.person_id,
            Attendance.accompaniment_id.is_(None),
        )
    )
    pause_in_week = (
        select(Action.id)
        .where(
            pauses.pauses_of_accompaniment(),
            epoch_week(Action.start_date) <= week,
            or_(Action.end_date.is_(None), epoch_week(Action.end_date) >= week),
        )
        .exists()
    )
    return (
        select(Accompaniment.id.label("accompaniment_id"), func.count(week).label("missed"))
        .join(weeks, and_(week > epoch_week(Accompaniment.entry_date), week < literal(current)))
        .where(*scope, ~contact_in_week, ~linked_workshop, ~unlinked_workshop, ~pause_in_week)
        .group_by(Accompaniment.id)
    )


def missed_weeks(session: Session, today: date, counsellor_id: int | None = None) -> dict[int, int]:
    """Missed weeks per open accompaniment (absent when none)."""
    return dict(session.execute(missed_weeks_select(today, counsellor_id)).tuples().all())
