"""FSE+ participant file: counting rules, common indicators by sex, completeness (R12)."""

from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from exports.fse import fse_file
from exports.fse_columns import COLUMNS
from exports.writer import write_workbook
from schema import EducationLevel, ExitReason, HousingSituation, Outcome, Training, TrainingScheme
from schema.enums import Role
from tests import factories

TODAY = date(2026, 11, 15)


def _id(session, model, code):
    return session.scalar(select(model.id).where(model.code == code))


def _close(session, acc, day, code="cdi"):
    reason = _id(session, ExitReason, code)
    acc.status, acc.exit_date, acc.exit_reason_id = "clos", day, reason


@pytest.fixture
def participants(session, ref):
    c = factories.user(session, Role.COUNSELLOR)
    housing = _id(session, HousingSituation, "locataire_social")
    person = factories.person
    p1 = person(
        session,
        last_name='=HYPERLINK("http://x","clic")',
        sex="F",
        birth_date=date(2001, 3, 1),
        caf_number="0012345",
        postal_code="05000",
        labour_status="chomeur",
        long_term_unemployed=True,
        education_level_id=_id(session, EducationLevel, "sans_diplome"),
        disability="oui",
        nationality_group="hors_ue",
        housing_situation_id=_id(session, HousingSituation, "sans_domicile"),
        rural=True,
    )
    first = factories.accompaniment(session, c, p1, d0=date(2026, 1, 2), entry=date(2026, 1, 10))
    _close(session, first, date(2026, 3, 1), "abandon")
    session.add(
        Training(
            accompaniment_id=first.id,
            scheme_id=_id(session, TrainingScheme, "prf"),
            title="CAP cuisine",
            status="certifie",
        )
    )
    session.flush()
    second = factories.accompaniment(session, c, p1, d0=date(2026, 5, 20), entry=date(2026, 6, 1))
    _close(session, second, date(2026, 9, 30))
    session.add(
        Outcome(
            accompaniment_id=second.id,
            situation_4_weeks="emploi",
            situation_4_weeks_on=date(2026, 10, 10),
        )
    )
    p2 = person(
        session,
        sex="H",
        birth_date=date(1970, 1, 1),
        phone=None,
        labour_status="inactif",
        education_level_id=_id(session, EducationLevel, "niveau_7"),
        housing_situation_id=housing,
    )
    factories.accompaniment(session, c, p2, d0=date(2026, 1, 20), entry=date(2026, 2, 1))
    p3 = person(
        session,
        sex="X",
        birth_date=date(1986, 1, 1),
        labour_status="emploi",
        housing_situation_id=housing,
    )
    a3 = factories.accompaniment(session, c, p3, d0=date(2026, 1, 20), entry=date(2026, 2, 1))
    _close(session, a3, date(2026, 4, 30), "autre_motif")
    session.add(
        Outcome(
            accompaniment_id=a3.id,
            situation_4_weeks="recherche",
            situation_4_weeks_on=date(2026, 6, 15),  # seven weeks: too late
        )
    )
    p4 = person(session, sex="F")  # one day only: no participant
    a4 = factories.accompaniment(session, c, p4, d0=date(2026, 5, 1), entry=date(2026, 5, 5))
    _close(session, a4, date(2026, 5, 5), "autre_motif")
    p5 = person(
        session,
        sex="H",
        birth_date=date(1981, 1, 1),
        phone=None,
        labour_status="chomeur",
        education_level_id=_id(session, EducationLevel, "niveau_3"),
        housing_situation_id=housing,
        anonymised_at=datetime(2026, 11, 1),
    )
    a5 = factories.accompaniment(session, c, p5, d0=date(2025, 10, 20), entry=date(2025, 11, 1))
    _close(session, a5, date(2026, 2, 1), "formation_qualifiante")
    session.add(
        Outcome(
            accompaniment_id=a5.id,
            situation_4_weeks="formation",
            situation_4_weeks_on=date(2026, 2, 10),
            situation_6_months="emploi",
            situation_6_months_on=date(2026, 8, 5),
        )
    )
    p6 = person(session, sex="F")  # left in 2025: outside the period
    a6 = factories.accompaniment(session, c, p6, d0=date(2025, 2, 20), entry=date(2025, 3, 1))
    _close(session, a6, date(2025, 9, 1))
    session.flush()
    return {"p1": p1, "p2": p2, "p3": p3, "p5": p5}


