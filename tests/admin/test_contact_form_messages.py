"""A contact planned through the generic Contacts form follows the agenda's rules: the person is
invited and reminded, a cancellation is sent, and a planned time is moved only in the agenda."""

from __future__ import annotations

from datetime import datetime
from html import unescape

import pytest
from sqlalchemy import select

from schema import Contact, OutboxMessage
from schema.enums import Role
from tests import factories

NOW = datetime(2026, 12, 7, 9, 0)  # a Monday, Paris time


@pytest.fixture(autouse=True)
def frozen_now(app, monkeypatch):
    monkeypatch.setitem(app.config, "NOW", NOW)
    monkeypatch.setitem(app.config, "TODAY", NOW.date())


@pytest.fixture
def mine(session, ref):
    counsellor = factories.user(session, Role.COUNSELLOR, full_name="Claire Martin")
    return counsellor, factories.accompaniment(session, counsellor)


def post_new(client, token, acc, planned_at: str, status: str = "prevu", **extra):
    data = {
        "accompaniment": acc.id,
        "planned_at": planned_at,
        "mode": "physique",
        "status": status,
        "duration_minutes": "45",
        "csrf_token": token,
        **extra,
    }
    return client.post("/console/contact/new/", data=data)


def messages(session) -> list[tuple[str, str]]:
    session.expire_all()
    rows = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    return [(m.kind, m.status) for m in rows]


def test_planned_contact_invites_and_reminds(client, session, login, mine):
    counsellor, acc = mine
    token = login(counsellor)
    response = post_new(client, token, acc, "09/12/2026 14:00")
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[-1500:]
    contact = session.scalars(select(Contact).where(Contact.accompaniment_id == acc.id)).one()
    assert (contact.planned_at, contact.status) == (datetime(2026, 12, 9, 14), "prevu")
    sent = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(m.kind, m.contact_id) for m in sent] == [
        ("invitation", contact.id),
        ("rappel", contact.id),
    ]
    assert sent[1].due_at == datetime(2026, 12, 8, 9, 0)  # 10:00 in Paris the day before, UTC


def test_held_contact_sends_nothing(client, session, login, mine):
    counsellor, acc = mine
    token = login(counsellor)
    response = post_new(
        client, token, acc, "04/12/2026 10:00", status="honore", held_at="04/12/2026 10:00"
    )
    assert response.status_code == 302
    assert messages(session) == []


@pytest.mark.parametrize(
    ("planned_at", "message"),
    [
        ("04/12/2026 10:00", "Un rendez-vous ne peut pas être planifié dans le passé"),
        ("09/12/2026 22:00", "est en dehors des horaires de travail de Claire Martin"),
    ],
)
def test_planned_contact_refused_like_in_the_agenda(
    client, session, login, mine, planned_at, message
):
    counsellor, acc = mine
    token = login(counsellor)
    response = post_new(client, token, acc, planned_at, synthesis="À préparer : CV.")
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200 and message in html
    assert "À préparer : CV." in html  # what the user typed is kept
    assert session.scalars(select(Contact)).all() == [] and messages(session) == []


def test_conflicting_planned_contact_refused(client, session, login, mine):
    counsellor, acc = mine
    factories.contact(session, acc, datetime(2026, 12, 9, 14, 30), held_at=None, status="prevu")
    token = login(counsellor)
    html = unescape(post_new(client, token, acc, "09/12/2026 14:00").get_data(as_text=True))
    assert "Conflit d'agenda : Claire Martin a déjà le rendez-vous de" in html
    assert len(session.scalars(select(Contact)).all()) == 1 and messages(session) == []


def edit(client, token, contact, **changes):
    page = client.get(f"/console/contact/edit/?id={contact.id}").get_data(as_text=True)
    assert 'name="version_token"' in page
    data = {
        "accompaniment": contact.accompaniment_id,
        "planned_at": contact.planned_at.strftime("%d/%m/%Y %H:%M"),
        "mode": contact.mode,
        "status": contact.status,
        "duration_minutes": str(contact.duration_minutes or ""),
        "version_token": str(contact.version),
        "csrf_token": token,
        **changes,
    }
    return client.post(f"/console/contact/edit/?id={contact.id}", data=data)


def test_moving_a_planned_time_is_sent_to_the_agenda(client, session, login, mine):
    counsellor, acc = mine
    token = login(counsellor)
    post_new(client, token, acc, "09/12/2026 14:00")
    contact = session.scalars(select(Contact)).one()
    response = edit(client, token, contact, planned_at="10/12/2026 14:00")
    html = unescape(response.get_data(as_text=True))
    assert "Pour déplacer un rendez-vous prévu, utilisez « Déplacer » dans l'agenda" in html
    session.expire_all()
    assert session.get(Contact, contact.id).planned_at == datetime(2026, 12, 9, 14)
    assert messages(session) == [("invitation", "a_envoyer"), ("rappel", "a_envoyer")]


def test_cancelling_through_the_form_sends_the_cancellation(client, session, login, mine):
    counsellor, acc = mine
    token = login(counsellor)
    post_new(client, token, acc, "09/12/2026 14:00")
    contact = session.scalars(select(Contact)).one()
    response = edit(client, token, contact, status="annule")
    assert response.status_code == 302
    assert messages(session) == [
        ("invitation", "annule"),
        ("rappel", "annule"),
        ("annulation", "a_envoyer"),
    ]
