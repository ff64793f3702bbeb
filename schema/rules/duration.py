"""R6 — an accompaniment lasts 3 to 6 months: planned end = entry + 6 months, alert 30 days before.

The planned end is the accompaniment's "fin prévue" when set (an extension changes it, with a
reason), else entry + 6 months.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, and_

from schema.rules.calendar import add_months, latest_start_for
from schema.rules.states import ENTERED, Facts, Row, Rule, RuleState, state_case

MAX_MONTHS = 6
MIN_MONTHS = 3
ALERT_DAYS = 30


def default_planned_end(entry: date) -> date:
    return add_months(entry, MAX_MONTHS)


def planned_end(row: Row) -> date | None:
    if row.planned_end:
        return row.planned_end
    return default_planned_end(row.entry_date) if row.entry_date else None


def state(f: Facts, today: date) -> ColumnElement[str]:
    soon_limit = today + timedelta(days=ALERT_DAYS)
    unset = f.planned_end.is_(None)
    return state_case(
        (f.status.not_in(ENTERED), RuleState.NA),
        (and_(~unset, f.planned_end < today), RuleState.LATE),
        (and_(~unset, f.planned_end <= soon_limit), RuleState.SOON),
        (
            and_(unset, f.entry_date <= latest_start_for(today - timedelta(1), MAX_MONTHS)),
            RuleState.LATE,
        ),
        (and_(unset, f.entry_date <= latest_start_for(soon_limit, MAX_MONTHS)), RuleState.SOON),
    )


def _detail(row: Row, today: date) -> str:
    end = planned_end(row)
    if end is None or row.r6 == RuleState.NA:
        return ""
    days = (end - today).days
    return f"dans {days} j" if days >= 0 else f"dépassée de {-days} j"


RULE = Rule(
    code="r6",
    label="Fin de parcours",
    alert_label="fin de parcours dans 30 jours",
    definition="fin_de_parcours",
    state=state,
    due=lambda row, today: None if row.r6 == RuleState.NA else planned_end(row),
    detail=_detail,
    alert_states=(RuleState.SOON, RuleState.LATE),
)
