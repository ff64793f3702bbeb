"""Malformed ids never reach the database: an id beyond INTEGER, negative or not a number is
"no such record" on every model view and every route with an id in its path, never a 500."""

from __future__ import annotations

import pytest

from schema.enums import Role
from tests import factories
from tests.admin.test_access import READERS
from tests.security.routes import fill, get_rules, takes_ids

BAD_IDS = ("999999999999999999999999999999", "-1", "abc", "")
HUGE = 999999999999999999999999999999


@pytest.mark.parametrize("endpoint", sorted(READERS))
def test_details_and_edit_with_malformed_id(client, session, login, ref, endpoint):
    role = Role.MANAGER if Role.MANAGER in READERS[endpoint] else Role.ADMIN
    login(factories.user(session, role))
    for bad in BAD_IDS:
        for action in ("details", "edit"):
            response = client.get(f"/console/{endpoint}/{action}/?id={bad}")
            assert response.status_code in (302, 403, 404), (endpoint, action, bad)


def test_every_route_with_an_int_argument_refuses_a_huge_id(app, client, session, login, ref):
    login(factories.user(session, Role.MANAGER))
    checked = [fill(rule, lambda _argument: HUGE) for rule in get_rules(app) if takes_ids(rule)]
    assert checked, "no route with an <int:> argument found"
    for path in checked:
        assert client.get(path).status_code == 404, path
    assert any(path.startswith("/console/parcours/") for path in checked)


@pytest.mark.parametrize("endpoint", ["person", "contact", "workshop_session"])
def test_delete_without_id_writes_nothing(client, session, login, ref, endpoint):
    token = login(factories.user(session, Role.MANAGER))
    for data in ({"csrf_token": token}, {"csrf_token": token, "id": str(HUGE)}):
        response = client.post(f"/console/{endpoint}/delete/", data=data)
        assert response.status_code in (302, 403, 404), (endpoint, data)
