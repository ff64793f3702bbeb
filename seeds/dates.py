"""Calendar helpers for demo data: month arithmetic and working days."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

DAY = timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's last day (31/08 + 6 months = 28/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def working_day_on_or_before(day: date) -> date:
    """The day itself from Monday to Friday, else the Friday before."""
    weekday = day.weekday()
    return day - timedelta(days=weekday - 4) if weekday > 4 else day


def working_day_on_or_after(day: date) -> date:
    """The day itself from Monday to Friday, else the Monday after."""
    weekday = day.weekday()
    return day + timedelta(days=7 - weekday) if weekday > 4 else day


def at(day: date, minutes: int) -> datetime:
    """``day`` at ``minutes`` past midnight."""
    return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)
