"""R1 — first appointment within 15 days of the orientation decision (D0)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement

from schema.rules.states import CLOSED, Facts, Row, Rule, RuleState, state_case

DELAY_DAYS = 15
SOON_FROM_DAY = 10


def due_date(d0: date | None) -> date | None:
    return d0 + timedelta(days=DELAY_DAYS) if d0 else None


def state(f: Facts, today: date) -> ColumnElement[str]:
    return state_case(
        (f.status == CLOSED, RuleState.NA),
        (f.entry_date.is_not(None), RuleState.OK),
        (f.d0.is_(None), RuleState.NA),
        (f.d0 < today - timedelta(days=DELAY_DAYS), RuleState.LATE),
        (f.d0 <= today - timedelta(days=SOON_FROM_DAY), RuleState.SOON),
    )


def delay_days(d0: date | None, entry: date | None) -> int | None:
    """Days from the orientation decision to the first appointment held."""
    return (entry - d0).days if d0 and entry else None


def _detail(row: Row, today: date) -> str:
    if row.entry_date and row.d0:
        return f"tenu en {delay_days(row.d0, row.entry_date)} j"
    if row.d0:
        return f"J+{(today - row.d0).days}"
    return ""


RULE = Rule(
    code="r1",
    label="1er RDV",
    alert_label="1er RDV en retard",
    definition="premier_rdv",
    state=state,
    due=lambda row, today: None if row.entry_date else due_date(row.d0),
    detail=_detail,
)
