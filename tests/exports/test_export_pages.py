"""Pages « Rapport mensuel » and « Fichier participants FSE+ », the CLI, roles and the audit."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from schema import AuditLog
from schema.enums import Role
from tests import factories
from tests.exports.monthly_data import build_october

ROLES = [Role.ADMIN, Role.MANAGER, Role.COUNSELLOR, Role.BACKOFFICE, Role.FUNDER]


@pytest.fixture
def frozen(app):
    app.config["TODAY"] = date(2026, 11, 15)
    yield
    app.config.pop("TODAY", None)


def _exports(session, user=None):
    query = select(AuditLog).where(AuditLog.action == "export").order_by(AuditLog.id)
    if user is not None:
        query = query.where(AuditLog.user_id == user.id)
    return session.scalars(query).all()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_pages(client, session, login, ref, frozen, role):
    login(factories.user(session, role))
    monthly = client.get("/console/rapport-mensuel/")
    fse = client.get("/console/fichier-fse/")
    assert monthly.status_code == (200 if role in (Role.MANAGER, Role.FUNDER) else 403)
    assert fse.status_code == (200 if role == Role.MANAGER else 403)
    assert client.get("/console/fichier-fse/?du=2026-01-01&au=2026-12-31").status_code == (
        200 if role == Role.MANAGER else 403
    )


def test_funder_downloads_the_monthly_report_audited(client, session, login, ref, frozen):
    data = build_october(session, ref)
    funder = factories.user(session, Role.FUNDER)
    login(funder)
    counsellor = data["c1"].counsellor.id
    response = client.get(f"/console/rapport-mensuel/?mois=2026-10&conseiller={counsellor}")
    assert response.status_code == 200
    assert "rapport-mensuel-2026-10-conseiller-" in response.headers["Content-Disposition"]
    wb = load_workbook(BytesIO(response.data))
    assert wb.sheetnames[0] == "Synthèse"
    headers = [c.value for c in wb["Contacts"][1]]
    assert "Synthèse" not in headers  # no interview synthesis for anyone
    (entry,) = _exports(session, funder)
    assert entry.entity == "Rapport mensuel"
    assert entry.detail.startswith(f"Rapport mensuel — 10/2026, conseiller·ère n° {counsellor}")
    assert "filtres : Mois, Périmètre" in entry.detail and "ligne(s)" in entry.detail
    assert "Claire Un" not in entry.detail


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("mois=2026-13", "Mois invalide"),
        ("mois=octobre", "Mois invalide"),
        ("mois=2027-01", "Ce mois n&#39;a pas commencé"),
        ("mois=2026-10&conseiller=99999", "Conseiller·ère inconnu·e"),
    ],
)
def test_bad_month_keeps_the_input(client, session, login, ref, frozen, query, message):
    login(factories.user(session, Role.MANAGER))
    response = client.get(f"/console/rapport-mensuel/?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    assert f'value="{query.split("&")[0].split("=")[1]}"' in html
    assert _exports(session) == []


def test_fse_page_download_and_bad_dates(client, session, login, ref, frozen):
    build_october(session, ref)
    manager = factories.user(session, Role.MANAGER)
    login(manager)
    response = client.get("/console/fichier-fse/?du=01/01/2026&au=31/12/2026")
    assert response.status_code == 200
    wb = load_workbook(BytesIO(response.data))
    assert wb.sheetnames == ["Participants", "Indicateurs communs", "Incomplets"]
    (entry,) = _exports(session, manager)
    assert entry.entity == "Fichier participants FSE+"
    assert "Fichier participants FSE+ — du 01/01/2026 au 31/12/2026" in entry.detail
    assert "8 ligne(s)" in entry.detail  # A–I but G (not entered)
    html = client.get("/console/fichier-fse/?du=2026-02-30&au=2026-12-31").get_data(as_text=True)
    assert "Date de début invalide" in html and 'value="2026-02-30"' in html
    html = client.get("/console/fichier-fse/?du=2026-12-31&au=2026-01-01").get_data(as_text=True)
    assert "La date de fin précède la date de début" in html


def test_cli_monthly_and_fse(app, session, ref, frozen, tmp_path):
    build_october(session, ref)
    runner = app.test_cli_runner()
    target = tmp_path / "rapport.xlsx"
    result = runner.invoke(args=["export", "monthly", "--month", "2026-10", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "Rapport mensuel de octobre 2026" in result.output
    assert load_workbook(target).sheetnames[0] == "Synthèse"
    fse = tmp_path / "fse.xlsx"
    result = runner.invoke(
        args=["export", "fse", "--from", "2026-01-01", "--to", "2026-12-31", "-o", str(fse)]
    )
    assert result.exit_code == 0, result.output
    assert "8 participants" in result.output
    assert [e.entity for e in _exports(session)] == ["Rapport mensuel", "Fichier participants FSE+"]
    assert "ligne de commande" in _exports(session)[0].detail


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["monthly", "--month", "2026/10"], "Mois invalide"),
        (["monthly", "--month", "2026-10", "--counsellor", "abc"], "N° de conseiller·ère invalide"),
        (["monthly", "--month", "2026-10", "--counsellor", "9999"], "introuvable"),
        (["fse", "--from", "2026-01-32", "--to", "2026-12-31"], "Date de début invalide"),
        (["fse", "--from", "2026-12-01", "--to", "2026-01-01"], "précède"),
    ],
)
def test_cli_errors_in_french(app, session, ref, frozen, tmp_path, args, message):
    target = tmp_path / "x.xlsx"
    result = app.test_cli_runner().invoke(args=["export", *args, "-o", str(target)])
    assert result.exit_code != 0 and message in result.output
    assert not target.exists() and _exports(session) == []
