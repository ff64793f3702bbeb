"""Every console view × every role × expected status."""

from __future__ import annotations

import pytest

from schema.enums import Role
from tests import factories

A, M, C, B, F = Role.ADMIN, Role.MANAGER, Role.COUNSELLOR, Role.BACKOFFICE, Role.FUNDER
ALL = (A, M, C, B, F)

# endpoint -> roles that may read its list
READERS = {
    "person": (M, C, B, F),
    "orientation": (M, C, B, F),
    "accompaniment": (M, C, B, F),
    "contact": (M, C, B, F),
    "cer": (M, C, F),
    "diagnostic": (M, C),
    "diagnostic_barrier": (M, C),
    "plan_item": (M, C),
    "action": (M, C, F),
    "outcome": (M, C, F),
    "workshop_session": (M, C, B, F),
    "attendance": (M, C, B, F),
    "opportunity": (M, C, F),
    "employer": (M, C, F),
    "event": (M, C, F),
    "positioning": (M, C, F),
    "training": (M, C, F),
    "ref_barrier": (A, M),
    "ref_exit_reason": (A, M),
    "ref_contract": (A, M),
    "ref_education": (A, M),
    "ref_path": (A, M),
    "ref_housing": (A, M),
    "ref_training_scheme": (A, M),
    "ref_rome": (A, M),
    "ref_workshop": (A, M),
    "user": (A,),
    "counsellor": (A, M),
    "audit_log": (A, M),
    # custom pages
    "agenda": (M, C, B),
    "horaires": (M,),
    "messages": (M, C, B),
}
# endpoint -> roles that may open the creation form
CREATORS = {
    "person": (M, C, B),
    "orientation": (M, C),
    "accompaniment": (M, C),
    "contact": (M, C, B),
    "cer": (M, C),
    "diagnostic": (M, C),
    "action": (M, C),
    "workshop_session": (M, C, B),
    "attendance": (M, C, B),
    "opportunity": (M, C),
    "training": (M, C),
    "ref_barrier": (A,),
    "ref_exit_reason": (A,),
    "user": (A,),
    "counsellor": (A,),
    "audit_log": (),
    "messages": (),
}


@pytest.mark.parametrize("endpoint", sorted(READERS))
def test_anonymous_is_sent_to_login(client, endpoint):
    response = client.get(f"/console/{endpoint}/")
    assert response.status_code == 302
    assert "/connexion" in response.headers["Location"]


@pytest.mark.parametrize("role", ALL)
@pytest.mark.parametrize("endpoint", sorted(READERS))
def test_list_view_by_role(client, session, login, ref, endpoint, role):
    login(factories.user(session, role))
    response = client.get(f"/console/{endpoint}/")
    expected = 200 if role in READERS[endpoint] else 403
    assert response.status_code == expected, response.get_data(as_text=True)[-1500:]


@pytest.mark.parametrize("role", ALL)
@pytest.mark.parametrize("endpoint", sorted(CREATORS))
def test_create_form_by_role(client, session, login, ref, endpoint, role):
    login(factories.user(session, role))
    response = client.get(f"/console/{endpoint}/new/")
    expected = 200 if role in CREATORS[endpoint] else 403
    assert response.status_code == expected


@pytest.mark.parametrize("role", ALL)
def test_home_page_for_every_role(client, session, login, role):
    login(factories.user(session, role))
    response = client.get("/console/", follow_redirects=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Se déconnecter" in html
    landing = {C: "Mon portefeuille", M: "Tableau de bord du programme"}
    landing[F] = landing[M]
    assert landing.get(role, "Bonjour") in html


@pytest.mark.parametrize("role", ALL)
def test_agenda_menu_links(client, session, login, role):
    login(factories.user(session, role))
    html = client.get("/console/", follow_redirects=True).get_data(as_text=True)
    assert ('href="/console/agenda/"' in html) == (role in READERS["agenda"])
    assert ('href="/console/horaires/"' in html) == (role in READERS["horaires"])


def test_funder_cannot_change_anything(client, session, login, ref):
    counsellor = factories.user(session, C)
    acc = factories.accompaniment(session, counsellor)
    token = login(factories.user(session, F))
    assert client.get(f"/console/person/edit/?id={acc.person_id}").status_code == 403
    response = client.post(
        f"/console/person/edit/?id={acc.person_id}",
        data={"last_name": "Pirate", "csrf_token": token},
    )
    assert response.status_code == 403
    response = client.post(
        "/console/person/delete/", data={"id": acc.person_id, "csrf_token": token}
    )
    assert response.status_code == 403
    session.expire_all()
    assert acc.person.last_name.startswith("Dupont")


def test_search_box_hint_is_french(client, session, login):
    login(factories.user(session, M))
    page = client.get("/console/accompaniment/").get_data(as_text=True)
    assert 'placeholder="Rechercher : nom et prénom, n° CAF"' in page
    assert "person.search_key" not in page
