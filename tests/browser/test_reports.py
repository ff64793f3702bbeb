"""A manager downloads the monthly report and the FSE+ participant file from the "Rapports" menu,
and gets a French message for a month that has not started."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from schema.enums import Role
from tests import factories
from tests.browser.conftest import log_in
from tests.exports.test_monthly_report import SHEETS

pytestmark = pytest.mark.browser


def test_manager_downloads_the_reports(live_server, page, tmp_path):
    live_server.app.config["TODAY"] = date(2026, 11, 16)

    def setup(session):
        factories.reference(session)
        factories.user(session, Role.MANAGER, email="romain@rapports.fr")
        counsellor = factories.user(session, Role.COUNSELLOR, full_name="Claire V")
        acc = factories.accompaniment(
            session, counsellor, factories.person(session, last_name="Octobre")
        )
        factories.contact(session, acc, datetime(2026, 10, 20, 10))

    live_server.run(setup)
    log_in(page, live_server.url, "romain@rapports.fr", factories.PASSWORD)

    page.click("text=Rapports")
    page.click("text=Rapport mensuel")
    assert page.input_value("#mois") == "2026-10"  # the last complete month
    with page.expect_download() as download:
        page.click("text=Télécharger (.xlsx)")
    monthly = tmp_path / download.value.suggested_filename
    download.value.save_as(monthly)
    assert monthly.suffix == ".xlsx"
    workbook = load_workbook(monthly, read_only=True)
    assert workbook.sheetnames == SHEETS
    names = [row[2] for row in workbook["File active"].iter_rows(min_row=2, values_only=True)]
    assert names == ["OCTOBRE Élodie"]
    workbook.close()

    page.goto(f"{live_server.url}/console/rapport-mensuel/?mois=2027-01")
    assert "Ce mois n'a pas commencé" in page.inner_text(".alert")

    page.click("text=Rapports")
    page.click("text=Fichier participants FSE+")
    with page.expect_download() as download:
        page.click("text=Télécharger (.xlsx)")
    fse = tmp_path / download.value.suggested_filename
    download.value.save_as(fse)
    workbook = load_workbook(fse, read_only=True)
    assert workbook.sheetnames == ["Participants", "Indicateurs communs", "Incomplets"]
    workbook.close()
