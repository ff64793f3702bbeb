"""Back-office takes attendance of a séance in the browser, then prints the sheet."""

from __future__ import annotations

from datetime import timedelta

import pytest

from admin.views.pages import paris_now
from schema.enums import Role
from tests import factories
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_backoffice_takes_attendance_and_prints(live_server, page):
    def setup(session):
        ref = factories.reference(session)
        factories.user(session, Role.BACKOFFICE, email="accueil@test.fr")
        start = (paris_now() - timedelta(days=1)).replace(hour=9, minute=30, second=0)
        ws = factories.workshop_session(session, ref["workshop"], starts_at=start, capacity=5)
        ids = {}
        for name in ("Zola", "Aubert", "Martin"):
            acc = factories.accompaniment(session, None, factories.person(session, last_name=name))
            ids[name] = factories.attendance(session, ws, acc.person, accompaniment=acc).id
        return ws.id, ids

    ws_id, ids = live_server.run(setup)
    log_in(page, live_server.url, "accueil@test.fr", factories.PASSWORD)
    page.goto(f"{live_server.url}/console/emargement/")
    page.click(f"a[href='/console/emargement/seance/{ws_id}']")
    assert page.inner_text("#places") == "3 / 5 places"
    names = page.locator("#sheet-form tbody tr td:nth-child(2)").all_inner_texts()
    assert names == ["AUBERT Élodie", "MARTIN Élodie", "ZOLA Élodie"]

    page.select_option(f"select[name='status-{ids['Aubert']}']", "present")
    page.check(f"input[name='signed-{ids['Aubert']}']")
    page.select_option(f"select[name='status-{ids['Zola']}']", "present")
    page.select_option(f"select[name='status-{ids['Martin']}']", "absent_excuse")
    page.click("button[name=save]")
    page.wait_for_selector("text=Feuille enregistrée : 3 modifications.")

    page.reload()
    assert page.input_value(f"select[name='status-{ids['Aubert']}']") == "present"
    assert page.is_checked(f"input[name='signed-{ids['Aubert']}']")
    assert page.input_value(f"select[name='status-{ids['Zola']}']") == "present"
    assert not page.is_checked(f"input[name='signed-{ids['Zola']}']")
    assert page.input_value(f"select[name='status-{ids['Martin']}']") == "absent_excuse"
    history = page.inner_text("#history")
    assert "inscrit → présent, signé" in history and "inscrit → absent excusé" in history

    page.goto(f"{live_server.url}/console/emargement/seance/{ws_id}/imprimer")
    heading = page.inner_text("header.programme")
    assert heading == "Ensemble vers l'emploi — Entreprendre Ensemble — Département du Nord / FSE+"
    rows = page.locator("table.sheet tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).inner_text().split("\t")[:3] == ["1", "AUBERT", "Élodie"]
    box = page.locator("td.signature").first.bounding_box()
    assert box["height"] > 40  # room to sign
    page.emulate_media(media="print")
    assert not page.is_visible(".toolbar")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
