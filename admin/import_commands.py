"""``ensemble import``: the Département's orientation lists from the command line.

``ensemble import orientations FILE`` prints the preview (nothing written); ``--apply`` writes the
valid lines in one transaction. A refused file ends with a French message and exit code 1.
"""

from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError, StatementError

from admin import audit
from admin.database import db
from imports.applying import ImportSource, apply_plan, describe
from imports.columns import COLUMNS, COLUMNS_INTRO
from imports.planning import PlannedRow, RowAction
from imports.preview import Preview, paris_today, prepare
from imports.reading import MAX_BYTES, FileRefused
from imports.report import write_error_report
from schema.constraint_messages import explain

WIDTHS = (6, 14, 32, 9, 12, 28)


@click.group("import", help="Import des listes d'orientation du Département.")
def import_group() -> None:
    pass


@import_group.command(
    "columns", help="Liste les colonnes attendues : obligatoires, à compléter plus tard, synonymes."
)
def import_columns() -> None:
    click.echo(COLUMNS_INTRO)
    for column in COLUMNS:
        click.echo(f"{column.label} ({column.requirement}) : {column.format}")
        click.echo(f"    si absente ou vide : {column.when_missing}")
        if column.synonyms:
            click.echo(f"    aussi : {', '.join(column.synonyms)}")


def _cell(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _line(item: PlannedRow) -> str:
    row = item.row
    cells = (
        str(item.line),
        item.action.label,
        f"{row.display_name} ({row.birth_date:%d/%m/%Y})" if row else "",
        row.caf_number or "" if row else "",
        f"{row.decision_date:%d/%m/%Y}" if row else "",
        row.path_label if row else "",
    )
    fixed = "  ".join(_cell(c, w).ljust(w) for c, w in zip(cells, WIDTHS, strict=True))
    return f"{fixed}  {item.reason}"


def _print_preview(preview: Preview) -> None:
    headers = ("Ligne", "Action", "Personne", "N° CAF", "Orientation", "Parcours")
    click.echo("  ".join(h.ljust(w) for h, w in zip(headers, WIDTHS, strict=True)) + "  Détail")
    for item in preview.planned:
        click.echo(_line(item))
    for note in preview.notes:
        click.echo(f"Note — {note.text}")
    if preview.mapping.ignored:
        click.echo(f"Colonnes ignorées : {', '.join(preview.mapping.ignored)}.")
    if preview.previous:
        last = preview.previous[0]
        click.echo(f"Ce fichier a déjà été importé le {last.at:%d/%m/%Y} par {last.user_label}.")
    tally = preview.counts
    click.echo("Total : " + ", ".join(f"{a.label} {tally[a]}" for a in RowAction) + ".")


@import_group.command(
    "orientations", help="Aperçu (par défaut) ou import d'une liste d'orientations."
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--apply", "do_apply", is_flag=True, help="Enregistre les lignes valides.")
@click.option(
    "--report",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Écrit le rapport des lignes en erreur (.xlsx) à cet endroit.",
)
@with_appcontext
def import_orientations(file: Path, do_apply: bool, report: Path | None) -> None:
    try:
        if file.stat().st_size > MAX_BYTES:
            raise FileRefused(
                f"Le fichier dépasse la taille autorisée ({MAX_BYTES // (1024 * 1024)} Mo)."
            )
        data = file.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"Fichier illisible : {file} ({exc.strerror}).") from exc
    except FileRefused as exc:
        raise click.ClickException(f"Fichier refusé : {exc}") from exc
    try:
        preview = prepare(db.session, data, file.name, paris_today())
    except FileRefused as exc:
        db.session.rollback()
        raise click.ClickException(f"Fichier refusé : {exc}") from exc
    _print_preview(preview)
    if report is not None and preview.counts[RowAction.ERROR]:
        write_error_report(preview.mapping.headers, preview.planned, str(report))
        click.echo(f"Rapport des lignes en erreur : {report}")
    if not do_apply:
        db.session.rollback()
        click.echo("Aperçu seulement : rien n'a été enregistré (ajoutez --apply pour importer).")
        return
    who = f"ligne de commande ({getpass.getuser()})"
    try:
        batch = apply_plan(
            db.session, preview.planned, ImportSource(file.name, preview.sha256, None, who)
        )
        audit.record(
            "import",
            entity="ImportBatch",
            entity_id=batch.id,
            detail=f"{who}, {describe(batch)}",
        )
        db.session.commit()
    except SQLAlchemyError as exc:
        db.session.rollback()
        detail = explain(exc) if isinstance(exc, StatementError) else ""
        raise click.ClickException(
            f"L'import a échoué : rien n'a été enregistré. {detail}"
        ) from exc
    click.echo(f"Import enregistré (n° {batch.id}), {describe(batch)}.")
