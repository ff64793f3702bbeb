"""The monthly report for the Département: synthesis, 12-month evolution with native charts,
detail sheets (one row per person or event) and the definitions, in one workbook.

Two passes over each detail select: the first sums the built rows into the synthesis figures, the
second streams the same rows into the sheets. Memory stays flat and the totals reconcile.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from exports import monthly_sheets as ms
from exports.indicators import MonthFigures, tapped
from exports.monthly_synthesis import Line, synthesis
from exports.writer import Column, Kind, Sheet, SheetChart
from schema.accounts import Counsellor
from schema.rules import calendar, capacity, fse, monthly
from schema.rules.definitions import DEFINITIONS

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
EVOLUTION_MONTHS = 12

SYNTHESIS_COLUMNS = [
    Column("Indicateur", Kind.TEXT, 58),
    Column("Valeur", Kind.AUTO, 12),
    Column("Cible", Kind.AUTO, 10),
    Column("Numérateur", Kind.INT, 12),
    Column("Dénominateur", Kind.INT, 13),
    Column("Base de calcul", Kind.TEXT, 30),
    Column("Règle", Kind.TEXT, 7),
    Column("Feuille de détail", Kind.TEXT, 16),
]
EVOLUTION_COLUMNS = [
    Column("Mois", Kind.TEXT, 10),
    Column("File active en fin de mois", Kind.INT, 14),
    Column("Entrées", Kind.INT, 10),
    Column("Sorties", Kind.INT, 10),
]
DEFINITION_COLUMNS = [
    Column("Terme", Kind.TEXT, 36),
    Column("Règle", Kind.TEXT, 7),
    Column("Définition", Kind.TEXT, 120),
]


def month_label(day: date) -> str:
    return f"{MONTHS_FR[day.month - 1]} {day.year}"


@dataclass
class MonthlyReport:
    """The report's sheets; ``figures`` and ``lines`` are complete once the sheets are written
    (the synthesis sheet is written last, from the figures summed while the details streamed,
    and placed first)."""

    month: monthly.ReportMonth
    scope_label: str
    figures: MonthFigures
    participants_ytd: int
    target: int
    evolution: list[tuple[str, int, int, int]]
    sheets: list[Sheet]
    lines: list[Line] = field(default_factory=list)

    def synthesis_rows(self) -> Iterator[tuple[Any, ...]]:
        self.lines[:] = synthesis(self.figures, self.participants_ytd, self.target)
        for x in self.lines:
            yield (x.label, x.value, x.target, x.numerator, x.denominator, x.basis, x.rule, x.sheet)

    @property
    def filename(self) -> str:
        suffix = (
            "" if self.month.counsellor_id is None else f"-conseiller-{self.month.counsellor_id}"
        )
        return f"rapport-mensuel-{self.month.start:%Y-%m}{suffix}.xlsx"


def participants_since_new_year(session: Session, month: monthly.ReportMonth) -> int:
    participants = fse.participants_select(
        date(month.start.year, 1, 1), month.as_of, month.counsellor_id
    ).subquery()
    return session.scalar(select(func.count()).select_from(participants)) or 0


def evolution(
    session: Session, month: monthly.ReportMonth, today: date
) -> list[tuple[str, int, int, int]]:
    """(month "MM/AAAA", active file at its end, entries, exits) for the last 12 months."""
    months = [
        monthly.ReportMonth.of(first, today, month.counsellor_id)
        for first in monthly.months_back(month.start, EVOLUTION_MONTHS)
    ]
    row = session.execute(monthly.evolution_select(months)).one()._mapping
    return [
        (
            f"{m.start:%m/%Y}",
            int(row[f"file_{i}"] or 0),
            int(row[f"entries_{i}"] or 0),
            int(row[f"exits_{i}"] or 0),
        )
        for i, m in enumerate(months)
    ]


def _definition_rows() -> list[tuple[str, str, str]]:
    return [(d.title, d.rule, d.text) for d in DEFINITIONS.values()]


def monthly_report(
    session: Session, first_day: date, today: date, counsellor_id: int | None = None
) -> MonthlyReport:
    """Compute the report of ``first_day``'s month (optionally one counsellor's caseload)."""
    month = monthly.ReportMonth.of(first_day, today, counsellor_id)
    target = capacity.PROGRAMME_CAPACITY
    scope = "Programme (tous les conseiller·ères)"
    if counsellor_id is not None:
        counsellor = session.get(Counsellor, counsellor_id)
        if counsellor is None:
            raise ValueError(f"Conseiller·ère n° {counsellor_id} introuvable.")
        target, scope = counsellor.capacity, f"Conseiller·ère : {counsellor.display_name}"
    figures = MonthFigures(month.start, month.as_of, month.elapsed_days)
    trend = evolution(session, month, today)
    heading = (
        f"Rapport mensuel — {month_label(month.start)} — Ensemble vers l'emploi",
        scope,
        f"Données au {calendar.fr(month.as_of)}"
        + ("" if month.complete else " (mois en cours)")
        + f" ; produit le {calendar.fr(today)}. Définitions : feuille « Définitions ».",
    )
    sheets = [
        Sheet(
            "Évolution",
            EVOLUTION_COLUMNS,
            trend,
            charts=(
                SheetChart(
                    "File active en fin de mois (12 mois)", 1, (2,), "line", "F2", "Personnes"
                ),
                SheetChart(
                    "Entrées et sorties par mois (12 mois)", 1, (3, 4), "bar", "F20", "Parcours"
                ),
            ),
        ),
    ]
    for population in ms.POPULATIONS:
        rows = tapped(population.rows(session, month), figures.adder(population.title))
        sheets.append(Sheet(population.title, population.columns, rows))
    sheets.append(Sheet("Définitions", DEFINITION_COLUMNS, _definition_rows()))
    report = MonthlyReport(
        month, scope, figures, participants_since_new_year(session, month), target, trend, sheets
    )
    sheets.append(
        Sheet(
            "Synthèse",
            SYNTHESIS_COLUMNS,
            report.synthesis_rows(),
            title_rows=heading,
            position=0,
        )
    )
    return report


def detail_rows(report: MonthlyReport) -> int:
    """Rows written in the detail sheets (after writing), for the audit trail."""
    titles = {p.title for p in ms.POPULATIONS}
    return sum(s.written for s in report.sheets if s.title in titles)
