"""The "Exporter" button of every console list: the rows of the current search, filters, sort and
role scoping, without the page limit, as typed cells.

Columns come from the view's ``column_list`` (headers = ``column_labels``): enumeration values get
their French label (``column_choices``), relations their ``str()`` (preloaded by the view's query),
dates stay dates. A view may give ``column_export_getters`` (name -> function of the row) and
``column_export_kinds`` for columns its list shows through a formatter. Sensitive columns are left
out for the roles that may not see them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, Numeric, inspect

from exports.writer import Column, Kind

# Text columns that hold identifiers, phone numbers or codes: written as text, zeros kept.
ID_COLUMNS = frozenset(
    {
        "caf_number",
        "ps_id",
        "ft_id",
        "phone",
        "phone2",
        "postal_code",
        "siret",
        "ip",
        "reference",
        "code",
        "rome_code",
        "email",
    }
)
YIELD_PER = 1000


@dataclass(frozen=True)
class ExportColumn:
    name: str
    column: Column
    get: Callable[[Any], Any]
    # The model's own column this reads (None: a relation or a custom getter), and the French
    # labels of its values when it holds an enumeration.
    attribute: str | None = None
    labels: dict[str, str] | None = None


def _attribute_getter(path: str) -> Callable[[Any], Any]:
    parts = path.split(".")
    if len(parts) == 1:
        name = parts[0]
        return lambda row: getattr(row, name)

    def get(row: Any) -> Any:
        for part in parts:
            if row is None:
                return None
            row = getattr(row, part)
        return row

    return get


def _kind_of(model: type, name: str) -> tuple[Kind, bool]:
    """(cell kind, is a relation) of a model attribute from its SQL type."""
    mapper = inspect(model)
    if "." in name or name in mapper.relationships:
        return Kind.TEXT, True
    column = mapper.columns.get(name)
    if column is None:
        return Kind.TEXT, False
    sql_type = column.type
    if isinstance(sql_type, DateTime):
        return Kind.DATETIME, False
    if isinstance(sql_type, Date):
        return Kind.DATE, False
    if isinstance(sql_type, Boolean):
        return Kind.BOOL, False
    if isinstance(sql_type, Integer):
        return Kind.INT, False
    if isinstance(sql_type, Numeric):
        return Kind.DECIMAL, False
    return (Kind.ID if name in ID_COLUMNS else Kind.TEXT), False


def _labelled(get: Callable[[Any], Any], labels: dict[str, str]) -> Callable[[Any], Any]:
    def label(row: Any) -> Any:
        value = get(row)
        return None if value is None else labels.get(str(value), value)

    return label


def _stringified(get: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def text(row: Any) -> Any:
        value = get(row)
        if value is None or isinstance(value, str | int | float | date | datetime):
            return value
        return str(value)

    return text


def export_columns(view: Any, hidden: frozenset[str] = frozenset()) -> list[ExportColumn]:
    """The typed columns of a list view, in its list order, less ``hidden`` ones."""
    getters: dict[str, Callable[[Any], Any]] = getattr(view, "column_export_getters", None) or {}
    kinds: dict[str, Kind] = getattr(view, "column_export_kinds", None) or {}
    choices: dict[str, dict[Any, str]] = getattr(view, "_column_choices_map", None) or {}
    columns = []
    for name, label in view._export_columns:
        if name in hidden:
            continue
        kind, relation = _kind_of(view.model, name)
        kind = kinds.get(name, kind)
        get = getters.get(name)
        attribute, labels = None, None
        if get is None:
            attribute = None if relation else name
            get = _attribute_getter(name)
            if choices.get(name):
                labels = {str(v): str(lbl) for v, lbl in choices[name].items()}
                get = _labelled(get, labels)
                kind = Kind.TEXT
            elif relation:
                get = _stringified(get)
        width = 18 if kind in (Kind.DATE, Kind.DATETIME, Kind.ID) else None
        column = Column(str(label), kind, width)
        columns.append(ExportColumn(name, column, get, attribute, labels))
    return columns


def export_rows(query: Any, columns: list[ExportColumn]) -> Iterator[tuple[Any, ...]]:
    """Stream the query's rows (``yield_per``: a server-side cursor where the database has one).

    When every column is one of the model's own, the same query (filters, search, sort, scope)
    selects just those columns as plain rows; otherwise rows are the view's objects with their
    relations eagerly loaded (a custom getter may read anything).
    """
    model = query.column_descriptions[0]["entity"]
    own = [c.attribute for c in columns]
    mapped = inspect(model).columns
    plain = own and all(a is not None and a in mapped for a in own)
    if plain and not getattr(query, "_with_options", ()):
        yield from _plain_rows(query.with_entities(*[getattr(model, a) for a in own]), columns)
        return
    getters = [c.get for c in columns]
    for item in query.yield_per(YIELD_PER):
        yield tuple(get(item) for get in getters)


def _plain_rows(query: Any, columns: list[ExportColumn]) -> Iterator[tuple[Any, ...]]:
    labelled = [(i, c.labels) for i, c in enumerate(columns) if c.labels]
    for row in query.yield_per(YIELD_PER):
        if not labelled:
            yield tuple(row)
            continue
        values = list(row)
        for index, labels in labelled:
            value = values[index]
            if value is not None:
                values[index] = labels.get(str(value), value)
        yield tuple(values)
