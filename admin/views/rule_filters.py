"""List filters of accompaniments by programme rule ("1er RDV en retard", …).

Each filter applies the rule's own SQL criterion (schema.rules.caseload.alert_criterion) with
the console's "today": the same definition as the portfolio and the dashboard.
"""

from __future__ import annotations

from typing import Any

from flask_admin.contrib.sqla.filters import BaseSQLAFilter

from admin import clock
from schema import Accompaniment
from schema.rules.caseload import RULES, alert_criterion
from schema.rules.states import Rule

OPERATION = "alerte"


class RuleAlertFilter(BaseSQLAFilter):
    def __init__(self, rule: Rule) -> None:
        super().__init__(Accompaniment.id, rule.alert_label, options=[("1", "oui")])
        self.rule_code = rule.code

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        return query.filter(alert_criterion(self.rule_code, clock.today()))

    def operation(self) -> str:
        return OPERATION


def rule_filters() -> list[RuleAlertFilter]:
    return [RuleAlertFilter(rule) for rule in RULES]
