"""Alembic environment: migrates the database named by DATABASE_URL (or the configured URL)."""

from __future__ import annotations

import os
from logging.config import fileConfig
from pathlib import Path

from alembic import context

import schema
from admin.config import default_database_url
from admin.database import make_engine
from schema.search_indexes import TRIGRAM_INDEXES

config = context.config
if config.config_file_name and not config.attributes.get("skip_logging"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = schema.Base.metadata


def _url() -> str:
    url = config.attributes.get("database_url") or os.environ.get("DATABASE_URL")
    if url:
        return url
    return default_database_url(Path.cwd() / "instance")


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave alone the PostgreSQL-only trigram indexes (not in the models by design)."""
    return not (type_ == "index" and reflected and name in TRIGRAM_INDEXES)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=_include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
