"""The manager's "À affecter" list: accompaniments without a counsellor, oldest D0 first."""

from __future__ import annotations

import html
import re
from datetime import date

from sqlalchemy import select

from schema import Accompaniment
from schema.enums import Role
from tests import factories


def _to_assign_url(page: str) -> str:
    match = re.search(r'href="([^"]*)"[^>]*>\s*À affecter', page)
    assert match, "no « À affecter » menu entry"
    return html.unescape(match.group(1))


def test_manager_lists_and_assigns(client, session, ref, login, count_queries):
    counsellor = factories.user(session, Role.COUNSELLOR, full_name="Claire Vandenberghe")
    late = factories.accompaniment(session, None, d0=date(2026, 10, 1), entry=None)
    early = factories.accompaniment(session, None, d0=date(2026, 9, 15), entry=None)
    factories.accompaniment(session, counsellor, d0=date(2026, 9, 1))  # assigned
    factories.accompaniment(
        session,
        None,
        d0=date(2026, 8, 1),
        entry=None,
        status="clos",
        exit_date=date(2026, 8, 20),
        exit_reason=ref["exit_reason"],
    )
    token = login(factories.user(session, Role.MANAGER))

    url = _to_assign_url(client.get("/console/", follow_redirects=True).get_data(as_text=True))
    assert url.startswith("/console/accompaniment/?")
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    assert counter.count <= 6
    page = response.get_data(as_text=True)
    names = re.findall(r"(DUPONT\d+ Élodie)", page)
    assert names == [early.person.full_name, late.person.full_name]
    assert "15/09/2026" in page and "01/10/2026" in page

    edit = client.get(f"/console/accompaniment/edit/?id={early.id}").get_data(as_text=True)
    version = re.search(r'name="version_token" type="hidden" value="(\d+)"', edit).group(1)
    form = {
        "csrf_token": token,
        "version_token": version,
        "person": str(early.person_id),
        "counsellor": str(counsellor.counsellor.id),
        "orientation": str(early.orientation_id),
        "status": "a_contacter",
        "phase": "orientation",
    }
    response = client.post(f"/console/accompaniment/edit/?id={early.id}&url={url}", data=form)
    assert response.status_code == 302, html.unescape(response.get_data(as_text=True))[-2000:]
    assert (
        session.scalar(select(Accompaniment.counsellor_id).where(Accompaniment.id == early.id))
        == counsellor.counsellor.id
    )
    assert re.findall(r"(DUPONT\d+ Élodie)", client.get(url).get_data(as_text=True)) == [
        late.person.full_name
    ]


def test_counsellor_has_no_to_assign_entry(client, session, ref, login):
    login(factories.user(session, Role.COUNSELLOR))
    assert "À affecter" not in client.get("/console/", follow_redirects=True).get_data(as_text=True)
