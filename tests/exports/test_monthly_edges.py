"""Monthly report edge cases of issue 14, on a hand-built November 2026 (30 days) seen on
15/12/2026: R4 pro rata per person, an entry and exit on the same day, a pause resumed on the
report date, the status at the end of the month, exit rates as numbers with distinct names."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from exports.monthly_report import monthly_report
from exports.writer import write_workbook
from schema import Action
from tests import factories
from tests.exports.monthly_data import _close

TODAY = date(2026, 12, 15)
NOVEMBER = date(2026, 11, 1)


def _pause(session, acc, start: date, end: date | None) -> None:
    session.add(
        Action(
            accompaniment_id=acc.id,
            kind="mise_en_attente",
            start_date=start,
            end_date=end,
            reason="Raisons de santé",
        )
    )


@pytest.fixture
def november(session, ref):
    def acc(name: str, entry: date, *meetings: int):
        person = factories.person(session, last_name=name)
        a = factories.accompaniment(session, person_=person, d0=date(2026, 9, 1), entry=entry)
        for day in meetings:
            factories.contact(session, a, datetime(2026, 11, day, 10))
        return a

    acc("Deux", date(2026, 11, 2), 2, 9, 16)  # 29 days: 2 required, 3 held
    acc("Vingt", date(2026, 11, 20), 20)  # 11 days: 1 required, 1 held
    paused = acc("Pause", date(2026, 10, 5), 17)  # paused 01–15/11: 15 days, 1 required
    _pause(session, paused, date(2026, 11, 1), date(2026, 11, 16))
    same_day = acc("Jour", date(2026, 11, 10))  # enters and leaves on 10/11
    _close(session, same_day, date(2026, 11, 10), "abandon")
    resumed = acc("Reprise", date(2026, 10, 5))  # resumed on the report date (30/11)
    _pause(session, resumed, date(2026, 11, 5), date(2026, 11, 30))
    waiting = acc("Attente", date(2026, 10, 5))  # paused at the end of November, active today
    _pause(session, waiting, date(2026, 11, 10), date(2026, 12, 3))
    left = acc("Sortie", date(2026, 10, 5), 3, 4)  # active at the end of November, closed today
    _close(session, left, date(2026, 12, 5), "abandon")
    away = acc("Absente", date(2026, 10, 5))  # paused all November: nothing required
    _pause(session, away, date(2026, 10, 20), date(2026, 12, 2))
    session.flush()


def _workbook(session):
    report = monthly_report(session, NOVEMBER, TODAY)
    buffer = BytesIO()
    write_workbook(report.sheets, buffer)
    figures = {line.label: line.value.value for line in report.lines}
    return figures, load_workbook(BytesIO(buffer.getvalue()))


def _rows(ws) -> dict[str, dict]:
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    name = header.index("Personne")
    return {row[name].split()[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}


def test_r4_required_and_held_per_person(session, november):
    figures, wb = _workbook(session)
    active = _rows(wb["File active"])
    expected = {  # active days, required, held, respected
        "DEUX": (29, 2, 3, "Oui"),
        "VINGT": (11, 1, 1, "Oui"),
        "PAUSE": (15, 1, 1, "Oui"),
        "REPRISE": (5, 1, 0, "Non"),  # 01–04/11 and 30/11
        "ATTENTE": (9, 1, 0, "Non"),
        "SORTIE": (30, 2, 2, "Oui"),
        "ABSENTE": (0, 0, 0, None),  # not judged
    }
    for name, (days, required, held, respected) in expected.items():
        row = active[name]
        assert row["Jours actifs du mois (R4)"] == days, name
        assert row["Entretiens physiques requis (R4)"] == required, name
        assert row["Entretiens physiques tenus"] == held, name
        assert row["Entretiens physiques requis atteints"] == respected, name
    assert figures["Personnes ayant tenu leurs entretiens physiques requis"] == pytest.approx(4 / 6)


def test_same_day_entry_and_exit_is_not_in_the_active_file(session, november):
    figures, wb = _workbook(session)
    active = _rows(wb["File active"])
    assert "JOUR" not in active and len(active) == 7
    assert figures["Personnes accompagnées dans le mois"] == 7
    assert all(row["Jours dans la file"] >= 1 for row in active.values())
    assert "JOUR" in _rows(wb["Entrées"]) and "JOUR" in _rows(wb["Sorties"])
    assert figures["Entrées du mois"] == 3 and figures["Sorties du mois"] == 1


def test_a_pause_resumed_on_the_report_date_is_not_ongoing(session, november):
    figures, _wb = _workbook(session)
    assert figures["Mises en attente commencées dans le mois"] == 3  # Pause, Reprise, Attente
    assert figures["Mises en attente en cours à la date du rapport"] == 2  # Attente, Absente


def test_status_at_the_end_of_the_month_and_today(session, november):
    _figures, wb = _workbook(session)
    active = _rows(wb["File active"])
    end, now = "Statut en fin de mois", "Statut au jour de l'export"
    assert (active["ATTENTE"][end], active["ATTENTE"][now]) == ("En attente", "Actif")
    assert (active["SORTIE"][end], active["SORTIE"][now]) == ("Actif", "Clos")
    assert (active["REPRISE"][end], active["REPRISE"][now]) == ("Actif", "Actif")
    assert active["ABSENTE"][end] == "En attente"
    paused = "Mise en attente dans le mois"
    assert [n for n, r in active.items() if r[paused] == "Oui"] == [
        "ABSENTE",
        "ATTENTE",
        "PAUSE",
        "REPRISE",
    ]


def test_exit_rates_are_numbers_with_names_that_cannot_be_confused(session, november):
    def closed(name: str, day: int, code: str) -> None:
        person = factories.person(session, last_name=name)
        entry = date(2026, 10, 5)
        a = factories.accompaniment(session, person_=person, d0=date(2026, 9, 1), entry=entry)
        _close(session, a, date(2026, 11, day), code)

    closed("Formation", 20, "formation_qualifiante")
    closed("Cdd", 25, "cdd_moins_6_mois")
    session.flush()
    # Exits: Jour (abandon), Formation (training: positive, not employment), Cdd (transition).
    _figures, wb = _workbook(session)
    ws = wb["Synthèse"]
    header = [c.value for c in ws[4]]
    col = {name: i + 1 for i, name in enumerate(header)}
    lines = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    expected = {  # label: (value, numerator, denominator)
        "Sorties du mois": (3, None, None),
        "Sorties par catégorie : emploi de transition": (1, 1, 3),
        "Sorties par catégorie : sortie vers formation ou SIAE": (1, 1, 3),
        "Sorties par catégorie : autre sortie": (1, 1, 3),
        "Taux de retour à l'emploi (emploi durable ou de transition)": (1 / 3, 1, 3),
        "Taux de sorties en emploi durable": (0.0, 0, 3),
        "Taux de sorties en emploi de transition": (1 / 3, 1, 3),
        "Taux de sorties positives (emploi, formation, SIAE)": (2 / 3, 2, 3),
        "Taux de sorties vers formation ou SIAE": (1 / 3, 1, 3),
    }
    for label, (value, numerator, denominator) in expected.items():
        row = lines[label]
        cell = ws.cell(row, col["Valeur"])
        assert cell.value == pytest.approx(value), label
        assert cell.number_format == ("0.0%" if label.startswith("Taux") else "#,##0"), label
        for name, number in (("Numérateur", numerator), ("Dénominateur", denominator)):
            part = ws.cell(row, col[name])
            assert part.value == number, (label, name)
            if number is not None:
                assert part.data_type == "n" and part.number_format == "#,##0", (label, name)
    # "Sortie positive" names only the rate; no line is called by the old category name.
    assert not [label for label in lines if label and label.endswith("sortie positive")]
    rates = [label for label in lines if label and "sorties positives" in label]
    assert rates == ["Taux de sorties positives (emploi, formation, SIAE)"]
    header, *rows = list(wb["Sorties"].iter_rows(values_only=True))
    categories = {r[header.index("Personne")].split()[0]: r for r in rows}
    training = categories["FORMATION"]
    assert training[header.index("Catégorie de sortie")] == "Sortie vers formation ou SIAE"
    assert training[header.index("Compte dans les sorties positives")] == "Oui"
    assert training[header.index("Compte dans le retour à l'emploi")] == "Non"


def test_the_definitions_sheet_states_each_reading(session, november):
    _figures, wb = _workbook(session)
    texts = {r[0]: r[2] for r in wb["Définitions"].iter_rows(min_row=2, values_only=True)}
    r4 = texts["Entretien physique"]
    assert "prorata des jours actifs" in r4 and "arrondi à l'entier supérieur" in r4
    assert "le 20 d'un mois de 30 jours (11 jours actifs) en demande 1" in r4
    assert "10 derniers jours du mois" in r4  # how "en retard" is read mid-month
    assert (
        "entrée et sortie le même jour n'a aucun jour dans la file" in texts["File active du mois"]
    )
    assert (
        "reprise à la date du rapport est active" in texts["Mises en attente et saisines de l'EP"]
    )
    assert "taux de sorties positives" in texts["Entrées et sorties du mois"]
