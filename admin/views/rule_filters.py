"""List filters of accompaniments by programme rule ("1er RDV en retard", …).

Each filter applies the rule's own state expression (the same definition as the portfolio and
the dashboard) with the console's "today", to the stored rule states
(schema.rules.stored_states): one indexed table instead of every rule's look-ups per row.

A list filtered on one alert and sorted by entry date (its default order) is sorted through the
stored states (:func:`sort_by_entry_date`): each rule's index holds its states in that order,
so a page reads its entries alone instead of sorting every accompaniment in alert (thousands at
département scale).
"""

from __future__ import annotations

from typing import Any

from flask import g
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from sqlalchemy import and_

from admin import clock
from admin.database import db
from schema import Accompaniment
from schema.rules.caseload import RULES, RULES_BY_CODE
from schema.rules.states import Rule
from schema.rules.stored_states import TABLE, ensure_current

OPERATION = "alerte"
# Per rule, the stored states an alert filter joins (one row per open accompaniment).
STATES = {rule.code: TABLE.alias(f"alert_{rule.code}") for rule in RULES}


class RuleAlertFilter(BaseSQLAFilter):
    """Accompaniments whose rule raises its alert: an inner join to their stored states on the
    alert's condition (the database starts from the rule's index, not from every
    accompaniment)."""

    def __init__(self, rule: Rule) -> None:
        super().__init__(Accompaniment.id, rule.alert_label, options=[("1", "oui")])
        self.rule_code = rule.code
        self.marker = f"alert_filter_{rule.code}"

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        today = clock.today()
        if not g.get("rule_states_current"):  # once per request (the list and its count)
            ensure_current(db.session, today)
            g.rule_states_current = True
        g.setdefault("alert_filters", set()).add(self.rule_code)
        if query.get_execution_options().get(self.marker):  # the same filter twice
            return query
        states = STATES[self.rule_code]
        rule = RULES_BY_CODE[self.rule_code]
        alerting = states.c[rule.code].in_([state.value for state in rule.alert_states])
        joined = query.join(states, and_(states.c.accompaniment_id == Accompaniment.id, alerting))
        return joined.execution_options(**{self.marker: True})

    def operation(self) -> str:
        return OPERATION


def rule_filters() -> list[RuleAlertFilter]:
    return [RuleAlertFilter(rule) for rule in RULES]


def sort_by_entry_date(query: Any, descending: bool) -> Any | None:
    """``query`` (accompaniments, filtered on alerts) ordered by entry date then id through the
    stored states its one alert filter joined, or None when not exactly one is applied.

    The states' copy of the entry date and the accompaniment's id give the same order as the
    accompaniment's columns, read from the rule's index (state, entry date, id) in that order:
    a page reads its own entries, not every accompaniment in alert."""
    codes = g.get("alert_filters") or set()
    if len(codes) != 1:
        return None
    states = STATES[next(iter(codes))]
    keys = (states.c.entry_date, states.c.accompaniment_id)
    return query.order_by(*[key.desc() if descending else key.asc() for key in keys])
