"""The one spreadsheet writer: openpyxl write-only, typed cells, formula injection neutralised.

Layers: a column spec (French header, kind, width) -> rows (tuples) from a generator that
streams from the database -> ``write_workbook`` -> bytes or a file, with a new sheet every
1 048 575 data rows so nothing is ever truncated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import IO, Any, NamedTuple

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

MAX_DATA_ROWS = 1_048_575  # Excel's 1 048 576 rows, less the header
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_STARTS = frozenset(FORMULA_PREFIXES)
SHEET_TITLE_MAX = 31


class Kind(StrEnum):
    TEXT = "text"  # free text, neutralised against formulas
    ID = "id"  # identifiers, phones, postal codes: always text, leading zeros kept
    INT = "int"
    DECIMAL = "decimal"
    PERCENT = "percent"  # a ratio 0..1 shown as a percentage
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"  # Oui / Non
    AUTO = "auto"  # each value says its kind (a ``Typed``), e.g. a column of mixed indicators


class Typed(NamedTuple):
    """A value with its own kind, for ``Kind.AUTO`` columns."""

    value: Any
    kind: Kind


# Invariant format codes: Excel and LibreOffice display them with the reader's own (French)
# separators and date order. Identifiers need none: they are written as text cells.
NUMBER_FORMATS = {
    Kind.INT: "#,##0",
    Kind.DECIMAL: "#,##0.0",
    Kind.PERCENT: "0.0%",
    Kind.DATE: "DD/MM/YYYY",
    Kind.DATETIME: "DD/MM/YYYY HH:MM",
}


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: float | None = None


@dataclass(frozen=True)
class SheetChart:
    """A native Excel chart drawn from the sheet's own columns (1-based column numbers).

    ``categories`` is the column of the X axis labels; ``series`` the columns plotted, each
    named by its header. Line or (clustered) bar chart, anchored at a cell of the sheet.
    """

    title: str
    categories: int
    series: tuple[int, ...]
    kind: str = "line"  # "line" or "bar"
    anchor: str = "F2"
    y_title: str = ""


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable[tuple[Any, ...]]
    freeze: bool = True
    auto_filter: bool = True
    # Lines of text written above the header (a document heading), first one in bold; or a
    # function giving them when the sheet is written (a summary of sheets written before).
    title_rows: tuple[str, ...] | Callable[[], tuple[str, ...]] = ()
    charts: Sequence[SheetChart] = ()
    # Place of the sheet in the workbook when it must be written after the others (a summary
    # computed while the detail sheets stream) but shown first.
    position: int | None = None
    written: int = field(default=0, init=False)


def neutralise(text: str) -> str:
    """Text that could run as a formula gets a leading apostrophe-like quote character."""
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


# Control characters other than tab/newline are not allowed in XML cells.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")


def _clean_text(value: Any) -> str:
    text = value if type(value) is str else str(value)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    if text[:1] in _FORMULA_STARTS:
        return "'" + text
    return text


def cell_value(value: Any, kind: Kind) -> Any:
    """The typed value a cell holds for ``value`` under ``kind``."""
    if value is None or value == "":
        return None
    if kind == Kind.AUTO:
        if isinstance(value, Typed):
            return cell_value(value.value, value.kind)
        kind = Kind.TEXT
    if kind == Kind.ID:
        return _clean_text(value)
    if kind == Kind.BOOL:
        return "Oui" if value else "Non"
    if kind == Kind.INT:
        return int(value)
    if kind in (Kind.DECIMAL, Kind.PERCENT):
        return float(value) if isinstance(value, Decimal | int | float) else float(str(value))
    if kind == Kind.DATE:
        return value.date() if isinstance(value, datetime) else value
    if kind == Kind.DATETIME:
        return value
    if isinstance(value, bool | int | float | Decimal | date):
        return value
    return _clean_text(value)


class _Styles:
    def __init__(self) -> None:
        self.header_font = Font(bold=True, color="FFFFFF")
        self.title_font = Font(bold=True, size=13)
        self.header_fill = PatternFill("solid", fgColor="1F4E79")
        self.wrap = Alignment(vertical="top")


def _converter(kind: Kind) -> Callable[[Any], Any]:
    """The fastest function giving the typed cell value of ``kind`` (None for empty)."""
    if kind == Kind.TEXT:

        def text(value: Any) -> Any:
            if value is None or value == "":
                return None
            if isinstance(value, bool | int | float | Decimal | date):
                return value
            return _clean_text(value)

        return text
    return lambda value: cell_value(value, kind)


def _template_cell(ws: Any, column: Column) -> Any:
    """One styled cell per formatted column, re-used row after row: write-only sheets write a
    row's cells as soon as it is appended, so a cell object can carry the next row's value."""
    number_format = NUMBER_FORMATS.get(column.kind)
    if number_format is None:
        return None
    cell = WriteOnlyCell(ws)
    cell.number_format = number_format
    return cell


def _write_rows(ws: Any, sheet: Sheet, iterator: Iterator[Any], max_rows: int) -> bool:
    """Append at most ``max_rows`` rows; True when the iterator is exhausted."""
    converters = [_converter(c.kind) for c in sheet.columns]
    templates = [_template_cell(ws, c) for c in sheet.columns]
    plain = [t is None for t in templates]
    auto = any(c.kind == Kind.AUTO for c in sheet.columns)
    append = ws.append
    count = 0
    for row in iterator:
        cells = []
        for value, convert, template, is_plain in zip(
            row, converters, templates, plain, strict=False
        ):
            typed = convert(value)
            if is_plain or typed is None:
                if auto and isinstance(value, Typed) and typed is not None:
                    typed = _auto_cell(ws, typed, value.kind)
                cells.append(typed)
            else:
                template.value = typed
                cells.append(template)
        append(cells)
        count += 1
        if count >= max_rows:
            sheet.written += count
            return False
    sheet.written += count
    return True


def _auto_cell(ws: Any, typed: Any, kind: Kind) -> Any:
    number_format = NUMBER_FORMATS.get(kind)
    if number_format is None:
        return typed
    cell = WriteOnlyCell(ws, value=typed)
    cell.number_format = number_format
    return cell


def _add_charts(ws: Any, sheet: Sheet, header_row: int, count: int) -> None:
    last = header_row + count
    for spec in sheet.charts:
        chart = BarChart() if spec.kind == "bar" else LineChart()
        chart.title = spec.title
        chart.y_axis.title = spec.y_title or None
        chart.height, chart.width = 9, 18
        for column in spec.series:
            data = Reference(ws, min_col=column, min_row=header_row, max_row=last)
            chart.add_data(data, titles_from_data=True)
        categories = Reference(ws, min_col=spec.categories, min_row=header_row + 1, max_row=last)
        chart.set_categories(categories)
        ws.add_chart(chart, spec.anchor)


def _write_sheet(
    workbook: Workbook, sheet: Sheet, styles: _Styles, max_rows: int
) -> Iterator[None]:
    """Write one logical sheet; continues on "<title> (2)", "(3)"… past ``max_rows`` rows."""
    iterator = iter(sheet.rows)
    part = 1
    while True:
        title = sheet.title if part == 1 else f"{sheet.title[: SHEET_TITLE_MAX - 5]} ({part})"
        ws = workbook.create_sheet(title=title[:SHEET_TITLE_MAX])
        for index, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width or max(
                12, min(50, len(column.header) + 4)
            )
        title_rows = sheet.title_rows() if callable(sheet.title_rows) else sheet.title_rows
        header_row = len(title_rows) + 1
        if sheet.freeze:  # set before the first row: write-only sheets write their views then
            ws.freeze_panes = f"A{header_row + 1}"
        for index, line in enumerate(title_rows):
            cell = WriteOnlyCell(ws, value=_clean_text(line) if line else None)
            if index == 0:
                cell.font = styles.title_font
            ws.append([cell])
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(ws, value=column.header)
            cell.font = styles.header_font
            cell.fill = styles.header_fill
            header.append(cell)
        ws.append(header)
        before = sheet.written
        exhausted = _write_rows(ws, sheet, iterator, max_rows)
        count = sheet.written - before
        if sheet.auto_filter and sheet.columns:
            last = get_column_letter(len(sheet.columns))
            ws.auto_filter.ref = f"A{header_row}:{last}{header_row + count}"
        if part == 1 and sheet.charts:
            _add_charts(ws, sheet, header_row, count)
        part += 1
        if exhausted:
            break
        # Peek: stop if the iterator has nothing left, so no empty extra sheet is created.
        try:
            first = next(iterator)
        except StopIteration:
            break
        iterator = _chain_one(first, iterator)
        yield None


def _chain_one(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest


def write_workbook(
    sheets: Iterable[Sheet],
    target: IO[bytes] | str,
    *,
    max_rows: int = MAX_DATA_ROWS,
    extra: Callable[[Workbook], None] | None = None,
) -> list[Sheet]:
    """Stream the sheets into an .xlsx file. Returns the sheets with their written row counts."""
    workbook = Workbook(write_only=True)
    styles = _Styles()
    done = []
    for sheet in sheets:
        for _ in _write_sheet(workbook, sheet, styles, max_rows):
            pass
        done.append(sheet)
    for sheet in done:
        if sheet.position is not None:
            ws = workbook[sheet.title[:SHEET_TITLE_MAX]]
            workbook._sheets.remove(ws)  # move_sheet() refuses write-only sheets
            workbook._sheets.insert(sheet.position, ws)
    if any(sheet.position is not None for sheet in done):
        workbook.active = 0
    if extra is not None:
        extra(workbook)
    workbook.save(target)
    return done
