"""The one spreadsheet writer: openpyxl write-only, typed cells, formula injection neutralised.

Layers: a column spec (French header, kind, width) -> rows (tuples) from a generator that
streams from the database -> ``write_workbook`` -> bytes or a file, with a new sheet every
1 048 575 data rows so nothing is ever truncated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

MAX_DATA_ROWS = 1_048_575  # Excel's 1 048 576 rows, less the header
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
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


# Invariant format codes: Excel and LibreOffice display them with the reader's own (French)
# separators and date order.
NUMBER_FORMATS = {
    Kind.INT: "#,##0",
    Kind.DECIMAL: "#,##0.0",
    Kind.PERCENT: "0.0%",
    Kind.DATE: "DD/MM/YYYY",
    Kind.DATETIME: "DD/MM/YYYY HH:MM",
    Kind.ID: "@",
}


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: float | None = None


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable[tuple[Any, ...]]
    freeze: bool = True
    auto_filter: bool = True
    # Lines of text written above the header (a document heading), first one in bold.
    title_rows: tuple[str, ...] = ()
    written: int = field(default=0, init=False)


def neutralise(text: str) -> str:
    """Text that could run as a formula gets a leading apostrophe-like quote character."""
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _clean_text(value: Any) -> str:
    text = str(value)
    # Control characters other than tab/newline are not allowed in XML cells.
    text = "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 32)
    return neutralise(text)


def cell_value(value: Any, kind: Kind) -> Any:
    """The typed value a cell holds for ``value`` under ``kind``."""
    if value is None or value == "":
        return None
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


def _write_sheet(
    workbook: Workbook, sheet: Sheet, styles: _Styles, max_rows: int
) -> Iterator[None]:
    """Write one logical sheet; continues on "<title> (2)", "(3)"… past ``max_rows`` rows."""
    iterator = iter(sheet.rows)
    part = 1
    exhausted = False
    while not exhausted:
        title = sheet.title if part == 1 else f"{sheet.title[: SHEET_TITLE_MAX - 5]} ({part})"
        ws = workbook.create_sheet(title=title[:SHEET_TITLE_MAX])
        for index, column in enumerate(sheet.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width or max(
                12, min(50, len(column.header) + 4)
            )
        header_row = len(sheet.title_rows) + 1
        if sheet.freeze:  # set before the first row: write-only sheets write their views then
            ws.freeze_panes = f"A{header_row + 1}"
        for index, line in enumerate(sheet.title_rows):
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
        count = 0
        formats = [NUMBER_FORMATS.get(c.kind) for c in sheet.columns]
        kinds = [c.kind for c in sheet.columns]
        for row in iterator:
            cells = []
            for value, kind, number_format in zip(row, kinds, formats, strict=False):
                typed = cell_value(value, kind)
                if number_format and typed is not None:
                    cell = WriteOnlyCell(ws, value=typed)
                    cell.number_format = number_format
                    cells.append(cell)
                else:
                    cells.append(typed)
            ws.append(cells)
            count += 1
            sheet.written += 1
            if count >= max_rows:
                break
        else:
            exhausted = True
        if sheet.auto_filter and sheet.columns:
            last = get_column_letter(len(sheet.columns))
            ws.auto_filter.ref = f"A{header_row}:{last}{header_row + count}"
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
    if extra is not None:
        extra(workbook)
    workbook.save(target)
    return done
