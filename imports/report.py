"""Spreadsheets about imports: the error report (original line + reason) and the blank template.

Both go through the one writer in ``exports.writer``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import IO, Any

from exports.writer import Column, Kind, Sheet, write_workbook
from imports.columns import COLUMNS
from imports.planning import PlannedRow, RowAction

REPORT_NAME = "rapport-erreurs-import.xlsx"
TEMPLATE_NAME = "modele-import-orientations.xlsx"


def _as_text(value: Any) -> str | None:
    """An original cell as the Département typed it (dates as JJ/MM/AAAA, whole numbers plain)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y") if not value.time() else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_error_report(
    headers: Sequence[str], planned: Sequence[PlannedRow], target: IO[bytes] | str
) -> int:
    """The lines in error with their original cells and the reason; returns how many."""
    errors = [p for p in planned if p.action == RowAction.ERROR]
    width = max([len(headers), *(len(p.values) for p in errors)])
    names = [h or f"Colonne {i + 1}" for i, h in enumerate(headers)]
    names += [f"Colonne {i + 1}" for i in range(len(names), width)]
    columns = [
        Column("Ligne du fichier", Kind.INT, 10),
        Column("Motif du refus", Kind.TEXT, 60),
        *(Column(name, Kind.ID) for name in names),
    ]

    def rows() -> Iterator[tuple[Any, ...]]:
        for item in errors:
            cells = [_as_text(v) for v in item.values]
            yield (item.line, item.reason, *cells, *([None] * (width - len(cells))))

    write_workbook([Sheet("Lignes en erreur", columns, rows())], target)
    return len(errors)


def write_template(target: IO[bytes] | str) -> None:
    """The expected headers, and a sheet describing each column with an example."""
    data = Sheet("Orientations", [Column(c.label, Kind.ID) for c in COLUMNS], [])
    help_sheet = Sheet(
        "Colonnes attendues",
        [
            Column("Colonne", Kind.TEXT, 32),
            Column("Obligatoire", Kind.BOOL, 12),
            Column("Format", Kind.TEXT, 70),
            Column("Si absente ou vide", Kind.TEXT, 70),
            Column("Exemple", Kind.ID, 24),
            Column("Autres intitulés acceptés", Kind.TEXT, 90),
        ],
        [
            (c.label, c.required, c.format, c.when_missing, c.example, ", ".join(c.synonyms))
            for c in COLUMNS
        ],
    )
    write_workbook([data, help_sheet], target)
