"""Suivi → Messages: who sees which messages, filters, « Marquer posté » and « Renvoyer »."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from sqlalchemy import select

from schema import AuditLog, OutboxMessage
from schema.enums import Role
from schema.operations import agenda as ops
from tests import factories
from tests.conftest import csrf_from

URL = "/console/messages/"


@pytest.fixture
def outbox(session, ref):
    """Claire's person (SMS: invitation and reminder) and Karim's person (one letter)."""
    claire = factories.user(session, Role.COUNSELLOR, full_name="Claire Martin")
    karim = factories.user(session, Role.COUNSELLOR, full_name="Karim Benali")
    texted = factories.person(session, last_name="Sms", first_name="Sarah")
    written = factories.person(
        session, last_name="Lettre", first_name="Louis", phone=None, address="2 rue Faidherbe"
    )
    plans = []
    for counsellor, person in ((claire, texted), (karim, written)):
        acc = factories.accompaniment(session, counsellor, person, d0=date(2026, 12, 1), entry=None)
        plans.append(
            ops.plan_contact(
                session,
                acc,
                starts_at=datetime(2026, 12, 7, 9, 30),
                duration_minutes=60,
                mode="physique",
                place="Bureau 2",
                by=counsellor,
                now=datetime(2026, 12, 4, 16, 0),
            )
        )
    session.commit()
    letter = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "courrier")).one()
    return {"claire": claire, "karim": karim, "letter": letter}


def _rows(html: str) -> list[str]:
    return re.findall(r"(SMS [A-Z]+|LETTRE Louis)", html)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("manager", ["SMS Sarah", "SMS Sarah", "LETTRE Louis"]),
        ("backoffice", ["SMS Sarah", "SMS Sarah", "LETTRE Louis"]),
        ("claire", ["SMS Sarah", "SMS Sarah"]),
        ("karim", ["LETTRE Louis"]),
    ],
)
def test_who_sees_which_messages(client, session, login, outbox, who, expected):
    user = outbox.get(who) or factories.user(session, Role(who))
    login(user)
    html = client.get(URL).get_data(as_text=True)
    names = sorted(re.findall(r"<td[^>]*>\s*(SMS Sarah|LETTRE Louis)\s*</td>", html))
    assert names == sorted(expected)


def test_list_shows_times_in_paris_and_french_labels(client, session, login, outbox):
    login(factories.user(session, Role.MANAGER))
    html = client.get(URL).get_data(as_text=True)
    assert "06/12/2026 10:00" in html  # the reminder, Sunday 10:00 in Paris
    assert "04/12/2026 16:00" in html  # the invitations, when planned
    assert "Rappel la veille" in html and "À imprimer" in html and "Courrier" in html
    assert "LETTRE Louis<br>2 rue Faidherbe<br>59140 Dunkerque" in html


def test_filter_by_status_and_channel(client, session, login, outbox):
    login(factories.user(session, Role.MANAGER))
    html = client.get(f"{URL}?flt0_statut_equals=a_imprimer").get_data(as_text=True)
    assert re.findall(r"<td[^>]*>\s*(SMS Sarah|LETTRE Louis)\s*</td>", html) == ["LETTRE Louis"]
    html = client.get(f"{URL}?flt0_canal_equals=sms").get_data(as_text=True)
    assert re.findall(r"<td[^>]*>\s*(SMS Sarah|LETTRE Louis)\s*</td>", html) == ["SMS Sarah"] * 2


def _post(client, token, message, what, **kw):
    data = {
        "csrf_token": token,
        "id": message.id,
        "version": message.version,
        "action": what,
        "url": URL,
    }
    data.update(kw)
    return client.post(f"{URL}action/", data=data)


def test_mark_a_letter_posted(client, session, login, outbox):
    backoffice = factories.user(session, Role.BACKOFFICE)
    token = login(backoffice)
    html = client.get(URL).get_data(as_text=True)
    assert "Marquer posté" in html
    response = _post(client, csrf_from(html), outbox["letter"], "poste")
    assert response.status_code == 302
    session.expire_all()
    letter = session.get(OutboxMessage, outbox["letter"].id)
    assert letter.status == "poste" and letter.sent_at is not None
    entry = session.scalars(
        select(AuditLog).where(AuditLog.entity == "OutboxMessage", AuditLog.entity_id == letter.id)
    ).one()
    assert (entry.action, entry.user_id, entry.person_id, entry.fields, entry.detail) == (
        "update",
        backoffice.id,
        letter.person_id,
        "status",
        "Courrier marqué posté",
    )
    page = client.get(URL).get_data(as_text=True)
    assert "Courrier marqué posté (LETTRE Louis)." in page
    # Posted once: a second click (stale form) changes nothing.
    again = _post(client, token, outbox["letter"], "poste", version=1)
    assert again.status_code == 302
    assert "modifié par quelqu" in client.get(URL).get_data(as_text=True)
    assert _post(client, token, letter, "poste").status_code == 302  # current version
    assert "Seul un courrier « à imprimer »" in client.get(URL).get_data(as_text=True)


def test_only_a_letter_to_print_can_be_marked_posted(client, session, login, outbox):
    sms = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "sms")).first()
    token = login(factories.user(session, Role.MANAGER))
    assert _post(client, token, sms, "poste").status_code == 302
    html = client.get(URL).get_data(as_text=True)
    assert "Seul un courrier « à imprimer » peut être marqué posté." in html
    session.expire_all()
    assert session.get(OutboxMessage, sms.id).status == "a_envoyer"


def test_resend_a_failed_message(client, session, login, outbox):
    sms = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "sms")).first()
    sms.status, sms.attempts, sms.last_error = "echec", 3, "SMTPRecipientsRefused : refusé"
    session.commit()
    token = login(outbox["claire"])
    assert "Renvoyer" in client.get(URL).get_data(as_text=True)
    assert _post(client, token, sms, "renvoyer").status_code == 302
    session.expire_all()
    sms = session.get(OutboxMessage, sms.id)
    assert (sms.status, sms.attempts, sms.claimed_at) == ("a_envoyer", 0, None)
    assert "Message remis à envoyer" in client.get(URL).get_data(as_text=True)


def test_another_caseload_is_not_found(client, session, login, outbox):
    token = login(outbox["claire"])
    assert _post(client, token, outbox["letter"], "poste").status_code == 404
    session.expire_all()
    assert session.get(OutboxMessage, outbox["letter"].id).status == "a_imprimer"


@pytest.mark.parametrize(
    "data",
    [
        {"id": "abc"},
        {"id": "99999999999"},
        {"version": ""},
        {"action": "supprimer"},
    ],
)
def test_bad_input_is_refused_without_error(client, session, login, outbox, data):
    token = login(factories.user(session, Role.MANAGER))
    response = _post(client, token, outbox["letter"], "poste", **data)
    assert response.status_code == 302
    assert "Demande incomplète" in client.get(URL).get_data(as_text=True)


def test_unknown_message_and_foreign_return_url(client, session, login, outbox):
    token = login(factories.user(session, Role.MANAGER))
    assert _post(client, token, outbox["letter"], "poste", id="999999").status_code == 404
    response = _post(client, token, outbox["letter"], "poste", url="//evil.example/")
    assert response.headers["Location"].endswith(URL)


@pytest.mark.parametrize("role", [Role.FUNDER, Role.ADMIN])
def test_roles_without_messages_cannot_act(client, session, login, outbox, role):
    token = login(factories.user(session, role))
    assert _post(client, token, outbox["letter"], "poste").status_code == 403


def test_action_needs_the_csrf_token(client, session, login, outbox):
    login(factories.user(session, Role.MANAGER))
    response = _post(client, "", outbox["letter"], "poste")
    assert response.status_code == 400
    session.expire_all()
    assert session.get(OutboxMessage, outbox["letter"].id).status == "a_imprimer"


def test_messages_are_read_only(client, session, login, outbox):
    token = login(factories.user(session, Role.MANAGER))
    letter = outbox["letter"]
    assert client.get(f"{URL}new/").status_code == 403
    assert client.get(f"{URL}edit/?id={letter.id}").status_code == 403
    response = client.post(f"{URL}delete/", data={"id": letter.id, "csrf_token": token})
    assert response.status_code == 403
    details = client.get(f"{URL}details/?id={letter.id}").get_data(as_text=True)
    assert "Madame, Monsieur," in details


def test_opt_out_on_the_person_form(client, session, login, ref):
    person = factories.person(session)
    login(factories.user(session, Role.MANAGER))
    html = client.get(f"/console/person/edit/?id={person.id}").get_data(as_text=True)
    assert "Refuse les SMS et e-mails" in html
    assert 'name="messages_opt_out"' in html
