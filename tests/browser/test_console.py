"""A counsellor logs in, opens the caseload, records a contact and sees it in the list."""

from __future__ import annotations

import pytest

from schema.enums import Role
from tests import factories
from tests.browser.conftest import fill_date, log_in

pytestmark = pytest.mark.browser


def test_counsellor_records_a_contact(live_server, page):
    def setup(session):
        factories.reference(session)
        me = factories.user(session, Role.COUNSELLOR, email="claire@test.fr")
        other = factories.user(session, Role.COUNSELLOR, email="karim@test.fr")
        factories.accompaniment(session, me, factories.person(session, last_name="Lefebvre"))
        factories.accompaniment(session, other, factories.person(session, last_name="Autrui"))

    live_server.run(setup)
    log_in(page, live_server.url, "claire@test.fr", factories.PASSWORD)

    page.goto(f"{live_server.url}/console/accompaniment/")
    body = page.inner_text("body")
    assert "LEFEBVRE" in body and "AUTRUI" not in body

    page.goto(f"{live_server.url}/console/contact/new/")
    page.click("#s2id_accompaniment a, .select2-container >> nth=0")
    page.keyboard.type("lef")
    page.click(".select2-result-label >> text=LEFEBVRE")
    fill_date(page, "#planned_at", "24/11/2026 14:00")
    fill_date(page, "#held_at", "24/11/2026 14:10")
    page.select_option("#mode", "telephone", force=True)
    page.select_option("#status", "honore", force=True)
    page.fill("#synthesis", "Point téléphonique sur les candidatures.")
    page.click("input[type=submit][value='Enregistrer'], input[type=submit] >> nth=0")
    page.wait_for_url(f"{live_server.url}/console/contact/**")

    page.goto(f"{live_server.url}/console/contact/")
    row = page.locator("tr", has_text="LEFEBVRE")
    assert "24/11/2026 14:00" in row.inner_text()
    assert "Téléphone" in row.inner_text()
