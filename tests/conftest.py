"""Test fixtures: one migrated database per run, each test inside a rolled-back transaction.

The database is SQLite (a temporary file) unless TEST_DATABASE_URL or DATABASE_URL names another
one; a PostgreSQL database is emptied first, so its name must contain "test".
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from admin import clock
from admin.app import create_app
from admin.database import db, make_engine
from schema import migrate
from schema.enums import Role
from schema.rules.stored_states import TODAY_KEY
from tests import factories


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        if "test" not in (parsed.database or ""):
            raise pytest.UsageError(
                f"Refusing to empty {parsed.database!r}: its name lacks 'test'."
            )
        admin_engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        admin_engine.dispose()
    return url


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = _database_url(tmp_path_factory)
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url: str):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory):
    os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
    application = create_app(
        {"DATABASE_URL": database_url, "TESTING": True, "SERVER_NAME": "localhost"}
    )
    return application


@pytest.fixture
def connection(engine) -> Iterator:
    conn = engine.connect()
    trans = conn.begin()
    if conn.dialect.name == "sqlite":
        # pysqlite emits no BEGIN before a SAVEPOINT: open the outer transaction explicitly,
        # so that a test session's commit (a RELEASE) never commits for real.
        conn.exec_driver_sql("SAVEPOINT test_outer")
    yield conn
    trans.rollback()
    conn.close()


@pytest.fixture
def session(app, connection):
    """A test session on the rolled-back transaction; the app's requests share that connection.

    No application context stays pushed, so every request of the test client gets its own
    context, reloads the user and uses a fresh request session, as in production.
    """
    db.override_bind = connection

    def console_today():  # the stored rule states are computed for the console's "today"
        with app.app_context():
            return clock.today()

    test_session = Session(
        bind=connection,
        expire_on_commit=False,
        join_transaction_mode="create_savepoint",
        info={TODAY_KEY: console_today},
    )
    yield test_session
    test_session.close()
    db.session.remove()
    db.override_bind = None


@pytest.fixture
def ref(session):
    """Reference lists loaded."""
    return factories.reference(session)


@pytest.fixture
def counsellor(session, ref):
    """A counsellor, reference lists loaded (a test file may define its own)."""
    return factories.user(session, Role.COUNSELLOR)


@pytest.fixture
def client(app, session):
    with app.test_client() as c:
        yield c


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(connection):
    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()

        def before(_conn, _cursor, statement, *_args) -> None:
            if not re.match(r"\s*(SAVEPOINT|RELEASE|ROLLBACK TO)", statement):
                counter.statements.append(statement)

        event.listen(connection, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(connection, "before_cursor_execute", before)

    return counting


CSRF_RE = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in page"
    return match.group(1) or match.group(2)


@pytest.fixture
def login(client):
    """Log a user in through the real login form; returns a CSRF token for later POSTs."""

    def do_login(user) -> str:
        page = client.get("/connexion")
        token = csrf_from(page.get_data(as_text=True))
        response = client.post(
            "/connexion",
            data={"email": user.email, "password": factories.PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return token

    return do_login
