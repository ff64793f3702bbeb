"""Backups: ``ensemble backup PATH`` then ``ensemble restore PATH`` finds the same rows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from admin.app import create_app
from admin.database import make_engine
from schema import AuditLog, Person, User, migrate
from schema.backup import BackupError, backup, libpq_arguments, restore


def _people(engine) -> list[tuple]:
    with Session(engine) as s:
        return s.execute(select(Person.last_name, Person.birth_date).order_by(Person.id)).all()


def _add_person(engine, name: str) -> None:
    with Session(engine) as s:
        s.add(Person(sex="F", last_name=name, first_name="Lucie", birth_date=date(1990, 5, 4)))
        s.commit()


def test_sqlite_backup_and_restore(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    engine = make_engine(url)
    _add_person(engine, "Avant")
    runner = app.test_cli_runner()
    with engine.connect() as console_connection:  # the console is running and reading
        console_connection.execute(text("SELECT count(*) FROM person")).scalar()
        result = runner.invoke(args=["backup", str(tmp_path / "copie.sqlite")])
    assert result.exit_code == 0, result.output
    assert "Sauvegarde écrite" in result.output
    saved = _people(engine)

    _add_person(engine, "Après")
    with Session(engine) as s:
        s.execute(delete(Person).where(Person.last_name == "Avant"))
        s.commit()
    assert _people(engine) != saved

    result = runner.invoke(args=["restore", str(tmp_path / "copie.sqlite"), "--yes"])
    assert result.exit_code == 0, result.output
    engine.dispose()
    assert _people(engine) == saved == [("Avant", date(1990, 5, 4))]
    with Session(engine) as s:
        actions = s.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions[-1] == "restore"
    engine.dispose()


def test_backup_refuses_existing_file_and_restore_refuses_foreign_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    runner = app.test_cli_runner()
    existing = tmp_path / "deja.sqlite"
    existing.write_text("x")
    result = runner.invoke(args=["backup", str(existing)])
    assert result.exit_code == 1 and "existe déjà" in result.output
    result = runner.invoke(args=["restore", str(existing), "--yes"])
    assert result.exit_code == 1 and "n'est pas une sauvegarde" in result.output
    result = runner.invoke(args=["restore", str(tmp_path / "absent.sqlite"), "--yes"])
    assert result.exit_code == 1 and "n'existe pas" in result.output
    with pytest.raises(BackupError):
        backup(url, tmp_path / "dossier-absent" / "x.sqlite")


def test_libpq_arguments_keep_the_password_out_of_the_command_line():
    url = make_url("postgresql+psycopg://ensemble:s3cret@db.local:5433/ensemble?sslmode=require")
    args, env = libpq_arguments(url)
    assert args == [
        "--dbname=ensemble",
        "--host=db.local",
        "--port=5433",
        "--username=ensemble",
    ]
    assert env["PGPASSWORD"] == "s3cret" and env["PGSSLMODE"] == "require"
    assert not any("s3cret" in a for a in args)


def test_postgresql_backup_and_restore(database_url, tmp_path):
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL only: run with DATABASE_URL=postgresql+psycopg://…")
    engine = make_engine(database_url)
    try:
        _add_person(engine, "Avant")
        with Session(engine) as s:
            s.add(
                User(
                    email="sauvegarde@test.fr",
                    full_name="S",
                    role="admin",
                    password_hash="x",
                    session_token="t",
                )
            )
            s.commit()
        dump = tmp_path / "copie.dump"
        backup(database_url, dump)
        saved = _people(engine)
        _add_person(engine, "Après")
        with Session(engine) as s:
            s.execute(delete(User))
            s.commit()
        restore(database_url, dump)
        assert _people(engine) == saved == [("Avant", date(1990, 5, 4))]
        with Session(engine) as s:
            assert s.scalars(select(User.email)).all() == ["sauvegarde@test.fr"]
        bad = tmp_path / "pas-un-dump"
        bad.write_text("bonjour")
        with pytest.raises(BackupError):
            restore(database_url, bad)
        assert _people(engine) == saved  # a refused file changes nothing
    finally:
        with Session(engine) as s:  # leave the shared test database empty
            s.execute(delete(AuditLog))
            s.execute(delete(Person))
            s.execute(delete(User))
            s.commit()
        engine.dispose()
