"""The whole first-appointment scenario in Chromium: a counsellor convokes a newly oriented
person on one of the proposed slots, downloads the convocation, finds it in the week, moves it,
and the outbox holds the reminder for the new time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from schema import Contact, OutboxMessage
from schema.enums import Role
from tests import factories
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_convoke_download_see_move_and_remind(live_server, page, tmp_path):
    live_server.app.config["NOW"] = datetime(2026, 12, 7, 8, 0)  # a Monday
    live_server.app.config["TODAY"] = date(2026, 12, 7)

    def setup(session):
        factories.reference(session)
        me = factories.user(session, Role.COUNSELLOR, email="claire@convoc.fr")
        person = factories.person(session, last_name="Bernard", first_name="Lina")
        return factories.accompaniment(session, me, person, d0=date(2026, 12, 1), entry=None).id

    acc_id = live_server.run(setup)
    log_in(page, live_server.url, "claire@convoc.fr", factories.PASSWORD)
    page.goto(f"{live_server.url}/console/parcours/{acc_id}/")
    page.click("text=Convoquer au premier rendez-vous")
    page.wait_for_url(f"**/console/convocation/{acc_id}/")
    first = page.locator("#convocation-slots form").first
    starts_at = datetime.fromisoformat(first.locator("input[name=starts_at]").input_value())
    assert starts_at.date() <= date(2026, 12, 16)  # before D0 + 15
    first.locator("button").click()
    page.wait_for_selector(f"text=Premier rendez-vous planifié le {starts_at:%d/%m/%Y à %H:%M}")

    with page.expect_download() as download:
        page.click("#convocation-planned >> text=Télécharger la convocation (PDF)")
    letter = tmp_path / "convocation.pdf"
    download.value.save_as(letter)
    assert letter.read_bytes().startswith(b"%PDF")

    week = starts_at.date().isoformat()
    page.goto(f"{live_server.url}/console/agenda/?semaine={week}")
    block = page.locator("a.ev-block")
    assert f"{starts_at:%H:%M}" in block.inner_text() and "BERNARD Lina" in block.inner_text()

    # The next day at 14:00: its reminder (the day before, 10:00) is still to come.
    target = (starts_at + timedelta(days=1)).replace(hour=14, minute=0)
    page.set_viewport_size({"width": 1400, "height": 1800})
    page.drag_and_drop("a.ev-block", f'td[data-start="{target:%Y-%m-%dT%H:%M}"]')
    page.wait_for_selector(f"text=Rendez-vous déplacé au {target:%d/%m/%Y à %H:%M}.")

    def contacts(session):
        rows = session.scalars(select(Contact).order_by(Contact.id))
        return [(c.planned_at, c.status) for c in rows]

    assert live_server.run(contacts) == [(starts_at, "reporte"), (target, "prevu")]

    def reminders(session):
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "rappel").order_by(OutboxMessage.id)
        )
        return [(m.status, m.contact_id) for m in rows]

    def new_contact_id(session):
        return session.scalar(select(Contact.id).where(Contact.status == "prevu"))

    pending = [row for row in live_server.run(reminders) if row[0] == "a_envoyer"]
    assert pending == [("a_envoyer", live_server.run(new_contact_id))]

    page.goto(f"{live_server.url}/console/messages/")
    listing = page.inner_text("table.model-list")
    assert "Rappel la veille" in listing and "BERNARD Lina" in listing
