"""Bad inputs tried: each asserts the French message or status, and that nothing was written.

HTML/JS in every text field, IDOR by URL (details, edit, delete, inline edit, relation
lookups, right of access), CSRF on every POST, open redirect, counsellor deletion, over-long
values, NUL bytes, impossible dates, extra fields for columns the role may not change.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import String, Text, func, inspect, select

from schema import Accompaniment, AuditLog, Cer, Contact, Counsellor, Person
from schema.enums import Role
from tests import factories
from tests.security.records import (
    REFERENCE_ENDPOINTS,
    current,
    editor_role,
    form_values,
    world,
)

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
RAW = ("<script>alert", "<img src=x")
# Columns whose value is constrained (format, enumeration, computed): not free text.
NOT_FREE = {
    "search_key",
    "postal_code",
    "siret",
    "rome_code",
    "password_hash",
    "session_token",
    "role",
    "sex",
    "caf_role",
    "nationality_group",
    "disability",
    "labour_status",
    "status",
    "phase",
    "kind",
    "mode",
    "intensity",
    "channel",
    "category",
    "cite_bucket",
    "situation_4_weeks",
    "situation_6_months",
    "code",
    "email",
}
SCOPED = (
    "person",
    "orientation",
    "accompaniment",
    "contact",
    "cer",
    "diagnostic",
    "diagnostic_barrier",
    "plan_item",
    "action",
    "outcome",
    "attendance",
    "positioning",
    "training",
)
VIEWS = (
    *SCOPED,
    "workshop_session",
    "opportunity",
    "employer",
    "event",
    *REFERENCE_ENDPOINTS,
    "user",
    "counsellor",
)


def _poison(record) -> list[str]:
    """Put the payload in every free-text column of the record; returns their names."""
    names = []
    for column in inspect(type(record)).columns:
        if column.key in NOT_FREE or column.foreign_keys or column.primary_key:
            continue
        if isinstance(column.type, String | Text):
            length = getattr(column.type, "length", None) or len(PAYLOAD)
            setattr(record, column.key, PAYLOAD[:length])
            names.append(column.key)
    return names


@pytest.mark.parametrize("endpoint", VIEWS)
def test_html_in_every_text_field_is_escaped(client, session, login, ref, endpoint):
    records = world(session, ref)
    record = records[endpoint]
    poisoned = _poison(record)
    session.flush()
    login(factories.user(session, editor_role(endpoint)))
    pages = [
        client.get(f"/console/{endpoint}/").get_data(as_text=True),
        client.get(f"/console/{endpoint}/details/?id={record.id}").get_data(as_text=True),
        client.get(f"/console/{endpoint}/edit/?id={record.id}").get_data(as_text=True),
    ]
    for page in pages:
        assert not any(raw in page for raw in RAW), endpoint
    if poisoned:
        assert "&lt;script&gt;alert" in pages[1] or "&lt;script&gt;" in pages[2], poisoned


def test_html_in_names_of_related_records_is_escaped(client, session, login, ref):
    records = world(session, ref)
    person = records["person"]
    person.last_name, person.first_name = PAYLOAD[:100], PAYLOAD[:100]
    session.flush()
    login(factories.user(session, Role.MANAGER))
    for endpoint in ("accompaniment", "contact", "cer", "attendance", "orientation"):
        page = client.get(f"/console/{endpoint}/").get_data(as_text=True)
        assert not any(raw in page for raw in RAW), endpoint
        assert "&lt;SCRIPT&gt;ALERT" in page or "&lt;script&gt;alert" in page, endpoint


def test_html_in_search_filters_and_flash_messages_is_escaped(client, session, login, ref):
    login(factories.user(session, Role.MANAGER))
    for url in (
        f"/console/person/?search={PAYLOAD}",
        f"/console/person/?flt0_commune_equals={PAYLOAD}",
        f"/console/audit_log/?flt0_personne_n_equals={PAYLOAD}",  # invalid value: flashed
        f"/console/audit_log/?flt0_date_partir_du={PAYLOAD}",
    ):
        page = client.get(url).get_data(as_text=True)
        if "audit_log" in url:
            page += client.get("/console/audit_log/").get_data(as_text=True)
        assert not any(raw in page for raw in RAW), url
        assert "&lt;script&gt;" in page, url


def test_html_in_login_email_is_escaped(client):
    from tests.conftest import csrf_from

    token = csrf_from(client.get("/connexion").get_data(as_text=True))
    page = client.post(
        "/connexion", data={"email": PAYLOAD, "password": "x", "csrf_token": token}
    ).get_data(as_text=True)
    assert not any(raw in page for raw in RAW)


# --- IDOR -------------------------------------------------------------------------------


@pytest.fixture
def intruder(client, session, login, ref):
    """Another counsellor's records, and a logged-in counsellor who does not follow them."""
    records = world(session, ref)
    me = factories.user(session, Role.COUNSELLOR)
    factories.accompaniment(session, me)
    token = login(me)
    return records, token


