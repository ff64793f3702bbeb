"""Reading one accompaniment's rule states, through the caseload and through the stored rule
states (which the list filters read)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from schema import Accompaniment
from schema.rules.caseload import RULES_BY_CODE, caseload
from schema.rules.states import RuleState
from schema.rules.stored_states import TABLE, ensure_current

ALL_STATUSES = ("a_contacter", "actif", "en_attente", "clos")


def state_of(session, acc: Accompaniment, code: str, today: date) -> RuleState:
    """The rule's state in the caseload row, checked against the list filter's SQL criterion."""
    (row,) = caseload(session, today, accompaniment_ids=[acc.id], statuses=ALL_STATUSES)
    state = row.rules[code].state
    ensure_current(session, today)
    stored = session.scalar(select(TABLE.c[code]).where(TABLE.c.accompaniment_id == acc.id))
    alerting = {s.value for s in RULES_BY_CODE[code].alert_states}
    assert (stored in alerting) == (state in RULES_BY_CODE[code].alert_states), (code, state)
    return state


def row_of(session, acc: Accompaniment, today: date):
    (row,) = caseload(session, today, accompaniment_ids=[acc.id], statuses=ALL_STATUSES)
    return row
