"""Accounts: password policy, lockout, enumeration, sessions ended by logout, deactivation,
password change and age; the change-password page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from admin import auth
from admin.auth import BAD_CREDENTIALS, SESSION_EXPIRED
from admin.passwords import is_common, password_problem
from schema import AuditLog, User
from schema.base import utcnow
from schema.enums import Role
from tests import factories
from tests.conftest import csrf_from
from tests.security.records import current, form_values

COMMON = "trop courant"


@pytest.mark.parametrize(
    "password",
    [
        "123456789012",
        "azertyuiop123",
        "AZERTYUIOPQSDF",
        "MotDePasse2024",
        "motdepasse!!!",
        "Marseille13!!",
        "2026soleil!!!",
        "doudou123456",
        "chouchou1234",
        "aaaaaaaaaaaaaa",
        "Bienvenue123!",
    ],
)
def test_common_passwords_refused(password):
    assert is_common(password)
    assert COMMON in password_problem(password)


def test_password_policy_messages():
    assert password_problem("court") == "Le mot de passe doit contenir au moins 12 caractères."
    assert password_problem("soleil") is not None
    assert password_problem("un grand cheval bleu à Malo") is None
    assert password_problem("correct-horse-battery-staple") is None


def _post_login(client, email: str, password: str):
    token = csrf_from(client.get("/connexion").get_data(as_text=True))
    return client.post(
        "/connexion", data={"email": email, "password": password, "csrf_token": token}
    )


def test_lockout_after_ten_failures_in_fifteen_minutes(client, session):
    user = factories.user(session, Role.MANAGER)
    for _ in range(9):
        assert _post_login(client, user.email, "mauvais-mot-de-passe").status_code == 200
    assert current(session, user).locked_until is None
    response = _post_login(client, user.email, "mauvais-mot-de-passe")
    assert BAD_CREDENTIALS.replace("'", "&#39;") in response.get_data(as_text=True)
    locked = current(session, user)
    assert locked.locked_until is not None
    assert timedelta(minutes=14) < locked.locked_until - utcnow() <= timedelta(minutes=15)
    # The right password is refused while locked, with the same message.
    response = _post_login(client, user.email, factories.PASSWORD)
    assert response.status_code == 200
    assert BAD_CREDENTIALS.replace("'", "&#39;") in response.get_data(as_text=True)
    # Fifteen minutes later the account opens again.
    locked.locked_until = utcnow() - timedelta(seconds=1)
    session.flush()
    assert _post_login(client, user.email, factories.PASSWORD).status_code == 302


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(client, session):
    user = factories.user(session, Role.MANAGER)
    for _ in range(9):
        _post_login(client, user.email, "mauvais-mot-de-passe")
    stored = current(session, user)
    stored.first_failed_at = utcnow() - timedelta(minutes=16)  # the window has passed
    session.flush()
    _post_login(client, user.email, "mauvais-mot-de-passe")
    stored = current(session, user)
    assert stored.locked_until is None and stored.failed_logins == 1


def test_same_answer_and_same_work_whether_the_account_exists(client, session, monkeypatch):
    inactive = factories.user(session, Role.MANAGER, active=False)
    locked = factories.user(session, Role.MANAGER, locked_until=utcnow() + timedelta(minutes=5))
    known = factories.user(session, Role.MANAGER)
    calls = []
    real = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda h, p: calls.append(h) or real(h, p))
    pages = []
    for email in ("personne@nulle-part.fr", known.email, inactive.email, locked.email):
        response = _post_login(client, email, "mauvais-mot-de-passe-123")
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        pages.append(body.replace(csrf_from(body), "TOKEN").replace(email, "EMAIL"))
    # Same page whatever the case; a password hash was checked every time (same timing).
    assert len(set(pages)) == 1
    assert len(calls) == 4
    assert calls[0] is None  # the unknown account is checked against the dummy hash
    inactive_login = _post_login(client, inactive.email, factories.PASSWORD)
    assert inactive_login.status_code == 200


def test_nul_byte_in_login_is_a_plain_failure(client, session):
    response = _post_login(client, "a\x00b@test.fr", "x\x00y")
    assert response.status_code == 200
    assert "caractère invalide" in response.get_data(as_text=True)


def test_old_cookie_useless_after_logout(app, client, session, login):
    user = factories.user(session, Role.MANAGER)
    token = login(user)
    cookie = client.get_cookie("session").value
    assert client.post("/deconnexion", data={"csrf_token": token}).status_code == 302
    client.set_cookie("session", cookie)  # replay the cookie captured before logout
    response = client.get("/console/person/")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def _second_client(app, user):
    """A client of its own, not kept in a ``with`` block: the ``client`` fixture preserves its
    last request context, whose ``g`` (and cached user) a second client would otherwise share."""
    other = app.test_client()
    token = csrf_from(other.get("/connexion").get_data(as_text=True))
    response = other.post(
        "/connexion",
        data={"email": user.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    return other


def test_deactivation_ends_sessions_immediately(app, session):
    admin = factories.user(session, Role.ADMIN)
    victim = factories.user(session, Role.COUNSELLOR, email="partant@test.fr")
    theirs = _second_client(app, victim)
    assert theirs.get("/console/person/").status_code == 200
    client = _second_client(app, admin)
    values = form_values(client.get(f"/console/user/edit/?id={victim.id}").get_data(as_text=True))
    values.pop("active")  # untick « Actif »
    assert client.post(f"/console/user/edit/?id={victim.id}", data=values).status_code == 302
    assert current(session, victim).active is False
    response = theirs.get("/console/person/")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    # And the account cannot log in again.
    assert _post_login(theirs, victim.email, factories.PASSWORD).status_code == 200


def test_admin_cannot_deactivate_own_account(client, session, login):
    admin = factories.user(session, Role.ADMIN)
    login(admin)
    values = form_values(client.get(f"/console/user/edit/?id={admin.id}").get_data(as_text=True))
    values.pop("active")
    response = client.post(f"/console/user/edit/?id={admin.id}", data=values)
    assert response.status_code == 200
    assert "Vous ne pouvez pas désactiver votre propre compte." in response.get_data(as_text=True)
    assert current(session, admin).active is True


def test_session_ends_after_configured_hours(app, client, session, login):
    login(factories.user(session, Role.MANAGER))
    assert client.get("/console/person/").status_code == 200
    with client.session_transaction() as cookie_session:
        hours = app.config["SESSION_HOURS"]
        started = utcnow() - timedelta(hours=hours, minutes=1)
        cookie_session["login_at"] = started.isoformat()
    response = client.get("/console/person/")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert SESSION_EXPIRED in page
    assert client.get("/console/person/").status_code == 302  # the session is gone


def test_session_without_login_time_is_refused(client, session, login):
    login(factories.user(session, Role.MANAGER))
    with client.session_transaction() as cookie_session:
        del cookie_session["login_at"]
    assert client.get("/console/person/").status_code == 302


def test_session_lifetime_is_configurable(monkeypatch, tmp_path):
    from admin.config import load_config

    monkeypatch.setenv("SESSION_HOURS", "2")
    config = load_config(tmp_path)
    assert config["SESSION_HOURS"] == 2 and config["PERMANENT_SESSION_LIFETIME"] == 7200


def _change(client, token, current_pw, new, confirm=None):
    return client.post(
        "/console/mot-de-passe/",
        data={
            "current_password": current_pw,
            "new_password": new,
            "confirm": new if confirm is None else confirm,
            "csrf_token": token,
        },
    )


def test_change_my_password(app, session):
    user = factories.user(session, Role.COUNSELLOR)
    elsewhere = _second_client(app, user)
    client = _second_client(app, user)
    token = csrf_from(client.get("/console/mot-de-passe/").get_data(as_text=True))
    page = client.get("/console/mot-de-passe/").get_data(as_text=True)
    assert "Changer mon mot de passe" in page and "Mot de passe actuel" in page
    new = "trois petits chats sur le quai"
    response = _change(client, token, factories.PASSWORD, new)
    assert response.status_code == 302
    assert client.get("/console/person/").status_code == 200  # this session goes on
    gone = elsewhere.get("/console/person/")  # the other session is closed
    assert gone.status_code == 302 and "/connexion" in gone.headers["Location"]
    assert _post_login(app.test_client(), user.email, new).status_code == 302
    entry = session.scalars(
        select(AuditLog).where(AuditLog.action == "password_change", AuditLog.user_id == user.id)
    ).one()
    assert entry.entity_id == user.id


@pytest.mark.parametrize(
    ("current_pw", "new", "confirm", "message"),
    [
        ("pas-le-bon-mot-de-passe", "trois petits chats sur le quai", None, "actuel est incorrect"),
        (factories.PASSWORD, "azertyuiop123", None, COMMON),
        (factories.PASSWORD, "court", None, "au moins 12 caractères"),
        (factories.PASSWORD, "trois petits chats", "trois petits chiens", "ne correspondent pas"),
    ],
)
def test_change_my_password_refused(client, session, login, current_pw, new, confirm, message):
    user = factories.user(session, Role.COUNSELLOR)
    token = login(user)
    before = current(session, user).password_hash
    response = _change(client, token, current_pw, new, confirm)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert current(session, user).password_hash == before


def test_change_password_requires_login_and_csrf(client, session, login):
    response = client.get("/console/mot-de-passe/")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    user = factories.user(session, Role.FUNDER)
    login(user)
    response = client.post(
        "/console/mot-de-passe/",
        data={
            "current_password": factories.PASSWORD,
            "new_password": "x" * 20,
            "confirm": "x" * 20,
        },
    )
    assert response.status_code == 400


def test_cli_refuses_common_password(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "nouvelle@test.fr", "--role", "manager"],
        input="motdepasse2026\nmotdepasse2026\n",
    )
    assert result.exit_code == 1
    assert COMMON in result.output
    count = session.scalar(select(func.count()).where(User.email == "nouvelle@test.fr"))
    assert count == 0
    result = runner.invoke(
        args=["users", "create", "nouvelle@test.fr", "--role", "manager"],
        input="le phare de Dunkerque la nuit\nle phare de Dunkerque la nuit\n",
    )
    assert result.exit_code == 0, result.output


def test_user_view_refuses_common_password(client, session, login):
    login(factories.user(session, Role.ADMIN))
    target = factories.user(session, Role.BACKOFFICE)
    values = form_values(client.get(f"/console/user/edit/?id={target.id}").get_data(as_text=True))
    values["new_password"] = "Azertyuiop123"
    response = client.post(f"/console/user/edit/?id={target.id}", data=values)
    assert response.status_code == 200
    assert COMMON in response.get_data(as_text=True)