EXPECTED = {  # code: (femmes, hommes, non-binaires, sexe non renseigné, total)
    "EECO01": (1, 2, 1, 0, 4),
    "EECO02": (1, 1, 0, 0, 2),
    "EECO03": (1, 0, 0, 0, 1),
    "EECO04": (0, 1, 0, 0, 1),
    "EECO05": (0, 0, 1, 0, 1),
    "EECO07": (1, 0, 0, 0, 1),
    "EECO08": (0, 1, 0, 0, 1),
    "EECO09": (1, 0, 0, 0, 1),
    "EECO10": (0, 1, 0, 0, 1),
    "EECO11": (0, 1, 0, 0, 1),
    "EECO12": (1, 0, 0, 0, 1),
    "EECO13": (1, 0, 0, 0, 1),
    "EECO16": (1, 0, 0, 0, 1),
    "EECO17": (1, 0, 0, 0, 1),
    "EECR01": (0, 0, 0, 0, 0),
    "EECR02": (0, 1, 0, 0, 1),
    "EECR03": (1, 0, 0, 0, 1),
    "EECR04": (1, 0, 0, 0, 1),
    "EECR05": (0, 1, 0, 0, 1),
}


def _workbook(session):
    result = fse_file(session, date(2026, 1, 1), date(2026, 12, 31), TODAY)
    buffer = BytesIO()
    write_workbook(result.sheets, buffer)
    return result, load_workbook(BytesIO(buffer.getvalue()))


