"""The programme's calendar: an injectable "today", ISO weeks and calendar months (Europe/Paris).

Every rule takes ``today`` as a parameter; pages and commands get it from :func:`today`, which
tests (and the console's ``TODAY`` setting) can freeze.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

_frozen: date | None = None


def today() -> date:
    """The current date in Europe/Paris, unless frozen."""
    return _frozen if _frozen is not None else datetime.now(PARIS).date()


@contextmanager
def frozen_today(value: date) -> Iterator[date]:
    """Freeze :func:`today` for the duration of a block (tests, replays)."""
    global _frozen
    previous, _frozen = _frozen, value
    try:
        yield value
    finally:
        _frozen = previous


def week_start(day: date) -> date:
    """Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def week_end(day: date) -> date:
    """Sunday of the ISO week holding ``day``."""
    return week_start(day) + timedelta(days=6)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=_calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def latest_start_for(limit: date, months: int) -> date:
    """The latest start date whose ``add_months(start, months)`` is still on or before ``limit``.

    ``add_months`` is non-decreasing, so "start + N months <= limit" is "start <= this date": a
    rule can then compare a date column with a parameter instead of adding months in SQL.
    """
    candidate = add_months(limit, -months)
    while add_months(candidate + timedelta(days=1), months) <= limit:
        candidate += timedelta(days=1)
    while add_months(candidate, months) > limit:
        candidate -= timedelta(days=1)
    return candidate


def epoch_week(day: date) -> int:
    """Index of the ISO week holding ``day`` (weeks counted from Monday 29/12/1969)."""
    return ((day - date(1970, 1, 1)).days + 3) // 7


def week_of_index(index: int) -> date:
    """Monday of the week whose :func:`epoch_week` is ``index``."""
    return date(1970, 1, 1) + timedelta(days=index * 7 - 3)


def fr(day: date | None) -> str:
    """JJ/MM/AAAA, or an empty string."""
    return day.strftime("%d/%m/%Y") if day else ""
