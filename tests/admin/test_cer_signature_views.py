"""Issue 14 through the console: a first appointment held with the CER still to sign, then the
« Signature du CER » step of the pathway page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from schema import Accompaniment, AuditLog, Cer
from schema.enums import Role
from tests import factories
from tests.admin.test_workflow_views import post_step

TODAY = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def frozen_today(app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", TODAY)


@pytest.fixture
def waiting(session, counsellor):
    return factories.accompaniment(session, counsellor, d0=date(2026, 11, 2), entry=None)


def _fresh(session, acc) -> Accompaniment:
    session.expire_all()
    return session.get(Accompaniment, acc.id)


def _r2_detail(html: str) -> str:
    row = re.search(r'<tr data-rule="r2" data-state="(\w+)">(.*?)</tr>', html, re.S)
    assert row, "no R2 row on the pathway page"
    return row.group(1) + " " + re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row.group(2)))


def test_first_appointment_with_cer_to_sign_then_signature(
    client, session, login, counsellor, waiting
):
    login(counsellor)
    form = client.get(f"/console/parcours/{waiting.id}/premier-rdv").get_data(as_text=True)
    assert 'value="pending"' in form and "Le CER reste à signer" in form
    assert '<option value="documents_manquants">Documents manquants</option>' in form

    # "Autre motif" without its text: refused in French, the input kept, nothing recorded.
    first = {"held_at": "12/11/2026 09:30", "outcome": "pending", "cer_pending_reason": "autre"}
    response = post_step(client, waiting, "premier-rdv", first)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Précisez le motif pour lequel le CER reste à signer (motif « autre »)." in html
    assert 'value="12/11/2026 09:30"' in html
    assert re.search(r'value="pending"[^>]*checked|checked[^>]*value="pending"', html)
    assert '<option selected value="autre">' in html or '<option value="autre" selected' in html
    assert _fresh(session, waiting).status == "a_contacter"

    # No reason at all: refused too.
    response = post_step(client, waiting, "premier-rdv", {**first, "cer_pending_reason": ""})
    assert response.status_code == 200
    assert "Choisissez le motif pour lequel le CER reste à signer." in response.get_data(
        as_text=True
    )

    response = post_step(
        client,
        waiting,
        "premier-rdv",
        {**first, "cer_pending_reason": "documents_manquants", "cer_pending_note": "Avis CAF"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    entered = _fresh(session, waiting)
    assert (entered.status, entered.entry_date, entered.cer_pending_reason) == (
        "actif",
        date(2026, 11, 12),
        "documents_manquants",
    )
    assert entered.cers == []
    page = client.get(f"/console/parcours/{waiting.id}/").get_data(as_text=True)
    assert "Premier rendez-vous enregistré ; le CER reste à signer." in page
    assert _r2_detail(page).startswith("en_retard")
    assert "CER à signer depuis 4 j (documents manquants)" in _r2_detail(page)
    assert "motif : Documents manquants (Avis CAF)" in page
    assert f'href="/console/parcours/{waiting.id}/signature-cer">Signature du CER</a>' in page

    # The signature form: the same CER fields, signed today by default.
    form = client.get(f"/console/parcours/{waiting.id}/signature-cer").get_data(as_text=True)
    assert 'name="signed_on"' in form and 'value="16/11/2026"' in form
    for name in ("cer_end", "weekly_hours", "reduced_hours_reason", "objectives"):
        assert f'name="{name}"' in form, name

    # Before the first appointment: refused, every field kept.
    signature = {
        "signed_on": "11/11/2026",
        "cer_end": "16/05/2027",
        "weekly_hours": "10",
        "reduced_hours_reason": "Garde d'enfant",
        "objectives": "Cariste en entrepôt",
    }
    response = post_step(client, waiting, "signature-cer", signature)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ne peut pas précéder le premier rendez-vous (12/11/2026)" in html
    for kept in ('value="11/11/2026"', 'value="16/05/2027"', 'value="10"', "Garde d&#39;enfant"):
        assert kept in html, kept
    assert "Cariste en entrepôt" in html

    # Fewer than 15 hours without a reason, a malformed date: French messages, never a 500.
    response = post_step(
        client,
        waiting,
        "signature-cer",
        {**signature, "signed_on": "16/11/2026", "reduced_hours_reason": ""},
    )
    assert response.status_code == 200
    assert "le motif de réduction est obligatoire" in response.get_data(as_text=True)
    response = post_step(client, waiting, "signature-cer", {**signature, "signed_on": "32/13/2026"})
    assert response.status_code == 200
    assert "Le formulaire contient des erreurs" in response.get_data(as_text=True)
    assert _fresh(session, waiting).cers == []

    response = post_step(client, waiting, "signature-cer", {**signature, "signed_on": "16/11/2026"})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    signed = _fresh(session, waiting)
    assert signed.cer_pending_reason is None and signed.cer_pending_note is None
    (cer,) = session.scalars(select(Cer).where(Cer.accompaniment_id == waiting.id))
    assert (cer.kind, cer.signed_on, cer.end_date, cer.weekly_hours, cer.objectives) == (
        "premier",
        date(2026, 11, 16),
        date(2027, 5, 16),
        10,
        "Cariste en entrepôt",
    )
    audit = session.scalar(select(AuditLog).where(AuditLog.action == "first_cer"))
    assert (audit.user_id, audit.entity_id, audit.person_id) == (
        counsellor.id,
        waiting.id,
        waiting.person_id,
    )
    page = client.get(f"/console/parcours/{waiting.id}/").get_data(as_text=True)
    assert "Signature du CER enregistrée." in page
    assert _r2_detail(page).startswith("ok") and "signé" in _r2_detail(page)
    assert "/signature-cer" not in page and 'id="cer-pending"' not in page

    # Twice: refused with its reason (the address is still reachable), nothing added.
    response = post_step(client, waiting, "signature-cer", {**signature, "signed_on": "16/11/2026"})
    assert response.status_code == 200
    assert "Le premier CER est déjà enregistré (signé le 16/11/2026)." in response.get_data(
        as_text=True
    )
    assert len(_fresh(session, waiting).cers) == 1


def test_signature_step_only_while_the_cer_is_to_sign(client, session, login, counsellor):
    signed = factories.accompaniment(session, counsellor, entry=date(2026, 10, 10))
    factories.cer(session, signed)
    pending = factories.accompaniment(
        session, counsellor, entry=date(2026, 11, 12), cer_pending_reason="delai_reflexion"
    )
    token = login(counsellor)
    assert "/signature-cer" not in client.get(f"/console/parcours/{signed.id}/").get_data(
        as_text=True
    )
    assert "/signature-cer" in client.get(f"/console/parcours/{pending.id}/").get_data(as_text=True)
    client.post("/deconnexion", data={"csrf_token": token})
    login(factories.user(session, Role.FUNDER))
    page = client.get(f"/console/parcours/{pending.id}/").get_data(as_text=True)
    assert "CER à signer depuis 4 j (délai de réflexion)" in page and "/signature-cer" not in page
    assert client.get(f"/console/parcours/{pending.id}/signature-cer").status_code == 403
