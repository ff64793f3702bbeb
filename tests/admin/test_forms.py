"""Forms: CSRF, French messages for violated constraints, the user's input kept."""

from __future__ import annotations

from schema import Accompaniment, Contact, Person
from schema.enums import Role
from tests import factories


def test_post_without_csrf_is_refused_and_changes_nothing(client, session, login, ref):
    counsellor = factories.user(session, Role.COUNSELLOR)
    acc = factories.accompaniment(session, counsellor)
    login(counsellor)
    before = session.query(Contact).count()
    response = client.post(
        "/console/contact/new/",
        data={
            "accompaniment": acc.id,
            "planned_at": "20/11/2026 10:00",
            "mode": "telephone",
            "status": "prevu",
        },
    )
    assert response.status_code == 400
    assert session.query(Contact).count() == before
    response = client.post("/console/person/delete/", data={"id": acc.person_id})
    assert response.status_code == 400
    assert session.get(Person, acc.person_id) is not None


def test_logout_requires_csrf(client, session, login):
    login(factories.user(session, Role.MANAGER))
    assert client.post("/deconnexion").status_code == 400
    assert client.get("/console/person/").status_code == 200


def test_counsellor_creates_contact_through_form(client, session, login, ref):
    counsellor = factories.user(session, Role.COUNSELLOR)
    acc = factories.accompaniment(session, counsellor)
    token = login(counsellor)
    response = client.post(
        "/console/contact/new/",
        data={
            "accompaniment": acc.id,
            "planned_at": "20/11/2026 10:00",
            "held_at": "20/11/2026 10:05",
            "mode": "telephone",
            "status": "honore",
            "synthesis": "Appel de suivi.",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    contact = session.query(Contact).filter_by(accompaniment_id=acc.id).one()
    assert contact.mode == "telephone" and contact.created_by_id == counsellor.id
    listing = client.get("/console/contact/").get_data(as_text=True)
    assert "20/11/2026 10:00" in listing


def test_second_open_accompaniment_refused_in_french(client, session, login, ref):
    manager = factories.user(session, Role.MANAGER)
    acc = factories.accompaniment(session, factories.user(session, Role.COUNSELLOR))
    token = login(manager)
    response = client.post(
        "/console/accompaniment/new/",
        data={
            "person": acc.person_id,
            "status": "a_contacter",
            "phase": "orientation",
            "csrf_token": token,
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "déjà un accompagnement en cours" in page
    assert session.query(Accompaniment).filter_by(person_id=acc.person_id).count() == 1


def test_exit_before_entry_refused_in_french(client, session, login, ref):
    manager = factories.user(session, Role.MANAGER)
    acc = factories.accompaniment(session, factories.user(session, Role.COUNSELLOR))
    token = login(manager)
    response = client.post(
        f"/console/accompaniment/edit/?id={acc.id}",
        data={
            "person": acc.person_id,
            "counsellor": acc.counsellor_id,
            "status": "clos",
            "phase": "orientation",
            "entry_date": "10/10/2026",
            "exit_date": "01/10/2026",
            "exit_reason": ref["exit_reason"].id,
            "follow_ups": "Suites à donner",
            "csrf_token": token,
            "version_token": str(acc.version),
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "La date de sortie ne peut pas précéder la date d" in page
    assert "Suites à donner" in page  # what the user typed is still on screen
    session.expire_all()
    assert session.get(Accompaniment, acc.id).status == "actif"


def test_duplicate_attendance_refused_in_french(client, session, login, ref):
    manager = factories.user(session, Role.MANAGER)
    acc = factories.accompaniment(session, factories.user(session, Role.COUNSELLOR))
    ws = factories.workshop_session(session, ref["workshop"])
    factories.attendance(session, ws, acc.person)
    token = login(manager)
    response = client.post(
        "/console/attendance/new/",
        data={"session": ws.id, "person": acc.person_id, "status": "inscrit", "csrf_token": token},
    )
    assert response.status_code == 200
    assert "déjà inscrite à cette séance" in response.get_data(as_text=True)


def test_stale_edit_refused_and_input_kept(client, session, login, ref):
    manager = factories.user(session, Role.MANAGER)
    person = factories.person(session, last_name="Martin")
    token = login(manager)
    stale_version = person.version
    person.commune = "Gravelines"  # someone else saves first
    session.flush()
    response = client.post(
        f"/console/person/edit/?id={person.id}",
        data={
            "last_name": "Martin-Leroy",
            "first_name": "Élodie",
            "sex": "F",
            "birth_date": "14/03/1985",
            "nationality_group": "francaise",
            "disability": "non",
            "labour_status": "chomeur",
            "children_under_6": "0",
            "version_token": str(stale_version),
            "csrf_token": token,
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (
        "modifié par quelqu&#39;un d&#39;autre" in page or "modifié par quelqu'un d'autre" in page
    )
    assert "Martin-Leroy" in page
    session.expire_all()
    assert session.get(Person, person.id).last_name == "Martin"


def test_nul_byte_refused(client, session, login, ref):
    token = login(factories.user(session, Role.MANAGER))
    response = client.post(
        "/console/person/new/",
        data={
            "last_name": "Nul\x00",
            "first_name": "Octet",
            "sex": "F",
            "birth_date": "01/01/1990",
            "nationality_group": "francaise",
            "disability": "non",
            "labour_status": "chomeur",
            "children_under_6": "0",
            "csrf_token": token,
        },
    )
    assert response.status_code == 200
    assert "caractère invalide" in response.get_data(as_text=True)
    assert session.query(Person).filter(Person.first_name == "Octet").count() == 0


def test_invalid_form_message_is_french(client, session, login, ref):
    token = login(factories.user(session, Role.MANAGER))
    response = client.post("/console/person/new/", data={"csrf_token": token, "last_name": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "corrigez les champs signalés" in page
    assert "Failed to create record" not in page
