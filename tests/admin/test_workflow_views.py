"""Workflow buttons of the accompaniment page: roles, scoping, French refusals, audit."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from schema import Accompaniment, Action, AuditLog
from schema.enums import Role
from tests import factories
from tests.conftest import csrf_from

TODAY = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def frozen_today(app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", TODAY)


@pytest.fixture
def acc(session, counsellor):
    return factories.accompaniment(session, counsellor, entry=date(2026, 10, 10))


def post_step(client, acc, slug, data):
    page = client.get(f"/console/parcours/{acc.id}/{slug}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    return client.post(
        f"/console/parcours/{acc.id}/{slug}",
        data={"csrf_token": csrf_from(html), "version": version, **data},
    )


def test_pause_records_who_and_when(client, session, login, counsellor, acc):
    login(counsellor)
    response = post_step(
        client, acc, "mise-en-attente", {"start": "12/11/2026", "reason": "Hospitalisation"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/console/parcours/{acc.id}/")
    session.expire_all()
    assert session.get(Accompaniment, acc.id).status == "en_attente"
    pause = session.scalar(select(Action).where(Action.accompaniment_id == acc.id))
    assert (pause.kind, pause.start_date, pause.created_by_id) == (
        "mise_en_attente",
        date(2026, 11, 12),
        counsellor.id,
    )
    entry = session.scalar(select(AuditLog).where(AuditLog.action == "pause"))
    assert (entry.user_id, entry.entity_id, entry.person_id) == (
        counsellor.id,
        acc.id,
        acc.person_id,
    )
    assert entry.at is not None
    page = client.get(f"/console/parcours/{acc.id}/").get_data(as_text=True)
    assert "Accompagnement mis en attente." in page
    assert "Hospitalisation" in page
    assert f"/console/parcours/{acc.id}/reprise" in page
    assert f"/console/parcours/{acc.id}/mise-en-attente" not in page


def test_refusal_is_explained_and_input_kept(client, session, login, counsellor, acc):
    login(counsellor)
    response = post_step(
        client, acc, "mise-en-attente", {"start": "01/10/2026", "reason": "Garde d'enfant"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ne peut pas précéder l&#39;entrée dans le parcours (10/10/2026)" in html
    assert 'value="01/10/2026"' in html and "Garde d&#39;enfant" in html
    session.expire_all()
    assert session.get(Accompaniment, acc.id).status == "actif"
    assert session.scalar(select(AuditLog).where(AuditLog.action == "pause")) is None


def test_invalid_date_is_a_form_error(client, session, login, counsellor, acc):
    login(counsellor)
    response = post_step(client, acc, "mise-en-attente", {"start": "32/13/2026", "reason": "x"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "N&#39;est pas une date valide." in html or "date valide" in html


def test_close_requires_follow_ups(client, session, login, counsellor, acc, ref):
    login(counsellor)
    data = {
        "exit_date": "13/11/2026",
        "exit_reason": str(ref["exit_reason"].id),
        "situation": "emploi",
        "contract_type": "",
        "follow_ups": "",
    }
    response = post_step(client, acc, "cloture", data)
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.get_data(as_text=True)
    response = post_step(client, acc, "cloture", {**data, "follow_ups": "Atelier CV"})
    assert response.status_code == 302
    session.expire_all()
    closed = session.get(Accompaniment, acc.id)
    assert (closed.status, closed.follow_ups, closed.exit_date) == (
        "clos",
        "Atelier CV",
        date(2026, 11, 13),
    )
    assert session.scalar(select(AuditLog.user_id).where(AuditLog.action == "close")) == (
        counsellor.id
    )


def test_first_appointment_form(client, session, login, counsellor):
    waiting = factories.accompaniment(session, counsellor, d0=date(2026, 11, 2), entry=None)
    login(counsellor)
    response = post_step(
        client,
        waiting,
        "premier-rdv",
        {"held_at": "12/11/2026 09:30", "outcome": "cer", "weekly_hours": "20"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    session.expire_all()
    entered = session.get(Accompaniment, waiting.id)
    assert (entered.status, entered.entry_date) == ("actif", date(2026, 11, 12))
    assert [c.signed_on for c in entered.cers] == [date(2026, 11, 12)]


def test_counsellor_cannot_act_on_someone_elses_accompaniment(client, session, login, acc):
    intruder = factories.user(session, Role.COUNSELLOR)
    token = login(intruder)
    assert client.get(f"/console/parcours/{acc.id}/").status_code == 404
    assert client.get(f"/console/parcours/{acc.id}/mise-en-attente").status_code == 404
    response = client.post(
        f"/console/parcours/{acc.id}/mise-en-attente",
        data={"csrf_token": token, "version": "1", "start": "12/11/2026", "reason": "x"},
    )
    assert response.status_code == 404
    session.expire_all()
    assert session.get(Accompaniment, acc.id).status == "actif"


def test_reopen_is_for_managers(client, session, login, counsellor, acc, ref):
    acc.status, acc.exit_date, acc.exit_reason_id = (
        "clos",
        date(2026, 11, 10),
        ref["exit_reason"].id,
    )
    session.flush()
    login(counsellor)
    page = client.get(f"/console/parcours/{acc.id}/").get_data(as_text=True)
    assert "reouverture" not in page
    assert client.get(f"/console/parcours/{acc.id}/reouverture").status_code == 403


def test_manager_reopens(client, session, login, acc, ref):
    acc.status, acc.exit_date, acc.exit_reason_id = (
        "clos",
        date(2026, 11, 10),
        ref["exit_reason"].id,
    )
    session.flush()
    manager = factories.user(session, Role.MANAGER)
    login(manager)
    response = post_step(client, acc, "reouverture", {"reason": "Clôture par erreur"})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Accompaniment, acc.id).status == "actif"
    assert session.scalar(select(AuditLog.user_id).where(AuditLog.action == "reopen")) == manager.id


def test_stale_page_is_refused(client, session, login, counsellor, acc):
    login(counsellor)
    page = client.get(f"/console/parcours/{acc.id}/phase").get_data(as_text=True)
    acc.planned_end = date(2027, 5, 1)  # someone else changed the accompaniment meanwhile
    session.flush()
    response = client.post(
        f"/console/parcours/{acc.id}/phase",
        data={"csrf_token": csrf_from(page), "version": "1", "phase": "emploi"},
    )
    assert response.status_code == 200
    assert "modifié par quelqu&#39;un d&#39;autre" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Accompaniment, acc.id).phase == "orientation"


@pytest.mark.parametrize(
    ("role", "page", "step"),
    [
        (Role.MANAGER, 200, 200),
        (Role.FUNDER, 200, 403),
        (Role.BACKOFFICE, 403, 403),
        (Role.ADMIN, 403, 403),
    ],
)
def test_roles(client, session, login, acc, role, page, step):
    login(factories.user(session, role))
    assert client.get(f"/console/parcours/{acc.id}/").status_code == page
    assert client.get(f"/console/parcours/{acc.id}/contact").status_code == step


def test_anonymous_is_sent_to_login(client, acc):
    response = client.get(f"/console/parcours/{acc.id}/")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_first_appointment_form_asks_the_sex_only_when_unknown(client, session, login, counsellor):
    known = factories.accompaniment(session, counsellor, d0=date(2026, 11, 2), entry=None)
    unknown_person = factories.person(session, sex=None)
    unknown = factories.accompaniment(
        session, counsellor, unknown_person, d0=date(2026, 11, 2), entry=None
    )
    login(counsellor)
    form = client.get(f"/console/parcours/{known.id}/premier-rdv").get_data(as_text=True)
    assert 'name="sex"' not in form
    form = client.get(f"/console/parcours/{unknown.id}/premier-rdv").get_data(as_text=True)
    assert "Sexe de la personne" in form and '<option value="X">' in form

    data = {"held_at": "12/11/2026 09:30", "outcome": "cer", "weekly_hours": "20"}
    response = post_step(client, unknown, "premier-rdv", data)
    assert response.status_code == 200  # required while unknown
    assert re.search(
        r'name="sex".*?Ce champ est obligatoire\.', response.get_data(as_text=True), re.S
    )
    session.expire_all()
    assert session.get(Accompaniment, unknown.id).status == "a_contacter"

    response = post_step(client, unknown, "premier-rdv", {**data, "sex": "F"})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    session.expire_all()
    entered = session.get(Accompaniment, unknown.id)
    assert (entered.status, entered.entry_date, entered.person.sex) == (
        "actif",
        date(2026, 11, 12),
        "F",
    )
    entry = session.scalar(select(AuditLog).where(AuditLog.action == "first_appointment"))
    assert "sex" in entry.fields
