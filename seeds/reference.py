"""Idempotent loading of the reference lists and of the workshop catalogue (upsert by code)."""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from schema.reference import (
    BarrierFamily,
    ContractType,
    EducationLevel,
    ExitReason,
    HousingSituation,
    OrientationPath,
    RomeCode,
    TrainingScheme,
)
from schema.workshops import Workshop
from seeds import reference_data as data

ROME_CODE = re.compile(r"[A-N]\d{4}")
POSITION_STEP = 10


@cache
def rome_codes() -> tuple[tuple[str, str], ...]:
    """(code, label) of the ROME job codes shipped in ``seeds/data/rome_codes.csv``."""
    text = resources.files("seeds").joinpath("data/rome_codes.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines(), delimiter=";"))
    codes = tuple((row["code"].strip(), row["label"].strip()) for row in rows)
    for code, label in codes:
        if not ROME_CODE.fullmatch(code) or not label:
            raise ValueError(f"Code ROME invalide dans rome_codes.csv : {code!r}")
    return codes


def reference_lists() -> dict[Table, list[dict]]:
    """Every seeded list, keyed by table, each row with its display ``position``."""
    lists: dict[Table, list[dict]] = {
        BarrierFamily.__table__: data.BARRIER_FAMILIES,
        ExitReason.__table__: data.EXIT_REASONS,
        ContractType.__table__: data.CONTRACT_TYPES,
        EducationLevel.__table__: data.EDUCATION_LEVELS,
        OrientationPath.__table__: data.ORIENTATION_PATHS,
        HousingSituation.__table__: data.HOUSING_SITUATIONS,
        TrainingScheme.__table__: data.TRAINING_SCHEMES,
        RomeCode.__table__: [{"code": code, "label": label} for code, label in rome_codes()],
        Workshop.__table__: data.WORKSHOPS,
    }
    return {
        table: [{**row, "position": (i + 1) * POSITION_STEP} for i, row in enumerate(rows)]
        for table, rows in lists.items()
    }


def load_reference(session: Session) -> dict[str, int]:
    """Insert missing reference rows and update the seeded fields of existing ones, by ``code``.

    The ``active`` flag of an existing row is left as an administrator set it. Only flushes
    (executes); the caller commits. Returns the number of seeded rows per table.
    """
    return {table.name: _upsert(session, table, rows) for table, rows in reference_lists().items()}


def _upsert(session: Session, table: Table, rows: list[dict]) -> int:
    fields = [name for name in rows[0] if name != "code"]
    columns = [table.c.code, *(table.c[name] for name in fields)]
    existing = {row.code: row for row in session.execute(select(*columns)).all()}

    new_rows = [{**row, "active": True} for row in rows if row["code"] not in existing]
    changed = [
        {f"b_{key}": value for key, value in row.items()}
        for row in rows
        if row["code"] in existing
        and any(getattr(existing[row["code"]], name) != row[name] for name in fields)
    ]
    if new_rows:
        session.execute(insert(table), new_rows)
    if changed:
        statement = (
            update(table)
            .where(table.c.code == bindparam("b_code"))
            .values({name: bindparam(f"b_{name}") for name in fields})
        )
        session.execute(statement, changed)
    return len(rows)
