""" "Today" for the console: the ``TODAY`` setting when set (demos, tests), else the real date in
Europe/Paris (see schema.rules.calendar)."""

from __future__ import annotations

from datetime import date

from flask import current_app

from schema.rules import calendar


def today() -> date:
    value = current_app.config.get("TODAY")
    if value:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    return calendar.today()
