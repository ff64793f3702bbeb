"""The FSE+ participant file: "Participants" (one row per participant, columns from
``exports.fse_columns``), "Indicateurs communs" (EECO / EECR by sex) and "Incomplets" (R12).

One pass: the participants stream from the database into the first sheet; the indicators and the
list of incomplete records are summed on the way and written after it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from exports.fse_columns import COLUMNS, SEX_LABELS
from exports.writer import Column, Kind, Sheet
from schema.enums import Sex
from schema.rules import fse
from schema.rules.calendar import fr

STREAM_ROWS = 2000
# None: sex not recorded yet ("à compléter", e.g. imported from a list without it). Counted in
# its own column and in the total, never dropped.
SEXES = (Sex.F.value, Sex.H.value, Sex.X.value, None)

INDICATOR_COLUMNS = [
    Column("Code", Kind.ID, 9),
    Column("Indicateur", Kind.TEXT, 70),
    Column("Femmes", Kind.INT, 10),
    Column("Hommes", Kind.INT, 10),
    Column("Non-binaires", Kind.INT, 12),
    Column("Sexe non renseigné", Kind.INT, 12),
    Column("Total", Kind.INT, 10),
    Column("Collecte", Kind.TEXT, 60),
]
INCOMPLETE_COLUMNS = [
    Column("Identifiant participant", Kind.ID, 14),
    Column("Nom", Kind.TEXT, 22),
    Column("Prénom", Kind.TEXT, 18),
    Column("Conseiller·ère", Kind.TEXT, 20),
    Column("Date d'entrée", Kind.ID, 12),
    Column("Date de sortie", Kind.ID, 12),
    Column("Éléments manquants", Kind.TEXT, 80),
]


def problems(row: Any, values: list[Any]) -> list[str]:
    """R12's missing items, plus any value the template does not accept."""
    found = fse.missing_fields(row)
    for column, value in zip(COLUMNS, values, strict=True):
        if column.allowed and value is not None and value not in column.allowed:
            found.append(f"{column.header} : valeur non admise « {value} »")
    return found


@dataclass
class FseFile:
    start: date
    end: date
    counts: dict[str, Counter] = field(default_factory=dict)
    incomplete: list[tuple[Any, ...]] = field(default_factory=list)
    participants: int = 0
    sheets: list[Sheet] = field(default_factory=list)

    @property
    def completeness(self) -> fse.Completeness:
        return fse.Completeness(self.participants, len(self.incomplete))

    @property
    def filename(self) -> str:
        return f"participants-fse-{self.start:%Y%m%d}-{self.end:%Y%m%d}.xlsx"

    def _count(self, row: Any) -> None:
        for indicator in (*fse.COMMON_INDICATORS, *fse.RESULT_INDICATORS):
            if indicator.test(row):
                self.counts.setdefault(indicator.code, Counter())[row.sex or None] += 1

    def participant_rows(self, session: Session) -> Iterator[tuple[Any, ...]]:
        query = fse.participants_select(self.start, self.end).execution_options(
            yield_per=STREAM_ROWS, stream_results=True
        )
        for row in session.execute(query):
            values = [column.value(row) for column in COLUMNS]
            self.participants += 1
            self._count(row)
            missing = problems(row, values)
            if missing:
                self.incomplete.append(
                    (
                        values[0],
                        row.last_name,
                        row.first_name,
                        row.counsellor_name,
                        fr(row.entry_date),
                        fr(row.exit_date) or None,
                        " ; ".join(missing),
                    )
                )
            yield tuple(values)

    def indicator_rows(self) -> Iterator[tuple[Any, ...]]:
        for indicator in (*fse.COMMON_INDICATORS, *fse.RESULT_INDICATORS):
            by_sex = self.counts.get(indicator.code, Counter())
            if indicator.not_collected:
                yield (indicator.code, indicator.label, 0, 0, 0, 0, 0, indicator.not_collected)
                continue
            figures = [by_sex[s] for s in SEXES]
            yield (indicator.code, indicator.label, *figures, sum(figures), "collecté")

    def completeness_lines(self) -> tuple[str, ...]:
        c = self.completeness
        if not c.total:
            return ("Enregistrements incomplets (R12)", "Aucun participant sur la période.", "")
        verdict = (
            "au-delà du seuil : risque de correction financière" if c.at_risk else "sous le seuil"
        )
        threshold = round(fse.INCOMPLETE_THRESHOLD * 100)
        return (
            "Enregistrements incomplets (R12)",
            f"Taux de complétude : {_pct(c.complete_rate)} ({c.total - c.incomplete} complets "
            f"sur {c.total}) ; incomplets : {_pct(c.incomplete_rate)} ({c.incomplete}) — "
            f"seuil {threshold} % : {verdict}.",
            "",
        )

    def incomplete_rows(self) -> Iterator[tuple[Any, ...]]:
        yield from self.incomplete


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f} %".replace(".", ",")


def fse_file(session: Session, start: date, end: date, today: date) -> FseFile:
    """The workbook's sheets for the participants of [start, end]."""
    if end < start:
        raise ValueError("La date de fin précède la date de début.")
    result = FseFile(start, end)
    heading = (
        f"Fichier participants FSE+ — période du {fr(start)} au {fr(end)}",
        f"Produit le {fr(today)}. Un participant par personne (entrée = premier parcours, "
        "sortie = dernier) ; dates, téléphones, codes postaux et identifiants en texte.",
        "",
    )
    result.sheets = [
        Sheet(
            "Participants",
            [Column(c.header, c.kind, c.width) for c in COLUMNS],
            result.participant_rows(session),
            title_rows=heading,
        ),
        Sheet(
            "Indicateurs communs",
            INDICATOR_COLUMNS,
            result.indicator_rows(),
            title_rows=(
                f"Indicateurs communs FSE+ par sexe — {fr(start)} au {fr(end)}",
                "Résultats (EECR) : participants sortis ; situation observée dans les 4 "
                "semaines après la sortie, ou à 6 mois (EECR05). « Sexe non renseigné » : "
                "participants dont le sexe reste à compléter (voir l'onglet « Incomplets ») ; "
                "ils sont comptés dans le total.",
                "",
            ),
        ),
        Sheet(
            "Incomplets",
            INCOMPLETE_COLUMNS,
            result.incomplete_rows(),
            title_rows=result.completeness_lines,
        ),
    ]
    return result


__all__ = ["SEX_LABELS", "FseFile", "fse_file"]
