"""Technical timestamps are stored in naive UTC; users read and type Europe/Paris times."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def utc_to_paris(value: datetime | None) -> datetime | None:
    """A naive UTC timestamp as a naive Europe/Paris wall-clock time."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC).astimezone(PARIS).replace(tzinfo=None)


def paris_to_utc(value: datetime) -> datetime:
    """A naive Europe/Paris wall-clock time as a naive UTC timestamp."""
    return value.replace(tzinfo=PARIS).astimezone(UTC).replace(tzinfo=None)


def paris_day_start_utc(day: date) -> datetime:
    """The UTC instant a day begins in Paris (22:00 or 23:00 UTC the day before)."""
    return paris_to_utc(datetime.combine(day, time.min))


def fr_paris(value: datetime | None) -> str:
    """« 28/11/2026 21:05:09 » for a UTC timestamp, in Paris time."""
    local = utc_to_paris(value)
    return local.strftime("%d/%m/%Y %H:%M:%S") if local else ""
