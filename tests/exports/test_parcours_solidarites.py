"""« À saisir sur Parcours Solidarités » (R8): page per counsellor, bulk marking, export."""

from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from schema import Action, AuditLog, Contact
from schema.enums import Role
from tests import factories
from tests.conftest import csrf_from

URL = "/console/a-saisir-parcours-solidarites/"


@pytest.fixture
def pending(app, session, ref):
    app.config["TODAY"] = date(2026, 10, 30)
    mine = factories.user(session, Role.COUNSELLOR, full_name="Claire Un")
    other = factories.user(session, Role.COUNSELLOR, full_name="Karim Deux")
    a = factories.accompaniment(session, mine, factories.person(session, last_name="Martin"))
    b = factories.accompaniment(session, other, factories.person(session, last_name="Zola"))
    items = {
        "mine_old": factories.contact(session, a, datetime(2026, 10, 12, 10)),
        "mine_new": factories.contact(session, a, datetime(2026, 10, 27, 10)),
        "mine_done": factories.contact(
            session, a, datetime(2026, 10, 13, 10), ps_entered_on=date(2026, 10, 14)
        ),
        "mine_planned": factories.contact(
            session, a, datetime(2026, 11, 3, 10), held_at=None, status="prevu"
        ),
        "theirs": factories.contact(session, b, datetime(2026, 10, 20, 10)),
    }
    pause = Action(accompaniment_id=a.id, kind="mise_en_attente", start_date=date(2026, 10, 21))
    session.add(pause)
    session.flush()
    yield {"mine": mine, "other": other, "pause": pause, **items}
    app.config.pop("TODAY", None)


def test_counsellor_sees_only_their_items(client, session, login, pending):
    login(pending["mine"])
    html = client.get(URL).get_data(as_text=True)
    assert "MARTIN" in html and "ZOLA" not in html
    assert html.count('name="contact"') == 2 and html.count('name="action"') == 1
    assert "18 j" in html and "Mise en attente" in html


def test_manager_sees_everyone_and_filters(client, session, login, pending):
    login(factories.user(session, Role.MANAGER))
    html = client.get(URL).get_data(as_text=True)
    assert "Claire Un" in html and "Karim Deux" in html
    html = client.get(f"{URL}?conseiller={pending['other'].counsellor.id}").get_data(as_text=True)
    assert "ZOLA" in html and "MARTIN" not in html


@pytest.mark.parametrize("role", [Role.BACKOFFICE, Role.FUNDER, Role.ADMIN])
def test_other_roles_refused(client, session, login, pending, role):
    login(factories.user(session, role))
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}export.xlsx").status_code == 403


def test_mark_as_entered_in_bulk(client, session, login, pending, count_queries):
    user = pending["mine"]
    login(user)
    token = csrf_from(client.get(URL).get_data(as_text=True))
    with count_queries() as counter:
        response = client.post(
            f"{URL}marquer",
            data={
                "csrf_token": token,
                "contact": [pending["mine_old"].id, pending["mine_new"].id],
                "action": [pending["pause"].id],
            },
        )
    assert response.status_code == 302
    assert counter.count <= 12
    entered = dict(session.execute(select(Contact.id, Contact.ps_entered_on)).all())
    assert entered[pending["mine_old"].id] == date(2026, 10, 30)
    assert entered[pending["mine_new"].id] == date(2026, 10, 30)
    assert entered[pending["theirs"].id] is None
    assert session.scalar(select(Action.ps_entered_by_id)) == user.id
    audit = session.scalars(select(AuditLog).where(AuditLog.action == "update")).all()
    assert {(e.entity, e.entity_id) for e in audit} == {
        ("Contact", pending["mine_old"].id),
        ("Contact", pending["mine_new"].id),
        ("Action", pending["pause"].id),
    }
    html = client.get(URL).get_data(as_text=True)
    assert "Rien à saisir" in html


def test_cannot_mark_someone_elses_items(client, session, login, pending):
    login(pending["mine"])
    token = csrf_from(client.get(URL).get_data(as_text=True))
    response = client.post(
        f"{URL}marquer",
        data={"csrf_token": token, "contact": [pending["mine_old"].id, pending["theirs"].id]},
        follow_redirects=True,
    )
    assert "hors de votre portefeuille" in response.get_data(as_text=True)
    assert (
        session.scalar(select(Contact.ps_entered_on).where(Contact.id == pending["mine_old"].id))
        is None
    )
    assert client.post(f"{URL}marquer", data={"contact": [pending["mine_old"].id]}).status_code in (
        400,
        403,
    )


def test_export(client, session, login, pending):
    user = pending["mine"]
    login(user)
    response = client.get(f"{URL}export.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.data)).active.iter_rows(min_row=4, values_only=True))
    assert rows[0][:2] == ("Conseiller·ère", "Personne")
    assert [(r[4], r[6], r[8], r[9]) for r in rows[1:]] == [
        ("Contact", datetime(2026, 10, 12), 18, "Oui"),
        ("Action", datetime(2026, 10, 21), 9, "Oui"),
        ("Contact", datetime(2026, 10, 27), 3, "Non"),
    ]
    entry = session.scalars(select(AuditLog).where(AuditLog.action == "export")).one()
    assert entry.user_id == user.id and "3 ligne(s)" in entry.detail
