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

from imports.columns import COLUMNS, HeaderMapping, find_header
from imports.planning import PlannedRow, RowAction, counts, plan_rows
from imports.reading import FileRefused, Table, read_table
from imports.validation import load_paths, validate_rows
from schema import ImportBatch


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
