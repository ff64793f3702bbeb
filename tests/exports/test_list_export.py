"""The "Exporter" button of the lists: current search, filters, sort and scope; typed cells."""

from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from schema import AuditLog
from schema.enums import Role
from tests import factories


def _rows(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(BytesIO(response.data)).active
    return sheet, list(sheet.iter_rows(values_only=True))


@pytest.fixture
def people(session, ref):
    counsellor = factories.user(session, Role.COUNSELLOR)
    other = factories.user(session, Role.COUNSELLOR)
    mine = [
        factories.person(
            session,
            last_name=name,
            first_name="Anne",
            sex=sex,
            caf_number=caf,
            birth_date=date(1990, 1, 2),
        )
        for name, sex, caf in (
            ('=HYPERLINK("http://x","clic")', "F", "0012345"),
            ("Bernard", "H", "0200000"),
            ("Carpentier", "F", "0300000"),
        )
    ]
    for p in mine:
        factories.accompaniment(session, counsellor, p)
    theirs = factories.person(session, last_name="Zidane", sex="F")
    factories.accompaniment(session, other, theirs)
    return counsellor, mine, theirs


def test_people_export_typed_cells_and_neutralised_formulas(
    client, session, login, people, count_queries
):
    login(factories.user(session, Role.MANAGER))
    with count_queries() as counter:  # only the listed columns are loaded: no lazy load per row
        sheet, rows = _rows(client.get("/console/person/export.xlsx"))
    assert counter.count <= 6
    assert rows[0] == (
        "Nom d'usage",
        "Prénom",
        "Date de naissance",
        "N° allocataire CAF",
        "Commune",
        "Téléphone",
        "Situation à l'entrée",
    )
    # Default sort of the list (name), every row, no page limit.
    assert [r[0] for r in rows[1:]] == [
        '\'=HYPERLINK("http://x","clic")',
        "Bernard",
        "Carpentier",
        "Zidane",
    ]
    first = rows[1]
    assert first[2] == datetime(1990, 1, 2) and sheet["C2"].number_format == "DD/MM/YYYY"
    assert first[3] == "0012345" and sheet["D2"].data_type == "s"
    assert first[5] == "0601020304" and sheet["F2"].data_type == "s"
    assert first[6] == "Chômeur·se"  # enumeration value -> French label
    assert sheet["A2"].data_type == "s"


def test_export_honours_search_filters_sort_and_is_audited(client, session, login, people):
    manager = factories.user(session, Role.MANAGER)
    login(manager)
    _sheet, rows = _rows(client.get("/console/person/export.xlsx?flt0_sexe_equals=F&sort=0&desc=1"))
    assert [r[0] for r in rows[1:]] == ["Zidane", "Carpentier", '\'=HYPERLINK("http://x","clic")']
    _sheet, rows = _rows(client.get("/console/person/export.xlsx?search=bern"))
    assert [r[0] for r in rows[1:]] == ["Bernard"]
    entries = session.scalars(
        select(AuditLog).where(AuditLog.action == "export", AuditLog.user_id == manager.id)
    ).all()
    assert len(entries) == 2
    assert entries[0].entity == "Personnes"
    # The names of the filters and whether a search was typed, never the values typed.
    assert entries[0].detail == "Personnes — filtres : Sexe ; recherche : non — 3 ligne(s)"
    assert entries[1].detail == "Personnes — filtres : aucun ; recherche : oui — 1 ligne(s)"
    assert "bern" not in entries[1].detail.lower()


def test_counsellor_exports_only_their_caseload(client, session, login, people):
    counsellor, mine, _theirs = people
    login(counsellor)
    _sheet, rows = _rows(client.get("/console/person/export.xlsx"))
    assert sorted(r[0] for r in rows[1:]) == sorted(
        ["'" + mine[0].last_name, "Bernard", "Carpentier"]
    )
    _sheet, rows = _rows(client.get("/console/accompaniment/export.xlsx"))
    assert len(rows) == 4
    # The orientation column holds the decision date (D0), as a date.
    assert rows[0][2] == "Orientation" and rows[1][2] == datetime(2026, 10, 1)


def test_sensitive_columns_only_for_roles_that_may_read_them(client, session, login, people):
    counsellor, mine, _theirs = people
    acc = mine[1].accompaniments[0]
    factories.contact(session, acc, synthesis="Recherche active, CV à jour.")
    login(counsellor)
    _sheet, rows = _rows(client.get("/console/contact/export.xlsx"))
    assert rows[0][-1] == "Synthèse" and rows[1][-1] == "Recherche active, CV à jour."
    client.post("/deconnexion", data={})
    funder = factories.user(session, Role.FUNDER)
    with client.session_transaction() as s:
        s.clear()
    login(funder)
    _sheet, rows = _rows(client.get("/console/contact/export.xlsx"))
    assert "Synthèse" not in rows[0] and "Recherche active, CV à jour." not in rows[1]
    assert len(rows) == 2


def test_builtin_export_is_replaced(client, session, login, people):
    login(factories.user(session, Role.MANAGER))
    response = client.get("/console/person/export/csv/?search=bern")
    assert response.status_code == 302
    assert "/console/person/export.xlsx?search=bern" in response.headers["Location"]


def test_statement_count_does_not_grow_with_rows(client, session, login, people, count_queries):
    counsellor, _mine, _theirs = people
    login(factories.user(session, Role.MANAGER))
    with count_queries() as few:
        _rows(client.get("/console/accompaniment/export.xlsx"))
    for _ in range(30):  # more than a page (25): the export holds every row, not a page
        factories.accompaniment(session, counsellor, factories.person(session))
    with count_queries() as many:
        _sheet, rows = _rows(client.get("/console/accompaniment/export.xlsx"))
    assert len(rows) == 1 + 4 + 30
    assert many.count == few.count <= 8


def test_every_list_exports(app, client, session, login, people):
    login(factories.user(session, Role.MANAGER))
    from admin.views.base import SecuredModelView

    console = app.extensions["admin"][0]
    views = [v for v in console._views if isinstance(v, SecuredModelView)]
    assert len(views) > 20
    for view in views:
        if view.may_export():
            response = client.get(f"{view.url}/export.xlsx")
            assert response.status_code == 200, view.endpoint
        else:
            assert client.get(f"{view.url}/export.xlsx").status_code == 403, view.endpoint


def test_list_page_has_the_export_button(client, session, login, people):
    login(factories.user(session, Role.MANAGER))
    html = client.get("/console/person/?search=bern").get_data(as_text=True)
    assert "Exporter (.xlsx)" in html and "/console/person/export.xlsx?search=bern" in html
