"""Figures over time for the dashboard's plots: active file per week, delay from orientation
to first appointment, held contacts per week. One grouped SQL statement each."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import Session

from schema.contacts import Contact
from schema.enums import PHYSICAL_MODES, ContactStatus
from schema.pathway import Accompaniment, Orientation
from schema.rules.calendar import add_months, week_of_index
from schema.rules.calendar import epoch_week as py_epoch_week
from schema.rules.first_appointment import DELAY_DAYS
from schema.rules.sql import epoch_days, epoch_week, flag


def _weeks(today: date, count: int):
    """Recursive CTE of the ``count`` week indexes up to today's week."""
    last = py_epoch_week(today)
    weeks = select(literal(last - count + 1).label("w")).cte("weeks", recursive=True)
    return weeks.union_all(select(weeks.c.w + 1).where(weeks.c.w < last))


def active_file_per_week(
    session: Session, today: date, counsellor_id: int | None = None, weeks: int = 52
) -> list[tuple[date, int]]:
    """(Monday, accompaniments in active file at some point of that week), oldest first."""
    cte = _weeks(today, weeks)
    join = [
        Accompaniment.entry_date.is_not(None),
        epoch_week(Accompaniment.entry_date) <= cte.c.w,
        or_(Accompaniment.exit_date.is_(None), epoch_week(Accompaniment.exit_date) >= cte.c.w),
    ]
    if counsellor_id is not None:
        join.append(Accompaniment.counsellor_id == counsellor_id)
    query = (
        select(cte.c.w, func.count(Accompaniment.id))
        .select_from(cte)
        .outerjoin(Accompaniment, and_(*join))
        .group_by(cte.c.w)
        .order_by(cte.c.w)
    )
    return [(week_of_index(w), n) for w, n in session.execute(query)]


@dataclass(frozen=True)
class DelayStats:
    """Delays from D0 to the first appointment of the entries of a period."""

    histogram: dict[int, int]  # delay in days -> number of people

    @property
    def count(self) -> int:
        return sum(self.histogram.values())

    def count_within(self, days: int) -> int:
        return sum(n for d, n in self.histogram.items() if d <= days)

    def share_within(self, days: int) -> float | None:
        if not self.count:
            return None
        return self.count_within(days) / self.count

    @property
    def mean(self) -> float | None:
        if not self.count:
            return None
        return sum(d * n for d, n in self.histogram.items()) / self.count

    @property
    def median(self) -> float | None:
        values = [d for d, n in sorted(self.histogram.items()) for _ in range(n)]
        return statistics.median(values) if values else None

    def buckets(self) -> list[tuple[str, int]]:
        bounds = [(0, 7), (8, DELAY_DAYS), (DELAY_DAYS + 1, 30), (31, 60)]
        result = [
            (f"{lo}–{hi} j", sum(n for d, n in self.histogram.items() if lo <= d <= hi))
            for lo, hi in bounds
        ]
        result.append(("> 60 j", sum(n for d, n in self.histogram.items() if d > 60)))
        return result


def first_appointment_delays(
    session: Session, start: date, end: date, counsellor_id: int | None = None
) -> DelayStats:
    """R1 delays of the accompaniments entered between ``start`` and ``end`` (inclusive)."""
    delay = epoch_days(Accompaniment.entry_date) - epoch_days(Orientation.decision_date)
    query = (
        select(delay.label("delay"), func.count(Accompaniment.id))
        .join(Orientation, Orientation.id == Accompaniment.orientation_id)
        .where(Accompaniment.entry_date >= start, Accompaniment.entry_date <= end)
        .group_by(delay)
    )
    if counsellor_id is not None:
        query = query.where(Accompaniment.counsellor_id == counsellor_id)
    return DelayStats({int(d): n for d, n in session.execute(query)})


def delays_over_last_year(
    session: Session, today: date, counsellor_id: int | None = None
) -> DelayStats:
    return first_appointment_delays(
        session, add_months(today, -12) + timedelta(days=1), today, counsellor_id
    )


def contacts_per_week(
    session: Session, today: date, counsellor_id: int | None = None, weeks: int = 26
) -> list[tuple[date, int, int]]:
    """(Monday, physical held contacts, other held contacts) per week, oldest first."""
    cte = _weeks(today, weeks)
    join = [
        Contact.status == ContactStatus.HONORE,
        Contact.held_at.is_not(None),
        epoch_week(Contact.held_at) == cte.c.w,
    ]
    if counsellor_id is not None:
        join.append(
            Contact.accompaniment_id.in_(
                select(Accompaniment.id).where(Accompaniment.counsellor_id == counsellor_id)
            )
        )
    physical = Contact.mode.in_([m.value for m in PHYSICAL_MODES])
    query = (
        select(
            cte.c.w,
            func.coalesce(func.sum(flag(and_(Contact.id.is_not(None), physical))), 0),
            func.coalesce(func.sum(flag(and_(Contact.id.is_not(None), ~physical))), 0),
        )
        .select_from(cte)
        .outerjoin(Contact, and_(*join))
        .group_by(cte.c.w)
        .order_by(cte.c.w)
    )
    return [(week_of_index(w), int(p), int(o)) for w, p, o in session.execute(query)]
