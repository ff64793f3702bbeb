"""The person's page lists the "Éléments à compléter" (sex unknown after an import, …)."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from schema import EducationLevel, HousingSituation, Person
from schema.enums import Role
from tests import factories


def _section(client, person) -> str | None:
    page = html.unescape(client.get(f"/console/person/details/?id={person.id}").get_data(True))
    found = re.search(r'<section[^>]*id="person-to-complete">(.*?)</section>', page, re.S)
    return found.group(1) if found else None


def test_person_page_lists_the_items_to_complete(client, session, ref, login):
    counsellor = factories.user(session, Role.COUNSELLOR)
    person = factories.person(session, sex=None, phone=None)
    factories.accompaniment(session, counsellor, person, entry=None)
    login(factories.user(session, Role.MANAGER))
    section = _section(client, person)
    assert section is not None and "Éléments à compléter" in section
    assert re.findall(r"<li>(.*?)</li>", section) == [
        "Sexe non renseigné",
        "Niveau de formation",
        "Situation de logement",
        "Téléphone ou e-mail",
    ]


def test_complete_person_has_no_such_section(client, session, ref, login):
    counsellor = factories.user(session, Role.COUNSELLOR)
    person = factories.person(
        session,
        education_level_id=session.scalars(select(EducationLevel.id)).first(),
        housing_situation_id=session.scalars(select(HousingSituation.id)).first(),
    )
    factories.accompaniment(session, counsellor, person)
    login(counsellor)
    assert _section(client, person) is None


def test_person_form_accepts_an_unknown_sex_and_completes_it(client, session, ref, login):
    person = factories.person(session, sex=None, last_name="Martin")
    token = login(factories.user(session, Role.MANAGER))
    url = f"/console/person/edit/?id={person.id}"
    assert client.get(url).status_code == 200
    data = {
        "last_name": "Martin",
        "first_name": "Élodie",
        "sex": "__None",  # the select's blank option
        "birth_date": "14/03/1985",
        "nationality_group": "francaise",
        "disability": "non",
        "labour_status": "chomeur",
        "children_under_6": "0",
        "version_token": str(person.version),
        "csrf_token": token,
    }
    assert client.post(url, data=data).status_code == 302
    session.expire_all()
    person = session.get(Person, person.id)
    assert person.sex is None
    data.update(sex="X", version_token=str(person.version))
    assert client.post(url, data=data).status_code == 302
    session.expire_all()
    assert session.get(Person, person.id).sex == "X"


def test_people_list_filters_the_sex_to_complete(client, session, ref, login):
    factories.person(session, sex=None, last_name="Inconnu")
    factories.person(session, sex="F", last_name="Connue")
    login(factories.user(session, Role.MANAGER))
    page = client.get("/console/person/?flt0_sexe_empty=1").get_data(as_text=True)
    assert "Inconnu" in page and "Connue" not in page
    page = client.get("/console/person/?flt0_sexe_empty=0").get_data(as_text=True)
    assert "Connue" in page and "Inconnu" not in page


def test_sex_not_equal_filter_keeps_the_unknown(client, session, ref, login):
    factories.person(session, sex=None, last_name="Inconnu")
    factories.person(session, sex="F", last_name="Connue")
    factories.person(session, sex="H", last_name="Connu")
    login(factories.user(session, Role.MANAGER))
    page = client.get("/console/person/?flt0_sexe_not_equal=F").get_data(as_text=True)
    assert set(re.findall(r"\b(Inconnu|Connue|Connu)\b", page)) == {"Inconnu", "Connu"}
