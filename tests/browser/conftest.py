"""End-to-end fixtures: the console served on 127.0.0.1 and driven by headless Chromium.

Browser tests use their own SQLite file database (a real server cannot share the rolled-back
test transaction). Each test module gets a fresh database through ``live_server``.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from werkzeug.serving import make_server

from admin.app import create_app
from admin.database import db
from schema import migrate

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class LiveServer:
    app: Any
    url: str

    def run(self, fn: Callable[[Any], Any]) -> Any:
        """Run ``fn(session)`` against the served database, committed."""
        with self.app.app_context():
            try:
                result = fn(db.session)
                db.session.commit()
                return result
            finally:
                db.session.remove()


class _BufferedStatic:
    """Read static files whole and close them in the serving thread.

    A browser that drops a connection mid-download would otherwise leave Werkzeug's file
    wrapper to the garbage collector, which raises a ResourceWarning in whatever test runs
    next (warnings are errors in this suite).
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if "/static/" not in environ.get("PATH_INFO", ""):
            return self.app(environ, start_response)
        body = self.app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    path = tmp_path_factory.mktemp("live") / "live.sqlite"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "TESTING": False})
    server = make_server("127.0.0.1", 0, _BufferedStatic(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    live = LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    try:
        yield live
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is required for browser tests ({CHROMIUM} not found).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page: Any, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/connexion")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/console/**")


def fill_date(page: Any, selector: str, text: str) -> None:
    """Type into a Flask-Admin date picker so that the picker keeps the typed value."""
    page.fill(selector, text)
    page.dispatch_event(selector, "keyup")
    page.keyboard.press("Escape")
