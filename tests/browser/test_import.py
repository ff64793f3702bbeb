"""A manager imports the Département's list in the browser and finds the people "à affecter"."""

from __future__ import annotations

import pytest

from schema.enums import Role
from tests import factories
from tests.browser.conftest import log_in
from tests.imports.files import csv_bytes

pytestmark = pytest.mark.browser


def test_manager_imports_a_list(live_server, page, tmp_path):
    live_server.app.config["IMPORT_FOLDER"] = str(tmp_path / "imports")

    def setup(session):
        factories.reference(session)
        factories.user(session, Role.MANAGER, email="romain@test.fr")

    live_server.run(setup)
    rows = [
        ["Numéro CAF", "Civilité", "Nom", "Prénom", "Né(e) le", "Date de décision", "Parcours"],
        ["123456", "Mme", "Vasseur", "Inès", "14/03/1985", "02/10/2025", "Professionnel"],
        ["7654321", "M.", "Leroy", "Hugo", "22/07/1979", "31/09/2025", "Social"],
    ]
    upload = tmp_path / "orientations.csv"
    upload.write_bytes(csv_bytes(rows, encoding="cp1252"))
    log_in(page, live_server.url, "romain@test.fr", factories.PASSWORD)

    page.click("text=Bénéficiaires")
    page.click("text=Importer des orientations")
    page.set_input_files("input[type=file]", str(upload))
    page.click("text=Voir l'aperçu")
    page.wait_for_url("**/console/import/apercu/**")
    assert page.inner_text("tr[data-line='2']").startswith("2\tCréation\tVASSEUR Inès")
    assert "date impossible « 31/09/2025 »" in page.inner_text("tr[data-line='3']")

    page.click("text=Appliquer (1 ligne(s) à enregistrer)")
    page.wait_for_url("**/console/import/resultat/**")
    assert page.inner_text("td[data-count='created']") == "1"
    assert page.inner_text("td[data-count='errors']") == "1"
    assert page.is_visible("text=Télécharger le rapport des lignes en erreur (.xlsx)")

    page.click("text=Bénéficiaires")
    page.click("text=À affecter")
    row = page.locator("tr", has_text="VASSEUR")
    assert "02/10/2025" in row.inner_text()
    assert "À contacter" in row.inner_text()