@pytest.mark.parametrize("endpoint", SCOPED)
def test_other_caseload_unreachable_by_url(client, session, intruder, endpoint):
    records, token = intruder
    record = records[endpoint]
    version = record.version
    for path in ("details", "edit"):
        response = client.get(f"/console/{endpoint}/{path}/?id={record.id}")
        assert response.status_code in (302, 403, 404), (endpoint, path)
        assert "Point sur la recherche" not in response.get_data(as_text=True)
    values = {"csrf_token": token, "version_token": str(version), "last_name": "Pirate"}
    client.post(f"/console/{endpoint}/edit/?id={record.id}", data=values)
    client.post(f"/console/{endpoint}/delete/", data={"id": record.id, "csrf_token": token})
    stored = current(session, record)
    assert stored is not None and stored.version == version, endpoint
    reads = session.scalar(
        select(func.count()).where(AuditLog.action == "read", AuditLog.entity_id == record.id)
    )
    assert reads == 0


def test_relation_lookups_and_inline_edit_scoped(client, session, intruder):
    records, token = intruder
    other_person = records["person"]
    for endpoint, name in (
        ("contact", "accompaniment"),
        ("attendance", "person"),
        ("orientation", "person"),
        ("plan_item", "diagnostic"),
        ("positioning", "accompaniment"),
    ):
        response = client.get(
            f"/console/{endpoint}/ajax/lookup/?name={name}&query={other_person.last_name[:4]}"
        )
        assert response.status_code == 200
        assert other_person.last_name not in response.get_data(as_text=True), endpoint
    # Posting another caseload's id into a relation field is refused (the picker finds nothing).
    response = client.post(
        "/console/contact/new/",
        data={
            "accompaniment": records["accompaniment"].id,
            "planned_at": "20/11/2026 10:00",
            "mode": "telephone",
            "status": "prevu",
            "csrf_token": token,
        },
    )
    assert response.status_code == 200
    assert (
        session.scalar(
            select(func.count()).where(Contact.accompaniment_id == records["accompaniment"].id)
        )
        == 1
    )
    family = records["ref_barrier"]
    response = client.post(
        "/console/ref_barrier/ajax/update/",
        data={"list_form_pk": family.id, "label": "Piraté", "csrf_token": token},
    )
    assert response.status_code == 403
    assert current(session, family).label != "Piraté"
    assert client.get(f"/console/droit-acces/?id={other_person.id}").status_code == 403


# --- CSRF -------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", VIEWS)
def test_every_console_post_needs_csrf(client, session, login, ref, endpoint):
    records = world(session, ref)
    record = records[endpoint]
    login(factories.user(session, editor_role(endpoint)))
    values = form_values(
        client.get(f"/console/{endpoint}/edit/?id={record.id}").get_data(as_text=True)
    )
    values.pop("csrf_token")
    version = record.version
    assert client.post(f"/console/{endpoint}/edit/?id={record.id}", data=values).status_code == 400
    assert client.post(f"/console/{endpoint}/new/", data=values).status_code == 400
    assert client.post(f"/console/{endpoint}/delete/", data={"id": record.id}).status_code == 400
    assert (
        client.post(
            f"/console/{endpoint}/action/", data={"action": "delete", "rowid": record.id}
        ).status_code
        == 400
    )
    assert current(session, record).version == version


def test_other_posts_need_csrf(client, session, login):
    user = factories.user(session, Role.ADMIN)
    assert (
        client.post(
            "/connexion", data={"email": user.email, "password": factories.PASSWORD}
        ).status_code
        == 400
    )
    login(user)
    assert client.post("/deconnexion").status_code == 400
    assert client.post("/console/mot-de-passe/", data={"current_password": "x"}).status_code == 400
    assert (
        client.post(
            "/console/ref_barrier/ajax/update/", data={"list_form_pk": 1, "label": "x"}
        ).status_code
        == 400
    )


# --- Open redirect ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/console/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://localhost.evil.example/",
        "https:/evil.example",
    ],
)
def test_login_next_never_leaves_the_site(client, session, target):
    from tests.conftest import csrf_from

    user = factories.user(session, Role.MANAGER)
    token = csrf_from(client.get("/connexion").get_data(as_text=True))
    response = client.post(
        "/connexion",
        query_string={"next": target},
        data={"email": user.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert response.headers["Location"] in ("/console/", "http://localhost/console/")


def test_login_next_inside_the_site_is_followed(client, session):
    from tests.conftest import csrf_from

    user = factories.user(session, Role.MANAGER)
    token = csrf_from(client.get("/connexion").get_data(as_text=True))
    response = client.post(
        "/connexion?next=/console/person/",
        data={"email": user.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/console/person/"


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
            "mode": "telephone",
            "status": "prevu",
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
    assert date.today()  # keeps the import used when run alone
