"""Portable SQL building blocks for the rules (SQLite and PostgreSQL compile them differently)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, Integer, case, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

# Stands for "never" in comparisons of dates that may be missing.
NEVER = date(1900, 1, 1)


class as_date(FunctionElement):
    """The calendar date of a date or date-time column."""

    type = Date()
    inherit_cache = True


@compiles(as_date)
def _as_date_default(element: Any, compiler: Any, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS DATE)"


@compiles(as_date, "sqlite")
def _as_date_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


class epoch_days(FunctionElement):
    """Days from 01/01/1970 to the date of the argument (an integer)."""

    type = Integer()
    inherit_cache = True


@compiles(epoch_days)
def _epoch_days_default(element: Any, compiler: Any, **kw: Any) -> str:
    return f"(CAST({compiler.process(element.clauses, **kw)} AS DATE) - DATE '1970-01-01')"


@compiles(epoch_days, "sqlite")
def _epoch_days_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    arg = compiler.process(element.clauses, **kw)
    return f"CAST(julianday(date({arg})) - 2440587.5 AS INTEGER)"


class latest(FunctionElement):
    """The latest of several non-null dates (GREATEST / SQLite's scalar max)."""

    type = Date()
    inherit_cache = True


@compiles(latest)
def _latest_default(element: Any, compiler: Any, **kw: Any) -> str:
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(latest, "sqlite")
def _latest_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


def epoch_week(expr: Any) -> ColumnElement[int]:
    """ISO week index of a date column; matches :func:`schema.rules.calendar.epoch_week`."""
    return (epoch_days(expr) + 3) // 7


def latest_date(*exprs: Any) -> ColumnElement[date]:
    """The latest of dates that may be NULL (NULL ones count as :data:`NEVER`)."""
    return latest(*[func.coalesce(as_date(e), NEVER) for e in exprs])


def flag(criterion: Any) -> ColumnElement[int]:
    """1 when the criterion holds, else 0 (portable: PostgreSQL booleans are not integers)."""
    return case((criterion, 1), else_=0)
