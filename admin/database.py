"""The database extension: one engine per app, a scoped session, SQLite foreign keys and WAL."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, scoped_session, sessionmaker


def make_engine(url: str, echo: bool = False) -> Engine:
    """Create an engine; SQLite gets foreign keys on, WAL and a busy timeout."""
    kwargs: dict[str, Any] = {"echo": echo, "future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    if ":memory:" not in str(getattr(dbapi_connection, "database", "")):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Database:
    """Holds the engine and a request-scoped session; bound to an app with ``init_app``."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.factory = sessionmaker(expire_on_commit=False)
        self.session: scoped_session[Session] = scoped_session(self.factory)

    def init_app(self, app: Flask) -> None:
        self.engine = make_engine(app.config["DATABASE_URL"], app.config.get("SQL_ECHO", False))
        self.factory.configure(bind=self.engine)
        app.extensions["database"] = self

        @app.teardown_appcontext
        def _remove_session(_exc: BaseException | None) -> None:
            self.session.remove()


db = Database()
