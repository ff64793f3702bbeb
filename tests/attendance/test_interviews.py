"""Entretiens du jour (one-click marks, daily sheet) and a person's attendance history."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from admin.views.pages import paris_now
from schema import AuditLog, Contact
from schema.enums import Role
from tests import factories

NOW = paris_now()
TODAY_10 = NOW.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(hours=10)
DAY = TODAY_10.strftime("%d/%m/%Y")
SECRET = "Synthèse confidentielle du premier entretien"


@pytest.fixture
def caseloads(session, ref):
    me = factories.user(session, Role.COUNSELLOR, full_name="Claire Conseil")
    other = factories.user(session, Role.COUNSELLOR, full_name="Karim Conseil")
    mine = factories.accompaniment(session, me, factories.person(session, last_name="Mien"))
    theirs = factories.accompaniment(session, other, factories.person(session, last_name="Autre"))
    planned = {"held_at": None, "status": "prevu", "synthesis": SECRET}
    contacts = {
        "mine": factories.contact(session, mine, TODAY_10, **planned),
        "mine_phone": factories.contact(
            session, mine, TODAY_10 + timedelta(hours=2), mode="telephone", **planned
        ),
        "theirs": factories.contact(session, theirs, TODAY_10 + timedelta(hours=1), **planned),
        "tomorrow": factories.contact(session, mine, TODAY_10 + timedelta(days=1), **planned),
    }
    return me, other, mine, theirs, contacts


def mark(client, token, contact, value, version=None):
    return client.post(
        "/console/entretiens/marquer",
        data={
            "csrf_token": token,
            "contact_id": contact.id,
            "version": contact.version if version is None else version,
            "mark": value,
            "jour": DAY,
        },
        follow_redirects=True,
    )


def test_counsellor_sees_and_marks_only_their_caseload(client, session, login, caseloads):
    me, _other, _mine, _theirs, contacts = caseloads
    token = login(me)
    html = unescape(client.get("/console/entretiens/").get_data(as_text=True))
    assert "MIEN Élodie" in html and "AUTRE" not in html
    assert html.count('id="contact-') == 2  # today only, own caseload
    assert SECRET not in html
    response = mark(client, token, contacts["mine"], "honore_signe")
    assert "Entretien de MIEN Élodie : prévu → honoré, signé." in unescape(
        response.get_data(as_text=True)
    )
    session.expire_all()
    contact = session.get(Contact, contacts["mine"].id)
    assert (contact.status, contact.signed, contact.held_at) == ("honore", True, TODAY_10)
    log = session.scalars(select(AuditLog).where(AuditLog.action == "contact_mark")).one()
    assert (log.entity, log.entity_id, log.detail) == (
        "Contact",
        contact.id,
        "prévu → honoré, signé",
    )
    # Another counsellor's appointment cannot be marked.
    assert mark(client, token, contacts["theirs"], "honore").status_code == 404
    session.expire_all()
    assert session.get(Contact, contacts["theirs"].id).status == "prevu"


def test_backoffice_marks_everyone_without_seeing_syntheses(client, session, login, caseloads):
    _me, _other, _mine, _theirs, contacts = caseloads
    token = login(factories.user(session, Role.BACKOFFICE))
    html = unescape(client.get(f"/console/entretiens/?jour={DAY}").get_data(as_text=True))
    assert "MIEN Élodie" in html and "AUTRE Élodie" in html
    assert "Claire Conseil" in html and "Karim Conseil" in html
    assert SECRET not in html
    mark(client, token, contacts["theirs"], "absent_excuse")
    mark(client, token, contacts["mine_phone"], "reporte")
    session.expire_all()
    assert session.get(Contact, contacts["theirs"].id).status == "absent_excuse"
    assert session.get(Contact, contacts["mine_phone"].id).status == "reporte"
    history = unescape(
        client.get(
            f"/console/emargement/personne/{contacts['theirs'].accompaniment.person_id}"
        ).get_data(as_text=True)
    )
    assert "Absent excusé" in history and SECRET not in history


def test_stale_or_invalid_marks_are_refused(client, session, login, caseloads):
    me, _other, _mine, _theirs, contacts = caseloads
    token = login(me)
    stale = contacts["mine"].version
    mark(client, token, contacts["mine"], "absent_non_excuse")
    response = mark(client, token, contacts["mine"], "honore", version=stale)
    assert "modifié par quelqu'un d'autre" in unescape(response.get_data(as_text=True))
    response = mark(client, token, contacts["tomorrow"], "honore")
    assert "Un entretien à venir ne peut pas être marqué honoré." in unescape(
        response.get_data(as_text=True)
    )
    response = mark(client, token, contacts["mine"], "annule")
    assert "Choisissez honoré" in unescape(response.get_data(as_text=True))
    session.expire_all()
    assert session.get(Contact, contacts["mine"].id).status == "absent_non_excuse"
    assert session.get(Contact, contacts["tomorrow"].id).status == "prevu"


def test_funder_reads_the_day_but_cannot_mark(client, session, login, caseloads):
    *_, contacts = caseloads
    token = login(factories.user(session, Role.FUNDER))
    html = client.get(f"/console/entretiens/?jour={DAY}").get_data(as_text=True)
    assert "MIEN" in html and 'name="mark"' not in html
    assert mark(client, token, contacts["mine"], "honore").status_code == 403


def test_daily_print_sheet_lists_physical_interviews(client, session, login, caseloads):
    login(factories.user(session, Role.BACKOFFICE))
    html = unescape(client.get(f"/console/entretiens/imprimer?jour={DAY}").get_data(as_text=True))
    assert "Ensemble vers l'emploi — Entreprendre Ensemble — Département du Nord / FSE+" in html
    assert f"Journée du {DAY}" in html
    assert html.index("MIEN") < html.index("AUTRE")  # by time: 10:00 then 11:00
    assert html.count('<td class="signature"></td>') == 2  # the phone call needs no signature


def test_bad_day_is_a_french_message(client, session, login, caseloads):
    login(factories.user(session, Role.MANAGER))
    response = client.get("/console/entretiens/?jour=32/13/2026")
    assert response.status_code == 200
    assert "Date invalide : écrivez-la JJ/MM/AAAA." in response.get_data(as_text=True)


def test_person_history_scoped_and_linked(client, session, login, ref, caseloads):
    me, _other, mine, theirs, contacts = caseloads
    ws = factories.workshop_session(
        session, ref["workshop"], starts_at=datetime(2026, 11, 5, 9, 30)
    )
    factories.attendance(session, ws, mine.person, status="present", signed=True)
    login(me)
    html = unescape(
        client.get(f"/console/emargement/personne/{mine.person_id}").get_data(as_text=True)
    )
    sessions = html[html.index('id="person-sessions"') : html.index('id="person-interviews"')]
    assert "05/11/2026 09:30" in sessions and "Présent" in sessions
    interviews = html[html.index('id="person-interviews"') :]
    assert interviews.count("<tr>") == 4  # header + 3 appointments of this person
    assert SECRET not in html
    assert client.get(f"/console/emargement/personne/{theirs.person_id}").status_code == 404
    log = session.scalars(
        select(AuditLog).where(AuditLog.action == "read", AuditLog.person_id == mine.person_id)
    ).one()
    assert log.detail == "historique d'émargement"
    # Reachable from the people and accompaniment lists.
    link = f"/console/emargement/personne/{mine.person_id}"
    assert link in client.get("/console/person/").get_data(as_text=True)
    assert link in client.get("/console/accompaniment/").get_data(as_text=True)
    assert contacts  # fixture used


@pytest.mark.parametrize("size", [3, 30])
def test_day_statements_do_not_grow(client, session, login, ref, count_queries, size):
    login(factories.user(session, Role.MANAGER))
    counsellor = factories.user(session, Role.COUNSELLOR)
    for i in range(size):
        acc = factories.accompaniment(session, counsellor)
        factories.contact(
            session, acc, TODAY_10 + timedelta(minutes=i), held_at=None, status="prevu"
        )
    with count_queries() as counter:
        html = client.get(f"/console/entretiens/?jour={DAY}").get_data(as_text=True)
    assert html.count('id="contact-') == size
    assert counter.count == 2  # the logged-in user, the day's appointments
