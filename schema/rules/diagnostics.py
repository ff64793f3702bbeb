"""R5 — the socio-professional diagnostic is updated at 3 months (and at the end)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, select

from schema.diagnostics import Diagnostic
from schema.enums import DiagnosticKind
from schema.pathway import Accompaniment
from schema.rules.calendar import add_months, latest_start_for
from schema.rules.sql import flag
from schema.rules.states import ENTERED, Facts, Rule, RuleState, state_case

UPDATE_AFTER_MONTHS = 3
SOON_DAYS = 15


def due_date(entry: date | None) -> date | None:
    return add_months(entry, UPDATE_AFTER_MONTHS) if entry else None


def has_diagnostic(kind: DiagnosticKind) -> ColumnElement[bool]:
    """Correlated: the accompaniment has a diagnostic of this kind."""
    return (
        select(Diagnostic.id)
        .where(Diagnostic.accompaniment_id == Accompaniment.id, Diagnostic.kind == kind)
        .exists()
    )


def facts(today: date) -> dict[str, ColumnElement]:
    return {"has_3m_diagnostic": flag(has_diagnostic(DiagnosticKind.TROIS_MOIS))}


def state(f: Facts, today: date) -> ColumnElement[str]:
    # "entry + 3 months < today" and "entry + 3 months <= today + 15 days" as date comparisons.
    late_if_entered_by = latest_start_for(today - timedelta(days=1), UPDATE_AFTER_MONTHS)
    soon_if_entered_by = latest_start_for(today + timedelta(days=SOON_DAYS), UPDATE_AFTER_MONTHS)
    return state_case(
        (f.status.not_in(ENTERED), RuleState.NA),
        (f.has_3m_diagnostic == 1, RuleState.OK),
        (f.entry_date <= late_if_entered_by, RuleState.LATE),
        (f.entry_date <= soon_if_entered_by, RuleState.SOON),
    )


RULE = Rule(
    code="r5",
    label="Diagnostic à 3 mois",
    alert_label="diagnostic à 3 mois dû",
    definition="diagnostic",
    state=state,
    due=lambda row, today: None if row.has_3m_diagnostic else due_date(row.entry_date),
    detail=lambda row, today: "fait" if row.has_3m_diagnostic else "",
    alert_states=(RuleState.SOON, RuleState.LATE),
)
