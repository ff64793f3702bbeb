"""Security headers on every response; session cookie flags."""

from __future__ import annotations

import re

import pytest

from admin.config import load_config
from schema.enums import Role
from tests import factories

PATHS = ("/connexion", "/console/", "/console/person/", "/nulle-part", "/static/csp_handlers.js")


@pytest.mark.parametrize("path", PATHS)
def test_headers_on_every_response(client, session, login, path):
    login(factories.user(session, Role.MANAGER))
    response = client.get(path)
    response.close()
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert re.search(r"script-src 'self' 'nonce-[\w-]{20,}'", csp)
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_every_script_of_a_console_page_carries_the_nonce(client, session, login, ref):
    login(factories.user(session, Role.MANAGER))
    response = client.get("/console/contact/new/")
    nonce = re.search(r"'nonce-([\w-]+)'", response.headers["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script[^>]*>", response.get_data(as_text=True))
    assert len(scripts) > 5
    assert all(f'nonce="{nonce}"' in tag for tag in scripts), scripts
    assert response.headers["Cache-Control"] == "no-store"


def test_nonce_changes_per_request(client):
    first = client.get("/connexion").headers["Content-Security-Policy"]
    second = client.get("/connexion").headers["Content-Security-Policy"]
    assert first != second


def test_session_cookie_flags(client, session, login):
    login(factories.user(session, Role.MANAGER))
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"
    assert not cookie.secure  # plain HTTP in tests


def test_secure_cookies_when_served_over_https(monkeypatch, tmp_path):
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    assert load_config(tmp_path)["SESSION_COOKIE_SECURE"] is False
    monkeypatch.setenv("PREFERRED_URL_SCHEME", "https")
    config = load_config(tmp_path)
    assert config["SESSION_COOKIE_SECURE"] is True and config["REMEMBER_COOKIE_SECURE"] is True


def test_secure_flag_set_on_the_cookie(app, session):
    app.config["SESSION_COOKIE_SECURE"] = True
    try:
        user = factories.user(session, Role.MANAGER)
        with app.test_client() as secure_client:
            page = secure_client.get("/connexion", base_url="https://localhost")
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
            response = secure_client.post(
                "/connexion",
                base_url="https://localhost",
                headers={"Referer": "https://localhost/connexion"},
                data={"email": user.email, "password": factories.PASSWORD, "csrf_token": token[1]},
            )
            assert response.status_code == 302
            set_cookie = response.headers["Set-Cookie"]
            assert "Secure" in set_cookie and "HttpOnly" in set_cookie
            assert "SameSite=Lax" in set_cookie
            assert "Strict-Transport-Security" in response.headers
    finally:
        app.config["SESSION_COOKIE_SECURE"] = False
