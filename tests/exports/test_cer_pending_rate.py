"""Issue 14: an entry whose CER was left to sign at the first appointment counts as "non signé
au 1er RDV" in the monthly report's R2 rate, even once the CER is signed later."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from exports.monthly_report import monthly_report
from exports.writer import write_workbook
from schema.enums import Role
from schema.operations import cer as cer_ops
from schema.operations import pathway as ops
from schema.rules.definitions import DEFINITIONS
from tests import factories

NOVEMBER = date(2026, 11, 1)
TODAY = date(2026, 12, 15)
RATE = "CER signé au premier rendez-vous"


@pytest.fixture
def november(session, ref):
    counsellor = factories.user(session, Role.COUNSELLOR)

    def first_appointment(name: str, day: int, **outcome):
        person = factories.person(session, last_name=name)
        acc = factories.accompaniment(
            session, counsellor, person, d0=date(2026, 10, 28), entry=None
        )
        ops.record_first_appointment(
            session,
            acc,
            held_at=datetime(2026, 11, day, 10),
            by=counsellor,
            today=date(2026, 11, day),
            **outcome,
        )
        return acc

    first_appointment("Signe", 3, cer=ops.CerTerms(weekly_hours=20))
    later = first_appointment("Tard", 5, cer_pending_reason="documents_manquants")
    cer_ops.sign_first_cer(
        session,
        later,
        signed_on=date(2026, 11, 12),
        cer=ops.CerTerms(weekly_hours=20),
        by=counsellor,
        today=date(2026, 11, 12),
    )
    first_appointment("Attente", 20, cer_pending_reason="delai_reflexion")
    first_appointment("Oriente", 6, reorientation_reason="Parcours social")
    session.flush()


def _report(session):
    report = monthly_report(session, NOVEMBER, TODAY)
    buffer = BytesIO()
    write_workbook(report.sheets, buffer)
    return report, load_workbook(BytesIO(buffer.getvalue()))


def _rows(ws) -> dict[str, dict]:
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    name = header.index("Personne")
    return {row[name].split()[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}


def test_cer_signed_after_the_first_appointment_is_not_at_first(session, november):
    report, wb = _report(session)
    (line,) = [line for line in report.lines if line.label == RATE]
    # Signe yes; Tard signed a week later and Attente still to sign: no; Oriente not counted.
    assert (line.numerator, line.denominator) == (1, 3)
    assert line.value.value == pytest.approx(1 / 3)

    entries = _rows(wb["Entrées"])
    at_first = "CER au 1er rendez-vous"
    assert entries["SIGNE"][at_first] == "Oui"
    assert entries["TARD"][at_first] == "Non"
    assert entries["TARD"]["CER signé le"] == datetime(2026, 11, 12)
    assert entries["TARD"]["Premier rendez-vous"] == datetime(2026, 11, 5)
    assert entries["ATTENTE"][at_first] == "Non" and entries["ATTENTE"]["CER signé le"] is None
    assert entries["ORIENTE"][at_first] is None

    alerts = [row for row in wb["Alertes"].iter_rows(min_row=2, values_only=True)]
    cer_alerts = {row[2].split()[0]: row[-1] for row in alerts if row[4] == "CER"}
    # Seen on 30/11, the month's last day: ten days after the first appointment of 20/11.
    assert cer_alerts == {"ATTENTE": "CER à signer depuis 10 j (délai de réflexion)"}


def test_definition_says_a_later_signature_is_not_at_first():
    text = DEFINITIONS["cer_premier_rdv"].text
    assert "« non signé au 1er RDV »" in text and "plus tard" in text
    assert "CER à signer depuis N j (motif)" in DEFINITIONS["cer"].text
