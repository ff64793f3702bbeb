"""Commands of the ``ensemble`` CLI for data protection: log purge, retention, backups."""

from __future__ import annotations

from datetime import date, datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from admin import audit
from admin.database import db
from schema import AuditLog
from schema.audit import count_expired, purge_cutoff, purge_entries
from schema.backup import BackupError, backup, restore
from schema.base import utcnow
from schema.retention import anonymise, count_texts, due_for_anonymisation, retention_limit


def _french_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError as exc:
        raise click.BadParameter("date attendue au format JJ/MM/AAAA") from exc


@click.command("purge-logs", help="Supprime les entrées du journal d'audit de plus de 12 mois.")
@click.option("--apply", "apply_", is_flag=True, help="Supprimer pour de bon (sinon : simulation).")
@with_appcontext
def purge_logs(apply_: bool) -> None:
    cutoff = purge_cutoff(utcnow())
    count = count_expired(db.session, cutoff)
    by_action = db.session.execute(
        select(AuditLog.action, func.count())
        .where(AuditLog.at < cutoff)
        .group_by(AuditLog.action)
        .order_by(AuditLog.action)
    ).all()
    click.echo(f"Entrées antérieures au {cutoff:%d/%m/%Y %H:%M} (UTC) : {count}.")
    for action, n in by_action:
        click.echo(f"  {audit.action_label(action)} : {n}")
    if not apply_:
        click.echo("Simulation : rien n'a été supprimé. Relancez avec --apply pour purger.")
        return
    deleted = purge_entries(db.session, cutoff)
    audit.record("purge_logs", detail=f"{deleted} entrée(s) antérieures au {cutoff:%d/%m/%Y}")
    db.session.commit()
    click.echo(f"{deleted} entrée(s) supprimée(s).")


@click.command("retention", help="Anonymise les dossiers sans contact depuis plus de 2 ans.")
@click.option("--apply", "apply_", is_flag=True, help="Anonymiser (sinon : simulation).")
@click.option(
    "--date",
    "today",
    callback=_french_date,
    default=None,
    help="Date de référence JJ/MM/AAAA (par défaut : aujourd'hui).",
)
@with_appcontext
def retention(apply_: bool, today: date) -> None:
    limit = retention_limit(today)
    candidates = due_for_anonymisation(db.session, today)
    click.echo(
        f"Dossiers sans contact depuis le {limit:%d/%m/%Y} (plus de 2 ans) et sans "
        f"accompagnement en cours : {len(candidates)}."
    )
    for candidate in candidates:
        click.echo(
            f"  n° {candidate.person_id} {candidate.name} — dernier contact le "
            f"{candidate.last_contact:%d/%m/%Y}"
        )
    if not candidates:
        return
    ids = [c.person_id for c in candidates]
    texts = count_texts(db.session, ids)
    click.echo(
        "Seraient effacés : nom, prénom, nom de naissance, identifiants CAF / Parcours "
        "Solidarités / France Travail, téléphones, e-mail, adresse, référence d'orientation ; "
        "date de naissance généralisée (mêmes tranches d'âge)."
    )
    click.echo(
        "Textes libres remplacés par « [anonymisé] » : "
        + ", ".join(f"{table} {n}" for table, n in texts.items())
        + "."
    )
    if not apply_:
        click.echo("Simulation : rien n'a été modifié. Relancez avec --apply pour anonymiser.")
        return
    done = anonymise(db.session, ids)
    db.session.commit()
    click.echo(f"{done} dossier(s) anonymisé(s).")


@click.command("backup", help="Copie cohérente de la base (même pendant que la console tourne).")
@click.argument("path", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(path: str) -> None:
    try:
        target = backup(current_app.config["DATABASE_URL"], path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    audit.record("backup", detail=f"sauvegarde vers {target}")
    db.session.commit()
    click.echo(f"Sauvegarde écrite : {target} ({target.stat().st_size} octets).")


@click.command("restore", help="Remplace le contenu de la base par celui d'une sauvegarde.")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
@with_appcontext
def restore_command(path: str, yes: bool) -> None:
    if not yes:
        click.confirm(
            "Toutes les données actuelles seront remplacées par celles de la sauvegarde. "
            "Continuer ?",
            abort=True,
        )
    db.session.remove()
    db.engine.dispose()
    try:
        restore(current_app.config["DATABASE_URL"], path)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    db.engine.dispose()
    audit.record("restore", detail=f"restauration depuis {path}")
    db.session.commit()
    click.echo(f"Base restaurée depuis {path}.")
