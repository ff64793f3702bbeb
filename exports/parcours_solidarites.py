"""« À saisir sur Parcours Solidarités » (R8) as a spreadsheet: one row per contact or action not
yet entered, per counsellor, oldest first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy.orm import Session

from exports.writer import Column, Kind, Sheet
from schema.enums import ActionKind, ContactMode
from schema.rules.parcours_solidarites import ENTER_WITHIN_DAYS, pending_select

COLUMNS = [
    Column("Conseiller·ère", Kind.TEXT, 22),
    Column("Personne", Kind.TEXT, 28),
    Column("N° allocataire CAF", Kind.ID, 16),
    Column("N° personne", Kind.INT, 11),
    Column("Élément", Kind.TEXT, 10),
    Column("N° de l'élément", Kind.INT, 12),
    Column("Date", Kind.DATE, 12),
    Column("Nature", Kind.TEXT, 32),
    Column("Jours d'attente", Kind.INT, 10),
    Column("En retard", Kind.BOOL, 10),
]
LABELS = {**ContactMode.labels(), **ActionKind.labels()}


def item_label(kind: str, what: str) -> str:
    return ("Contact — " if kind == "contact" else "") + LABELS.get(what, what)


def pending_rows(session: Session, today: date, counsellor_id: int | None) -> Iterator[tuple]:
    query = pending_select(counsellor_id).execution_options(yield_per=1000, stream_results=True)
    for row in session.execute(query):
        waiting = (today - row.day).days if row.day else None
        yield (
            row.counsellor_name or "Non attribué",
            f"{row.last_name.upper()} {row.first_name}",
            row.caf_number,
            row.person_id,
            "Contact" if row.kind == "contact" else "Action",
            row.item_id,
            row.day,
            item_label(row.kind, row.what),
            waiting,
            waiting is not None and waiting > ENTER_WITHIN_DAYS,
        )


def pending_sheet(session: Session, today: date, counsellor_id: int | None, scope: str) -> Sheet:
    return Sheet(
        "À saisir",
        COLUMNS,
        pending_rows(session, today, counsellor_id),
        title_rows=(f"À saisir sur Parcours Solidarités — {scope}", f"Au {today:%d/%m/%Y}", ""),
    )
