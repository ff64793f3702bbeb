"""Bad values tried: counsellor deletion, over-long values, NUL bytes, impossible dates, extra
fields for columns the role may not change. Each asserts the French message and that nothing
was written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from schema import Accompaniment, Cer, Contact, Counsellor, Person
from schema.enums import Role
from tests import factories
from tests.security.records import current, form_values, world

# --- Deleting a counsellor who still has people -----------------------------------------


def test_counsellor_with_people_cannot_be_deleted(client, session, login, ref):
    counsellor = factories.user(session, Role.COUNSELLOR)
    factories.accompaniment(session, counsellor)
    profile = session.scalar(select(Counsellor).where(Counsellor.user_id == counsellor.id))
    token = login(factories.user(session, Role.ADMIN))
    response = client.post(
        "/console/counsellor/delete/",
        data={"id": profile.id, "csrf_token": token},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "1 accompagnement(s) lui sont rattachés" in response.get_data(as_text=True)
    assert current(session, profile) is not None

    idle = factories.user(session, Role.COUNSELLOR)
    idle_profile = session.scalar(select(Counsellor).where(Counsellor.user_id == idle.id))
    idle_profile.user_id = None
    session.flush()
    response = client.post(
        "/console/counsellor/delete/", data={"id": idle_profile.id, "csrf_token": token}
    )
    assert response.status_code == 302
    remaining = select(func.count()).where(Counsellor.id == idle_profile.id)
    assert session.scalar(remaining) == 0


def test_manager_cannot_delete_counsellors(client, session, login, ref):
    counsellor = factories.user(session, Role.COUNSELLOR)
    profile = session.scalar(select(Counsellor).where(Counsellor.user_id == counsellor.id))
    token = login(factories.user(session, Role.MANAGER))
    response = client.post(
        "/console/counsellor/delete/", data={"id": profile.id, "csrf_token": token}
    )
    assert response.status_code == 403


# --- Over-long values, NUL bytes, impossible dates --------------------------------------


def _person_form(token: str, **overrides: str) -> dict[str, str]:
    values = {
        "last_name": "Martin",
        "first_name": "Octave",
        "sex": "H",
        "birth_date": "01/01/1990",
        "nationality_group": "francaise",
        "disability": "non",
        "labour_status": "chomeur",
        "children_under_6": "0",
        "csrf_token": token,
    }
    values.update(overrides)
    return values


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"last_name": "M" * 101}, "ne peut pas contenir plus de 100 caractères"),
        ({"email": "a" * 250 + "@x.fr"}, "ne peut pas contenir plus de 254 caractères"),
        ({"first_name": "Oct\x00ave"}, "caractère invalide"),
        ({"commune": "Dunk\x00erque"}, "caractère invalide"),
        ({"birth_date": "31/02/1990"}, "N&#39;est pas une date valide"),
        ({"birth_date": "00/13/1990"}, "N&#39;est pas une date valide"),
        ({"rsa_since": "2026-02-30"}, "N&#39;est pas une date valide"),
        ({"children_under_6": "-1"}, "Le nombre d&#39;enfants ne peut pas être négatif"),
        ({"postal_code": "591"}, "Le code postal doit comporter 5 chiffres"),
        ({"sex": "Z"}, "N&#39;est pas un choix valide"),
    ],
)
def test_bad_person_values_refused(client, session, login, overrides, message):
    token = login(factories.user(session, Role.MANAGER))
    response = client.post("/console/person/new/", data=_person_form(token, **overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert session.scalar(select(func.count()).where(Person.first_name.like("Oct%"))) == 0


@pytest.mark.parametrize(
    ("endpoint", "field", "value", "message"),
    [
        ("contact", "synthesis", "s" * 4001, "plus de 4000 caractères"),
        ("contact", "synthesis", "ok\x00", "caractère invalide"),
        ("contact", "held_at", "32/10/2026 10:00", "date"),
        ("cer", "objectives", "o" * 4001, "plus de 4000 caractères"),
        ("cer", "objectives", "o\x00", "caractère invalide"),
        ("cer", "signed_on", "29/02/2026", "N&#39;est pas une date valide"),
        ("diagnostic", "skills", "c" * 4001, "plus de 4000 caractères"),
        ("accompaniment", "follow_ups", "f" * 4001, "plus de 4000 caractères"),
    ],
)
def test_bad_values_in_free_texts_and_dates_refused(
    client, session, login, ref, endpoint, field, value, message
):
    records = world(session, ref)
    record = records[endpoint]
    login(factories.user(session, Role.MANAGER))
    values = form_values(
        client.get(f"/console/{endpoint}/edit/?id={record.id}").get_data(as_text=True)
    )
    values[field] = value
    version = record.version
    response = client.post(f"/console/{endpoint}/edit/?id={record.id}", data=values)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert current(session, record).version == version


def test_free_texts_show_the_cnil_reminder(client, session, login, ref):
    records = world(session, ref)
    login(factories.user(session, Role.MANAGER))
    for endpoint in (
        "contact",
        "cer",
        "diagnostic",
        "diagnostic_barrier",
        "accompaniment",
        "action",
        "positioning",
    ):
        page = client.get(f"/console/{endpoint}/edit/?id={records[endpoint].id}")
        text = page.get_data(as_text=True)
        assert "pas de donnée de santé ni de jugement" in text, endpoint
        assert 'maxlength="' in text, endpoint


# --- Extra fields for columns the role may not change -----------------------------------


def test_extra_fields_are_ignored(client, session, login, ref):
    me = factories.user(session, Role.COUNSELLOR)
    other = factories.user(session, Role.COUNSELLOR)
    acc = factories.accompaniment(session, me)
    login(me)
    values = form_values(
        client.get(f"/console/accompaniment/edit/?id={acc.id}").get_data(as_text=True)
    )
    assert "counsellor" not in values
    values.update(
        counsellor=str(other.counsellor.id),
        version="99",
        created_at="01/01/2020 00:00",
        id="999999",
    )
    assert client.post(f"/console/accompaniment/edit/?id={acc.id}", data=values).status_code == 302
    stored = current(session, acc)
    assert stored.counsellor_id == me.counsellor.id and stored.id == acc.id
    assert stored.version == 2

    person_values = form_values(
        client.get(f"/console/person/edit/?id={acc.person_id}").get_data(as_text=True)
    )
    person_values.update(search_key="pirate", anonymised_at="01/01/2020 00:00", version="50")
    client.post(f"/console/person/edit/?id={acc.person_id}", data=person_values)
    person = current(session, acc.person)
    assert person.anonymised_at is None and person.search_key.startswith("dupont")


def test_backoffice_cannot_write_a_synthesis(client, session, login, ref):
    acc = factories.accompaniment(session, factories.user(session, Role.COUNSELLOR))
    token = login(factories.user(session, Role.BACKOFFICE))
    response = client.post(
        "/console/contact/new/",
        data={
            "accompaniment": acc.id,
            "planned_at": "20/11/2026 10:00",
            "held_at": "20/11/2026 10:00",
            "mode": "telephone",
            "status": "honore",
            "synthesis": "Texte que l'accueil ne doit pas écrire.",
            "created_by": "1",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    contact = session.scalars(select(Contact).where(Contact.accompaniment_id == acc.id)).one()
    assert contact.synthesis is None


def test_funder_posts_change_nothing(client, session, login, ref):
    acc = factories.accompaniment(session, factories.user(session, Role.COUNSELLOR))
    cer = factories.cer(session, acc, objectives="Objectifs.")
    token = login(factories.user(session, Role.FUNDER))
    response = client.post(
        f"/console/cer/edit/?id={cer.id}",
        data={"objectives": "Modifié", "csrf_token": token, "version_token": str(cer.version)},
    )
    assert response.status_code == 403
    assert session.get(Cer, cer.id).objectives == "Objectifs."
    assert session.scalar(select(func.count()).where(Accompaniment.id == acc.id)) == 1
