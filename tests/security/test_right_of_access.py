"""Right of access: a manager downloads everything held on one person; audited; managers only."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from schema import AuditLog, OutboxMessage
from schema.enums import Role
from tests import factories
from tests.security.records import world

SHEETS = [
    "Identité",
    "Orientations",
    "Accompagnements",
    "CER",
    "Diagnostics",
    "Freins",
    "Plan d'action",
    "Métiers visés (ROME)",
    "Contacts et entretiens",
    "Ateliers (présences)",
    "Positionnements",
    "Formations",
    "Actions Parcours Solidarités",
    "Sorties",
    "Messages",
    "Consultations et modifications",
]


def _rows(workbook, title):
    return list(workbook[title].iter_rows(values_only=True))


def test_manager_downloads_everything(client, session, login, ref, count_queries):
    records = world(session, ref)
    person = records["person"]
    records["accompaniment"].cer_pending_reason = "autre"  # issue 14: CER still to sign
    records["accompaniment"].cer_pending_note = "Attend l'accord du conjoint"
    other = factories.accompaniment(session, records["_counsellor"])  # someone else's file
    factories.contact(session, other, synthesis="Ne doit pas apparaître.")
    for acc, body in ((records["accompaniment"], "Rendez-vous lundi 10:00."), (other, "Autre.")):
        session.add(
            OutboxMessage(
                accompaniment=acc,
                person_id=acc.person_id,
                kind="rappel",
                channel="sms",
                recipient="0601020304",
                body=body,
                status="envoye",
                due_at=datetime(2026, 11, 22, 9, 0),  # UTC: 10:00 in Paris
                sent_at=datetime(2026, 11, 22, 9, 1),
            )
        )
    session.flush()
    manager = factories.user(session, Role.MANAGER)
    login(manager)
    client.get(f"/console/person/details/?id={person.id}")  # an access, listed in the file
    with count_queries() as counter:
        response = client.get(f"/console/droit-acces/?id={person.id}")
    assert response.status_code == 200
    assert f"droit-acces-personne-{person.id}.xlsx" in response.headers["Content-Disposition"]
    assert counter.count <= 25  # one query per sheet, whatever the number of rows
    workbook = load_workbook(BytesIO(response.data))
    assert workbook.sheetnames == SHEETS
    identity = dict(_rows(workbook, "Identité")[1:])
    assert identity["Nom d'usage"] == person.last_name
    assert identity["N° allocataire CAF"] == person.caf_number
    assert identity["Date de naissance"] == "14/03/1985"
    contacts = _rows(workbook, "Contacts et entretiens")
    assert contacts[1][0] == datetime(2026, 10, 20, 10, 0)
    assert contacts[1][5] == "Point sur la recherche d'emploi."
    assert len(contacts) == 2
    assert _rows(workbook, "CER")[1][5] == "Trouver un emploi de vendeur."
    accompaniment = dict(zip(*_rows(workbook, "Accompagnements")[:2], strict=True))
    assert accompaniment["CER à signer : motif"] == "Autre motif"
    assert accompaniment["CER à signer : précision"] == "Attend l'accord du conjoint"
    assert _rows(workbook, "Freins")[1][4] == "Pas de permis."
    assert _rows(workbook, "Plan d'action")[1][1] == "Passer le code"
    assert _rows(workbook, "Positionnements")[1][1] == "Vendeur·se"
    assert _rows(workbook, "Formations")[1][0] == "CACES 1"
    assert _rows(workbook, "Ateliers (présences)")[1][3] == "Inscrit"
    assert _rows(workbook, "Messages")[1:] == [
        (
            datetime(2026, 11, 22, 10, 0),
            "Rappel la veille",
            "SMS",
            "0601020304",
            None,
            "Rendez-vous lundi 10:00.",
            "Envoyé",
            datetime(2026, 11, 22, 10, 1),
        )
    ]
    accesses = _rows(workbook, "Consultations et modifications")
    assert (manager.email, "Ouverture d'un dossier") in [(r[1], r[2]) for r in accesses[1:]]
    entry = session.scalars(
        select(AuditLog).where(AuditLog.action == "export", AuditLog.person_id == person.id)
    ).one()
    assert entry.user_id == manager.id and entry.entity == "Droit d'accès"
    assert entry.detail.startswith("Droit d'accès — filtres : Personne n° — ")  # id: person_id


def test_button_shown_to_managers_only(client, session, login, ref):
    person = factories.accompaniment(session, factories.user(session, Role.COUNSELLOR)).person
    login(factories.user(session, Role.MANAGER))
    link = f"/console/droit-acces/?id={person.id}"
    assert link in client.get(f"/console/person/details/?id={person.id}").get_data(as_text=True)
    assert link in client.get("/console/person/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.BACKOFFICE, Role.FUNDER, Role.ADMIN])
def test_other_roles_refused(client, session, login, ref, role):
    counsellor = factories.user(session, Role.COUNSELLOR)
    person = factories.accompaniment(session, counsellor).person
    login(counsellor if role == Role.COUNSELLOR else factories.user(session, role))
    assert client.get(f"/console/droit-acces/?id={person.id}").status_code == 403
    if role in (Role.COUNSELLOR, Role.BACKOFFICE, Role.FUNDER):
        page = client.get(f"/console/person/details/?id={person.id}").get_data(as_text=True)
        assert "/console/droit-acces/" not in page
    assert not session.scalars(select(AuditLog).where(AuditLog.action == "export")).all()


def test_unknown_person_is_404(client, session, login):
    login(factories.user(session, Role.MANAGER))
    assert client.get("/console/droit-acces/?id=999999").status_code == 404
    assert client.get("/console/droit-acces/?id=abc").status_code == 404
    assert client.get("/console/droit-acces/").status_code == 404


def test_anonymous_sent_to_login(client):
    response = client.get("/console/droit-acces/?id=1")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
