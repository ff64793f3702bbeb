"""Figures over time for the dashboard's plots: active file per week, delay from orientation
to first appointment, held contacts per week. One grouped SQL statement each."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from schema.contacts import Contact
from schema.daily_counts import DailyCounts, EntryDelays
from schema.enums import PHYSICAL_MODES, ContactStatus
from schema.pathway import Accompaniment, Orientation
from schema.rules.calendar import add_months, week_of_index
from schema.rules.calendar import epoch_week as py_epoch_week
from schema.rules.first_appointment import DELAY_DAYS
from schema.rules.sql import epoch_days, epoch_week, flag

DAYS = DailyCounts.__table__
DELAYS = EntryDelays.__table__


def _week_range(today: date, count: int) -> range:
    """The ``count`` week indexes up to today's week."""
    last = py_epoch_week(today)
    return range(last - count + 1, last + 1)


def active_file_per_week(
    session: Session, today: date, counsellor_id: int | None = None, weeks: int = 52
) -> list[tuple[date, int]]:
    """(Monday, accompaniments in active file at some point of that week), oldest first.

    An accompaniment is in the active file of week w when it entered during or before w and did
    not leave before w. One statement reads the entries and the exits per day (the stored day
    counts for the whole programme, two index scans grouped by date for a counsellor); the
    weeks are counted here, so the cost does not grow with the number of weeks times the number
    of accompaniments.
    """
    if counsellor_id is None:  # the whole programme: the stored day counts
        entries = select(literal("in").label("kind"), DAYS.c.day, DAYS.c.entries).where(
            DAYS.c.entries > 0
        )
        exits = select(literal("out"), DAYS.c.day, DAYS.c.exits).where(DAYS.c.exits > 0)
    else:
        entered = Accompaniment.entry_date.is_not(None)
        scope = [Accompaniment.counsellor_id == counsellor_id]
        entries = (
            select(literal("in").label("kind"), Accompaniment.entry_date.label("day"), func.count())
            .where(entered, *scope)
            .group_by(Accompaniment.entry_date)
        )
        exits = (
            select(literal("out"), Accompaniment.exit_date.label("day"), func.count())
            .where(entered, Accompaniment.exit_date.is_not(None), *scope)
            .group_by(Accompaniment.exit_date)
        )
    week_range = _week_range(today, weeks)
    entered_in: Counter[int] = Counter()
    left_in: Counter[int] = Counter()
    for kind, day, count in session.execute(entries.union_all(exits)):
        (entered_in if kind == "in" else left_in)[py_epoch_week(day)] += count
    # Running sums: entered during or before the week, left before it.
    entered = sum(n for week, n in entered_in.items() if week < week_range.start)
    left = sum(n for week, n in left_in.items() if week < week_range.start)
    result = []
    for w in week_range:
        entered += entered_in[w]
        result.append((week_of_index(w), entered - left))
        left += left_in[w]
    return result


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
        """As ``statistics.median`` of every delay, read from the histogram (a year of entries
        at département scale is a hundred thousand values)."""
        count = self.count
        if not count:
            return None
        wanted = [(count - 1) // 2, count // 2]  # positions of the middle value(s)
        middle: list[int] = []
        seen = 0
        for delay, n in sorted(self.histogram.items()):
            seen += n
            while len(middle) < 2 and wanted[len(middle)] < seen:
                middle.append(delay)
            if len(middle) == 2:
                break
        return middle[0] if count % 2 else (middle[0] + middle[1]) / 2

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
    """R1 delays of the accompaniments entered between ``start`` and ``end`` (inclusive); for
    the whole programme, summed from the stored day counts."""
    if counsellor_id is None:
        stored = (
            select(DELAYS.c.delay_days, func.sum(DELAYS.c.accompaniments))
            .where(DELAYS.c.day >= start, DELAYS.c.day <= end)
            .group_by(DELAYS.c.delay_days)
        )
        return DelayStats({int(d): int(n) for d, n in session.execute(stored)})
    delay = epoch_days(Accompaniment.entry_date) - epoch_days(Orientation.decision_date)
    query = (
        select(delay.label("delay"), func.count(Accompaniment.id))
        .join(Orientation, Orientation.id == Accompaniment.orientation_id)
        .where(Accompaniment.entry_date >= start, Accompaniment.entry_date <= end)
        .group_by(delay)
    )
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
    """(Monday, physical held contacts, other held contacts) per week, oldest first.

    One statement: for the whole programme, over the stored day counts; for a counsellor, over
    the held contacts of the period (a range of the ``held_at`` index). Grouped by week; weeks
    without contacts are filled here.
    """
    week_range = _week_range(today, weeks)
    if counsellor_id is None:
        day_week = epoch_week(DAYS.c.day)
        stored = (
            select(day_week, func.sum(DAYS.c.contacts_physical), func.sum(DAYS.c.contacts_other))
            .where(DAYS.c.day >= week_of_index(week_range.start), DAYS.c.day <= today)
            .group_by(day_week)
        )
        counts = {w: (int(p), int(o)) for w, p, o in session.execute(stored)}
        return [(week_of_index(w), *counts.get(w, (0, 0))) for w in week_range]
    since = datetime.combine(week_of_index(week_range.start), time.min)
    until = datetime.combine(today + timedelta(days=1), time.min)
    week = epoch_week(Contact.held_at)
    physical = Contact.mode.in_([m.value for m in PHYSICAL_MODES])
    query = (
        select(week, func.sum(flag(physical)), func.sum(flag(~physical)))
        .where(
            Contact.held_at >= since,
            Contact.held_at < until,
            Contact.status == ContactStatus.HONORE,
        )
        .group_by(week)
    )
    query = query.where(
        Contact.accompaniment_id.in_(
            select(Accompaniment.id).where(Accompaniment.counsellor_id == counsellor_id)
        )
    )
    counts = {w: (int(p), int(o)) for w, p, o in session.execute(query)}
    return [(week_of_index(w), *counts.get(w, (0, 0))) for w in week_range]
