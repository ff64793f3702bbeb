"""Edit conflicts: on every editable view, a form read before someone else's save is refused.

Each form is read from the real edit page and posted back as a browser would. The same form
posted with the current version is accepted (so the refusal is due to the version alone).
Inline edits of reference lists (x-editable posts one value and cannot carry the version) are
single-column writes: they cannot overwrite another column, and the version column still
detects a change between their read and their write; they are accepted and audited.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from admin.views.base import STALE_MESSAGE
from schema import AuditLog, BarrierFamily
from schema.enums import Role
from tests import factories
from tests.security.records import current, editor_role, form_values, world

ENDPOINTS = (
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
    "workshop_session",
    "attendance",
    "opportunity",
    "employer",
    "event",
    "positioning",
    "training",
    "ref_barrier",
    "ref_exit_reason",
    "ref_contract",
    "ref_education",
    "ref_path",
    "ref_housing",
    "ref_training_scheme",
    "ref_rome",
    "ref_workshop",
    "user",
    "counsellor",
)


def _stale_page(text: str) -> bool:
    return "modifié par quelqu&#39;un d&#39;autre" in text or STALE_MESSAGE in text


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_stale_form_refused_on_every_view(client, session, login, ref, endpoint):
    records = world(session, ref)
    record = records[endpoint]
    login(factories.user(session, editor_role(endpoint)))
    page = client.get(f"/console/{endpoint}/edit/?id={record.id}")
    assert page.status_code == 200
    values = form_values(page.get_data(as_text=True))
    assert values["version_token"] == str(record.version)

    # Someone else saves the record meanwhile.
    record.version  # noqa: B018 - load before changing
    session.execute(
        type(record)
        .__table__.update()
        .where(type(record).__table__.c.id == record.id)
        .values(version=record.version + 1)
    )
    session.flush()
    response = client.post(f"/console/{endpoint}/edit/?id={record.id}", data=values)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert _stale_page(text)
    stored = current(session, record)
    assert stored.version == int(values["version_token"]) + 1  # nothing written by this post

    # The same form with the current version goes through.
    values["version_token"] = str(stored.version)
    response = client.post(f"/console/{endpoint}/edit/?id={record.id}", data=values)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]


def test_stale_form_keeps_what_the_user_typed(client, session, login, ref):
    records = world(session, ref)
    cer = records["cer"]
    login(factories.user(session, Role.MANAGER))
    values = form_values(client.get(f"/console/cer/edit/?id={cer.id}").get_data(as_text=True))
    cer.objectives = "Objectifs revus par la collègue."
    session.flush()
    values["objectives"] = "Mes objectifs tapés à la main."
    response = client.post(f"/console/cer/edit/?id={cer.id}", data=values)
    text = response.get_data(as_text=True)
    assert _stale_page(text)
    assert "Mes objectifs tapés à la main." in text
    assert current(session, cer).objectives == "Objectifs revus par la collègue."


def test_inline_edit_is_single_column_and_audited(client, session, login, ref):
    admin = factories.user(session, Role.ADMIN)
    token = login(admin)
    family = session.scalar(select(BarrierFamily).order_by(BarrierFamily.id).limit(1))
    before = family.version
    response = client.post(
        "/console/ref_barrier/ajax/update/",
        data={
            "list_form_pk": family.id,
            "label": "Mobilité (permis, transports)",
            "csrf_token": token,
        },
    )
    assert response.status_code == 200
    stored = current(session, family)
    assert stored.label == "Mobilité (permis, transports)"
    assert stored.version == before + 1
    entry = session.scalars(
        select(AuditLog).where(AuditLog.entity == "BarrierFamily", AuditLog.action == "update")
    ).one()
    assert entry.fields == "label" and entry.user_id == admin.id
