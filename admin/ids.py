"""Ids and integers read from a request, checked before they reach the database.

A value beyond the column's integer (``?id=999999999999999999999999999999``) overflows SQLite and
PostgreSQL and used to end in a 500: every id of a URL, a form or a filter goes through here and an
impossible value is simply "no such record" (404, or the list without that filter).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Integer
from werkzeug.routing import IntegerConverter

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1


def parse_id(value: Any) -> int | None:
    """A positive id that fits the database's INTEGER, or None."""
    if isinstance(value, bool):
        return None
    try:
        key = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        return None
    return key if 0 < key <= INT32_MAX else None


def fits_column(value: int, column: Any) -> bool:
    """Whether an integer fits the column's type (32-bit INTEGER unless the column is BIGINT)."""
    column_type = getattr(column, "type", None)
    limit = INT64_MAX if isinstance(column_type, BigInteger) else INT32_MAX
    return -limit - 1 <= value <= limit


def filter_value_ok(flt: Any, value: str) -> bool:
    """Whether a list filter's value can be compared with its column without a database error."""
    try:
        cleaned = flt.clean(value)
    except (TypeError, ValueError, ArithmeticError):
        return False
    column = getattr(flt, "column", None)
    integer_column = isinstance(getattr(column, "type", None), Integer)
    values = cleaned if isinstance(cleaned, list | tuple) else [cleaned]
    for item in values:
        if isinstance(item, bool):
            continue
        if isinstance(item, str) and integer_column:
            try:
                item = int(item.strip())
            except ValueError:
                continue  # the filter's own clean() kept a text (a name): its apply() reads it
        if isinstance(item, int) and not fits_column(item, column):
            return False
    return True


class IdConverter(IntegerConverter):
    """``<int:…>`` of every route: unsigned and at most the database's INTEGER, else 404."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", INT32_MAX)
        super().__init__(map, *args, **kwargs)
