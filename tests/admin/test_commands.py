"""The ``ensemble`` command line."""

from __future__ import annotations

from sqlalchemy import select

from admin.passwords import verify_password
from schema import Counsellor, User


def test_users_create_reads_password_from_stdin(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "Nadia@Exemple.fr", "--role", "counsellor", "--name", "Nadia B"],
        input="un-mot-de-passe-solide\nun-mot-de-passe-solide\n",
    )
    assert result.exit_code == 0, result.output
    assert "Compte créé : nadia@exemple.fr" in result.output
    assert "un-mot-de-passe-solide" not in result.output
    user = session.scalars(select(User).where(User.email == "nadia@exemple.fr")).one()
    assert user.role == "counsellor" and verify_password(
        user.password_hash, "un-mot-de-passe-solide"
    )
    counsellor = session.scalars(select(Counsellor).where(Counsellor.user_id == user.id)).one()
    assert counsellor.display_name == "Nadia B"


def test_users_create_refuses_short_password_and_mismatch(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "court@exemple.fr", "--role", "manager"], input="court\ncourt\n"
    )
    assert result.exit_code != 0
    assert "au moins 12 caractères" in result.output
    result = runner.invoke(
        args=["users", "create", "diff@exemple.fr", "--role", "manager"],
        input="premier-mot-de-passe\nsecond-mot-de-passe\n",
    )
    assert result.exit_code != 0
    assert "ne correspondent pas" in result.output
    emails = set(session.scalars(select(User.email)))
    assert not {"court@exemple.fr", "diff@exemple.fr"} & emails


def test_users_create_refuses_unknown_role_and_duplicate(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "x@exemple.fr", "--role", "chef"], input="")
    assert result.exit_code != 0
    ok = runner.invoke(
        args=["users", "create", "dup@exemple.fr", "--role", "funder"],
        input="mot-de-passe-assez-long\n",
    )
    assert ok.exit_code == 0, ok.output
    again = runner.invoke(
        args=["users", "create", "DUP@exemple.fr", "--role", "funder"],
        input="mot-de-passe-assez-long\n",
    )
    assert again.exit_code != 0
    assert "existe déjà" in again.output


def test_rules_refresh_recomputes_the_stored_read_models(app, session, ref, monkeypatch):
    from datetime import date, datetime

    from schema import CounsellorCounts, DailyCounts, RuleStates
    from tests import factories

    monkeypatch.setitem(app.config, "TODAY", date(2026, 11, 16))
    acc = factories.accompaniment(session, factories.user(session), entry=date(2026, 10, 5))
    factories.contact(session, acc, datetime(2026, 11, 2, 9))
    session.execute(RuleStates.__table__.update().values(computed_on=date(2026, 11, 1), r3="ok"))
    session.execute(DailyCounts.__table__.delete())
    session.execute(CounsellorCounts.__table__.delete())
    result = app.test_cli_runner().invoke(args=["rules", "refresh"])
    assert result.exit_code == 0, result.output
    assert (
        "États des règles au 16/11/2026 : 1 accompagnements ouverts ; "
        "comptes de 1 conseiller·ères et de 2 jours"
    ) in result.output
    counts = session.execute(select(CounsellorCounts.active_file, CounsellorCounts.r3_late)).one()
    assert tuple(counts) == (1, 1)
    row = session.execute(select(RuleStates.computed_on, RuleStates.r3)).one()
    assert tuple(row) == (date(2026, 11, 16), "en_retard")
    assert session.scalars(select(DailyCounts.day).order_by(DailyCounts.day)).all() == [
        date(2026, 10, 5),
        date(2026, 11, 2),
    ]
