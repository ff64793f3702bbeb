"""A counsellor opens "Mon portefeuille", filters "sans contact depuis 7 jours", records a phone
contact for the first person and sees that alert disappear."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from schema.enums import Role
from tests import factories
from tests.browser.conftest import fill_date, log_in

pytestmark = pytest.mark.browser


def test_phone_contact_clears_the_weekly_contact_alert(live_server, page):
    live_server.app.config["TODAY"] = date(2026, 11, 16)

    def setup(session):
        factories.reference(session)
        me = factories.user(session, Role.COUNSELLOR, email="claire@portefeuille.fr")
        for name in ("Lemaire", "Petit"):
            acc = factories.accompaniment(session, me, factories.person(session, last_name=name))
            factories.contact(session, acc, datetime(2026, 11, 2, 10))
        fine = factories.accompaniment(session, me, factories.person(session, last_name="Suivi"))
        factories.contact(session, fine, datetime(2026, 11, 13, 10))

    live_server.run(setup)
    log_in(page, live_server.url, "claire@portefeuille.fr", factories.PASSWORD)
    assert page.locator("h1").inner_text() == "Mon portefeuille"
    card = page.locator("#alert-counts a[data-rule=r3]")
    assert card.locator("[data-count=late]").inner_text() == "2"

    card.click()
    page.wait_for_url("**alerte=r3**")
    rows = page.locator("tr[data-accompaniment]")
    names = page.locator("tr[data-accompaniment] td:first-child").all_inner_texts()
    assert sorted(names) == ["LEMAIRE Élodie", "PETIT Élodie"]
    first = names[0]

    rows.first.locator("a").first.click()
    page.get_by_role("link", name="Enregistrer un contact").click()
    fill_date(page, "#held_at", "16/11/2026 10:15")
    page.select_option("#mode", "telephone")
    page.fill("#duration_minutes", "15")
    page.click("form.ev-workflow button[type=submit]")
    page.wait_for_url("**/console/parcours/*/")
    assert "Contact (téléphone) enregistré." in page.inner_text("body")
    assert page.locator("#parcours-rules tr[data-rule=r3]").get_attribute("data-state") == "ok"

    page.goto(f"{live_server.url}/console/portefeuille/?alerte=r3")
    remaining = page.locator("tr[data-accompaniment] td:first-child").all_inner_texts()
    assert first not in remaining and len(remaining) == 1
    assert page.locator("#alert-counts a[data-rule=r3] [data-count=late]").inner_text() == "1"
