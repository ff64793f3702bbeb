"""Applying a planned import: every valid line written, in the caller's transaction.

``apply_plan`` adds rows and flushes; the caller commits, or rolls back on any exception so that
nothing at all is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from imports.planning import CHUNK, PlannedRow, RowAction, counts
from schema import Accompaniment, ImportBatch, Orientation, Person, User
from schema.enums import AccompanimentStatus, Phase

SOURCE = "Liste du Département"
PERSON_FIELDS = (
    "sex",
    "last_name",
    "birth_name",
    "first_name",
    "birth_date",
    "caf_number",
    "caf_role",
    "ps_id",
    "ft_id",
    "phone",
    "phone2",
    "email",
    "address",
    "postal_code",
    "commune",
    "rsa_since",
)


@dataclass(frozen=True)
class ImportSource:
    file_name: str
    sha256: str
    user: User | None
    user_label: str


def apply_plan(
    session: Session, planned: Sequence[PlannedRow], source: ImportSource
) -> ImportBatch:
    """Write the creations and updates of ``planned``; return the flushed ImportBatch."""
    tally = counts(planned)
    batch = ImportBatch(
        user_id=source.user.id if source.user else None,
        user_label=source.user_label[:254],
        file_name=source.file_name[:255],
        file_sha256=source.sha256,
        rows_total=len(planned),
        created_count=tally[RowAction.CREATE],
        updated_count=tally[RowAction.UPDATE],
        skipped_count=tally[RowAction.SKIP],
        error_count=tally[RowAction.ERROR],
    )
    session.add(batch)
    updates = [p for p in planned if p.action == RowAction.UPDATE]
    existing = _load_people(session, [p.person_id for p in updates if p.person_id is not None])
    for item in planned:
        if item.action == RowAction.CREATE:
            assert item.row is not None
            person = Person(**{name: getattr(item.row, name) for name in PERSON_FIELDS})
            session.add(person)
        elif item.action == RowAction.UPDATE:
            assert item.row is not None and item.person_id is not None
            person = existing[item.person_id]
            for name, value in item.changes.items():
                setattr(person, name, value)
        else:
            continue
        if not item.new_orientation:
            continue
        orientation = Orientation(
            person=person,
            decision_date=item.row.decision_date,
            path_id=item.row.path_id,
            source=SOURCE,
            reference=item.row.reference,
            import_batch=batch,
            import_line=item.line,
        )
        session.add(orientation)
        if item.new_accompaniment:
            session.add(
                Accompaniment(
                    person=person,
                    orientation=orientation,
                    counsellor_id=None,
                    status=AccompanimentStatus.A_CONTACTER.value,
                    phase=Phase.ORIENTATION.value,
                )
            )
    session.flush()
    return batch


def describe(batch: ImportBatch) -> str:
    """One French sentence for the audit trail and the CLI."""
    return (
        f"fichier « {batch.file_name} » : {batch.created_count} création(s), "
        f"{batch.updated_count} mise(s) à jour, {batch.skipped_count} déjà importée(s), "
        f"{batch.error_count} en erreur"
    )


def _load_people(session: Session, ids: list[int]) -> dict[int, Person]:
    people: dict[int, Person] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = session.scalars(select(Person).where(Person.id.in_(chunk)))
        people.update((p.id, p) for p in found)
    return people
