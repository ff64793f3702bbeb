"""``ensemble outbox send``: deliver the due messages of the outbox (a cron job)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from admin.database import db
from admin.senders import sender_from_config
from schema.base import utcnow
from schema.outbox_delivery import send_due


@click.group("outbox", help="Messages aux bénéficiaires (SMS, e-mails, courriers).")
def outbox_group() -> None:
    pass


@outbox_group.command(
    "send",
    help=(
        "Envoie les messages dus (invitations, rappels, déplacements, annulations) par "
        "l'expéditeur configuré (MESSAGE_SENDER). À lancer toutes les 5 minutes ; plusieurs "
        "lancements simultanés n'envoient jamais deux fois le même message."
    ),
)
@with_appcontext
def outbox_send() -> None:
    try:
        sender = sender_from_config(current_app.config)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    report = send_due(db.session, sender, utcnow())
    click.echo(
        f"Messages envoyés : {report.sent} ; à réessayer : {report.retried} ; "
        f"en échec : {report.failed} ; devenus sans objet : {report.cancelled}."
    )
    for error in report.errors:
        click.echo(f"  {error}", err=True)
