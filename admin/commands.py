"""Commands of the ``ensemble`` CLI: database, seeds, accounts, demo."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from admin import clock
from admin.accounts import AccountError, create_account
from admin.database import db
from schema import Person, migrate
from schema.enums import Role

DEMO_ACCOUNTS = [
    ("admin@demo.ensemble.fr", "Alice Admin", Role.ADMIN, "demo-admin-ensemble"),
    (
        "responsable@demo.ensemble.fr",
        "Romain Responsable",
        Role.MANAGER,
        "demo-responsable-ensemble",
    ),
    (
        "conseillere@demo.ensemble.fr",
        "Claire Vandenberghe",
        Role.COUNSELLOR,
        "demo-conseil-ensemble",
    ),
    ("conseiller2@demo.ensemble.fr", "Karim Benali", Role.COUNSELLOR, "demo-conseil2-ensemble"),
    (
        "conseillere3@demo.ensemble.fr",
        "Sophie Deschamps",
        Role.COUNSELLOR,
        "demo-conseil3-ensemble",
    ),
    ("accueil@demo.ensemble.fr", "Bruno Accueil", Role.BACKOFFICE, "demo-accueil-ensemble"),
    ("financeur@demo.ensemble.fr", "Fatima Département", Role.FUNDER, "demo-financeur-ensemble"),
]


@click.group("db", help="Base de données.")
def db_group() -> None:
    pass


@db_group.command("upgrade", help="Crée ou met à jour la base (migrations Alembic).")
@with_appcontext
def db_upgrade() -> None:
    migrate.upgrade(current_app.config["DATABASE_URL"])
    click.echo("Base de données à jour.")


@click.group("seed", help="Données de référence et de démonstration.")
def seed_group() -> None:
    pass


@seed_group.command("reference", help="Charge (ou met à jour) les listes de référence.")
@with_appcontext
def seed_reference() -> None:
    from seeds.reference import load_reference

    counts = load_reference(db.session)
    db.session.commit()
    click.echo(f"Listes de référence chargées : {sum(counts.values())} valeurs.")


@seed_group.command("demo", help="Génère des données de démonstration.")
@click.option("--people", default=150, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--seed", default=1, show_default=True, type=int)
@with_appcontext
def seed_demo(people: int, seed: int) -> None:
    from seeds.demo import generate_demo
    from seeds.reference import load_reference

    load_reference(db.session)
    counts = generate_demo(db.session, people=people, seed=seed, today=clock.today())
    db.session.commit()
    click.echo(
        "Données de démonstration créées : " + ", ".join(f"{k} {v}" for k, v in counts.items())
    )


@click.group("users", help="Comptes utilisateurs.")
def users_group() -> None:
    pass


@users_group.command("create", help="Crée un compte ; le mot de passe est demandé deux fois.")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--name", "full_name", default=None, help="Nom complet (par défaut : l'e-mail).")
@with_appcontext
def users_create(email: str, role: str, full_name: str | None) -> None:
    if sys.stdin.isatty():
        password = click.prompt("Mot de passe", hide_input=True, confirmation_prompt="Confirmation")
    else:
        lines = sys.stdin.read().splitlines()
        password = lines[0] if lines else ""
        if len(lines) > 1 and lines[1] and lines[1] != password:
            raise click.ClickException("Les deux mots de passe ne correspondent pas.")
    try:
        user = create_account(db.session, email, Role(role), password, full_name or email)
    except AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Compte créé : {user.email} ({Role(role).label}).")


def ensure_demo_accounts() -> None:
    from schema import User

    for email, name, role, password in DEMO_ACCOUNTS:
        if db.session.scalar(select(User.id).where(User.email == email)) is None:
            create_account(db.session, email, role, password, name)
    db.session.flush()


@click.command("demo", help="Prépare la base de démonstration et démarre la console.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--people", default=150, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Prépare la base sans démarrer le serveur.")
@with_appcontext
def demo(host: str, port: int, people: int, no_serve: bool) -> None:
    from seeds.demo import generate_demo
    from seeds.reference import load_reference

    url = current_app.config["DATABASE_URL"]
    migrate.upgrade(url)
    load_reference(db.session)
    if not db.session.scalar(select(func.count()).select_from(Person)):
        ensure_demo_accounts()
        generate_demo(db.session, people=people, seed=1, today=clock.today())
        click.echo(f"Données de démonstration créées ({people} personnes).")
    else:
        ensure_demo_accounts()
    db.session.commit()

    click.echo("")
    click.echo(f"Console Ensemble vers l'emploi : http://{host}:{port}/")
    click.echo("Comptes de démonstration (e-mail / mot de passe) :")
    for email, _name, role, password in DEMO_ACCOUNTS:
        click.echo(f"  {role.label:<28} {email:<34} {password}")
    click.echo("")
    if not no_serve:
        # Flask refuses app.run() inside a CLI command; serve with Werkzeug directly.
        from werkzeug.serving import run_simple

        run_simple(host, port, current_app._get_current_object(), threaded=True)
