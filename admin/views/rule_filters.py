"""List filters of accompaniments by programme rule ("1er RDV en retard", …).

Each filter applies the rule's own state expression (the same definition as the portfolio and
the dashboard) with the console's "today", to the stored rule states
(schema.rules.stored_states): one indexed table instead of every rule's look-ups per row.
"""

from __future__ import annotations

from typing import Any

from flask import g
from flask_admin.contrib.sqla.filters import BaseSQLAFilter

from admin import clock
from admin.database import db
from schema import Accompaniment
from schema.rules.caseload import RULES
from schema.rules.states import Rule
from schema.rules.stored_states import alert_criterion, ensure_current

OPERATION = "alerte"


class RuleAlertFilter(BaseSQLAFilter):
    def __init__(self, rule: Rule) -> None:
        super().__init__(Accompaniment.id, rule.alert_label, options=[("1", "oui")])
        self.rule_code = rule.code

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        today = clock.today()
        if not g.get("rule_states_current"):  # once per request (the list and its count)
            ensure_current(db.session, today)
            g.rule_states_current = True
        return query.filter(alert_criterion(self.rule_code))

    def operation(self) -> str:
        return OPERATION


def rule_filters() -> list[RuleAlertFilter]:
    return [RuleAlertFilter(rule) for rule in RULES]
