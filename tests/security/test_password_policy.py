"""Every way to set a password goes through the one policy, with the same French message.

The paths: the accounts view (create and edit), the CLI (``users create``) and the own-password
page. Each refuses a single space, 11 characters and a common password with the message of
``admin.passwords.password_problem``, and accepts a good password.
"""

from __future__ import annotations

from html import escape

import pytest
from sqlalchemy import func, select

from admin.passwords import password_problem, verify_password
from schema import User
from schema.enums import Role
from tests import factories
from tests.conftest import csrf_from
from tests.security.records import current, form_values

REFUSED = [" ", "abcdefghijk", "azertyuiop123"]
GOOD = "le phare de Dunkerque la nuit"


def _message(password: str) -> str:
    problem = password_problem(password)
    assert problem is not None
    return problem


def _shown(response, password: str) -> bool:
    page = response.get_data(as_text=True)
    message = _message(password)
    return message in page or escape(message) in page


def _create_in_view(client, session, login, password: str):
    login(factories.user(session, Role.ADMIN))
    values = form_values(client.get("/console/user/new/").get_data(as_text=True))
    values.update(
        email="nouveau@test.fr", full_name="Nouveau Compte", role="backoffice", active="y"
    )
    values["new_password"] = password
    return client.post("/console/user/new/", data=values)


@pytest.mark.parametrize("password", REFUSED)
def test_accounts_view_create_refuses(client, session, login, password):
    response = _create_in_view(client, session, login, password)
    assert response.status_code == 200
    assert _shown(response, password)
    assert session.scalar(select(func.count()).where(User.email == "nouveau@test.fr")) == 0


def test_accounts_view_create_accepts_good(client, session, login):
    response = _create_in_view(client, session, login, GOOD)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    user = session.scalars(select(User).where(User.email == "nouveau@test.fr")).one()
    assert verify_password(user.password_hash, GOOD)


@pytest.mark.parametrize("password", [*REFUSED, GOOD])
def test_accounts_view_edit(client, session, login, password):
    login(factories.user(session, Role.ADMIN))
    target = factories.user(session, Role.BACKOFFICE)
    before = target.password_hash
    url = f"/console/user/edit/?id={target.id}"
    values = form_values(client.get(url).get_data(as_text=True))
    values["new_password"] = password
    response = client.post(url, data=values)
    if password == GOOD:
        assert response.status_code == 302
        assert verify_password(current(session, target).password_hash, GOOD)
    else:
        assert response.status_code == 200
        assert _shown(response, password)
        assert current(session, target).password_hash == before


@pytest.mark.parametrize("password", [*REFUSED, GOOD])
def test_cli(app, session, password):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "cli@test.fr", "--role", "manager"],
        input=f"{password}\n{password}\n",
    )
    count = session.scalar(select(func.count()).where(User.email == "cli@test.fr"))
    if password == GOOD:
        assert result.exit_code == 0, result.output
        assert count == 1
    else:
        assert result.exit_code == 1
        assert _message(password) in result.output
        assert count == 0


@pytest.mark.parametrize("password", [*REFUSED, GOOD])
def test_own_password_page(client, session, login, password):
    user = factories.user(session, Role.COUNSELLOR)
    login(user)
    before = user.password_hash
    token = csrf_from(client.get("/console/mot-de-passe/").get_data(as_text=True))
    response = client.post(
        "/console/mot-de-passe/",
        data={
            "current_password": factories.PASSWORD,
            "new_password": password,
            "confirm": password,
            "csrf_token": token,
        },
    )
    if password == GOOD:
        assert response.status_code == 302
        assert verify_password(current(session, user).password_hash, GOOD)
    else:
        assert response.status_code == 200
        assert _shown(response, password)
        assert current(session, user).password_hash == before
