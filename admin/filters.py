"""Jinja filters for French display of dates and numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Flask


def fr_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def fr_datetime_paris(value: datetime | None) -> str:
    """A naive UTC timestamp (audit, imports) shown in Paris time."""
    if value is None:
        return ""
    return fr_date(value.replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/Paris")))


def init_template_filters(app: Flask) -> None:
    app.jinja_env.filters["fr_date"] = fr_date
    app.jinja_env.filters["fr_datetime_paris"] = fr_datetime_paris
