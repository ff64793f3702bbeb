"""``ensemble export``: the monthly report and the FSE+ participant file from the command line.

    ensemble export monthly --month 2026-10 [--counsellor ID] -o rapport.xlsx
    ensemble export fse --from 2026-01-01 --to 2026-12-31 -o participants.xlsx

Each export is recorded in the audit trail (as done from the command line).
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from admin import audit, clock
from admin.database import db
from admin.views.reports import parse_day
from exports.fse import fse_file
from exports.monthly_report import detail_rows, month_label, monthly_report
from exports.writer import write_workbook
from schema.rules.monthly import parse_month

COMMAND_LINE = "ligne de commande"  # the channel named in the audit trail
OUTPUT = click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Fichier .xlsx à écrire.",
)


@click.group("export", help="Exports pour le Département et le FSE+ (classeurs Excel).")
def export_group() -> None:
    pass


def _write(sheets: list, output: Path) -> None:
    if output.parent and not output.parent.exists():
        raise click.ClickException(f"Dossier introuvable : {output.parent}")
    partial = output.with_name(output.name + ".partiel")
    try:
        write_workbook(sheets, str(partial))
        partial.replace(output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"Écriture impossible : {output} ({exc.strerror}).") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


@export_group.command("monthly", help="Rapport mensuel d'un mois (AAAA-MM).")
@click.option("--month", "month_text", required=True, help="Mois, AAAA-MM (ex. 2026-10).")
@click.option("--counsellor", type=str, default=None, help="N° du ou de la conseiller·ère.")
@OUTPUT
@with_appcontext
def export_monthly(month_text: str, counsellor: str | None, output: Path) -> None:
    today = clock.today()
    try:
        first_day = parse_month(month_text)
        if counsellor is not None and not counsellor.isdigit():
            raise ValueError(f"N° de conseiller·ère invalide : « {counsellor} ».")
        if first_day > today:
            raise ValueError("Ce mois n'a pas commencé : choisissez un mois passé ou en cours.")
        report = monthly_report(
            db.session, first_day, today, int(counsellor) if counsellor else None
        )
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    _write(report.sheets, output)
    rows = detail_rows(report)
    audit.record_export(
        "Rapport mensuel",
        ("Mois", "Périmètre"),
        rows,
        period=audit.report_period(first_day, int(counsellor) if counsellor else None),
        via=COMMAND_LINE,
    )
    db.session.commit()
    click.echo(f"Rapport mensuel de {month_label(first_day)} écrit dans {output} ({rows} lignes).")


@export_group.command("fse", help="Fichier participants FSE+ d'une période.")
@click.option("--from", "start_text", required=True, help="Début, AAAA-MM-JJ ou JJ/MM/AAAA.")
@click.option("--to", "end_text", required=True, help="Fin, AAAA-MM-JJ ou JJ/MM/AAAA.")
@OUTPUT
@with_appcontext
def export_fse(start_text: str, end_text: str, output: Path) -> None:
    try:
        start = parse_day(start_text, "Date de début")
        end = parse_day(end_text, "Date de fin")
        result = fse_file(db.session, start, end, clock.today())
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    _write(result.sheets, output)
    audit.record_export(
        "Fichier participants FSE+",
        ("Du", "Au"),
        result.participants,
        period=f"du {start:%d/%m/%Y} au {end:%d/%m/%Y}",
        via=COMMAND_LINE,
    )
    db.session.commit()
    rate = result.completeness.complete_rate
    click.echo(
        f"Fichier participants FSE+ écrit dans {output} : {result.participants} participants, "
        f"complétude {'—' if rate is None else f'{rate * 100:.1f} %'}."
    )
