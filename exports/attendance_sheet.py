"""The attendance sheet (feuille d'émargement) of a workshop séance as an .xlsx file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from io import BytesIO

from exports.writer import Column, Kind, Sheet, write_workbook
from schema.workshops import Attendance, WorkshopSession

PROGRAMME_HEADING = "Ensemble vers l'emploi — Entreprendre Ensemble — Département du Nord / FSE+"

COLUMNS = [
    Column("N°", Kind.INT, 6),
    Column("Nom", Kind.TEXT, 28),
    Column("Prénom", Kind.TEXT, 22),
    Column("Signature", Kind.TEXT, 40),
]


def session_details(ws: WorkshopSession) -> list[str]:
    """The lines describing a séance, as printed under the programme heading."""
    lines = [
        f"Feuille d'émargement — {ws.workshop.label}",
        f"Séance du {ws.starts_at:%d/%m/%Y} de {ws.starts_at:%H:%M} à {ws.ends_at:%H:%M}",
        f"Lieu : {ws.place}",
    ]
    if ws.facilitator:
        lines.append(f"Animation : {ws.facilitator}")
    return lines


def rows(attendances: Sequence[Attendance]) -> Iterator[tuple]:
    """One line per registered person, in the given (name) order; the signature cell is empty."""
    for number, attendance in enumerate(attendances, start=1):
        person = attendance.person
        yield (number, person.last_name.upper(), person.first_name, None)


def others_line(hidden: int) -> str:
    """The line standing for the people registered whom the reader does not follow."""
    if hidden == 1:
        return "1 autre personne inscrite, suivie par un autre conseiller (non nommée)."
    return f"{hidden} autres personnes inscrites, suivies par d'autres conseillers (non nommées)."


def attendance_workbook(
    ws: WorkshopSession, attendances: Sequence[Attendance], hidden: int = 0
) -> bytes:
    """The sheet of ``attendances``; ``hidden`` people registered but not listed are counted
    in a title line."""
    extra = (others_line(hidden),) if hidden else ()
    sheet = Sheet(
        title="Émargement",
        columns=COLUMNS,
        rows=rows(attendances),
        auto_filter=False,
        title_rows=(PROGRAMME_HEADING, *session_details(ws), *extra, ""),
    )
    buffer = BytesIO()
    write_workbook([sheet], buffer)
    return buffer.getvalue()
