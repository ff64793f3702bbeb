"""The ``ensemble`` command line (a Flask CLI group)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup


def register_commands(app: Flask) -> None:
    from admin.commands import db_group, demo, seed_group, users_group

    app.cli.add_command(db_group)
    app.cli.add_command(seed_group)
    app.cli.add_command(users_group)
    app.cli.add_command(demo)

    from admin.import_commands import import_group

    app.cli.add_command(import_group)

    from admin.privacy_commands import (
        backup_command,
        purge_logs,
        restore_command,
        retention,
    )

    for command in (purge_logs, retention, backup_command, restore_command):
        app.cli.add_command(command)

    from admin.export_commands import export_group

    app.cli.add_command(export_group)

    from admin.rules_commands import rules_group

    app.cli.add_command(rules_group)

    from admin.outbox_commands import outbox_group

    app.cli.add_command(outbox_group)


def _create_app():
    from admin.app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True)
def main() -> None:
    """Ensemble vers l'emploi — commandes d'administration de la console."""
