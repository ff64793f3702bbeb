"""Consistent copies of the database while the console runs, and putting one back.

SQLite: the online backup API (pages copied under a read lock, so a copy is consistent even
while the console writes). PostgreSQL: ``pg_dump --format=custom`` and
``pg_restore --clean --if-exists --single-transaction`` (a failed restore changes nothing).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL, make_url


class BackupError(RuntimeError):
    """A French sentence saying why the backup or the restore failed."""


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("Une base SQLite en mémoire ne peut pas être sauvegardée.")
    return Path(url.database)


def libpq_arguments(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump / pg_restore, the password in the environment only."""
    args = [f"--dbname={url.database}"]
    if url.host:
        args.append(f"--host={url.host}")
    if url.port:
        args.append(f"--port={url.port}")
    if url.username:
        args.append(f"--username={url.username}")
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    for key, value in url.query.items():
        if key == "sslmode":
            env["PGSSLMODE"] = str(value)
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"La commande {command[0]} est introuvable : installez les outils client PostgreSQL."
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise BackupError(f"{command[0]} a échoué : " + " / ".join(detail))


def backup(database_url: str, target: str | Path) -> Path:
    """Write a consistent copy of the database to ``target`` (which must not exist yet)."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"Le fichier {target} existe déjà : choisissez un autre nom.")
    if not target.parent.is_dir():
        raise BackupError(f"Le dossier {target.parent} n'existe pas.")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
    elif url.get_backend_name() == "postgresql":
        args, env = libpq_arguments(url)
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", *args], env)
    else:
        raise BackupError(f"Base {url.get_backend_name()} non prise en charge.")
    return target


def _check_sqlite_backup(path: Path) -> None:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} n'est pas une sauvegarde SQLite lisible.") from exc
    if "alembic_version" not in tables or "person" not in tables:
        raise BackupError(f"{path} n'est pas une sauvegarde de cette application.")


def restore(database_url: str, source: str | Path) -> None:
    """Replace the database's content with the backup's. Other connections must be re-opened."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Le fichier {source} n'existe pas.")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _check_sqlite_backup(source)
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        live = sqlite3.connect(_sqlite_path(url), timeout=30)
        try:
            backup_db.backup(live)
        finally:
            live.close()
            backup_db.close()
    elif url.get_backend_name() == "postgresql":
        args, env = libpq_arguments(url)
        _run(["pg_restore", "--list", str(source)], env)  # refuses a file that is no dump
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--no-owner",
                "--no-privileges",
                *args,
                str(source),
            ],
            env,
        )
    else:
        raise BackupError(f"Base {url.get_backend_name()} non prise en charge.")
