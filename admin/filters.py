"""Jinja filters for French display of dates and numbers."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask


def fr_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def init_template_filters(app: Flask) -> None:
    app.jinja_env.filters["fr_date"] = fr_date
