"""Bad inputs tried: each asserts the French message or status, and that nothing was written.

HTML/JS in every text field, IDOR by URL (details, edit, delete, inline edit, relation
lookups, right of access), CSRF on every POST, open redirect. Bad values (over-long, NUL bytes,
impossible dates, extra fields, counsellor deletion) are in test_bad_values.py.
"""

from __future__ import annotations

import pytest
from sqlalchemy import String, Text, func, inspect, select

from schema import AuditLog, Contact
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
    "cer_pending_reason",
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
