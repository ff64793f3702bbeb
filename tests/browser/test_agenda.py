"""A counsellor plans an appointment from a free slot of the week, then drags it onto another
free slot: it moves, the old one stays « reporté »."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from schema import Contact
from schema.enums import Role
from tests import factories
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_plan_then_drag_to_move(live_server, page):
    live_server.app.config["NOW"] = datetime(2026, 12, 4, 16, 0)
    live_server.app.config["TODAY"] = date(2026, 12, 4)

    def setup(session):
        factories.reference(session)
        me = factories.user(session, Role.COUNSELLOR, email="claire@agenda.fr")
        person = factories.person(session, last_name="Bernard", first_name="Lina")
        return factories.accompaniment(session, me, person, entry=None).id

    acc_id = live_server.run(setup)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, live_server.url, "claire@agenda.fr", factories.PASSWORD)
    page.goto(f"{live_server.url}/console/agenda/?semaine=2026-12-07")
    page.click('td[data-start="2026-12-07T10:00"] a.ev-plan')
    page.wait_for_url("**/planifier?debut=2026-12-07T10:00")
    assert page.input_value("#starts_at") == "07/12/2026 10:00"
    page.select_option("#accompaniment", str(acc_id))
    page.fill("#place", "Bureau 2")
    page.click("#plan-form button[type=submit]")
    page.wait_for_url("**/console/agenda/?semaine=2026-12-07")
    assert "Rendez-vous planifié le 07/12/2026 à 10:00." in page.inner_text("body")
    block = page.locator("a.ev-block")
    assert "10:00–11:00 BERNARD Lina" in block.inner_text()

    page.set_viewport_size({"width": 1400, "height": 1800})  # source and target both in view
    page.drag_and_drop("a.ev-block", 'td[data-start="2026-12-08T14:00"]')
    page.wait_for_load_state("load")
    page.wait_for_selector("text=Rendez-vous déplacé au 08/12/2026 à 14:00.")
    moved = page.locator("a.ev-block")
    assert moved.count() == 1 and "14:00–15:00 BERNARD Lina" in moved.inner_text()

    def statuses(session):
        rows = session.scalars(select(Contact).order_by(Contact.id))
        return [(c.planned_at, c.status, c.place) for c in rows]

    assert live_server.run(statuses) == [
        (datetime(2026, 12, 7, 10), "reporte", "Bureau 2"),
        (datetime(2026, 12, 8, 14), "prevu", "Bureau 2"),
    ]
    assert [e for e in errors if "Content Security Policy" in e] == []
