"""From uploaded bytes to a preview: read, find the header, validate each line, plan each line.

The page and the CLI both call ``prepare``; applying re-runs it on the stored file so that what is
written always reflects the database at that moment.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from imports.columns import COLUMNS, HeaderMapping, ImportColumn, find_header
from imports.planning import PlannedRow, RowAction, counts, plan_rows
from imports.reading import FileRefused, Table, read_table
from imports.validation import load_paths, validate_rows
from schema import ImportBatch


@dataclass(frozen=True)
class ColumnNote:
    """What the preview says about an optional column the file lacks or leaves empty."""

    column: ImportColumn
    absent: bool
    empty_lines: int  # valid lines whose cell is empty (all of them when the column is absent)

    @property
    def text(self) -> str:
        where = (
            "colonne absente du fichier" if self.absent else f"vide sur {self.empty_lines} ligne(s)"
        )
        return f"{self.column.label} : {where} — {self.column.when_missing}."


def column_notes(mapping: HeaderMapping, planned: list[PlannedRow]) -> list[ColumnNote]:
    """One note per optional column absent from the file or empty on a valid line; the items
    the programme completes later come first."""
    rows = [p.row for p in planned if p.row is not None]
    notes = []
    for column in COLUMNS:
        if column.required:
            continue
        empty = sum(1 for row in rows if getattr(row, column.field) is None)
        absent = column.field not in mapping.positions
        if absent or empty:
            notes.append(ColumnNote(column, absent, empty))
    return sorted(notes, key=lambda n: not n.column.to_complete)


@dataclass
class Preview:
    file_name: str
    sha256: str
    table: Table
    mapping: HeaderMapping
    planned: list[PlannedRow]
    previous: list[ImportBatch]

    @property
    def counts(self) -> dict[RowAction, int]:
        return counts(self.planned)

    @property
    def notes(self) -> list[ColumnNote]:
        return column_notes(self.mapping, self.planned)

    @property
    def writable(self) -> int:
        tally = self.counts
        return tally[RowAction.CREATE] + tally[RowAction.UPDATE]


def paris_today() -> date:
    return datetime.now(ZoneInfo("Europe/Paris")).date()


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def prepare(session: Session, data: bytes, file_name: str, today: date) -> Preview:
    """Raises FileRefused (French message) when the file as a whole cannot be used."""
    table = read_table(data, file_name)
    mapping = find_header(table.rows)
    if mapping is None:
        expected = ", ".join(f"« {c.label} »" for c in COLUMNS if c.required)
        raise FileRefused(
            "Ligne d'en-tête introuvable : les premières lignes du fichier doivent nommer les "
            f"colonnes (au moins {expected})."
        )
    if mapping.problems:
        raise FileRefused(" ".join(mapping.problems))
    results = validate_rows(table.rows, mapping, load_paths(session), today)
    if not results:
        raise FileRefused("Le fichier ne contient aucune ligne de données sous l'en-tête.")
    digest = sha256_of(data)
    previous = list(
        session.scalars(
            select(ImportBatch)
            .where(ImportBatch.file_sha256 == digest)
            .order_by(ImportBatch.at.desc(), ImportBatch.id.desc())
            .limit(5)
        )
    )
    return Preview(
        file_name=file_name,
        sha256=digest,
        table=table,
        mapping=mapping,
        planned=plan_rows(session, results),
        previous=previous,
    )
