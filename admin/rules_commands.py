"""``ensemble rules refresh``: recompute the stored read models of the rules (nightly job)."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from admin import clock
from admin.database import db
from schema import CounsellorCounts
from schema.rules import daily_counts, stored_states
from schema.rules.calendar import fr


@click.group("rules", help="Règles du programme.")
def rules_group() -> None:
    pass


@rules_group.command(
    "refresh",
    help=(
        "Recalcule les états des règles de chaque accompagnement ouvert pour aujourd'hui et les "
        "comptes par conseiller·ère et par jour des tableaux de bord. À lancer chaque nuit (après "
        "minuit) et après une mise à jour de la base ; sinon, la première consultation du jour "
        "s'en charge."
    ),
)
@with_appcontext
def rules_refresh() -> None:
    today = clock.today()
    started = time.perf_counter()
    states = stored_states.refresh(db.session, today)
    days = daily_counts.rebuild(db.session)
    counsellors = db.session.scalar(select(func.count()).select_from(CounsellorCounts))
    db.session.commit()
    took = time.perf_counter() - started
    click.echo(
        f"États des règles au {fr(today)} : {states} accompagnements ouverts ; "
        f"comptes de {counsellors} conseiller·ères et de {days} jours ; {took:.1f} s."
    )