def test_participants_sheet(session, participants):
    result, wb = _workbook(session)
    assert wb.sheetnames == ["Participants", "Indicateurs communs", "Incomplets"]
    ws = wb["Participants"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert rows[0] == tuple(c.header for c in COLUMNS)
    assert result.participants == len(rows) - 1 == 4
    col = {h: i for i, h in enumerate(rows[0])}
    assert rows[1][col["Date d'entrée"]] == "01/11/2025"  # sorted by entry date
    first = next(r for r in rows[1:] if r[col["N° allocataire CAF"]] == "0012345")
    line = rows.index(first) + 4
    assert first[col["Nom"]] == '\'=HYPERLINK("http://x","clic")'
    assert first[col["N° allocataire CAF"]] == "0012345"
    assert first[col["Code postal"]] == "05000"
    assert first[col["Date d'entrée"]] == "10/01/2026"  # first entry, as text
    assert first[col["Date de sortie"]] == "30/09/2026"  # last exit
    assert first[col["Sexe"]] == "Femme" and first[col["Âge à l'entrée"]] == 24
    assert first[col["Qualification obtenue"]] == "Oui"
    assert first[col["Situation dans les 4 semaines après la sortie"]] == "En emploi"
    for name in ("N° allocataire CAF", "Code postal", "Date d'entrée", "Identifiant participant"):
        assert ws.cell(line, col[name] + 1).data_type == "s"
    open_row = next(
        r for r in rows[1:] if r[col["Sexe"]] == "Homme" and r[col["Date de sortie"]] is None
    )
    assert open_row[col["Qualification obtenue"]] is None
    anonymised = [r for r in rows[1:] if r[col["Anonymisé (durée de conservation)"]] == "Oui"]
    assert len(anonymised) == 1 and anonymised[0][col["Téléphone"]] is None


def test_common_indicators_by_sex(session, participants):
    _result, wb = _workbook(session)
    rows = list(wb["Indicateurs communs"].iter_rows(min_row=4, values_only=True))
    assert rows[0] == (
        "Code",
        "Indicateur",
        "Femmes",
        "Hommes",
        "Non-binaires",
        "Sexe non renseigné",
        "Total",
        "Collecte",
    )
    figures = {row[0]: row[2:7] for row in rows[1:] if row[7] == "collecté"}
    assert figures == EXPECTED
    labels = {row[0]: row[1] for row in rows[1:]}
    assert labels["EECO07"] == "Jeunes âgés de 18 à 29 ans"
    assert labels["EECO08"] == "Participants âgés de 55 ans et plus"
    # every common indicator of annex I is listed, the ones the programme cannot fill with a reason
    assert list(labels) == [f"EECO{n:02d}" for n in range(1, 20)] + [
        f"EECR{n:02d}" for n in range(1, 7)
    ]
    not_collected = {row[0]: row[7] for row in rows[1:] if row[7] != "collecté"}
    assert set(not_collected) == {"EECO06", "EECO14", "EECO15", "EECO18", "EECO19", "EECR06"}
    assert all(r.startswith("non collecté : ") for r in not_collected.values())
    assert all(row[2:7] == (0, 0, 0, 0, 0) for row in rows[1:] if row[0] in not_collected)


def test_incomplete_records_and_rate(session, participants):
    result, wb = _workbook(session)
    assert (result.completeness.total, result.completeness.incomplete) == (4, 2)
    assert result.completeness.at_risk
    ws = wb["Incomplets"]
    assert "50,0 %" in ws["A2"].value and "risque de correction financière" in ws["A2"].value
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    missing = {row[0]: row[6] for row in rows}
    assert missing == {
        f"{participants['p2'].id:07d}": "téléphone ou e-mail",
        f"{participants['p3'].id:07d}": "niveau de formation ; date d'observation de la "
        "situation (dans les 4 semaines)",
    }


def test_every_value_is_allowed_by_the_template(session, participants):
    _result, wb = _workbook(session)
    rows = list(wb["Participants"].iter_rows(min_row=5, values_only=True))
    for column, values in zip(COLUMNS, zip(*rows, strict=True), strict=True):
        if column.allowed:
            assert {v for v in values if v is not None} <= set(column.allowed), column.header


def test_statement_count(session, participants, count_queries):
    with count_queries() as counter:
        _workbook(session)
    assert counter.count == 1


def test_unknown_sex_is_counted_apart_and_listed_as_incomplete(session, ref):
    c = factories.user(session, Role.COUNSELLOR)
    complete = {
        "education_level_id": _id(session, EducationLevel, "niveau_3"),
        "housing_situation_id": _id(session, HousingSituation, "locataire_social"),
        "labour_status": "chomeur",
    }
    unknown = factories.person(session, sex=None, **complete)  # imported without "Sexe"
    factories.accompaniment(session, c, unknown, d0=date(2026, 3, 2), entry=date(2026, 3, 10))
    known = factories.person(session, sex="H", **complete)
    factories.accompaniment(session, c, known, d0=date(2026, 3, 2), entry=date(2026, 3, 11))
    result, wb = _workbook(session)
    participants = list(wb["Participants"].iter_rows(min_row=4, values_only=True))
    col = {h: i for i, h in enumerate(participants[0])}
    sexes = {r[col["Identifiant participant"]]: r[col["Sexe"]] for r in participants[1:]}
    assert sexes == {f"{unknown.id:07d}": None, f"{known.id:07d}": "Homme"}

    indicators = list(wb["Indicateurs communs"].iter_rows(min_row=4, values_only=True))
    assert indicators[0][5] == "Sexe non renseigné"
    figures = {row[0]: row[2:7] for row in indicators[1:]}
    assert figures["EECO01"] == (0, 1, 0, 1, 2)  # femmes, hommes, non-binaires, inconnu, total
    assert figures["EECO02"] == (0, 1, 0, 1, 2)
    title = wb["Indicateurs communs"]["A2"].value
    assert "« Sexe non renseigné » : participants dont le sexe reste à compléter" in title

    incomplete = list(wb["Incomplets"].iter_rows(min_row=5, values_only=True))
    assert [(r[0], r[6]) for r in incomplete] == [(f"{unknown.id:07d}", "Sexe non renseigné")]
    assert (result.completeness.total, result.completeness.incomplete) == (2, 1)
