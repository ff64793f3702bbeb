"""The week grid of a counsellor's agenda: Monday to Saturday, 08:00–19:00 in 30-minute rows.

Pure functions over what ``schema.agenda`` reads (working periods, busy periods): each cell says
whether it is within working hours, taken, or free to plan; each appointment or session is shown
in the cell where it starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from schema.agenda import (
    DAY_END,
    DAY_START,
    SLOT_STEP_MINUTES,
    WEEK_DAYS,
    Busy,
    Period,
    overlapping,
)
from schema.enums import ContactMode
from schema.working_hours import WEEKDAY_LABELS

FIRST_WEEK, LAST_WEEK = date(2000, 1, 3), date(2099, 12, 28)  # Mondays the agenda can show
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


@dataclass(frozen=True)
class Block:
    """An appointment (planned contact) or a workshop session the counsellor facilitates."""

    starts_at: datetime
    ends_at: datetime
    title: str
    what: str  # the contact's mode, or "Atelier"
    place: str | None
    contact_id: int | None = None
    version: int | None = None
    mode: str | None = None
    movable: bool = False

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass
class Cell:
    starts_at: datetime
    working: bool
    free: bool
    taken: bool
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Day:
    day: date
    label: str  # "Lundi 7 décembre"


@dataclass(frozen=True)
class WeekGrid:
    monday: date
    days: list[Day]
    rows: list[tuple[time, list[Cell]]]
    blocks: list[Block]

    @property
    def title(self) -> str:
        saturday = self.monday + timedelta(days=WEEK_DAYS - 1)
        return f"Semaine du {long_date(self.monday)} au {long_date(saturday)}"


def long_date(day: date) -> str:
    return f"{day.day}{'er' if day.day == 1 else ''} {MONTHS[day.month - 1]} {day.year}"


def day_label(day: date) -> str:
    return (
        f"{WEEKDAY_LABELS[day.weekday()]} {day.day}{'er' if day.day == 1 else ''} "
        + (MONTHS[day.month - 1])
    )


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def parse_week(raw: str | None, today: date) -> tuple[date, bool]:
    """The Monday of the week holding ``raw`` (AAAA-MM-JJ), and whether ``raw`` was usable;
    a missing, malformed or out-of-range value gives the current week."""
    if not raw:
        return week_of(today), True
    try:
        monday = week_of(date.fromisoformat(raw.strip()))
    except (ValueError, OverflowError):
        return week_of(today), False
    if not FIRST_WEEK <= monday <= LAST_WEEK:
        return week_of(today), False
    return monday, True


def block_of(busy: Busy, now: datetime) -> Block:
    """A busy period as shown; an appointment still to come can be moved."""
    contact = busy.contact
    if contact is not None:
        return Block(
            busy.starts_at,
            busy.ends_at,
            busy.label,
            ContactMode(contact.mode).label,
            contact.place,
            contact_id=contact.id,
            version=contact.version,
            mode=contact.mode,
            movable=busy.starts_at >= now,
        )
    session = busy.workshop_session
    return Block(busy.starts_at, busy.ends_at, busy.label, "Atelier", session.place)


def _row_of(moment: datetime) -> time:
    """The grid row a start falls in (clamped to the grid's first and last rows)."""
    minutes = moment.hour * 60 + moment.minute
    first = DAY_START.hour * 60 + DAY_START.minute
    last = DAY_END.hour * 60 + DAY_END.minute - SLOT_STEP_MINUTES
    minutes = min(max(minutes - minutes % SLOT_STEP_MINUTES, first), last)
    return time(minutes // 60, minutes % 60)


def _within(periods: list[Period], start: datetime, end: datetime) -> bool:
    return any(
        p.weekday == start.weekday() and p.starts_at <= start.time() and end.time() <= p.ends_at
        for p in periods
    )


def week_grid(monday: date, periods: list[Period], busy: list[Busy], now: datetime) -> WeekGrid:
    """The grid of the week starting ``monday``: a cell is free when it lies within working
    hours, is not in the past and nothing of the counsellor overlaps it."""
    days = [monday + timedelta(days=n) for n in range(WEEK_DAYS)]
    step = timedelta(minutes=SLOT_STEP_MINUTES)
    blocks = [block_of(b, now) for b in busy]
    starts: dict[tuple[date, time], list[Block]] = {}
    for block in blocks:
        starts.setdefault((block.starts_at.date(), _row_of(block.starts_at)), []).append(block)
    rows = []
    moment = datetime.combine(monday, DAY_START)
    while moment.time() < DAY_END and moment.date() == monday:
        cells = []
        for day in days:
            start = datetime.combine(day, moment.time())
            taken = bool(overlapping(busy, start, start + step))
            working = _within(periods, start, start + step)
            cells.append(
                Cell(
                    starts_at=start,
                    working=working,
                    free=working and not taken and start >= now,
                    taken=taken,
                    blocks=starts.get((day, moment.time()), []),
                )
            )
        rows.append((moment.time(), cells))
        moment += step
    return WeekGrid(monday, [Day(d, day_label(d)) for d in days], rows, blocks)
