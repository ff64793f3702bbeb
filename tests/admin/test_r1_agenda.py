"""R1 on the agenda: the portfolio and the programme dashboard say what is planned for the
people still waiting for their first appointment."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from schema.enums import Role
from tests import factories

TODAY = date(2026, 11, 16)
D0 = date(2026, 11, 5)  # due 20/11/2026


@pytest.fixture(autouse=True)
def frozen_today(app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", TODAY)


def waiting(session, counsellor, name: str, planned_at: datetime | None = None):
    acc = factories.accompaniment(
        session, counsellor, factories.person(session, last_name=name), d0=D0, entry=None
    )
    if planned_at:
        factories.contact(
            session,
            acc,
            planned_at,
            status="prevu",
            held_at=None,
            synthesis=None,
            duration_minutes=60,
        )
    return acc


@pytest.fixture
def caseload(session, counsellor):
    return {
        "nothing": waiting(session, counsellor, "Rien"),
        "in_time": waiting(session, counsellor, "Atemps", datetime(2026, 11, 19, 14, 0)),
        "after": waiting(session, counsellor, "Tard", datetime(2026, 11, 23, 9, 30)),
        "held": factories.accompaniment(session, counsellor, d0=D0, entry=date(2026, 11, 10)),
    }


def row_html(html: str, acc) -> str:
    match = re.search(rf'<tr data-accompaniment="{acc.id}">(.*?)</tr>', html, re.S)
    assert match, acc.id
    return " ".join(match.group(1).split())


def test_portfolio_says_what_is_planned(client, login, counsellor, caseload):
    login(counsellor)
    html = client.get("/console/portefeuille/").get_data(as_text=True)
    nothing = row_html(html, caseload["nothing"])
    assert "1er RDV : rien de prévu" in nothing and "J+11 · rien de prévu" in nothing
    assert f'/console/convocation/{caseload["nothing"].id}/">Convoquer' in nothing
    in_time = row_html(html, caseload["in_time"])
    assert "RDV prévu le 19/11/2026 à 14:00" in in_time and "après J+15" not in in_time
    after = row_html(html, caseload["after"])
    assert "RDV prévu le 23/11/2026 à 09:30" in after
    assert 'badge-warning">après J+15' in after and "— après J+15" in after
    held = row_html(html, caseload["held"])
    assert "RDV prévu" not in held and "rien de prévu" not in held
    planning = " ".join(re.search(r'id="r1-planning">(.*?)</div>', html, re.S).group(1).split())
    assert 'rien de prévu : <strong data-count="nothing">1</strong>' in planning
    assert 'prévu après J+15 : <strong data-count="after_due">1</strong>' in planning


@pytest.mark.parametrize("role", [Role.MANAGER, Role.FUNDER])
def test_programme_dashboard_counts_waiting_people_by_planning(
    client, session, login, caseload, role
):
    login(factories.user(session, role))
    html = client.get("/console/tableau-de-bord/").get_data(as_text=True)
    line = " ".join(re.search(r'id="r1-waiting"[^>]*>(.*?)</p>', html, re.S).group(1).split())
    assert '<strong data-planning="rien_de_prevu">1</strong> rien de prévu' in line
    assert '<strong data-planning="prevu">1</strong> RDV prévu avant J+15' in line
    assert '<strong data-planning="apres_j15">1</strong> RDV prévu après J+15' in line
    assert "RIEN " not in html
