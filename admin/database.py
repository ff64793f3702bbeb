"""The database extension: one engine per app, a scoped session, SQLite foreign keys and WAL."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, scoped_session

from admin import clock
from schema.rules.stored_states import TODAY_KEY

ENGINE_KEY = "ensemble.engine"


def make_engine(url: str, echo: bool = False) -> Engine:
    """Create an engine; SQLite gets foreign keys on, WAL and a busy timeout."""
    kwargs: dict[str, Any] = {"echo": echo}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True

    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgresql_settings)
    return engine


def _postgresql_settings(dbapi_connection: Any, _record: Any) -> None:
    # Short statements only: the JIT compiler costs more than it saves (over a second on the
    # rules' aggregates at département scale).
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    dbapi_connection.commit()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Database:
    """Engines per app and one thread-scoped session bound to the current app's engine.

    Tests set ``override_bind`` to a connection inside a transaction that they roll back.
    """

    def __init__(self) -> None:
        self.override_bind: Connection | None = None
        self.session: scoped_session[Session] = scoped_session(self._new_session)

    def _new_session(self) -> Session:
        # The stored rule states written with the console's data are computed for its "today".
        info = {TODAY_KEY: clock.today}
        if self.override_bind is not None:
            return Session(
                bind=self.override_bind,
                expire_on_commit=False,
                join_transaction_mode="create_savepoint",
                info=info,
            )
        return Session(bind=self.engine, expire_on_commit=False, info=info)

    @property
    def engine(self) -> Engine:
        return current_app.extensions[ENGINE_KEY]

    def init_app(self, app: Flask) -> None:
        app.extensions[ENGINE_KEY] = make_engine(
            app.config["DATABASE_URL"], app.config.get("SQL_ECHO", False)
        )
        app.extensions["database"] = self

        @app.teardown_appcontext
        def _remove_session(_exc: BaseException | None) -> None:
            self.session.remove()


db = Database()
