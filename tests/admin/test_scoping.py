"""A counsellor reaches only their own caseload, whatever the URL."""

from __future__ import annotations

import json

import pytest

from schema import Accompaniment, Contact, Diagnostic, Person
from schema.enums import Role
from tests import factories


@pytest.fixture
def two_caseloads(session, ref):
    me = factories.user(session, Role.COUNSELLOR, full_name="Moi Conseillère")
    other = factories.user(session, Role.COUNSELLOR, full_name="Autre Conseiller")
    mine = factories.accompaniment(session, me, factories.person(session, last_name="Mienne"))
    theirs = factories.accompaniment(session, other, factories.person(session, last_name="Autrui"))
    return {
        "me": me,
        "mine": mine,
        "theirs": theirs,
        "my_contact": factories.contact(session, mine),
        "their_contact": factories.contact(session, theirs),
        "my_diag": factories.diagnostic(session, mine),
        "their_diag": factories.diagnostic(session, theirs),
    }


def test_lists_hold_only_my_caseload(client, login, two_caseloads):
    login(two_caseloads["me"])
    for endpoint in ("person", "accompaniment", "contact", "diagnostic"):
        page = client.get(f"/console/{endpoint}/").get_data(as_text=True)
        assert "Mienne" in page or "mienne" in page.lower(), endpoint
        assert "autrui" not in page.lower(), endpoint


@pytest.mark.parametrize(
    ("endpoint", "key"),
    [
        ("person", "theirs.person"),
        ("accompaniment", "theirs"),
        ("contact", "their_contact"),
        ("diagnostic", "their_diag"),
    ],
)
def test_other_caseload_unreachable_by_url(client, session, login, two_caseloads, endpoint, key):
    token = login(two_caseloads["me"])
    record = two_caseloads[key.split(".")[0]]
    if key.endswith(".person"):
        record = record.person
    record_id = record.id
    for path in ("details", "edit"):
        response = client.get(f"/console/{endpoint}/{path}/?id={record_id}")
        # Flask-Admin redirects with "Record does not exist" rather than showing the record.
        assert response.status_code in (302, 404)
        assert "autrui" not in response.get_data(as_text=True).lower()
    client.post(f"/console/{endpoint}/delete/", data={"id": record_id, "csrf_token": token})
    client.post(
        f"/console/{endpoint}/action/",
        data={"action": "delete", "rowid": [record_id], "csrf_token": token},
    )
    session.expire_all()
    model = {
        "person": Person,
        "accompaniment": Accompaniment,
        "contact": Contact,
        "diagnostic": Diagnostic,
    }[endpoint]
    assert session.get(model, record_id) is not None


def test_cannot_edit_other_caseload_by_post(client, session, login, two_caseloads):
    token = login(two_caseloads["me"])
    theirs = two_caseloads["theirs"].person
    response = client.post(
        f"/console/person/edit/?id={theirs.id}",
        data={"last_name": "Piraté", "first_name": "X", "csrf_token": token},
    )
    assert response.status_code in (302, 404)
    session.expire_all()
    assert session.get(Person, theirs.id).last_name == "Autrui"


def test_relation_picker_offers_only_my_people(client, login, two_caseloads):
    login(two_caseloads["me"])
    for name in ("accompaniment",):
        response = client.get(f"/console/contact/ajax/lookup/?name={name}&query=a")
        assert response.status_code == 200
        labels = " ".join(label for _id, label in json.loads(response.data)).lower()
        assert "autrui" not in labels
    response = client.get("/console/orientation/ajax/lookup/?name=person&query=m")
    labels = " ".join(label for _id, label in json.loads(response.data)).lower()
    assert "mienne" in labels and "autrui" not in labels


def test_contact_for_other_caseload_refused(client, session, login, two_caseloads):
    token = login(two_caseloads["me"])
    theirs = two_caseloads["theirs"]
    before = session.query(Contact).filter_by(accompaniment_id=theirs.id).count()
    response = client.post(
        "/console/contact/new/",
        data={
            "accompaniment": theirs.id,
            "planned_at": "20/11/2026 10:00",
            "mode": "telephone",
            "status": "prevu",
            "csrf_token": token,
        },
    )
    assert response.status_code == 200  # the form comes back with an error
    assert session.query(Contact).filter_by(accompaniment_id=theirs.id).count() == before


def test_inline_edit_is_scoped(client, session, login, ref):
    """ajax/update on a reference list is admin-only; others get 403."""
    counsellor = factories.user(session, Role.COUNSELLOR)
    token = login(counsellor)
    response = client.post(
        "/console/ref_barrier/ajax/update/",
        data={"list_form_pk": 1, "label": "x", "csrf_token": token},
    )
    assert response.status_code == 403


def test_counsellor_cannot_reassign(client, session, login, two_caseloads):
    token = login(two_caseloads["me"])
    mine = two_caseloads["mine"]
    other_counsellor_id = two_caseloads["theirs"].counsellor_id
    client.post(
        f"/console/accompaniment/edit/?id={mine.id}",
        data={
            "counsellor": other_counsellor_id,
            "csrf_token": token,
            "status": "actif",
            "phase": "orientation",
            "person": mine.person_id,
            "entry_date": "10/10/2026",
        },
    )
    session.expire_all()
    assert session.get(Accompaniment, mine.id).counsellor_id == mine.counsellor_id
