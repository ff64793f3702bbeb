""" "Today" and "now" for the console: the ``TODAY`` / ``NOW`` settings when set (demos, tests),
else the real date and time in Europe/Paris (see schema.rules.calendar)."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app

from schema.rules import calendar


def today() -> date:
    value = current_app.config.get("TODAY")
    if value:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    return calendar.today()


def now() -> datetime:
    """Europe/Paris wall-clock time, naive (how appointment times are stored). ``NOW`` freezes
    it; with only ``TODAY`` set, the real time of day on that day."""
    value = current_app.config.get("NOW")
    if value:
        return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    real = datetime.now(calendar.PARIS).replace(tzinfo=None)
    return datetime.combine(today(), real.time().replace(second=0, microsecond=0))
