"""Convoquer: proposed slots before D0+15, one-click planning, the convocation PDF."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from schema import AuditLog, Contact
from schema.enums import Role
from tests import factories
from tests.conftest import csrf_from

TODAY = date(2026, 11, 16)  # a Monday; the console's clock is then 16/11/2026 00:00
PLACE = "Entreprendre Ensemble — 2 rue de l’Œuvre, Dunkerque"


@pytest.fixture(autouse=True)
def frozen_today(app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", TODAY)
    monkeypatch.setitem(app.config, "STRUCTURE_PLACE", PLACE)
    monkeypatch.setitem(app.config, "STRUCTURE_ADDRESS", "2 rue de l'Œuvre\n59140 Dunkerque")


@pytest.fixture
def counsellor(session, ref):
    return factories.user(session, Role.COUNSELLOR, full_name="Claire Martin")


def waiting(session, counsellor, d0=date(2026, 11, 10), **person):
    values = {"last_name": "Lefèvre", "first_name": "Chloé", "address": "12 rue des Sœurs"}
    values.update(person)
    person_ = factories.person(session, **values)
    return factories.accompaniment(session, counsellor, person_, d0=d0, entry=None)


def page(client, acc) -> str:
    response = client.get(f"/console/convocation/{acc.id}/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def post_slot(client, acc, html, starts_at: str, version: str | None = None):
    if version is None:
        version = re.search(r'name="version" value="(\d+)"', html).group(1)
    data = {"csrf_token": csrf_from(html), "version": version, "starts_at": starts_at}
    if chosen := re.search(r'name="counsellor_id" value="(\d+)"', html):
        data["counsellor_id"] = chosen.group(1)
    return client.post(f"/console/convocation/{acc.id}/planifier", data=data, follow_redirects=True)


def planned(session, acc) -> list[Contact]:
    session.expire_all()
    return list(
        session.scalars(
            select(Contact).where(Contact.accompaniment_id == acc.id).order_by(Contact.id)
        )
    )


def test_proposes_first_free_slots_before_due_and_plans_one(client, session, login, counsellor):
    acc = waiting(session, counsellor)
    other = factories.accompaniment(session, counsellor, entry=date(2026, 10, 1))
    factories.contact(  # 9:00–10:00 taken by another person of the caseload
        session,
        other,
        datetime(2026, 11, 16, 9, 0),
        status="prevu",
        held_at=None,
        duration_minutes=60,
        synthesis=None,
    )
    login(counsellor)
    html = page(client, acc)
    starts = re.findall(r'name="starts_at" value="([^"]+)"', html)
    assert starts == [
        "2026-11-16T10:00",
        "2026-11-16T10:30",
        "2026-11-16T11:00",
        "2026-11-16T11:30",
        "2026-11-16T13:30",
        "2026-11-16T14:00",
        "2026-11-16T14:30",
        "2026-11-16T15:00",
    ]
    assert "au plus tard le 25/11/2026 (J+15)" in html
    assert "après J+15" not in html

    result = post_slot(client, acc, html, "2026-11-16T10:30").get_data(as_text=True)
    assert "Premier rendez-vous planifié le 16/11/2026 à 10:30" in result
    (contact,) = planned(session, acc)
    assert (contact.planned_at, contact.status, contact.mode, contact.place) == (
        datetime(2026, 11, 16, 10, 30),
        "prevu",
        "physique",
        PLACE,
    )
    assert (contact.duration_minutes, contact.created_by_id) == (60, counsellor.id)
    entry = session.scalar(select(AuditLog).where(AuditLog.entity == "Contact"))
    assert (entry.action, entry.entity_id, entry.person_id, entry.user_id) == (
        "create",
        contact.id,
        acc.person_id,
        counsellor.id,
    )
    assert f"/console/convocation/rdv/{contact.id}/convocation.pdf" in result
    assert "Le 16/11/2026 à 10:30 (60 min)" in result


def test_no_slot_before_due_proposes_later_ones_flagged(client, session, login, counsellor):
    # D0 01/11: due 16/11 (today), whose whole working day is taken by a session-long contact.
    acc = waiting(session, counsellor, d0=date(2026, 11, 1))
    other = factories.accompaniment(session, counsellor, entry=date(2026, 10, 1))
    factories.contact(
        session,
        other,
        datetime(2026, 11, 16, 9, 0),
        status="prevu",
        held_at=None,
        duration_minutes=480,
        synthesis=None,
    )
    login(counsellor)
    html = page(client, acc)
    assert "Aucun créneau libre avant J+15 (le 16/11/2026)" in html
    starts = re.findall(r'name="starts_at" value="([^"]+)"', html)
    assert starts[0] == "2026-11-17T09:00"
    assert html.count('badge-warning">après J+15') == 8


def test_past_due_proposes_slots_after(client, session, login, counsellor):
    acc = waiting(session, counsellor, d0=date(2026, 10, 20))  # due 04/11, already past
    login(counsellor)
    html = page(client, acc)
    assert "Aucun créneau libre avant J+15 (le 04/11/2026)" in html
    assert re.findall(r'name="starts_at" value="([^"]+)"', html)[0] == "2026-11-16T09:00"


def test_slot_taken_meanwhile_is_refused(client, session, login, counsellor):
    acc = waiting(session, counsellor)
    login(counsellor)
    html = page(client, acc)
    rival = waiting(session, counsellor, last_name="Martin", first_name="Paul")
    factories.contact(
        session,
        rival,
        datetime(2026, 11, 16, 9, 0),
        status="prevu",
        held_at=None,
        duration_minutes=60,
        synthesis=None,
    )
    result = post_slot(client, acc, html, "2026-11-16T09:00").get_data(as_text=True)
    assert "Conflit d" in result and "MARTIN Paul de 09:00 à 10:00 le 16/11/2026" in result
    assert planned(session, acc) == []


def test_stale_page_second_plan_and_malformed_values(client, session, login, counsellor):
    acc = waiting(session, counsellor)
    login(counsellor)
    html = page(client, acc)
    stale = post_slot(client, acc, html, "2026-11-16T09:00", version="999")
    assert "modifié depuis l" in stale.get_data(as_text=True)
    bad = post_slot(client, acc, html, "lundi prochain")
    assert "Créneau invalide" in bad.get_data(as_text=True)
    outside = post_slot(client, acc, html, "2026-11-16T20:00").get_data(as_text=True)
    assert "en dehors des horaires de travail de Claire Martin" in outside
    assert planned(session, acc) == []
    post_slot(client, acc, html, "2026-11-16T09:00")
    again = post_slot(client, acc, html, "2026-11-16T14:00").get_data(as_text=True)
    assert "Un rendez-vous est déjà prévu le 16/11/2026 à 09:00" in again
    assert [c.planned_at for c in planned(session, acc)] == [datetime(2026, 11, 16, 9, 0)]
    for url in (
        "/console/convocation/99999999999999999999/",
        "/console/convocation/-1/",
        "/console/convocation/abc/",
        "/console/convocation/rdv/99999999999999999999/convocation.pdf",
        "/console/convocation/rdv/123456/convocation.pdf",
    ):
        assert client.get(url).status_code == 404, url


def test_convocation_pdf_holds_the_appointment_and_is_audited(client, session, login, counsellor):
    acc = waiting(session, counsellor, postal_code="59240", commune="Dunkerque")
    login(counsellor)
    post_slot(client, acc, page(client, acc), "2026-11-17T14:00")
    (contact,) = planned(session, acc)
    response = client.get(f"/console/convocation/rdv/{contact.id}/convocation.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = " ".join(PdfReader(io.BytesIO(response.data)).pages[0].extract_text().split())
    assert "Madame Chloé LEFÈVRE" in text
    assert "12 rue des Sœurs 59240 Dunkerque" in text
    assert "Mardi 17 novembre 2026" in text and "14 h (durée prévue : 60 minutes)" in text
    assert PLACE in text and "Claire Martin" in text
    assert "2 rue de l'Œuvre 59140 Dunkerque" in text
    assert "Cofinancé par l'Union européenne" in text
    export = session.scalar(select(AuditLog).where(AuditLog.action == "export"))
    assert (export.entity, export.person_id, export.user_id) == (
        "Convocation",
        acc.person_id,
        counsellor.id,
    )
    assert export.detail == "Convocation — filtres : Rendez-vous, Personne — 1 ligne(s)"


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.COUNSELLOR, 404), (Role.FUNDER, 403), (Role.ADMIN, 403), (Role.MANAGER, 200)],
)
def test_roles_and_scoping(client, session, login, counsellor, role, status):
    acc = waiting(session, counsellor)
    login(factories.user(session, role))  # a counsellor other than the assigned one
    assert client.get(f"/console/convocation/{acc.id}/").status_code == status


def test_backoffice_plans_for_the_counsellor(client, session, login, counsellor):
    acc = waiting(session, counsellor)
    backoffice = factories.user(session, Role.BACKOFFICE)
    login(backoffice)
    html = page(client, acc)
    post_slot(client, acc, html, "2026-11-16T09:00")
    (contact,) = planned(session, acc)
    assert (contact.planned_at, contact.created_by_id) == (
        datetime(2026, 11, 16, 9, 0),
        backoffice.id,
    )
    assert client.get(f"/console/convocation/rdv/{contact.id}/convocation.pdf").status_code == 200


def test_manager_assigns_and_plans_from_a_to_assign_row(client, session, login, counsellor):
    manager = factories.user(session, Role.MANAGER)
    acc = factories.accompaniment(session, None, d0=date(2026, 11, 10), entry=None)
    login(manager)
    html = page(client, acc)
    assert "Affectez d" in html and "starts_at" not in html
    assert f'<option value="{counsellor.counsellor.id}">Claire Martin</option>' in html
    for bad in ("abc", "99999999999999999999", "-3"):  # no such counsellor: the same page
        assert client.get(f"/console/convocation/{acc.id}/?conseiller={bad}").status_code == 200
    chosen = client.get(f"/console/convocation/{acc.id}/?conseiller={counsellor.counsellor.id}")
    html = chosen.get_data(as_text=True)
    assert "affecte l" in html and "Claire Martin" in html
    assert 'name="starts_at" value="2026-11-16T09:00"' in html
    refused = client.post(
        f"/console/convocation/{acc.id}/planifier",
        data={
            "csrf_token": csrf_from(html),
            "version": str(acc.version),
            "counsellor_id": "abc",
            "starts_at": "2026-11-16T09:00",
        },
        follow_redirects=True,
    )
    assert "Affectez d" in refused.get_data(as_text=True)
    assert planned(session, acc) == []
    done = post_slot(client, acc, html, "2026-11-16T09:00").get_data(as_text=True)
    assert "Premier rendez-vous planifié" in done, re.findall(r"alert[^>]*>([^<]+)", done)
    (contact,) = planned(session, acc)
    assert (contact.planned_at, acc.counsellor_id) == (
        datetime(2026, 11, 16, 9, 0),
        counsellor.counsellor.id,
    )
    entries = session.execute(
        select(AuditLog.action, AuditLog.entity, AuditLog.fields).order_by(AuditLog.id)
    ).all()
    assert [tuple(e) for e in entries][-2:] == [
        ("update", "Accompaniment", "counsellor"),
        ("create", "Contact", "duration_minutes, mode, place, planned_at"),
    ]


def test_counsellor_cannot_assign_an_unassigned_accompaniment(client, session, login, ref):
    backoffice = factories.user(session, Role.BACKOFFICE)
    other = factories.user(session, Role.COUNSELLOR)
    acc = factories.accompaniment(session, None, entry=None)
    login(backoffice)
    html = client.get(f"/console/convocation/{acc.id}/?conseiller={other.counsellor.id}")
    text = html.get_data(as_text=True)
    assert "Affectez d" in text and "starts_at" not in text and "<select" not in text


def test_accompaniment_list_offers_convoquer_on_rows_to_contact(client, session, login, counsellor):
    acc = waiting(session, counsellor)
    active = factories.accompaniment(session, counsellor, entry=date(2026, 10, 10))
    login(factories.user(session, Role.MANAGER))
    html = client.get("/console/accompaniment/").get_data(as_text=True)
    assert f"/console/convocation/{acc.id}/" in html
    assert f"/console/convocation/{active.id}/" not in html


def test_parcours_page_offers_convoquer_while_waiting(client, session, login, counsellor):
    acc = waiting(session, counsellor)
    active = factories.accompaniment(session, counsellor, entry=date(2026, 10, 10))
    login(counsellor)
    html = client.get(f"/console/parcours/{acc.id}/").get_data(as_text=True)
    assert f'href="/console/convocation/{acc.id}/">Convoquer au premier rendez-vous' in html
    other = client.get(f"/console/parcours/{active.id}/").get_data(as_text=True)
    assert "Convoquer" not in other
