"""The state of a rule for one accompaniment, and what a rule is made of."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, literal

from schema.base import LabelledEnum
from schema.enums import AccompanimentStatus


class RuleState(LabelledEnum):
    OK = "ok", "À jour"
    SOON = "bientot_du", "Bientôt dû"
    LATE = "en_retard", "En retard"
    PAUSED = "suspendu", "Suspendu (mise en attente)"
    NA = "sans_objet", "Sans objet"


# Accompaniments whose first appointment is held and which are not closed.
ENTERED = (AccompanimentStatus.ACTIF.value, AccompanimentStatus.EN_ATTENTE.value)
CLOSED = AccompanimentStatus.CLOS.value


def state_case(*whens: tuple[Any, RuleState], default: RuleState = RuleState.OK) -> Any:
    """A CASE expression yielding a :class:`RuleState` value."""
    return case(*[(cond, literal(s.value)) for cond, s in whens], else_=literal(default.value))


# A "facts" object: attributes named like the caseload's columns (status, entry_date, d0,
# last_contact_on, …); either correlated subqueries on Accompaniment or a subquery's columns.
Facts = Any
Row = Any


@dataclass(frozen=True)
class Rule:
    """One programme rule: its SQL state expression and how to read a caseload row."""

    code: str
    label: str  # column header, e.g. "1er RDV"
    alert_label: str  # filter and alert name, e.g. "1er RDV en retard"
    definition: str  # key of schema.rules.definitions.DEFINITIONS
    state: Callable[[Facts, date], ColumnElement[str]]
    due: Callable[[Row, date], date | None]
    detail: Callable[[Row, date], str]
    alert_states: tuple[RuleState, ...] = (RuleState.LATE,)

    def alert(self, facts: Facts, today: date) -> ColumnElement[bool]:
        """SQL criterion: the accompaniment raises this rule's alert (used by list filters)."""
        return self.state(facts, today).in_([s.value for s in self.alert_states])
