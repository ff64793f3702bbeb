"""From an opportunity, a counsellor positions the first suggested person, moves them to
"retenu" and sees the hire recorded; the person leaves the programme with the job."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from schema import Accompaniment, Outcome
from schema.enums import Role
from tests import factories
from tests.browser.conftest import log_in
from tests.matching import helpers

pytestmark = pytest.mark.browser


def test_position_the_first_candidate_through_to_hiring(live_server, page):
    live_server.app.config["TODAY"] = date(2026, 11, 16)

    def setup(session):
        factories.reference(session)
        me = factories.user(session, Role.COUNSELLOR, email="claire@offres.fr")
        best = factories.accompaniment(session, me, factories.person(session, last_name="Zola"))
        helpers.aspire(session, best, "N1103")
        near = factories.accompaniment(session, me, factories.person(session, last_name="Abel"))
        helpers.aspire(session, near, "N1105")
        offer = helpers.opportunity(
            session,
            helpers.employer(session, "Logistique des Flandres"),
            title="Préparateur·rice de commandes",
            rome_code="N1103",
            channel="interim",
            contract_type=helpers.contract(session, "interim_moins_6_mois"),
        )
        return offer.id, best.id

    offer_id, best_id = live_server.run(setup)
    log_in(page, live_server.url, "claire@offres.fr", factories.PASSWORD)
    page.goto(f"{live_server.url}/console/opportunity/")
    page.get_by_role("link", name="Préparateur·rice de commandes").click()
    page.wait_for_url(f"**/console/offres/{offer_id}/")
    first = page.locator("#candidates tbody tr").first
    assert first.locator("td").first.inner_text() == "ZOLA Élodie"
    assert "Code ROME identique (N1103)" in first.inner_text()

    first.get_by_role("button", name="Positionner").click()
    page.wait_for_url(f"**/console/offres/{offer_id}/")
    assert "ZOLA Élodie est positionné·e sur « Préparateur·rice de commandes »." in page.inner_text(
        "body"
    )
    row = page.locator("#positionings tbody tr").first
    assert row.get_attribute("data-status") == "propose"
    assert page.locator("#candidates tbody tr").first.locator("td").first.inner_text() == (
        "ABEL Élodie"
    )

    row.get_by_role("link", name="Retenu", exact=True).click()
    page.wait_for_url("**/console/placement/positionnement/*/retenu")
    assert page.input_value("#on") == "16/11/2026"
    page.fill("#job_start_date", "23/11/2026")
    page.check("#leaves")
    page.fill("#follow_ups", "Point à un mois avec l'agence d'intérim")
    page.click("form.ev-placement button[type=submit]")
    page.wait_for_url(f"**/console/offres/{offer_id}/")
    body = page.inner_text("body")
    assert "Embauche enregistrée ; accompagnement clos (sortie en emploi)" in body
    row = page.locator("#positionings tbody tr").first
    assert row.get_attribute("data-status") == "retenu"
    assert row.locator("[data-field=hire]").inner_text() == (
        "Intérim de moins de 6 mois à partir du 23/11/2026"
    )
    assert page.locator("#opportunity-summary [data-field=status]").inner_text() == "Pourvue"

    row.get_by_role("link", name="ZOLA Élodie").click()
    page.wait_for_url(f"**/console/parcours/{best_id}/")
    assert page.locator("#parcours-summary [data-field=status]").inner_text() == "Clos"
    assert (
        "Intérim de moins de 6 mois"
        in page.locator("#parcours-summary [data-field=exit]").inner_text()
    )

    def outcome(session):
        acc = session.get(Accompaniment, best_id)
        out = session.scalar(select(Outcome).where(Outcome.accompaniment_id == best_id))
        return acc.status, out.situation_4_weeks, out.job_start_date, out.employer.name

    assert live_server.run(outcome) == (
        "clos",
        "emploi",
        date(2026, 11, 23),
        "Logistique des Flandres",
    )
