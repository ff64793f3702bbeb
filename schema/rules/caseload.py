"""The caseload: one row per accompaniment with every rule's state, due date and detail.

Every rule's facts (last held contact, physical meetings this month, signed CER, pauses…) are
correlated subqueries evaluated by the database; the rules' states are SQL CASE expressions over
them. A caseload of any size takes one SQL statement; the counts per alert one more.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal, select
from sqlalchemy.orm import Session

from schema.accounts import Counsellor
from schema.enums import AccompanimentStatus
from schema.pathway import OPEN_STATUSES, Accompaniment, Orientation
from schema.people import Person
from schema.rules import (
    cer,
    contacts,
    diagnostics,
    duration,
    first_appointment,
    parcours_solidarites,
    pauses,
    physical_meetings,
)
from schema.rules.missed_weeks import missed_weeks_select
from schema.rules.states import Rule, RuleState

RULES: tuple[Rule, ...] = (
    first_appointment.RULE,
    cer.RULE,
    contacts.WEEKLY_CONTACT,
    physical_meetings.RULE,
    diagnostics.RULE,
    duration.RULE,
    parcours_solidarites.RULE,
)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
ALERT_STATES = (RuleState.LATE, RuleState.SOON)


def _d0() -> ColumnElement[date | None]:
    return (
        select(Orientation.decision_date)
        .where(Orientation.id == Accompaniment.orientation_id)
        .scalar_subquery()
    )


def base_columns() -> dict[str, ColumnElement]:
    return {
        "id": Accompaniment.id,
        "person_id": Accompaniment.person_id,
        "counsellor_id": Accompaniment.counsellor_id,
        "status": Accompaniment.status,
        "phase": Accompaniment.phase,
        "entry_date": Accompaniment.entry_date,
        "planned_end": Accompaniment.planned_end,
        "exit_date": Accompaniment.exit_date,
        "d0": _d0(),
    }


def fact_columns(today: date) -> dict[str, ColumnElement]:
    """Every rule's facts, correlated to the outer Accompaniment."""
    return {
        **first_appointment.facts(today),
        **cer.facts(today),
        **pauses.facts(today),
        **contacts.facts(today),
        **physical_meetings.facts(today),
        **diagnostics.facts(today),
        **parcours_solidarites.facts(today),
    }


def caseload_select(
    today: date,
    counsellor_id: int | None = None,
    *,
    accompaniment_ids: list[int] | None = None,
    statuses: tuple[str, ...] = tuple(s.value for s in OPEN_STATUSES),
    with_missed_weeks: bool = True,
    criterion: ColumnElement[bool] | None = None,
) -> Select:
    """The caseload as one SELECT: base columns, facts, names, and one state column per rule
    (labelled by the rule's code). Usable as a subquery for counts and reports.

    The facts are a MATERIALIZED common table expression: each correlated subquery runs once
    per accompaniment, however many rule states read it (a plain subquery would be flattened
    into the outer SELECT, evaluating each fact once per reference). ``with_missed_weeks=False``
    leaves out the count of missed ISO weeks (shown in the portfolio's details, not needed for
    counts per alert). ``criterion`` (on Accompaniment) narrows the rows further.
    """
    criteria = [Accompaniment.status.in_(statuses)]
    if counsellor_id is not None:
        criteria.append(Accompaniment.counsellor_id == counsellor_id)
    if accompaniment_ids is not None:
        criteria.append(Accompaniment.id.in_(accompaniment_ids))
    if criterion is not None:
        criteria.append(criterion)
    columns = {**base_columns(), **fact_columns(today)}
    inner = (
        select(
            *[c.label(name) for name, c in columns.items()],
            Person.last_name.label("last_name"),
            Person.first_name.label("first_name"),
            Counsellor.display_name.label("counsellor_name"),
        )
        .select_from(Accompaniment)
        .join(Person, Person.id == Accompaniment.person_id)
        .outerjoin(Counsellor, Counsellor.id == Accompaniment.counsellor_id)
        .where(*criteria)
        .cte("caseload_facts")
        .prefix_with("MATERIALIZED")
    )
    states = [rule.state(inner.c, today).label(rule.code) for rule in RULES]
    reference = contacts.contact_reference(inner.c).label("contact_reference")
    planning = first_appointment.planning(inner.c).label("r1_planning")
    if not with_missed_weeks:
        return select(inner, reference, planning, literal(0).label("missed_weeks"), *states)
    missed = missed_weeks_select(today, counsellor_id, accompaniment_ids).subquery("missed")
    return (
        select(
            inner,
            reference,
            planning,
            func.coalesce(missed.c.missed, 0).label("missed_weeks"),
            *states,
        )
        .select_from(inner)
        .outerjoin(missed, missed.c.accompaniment_id == inner.c.id)
    )


@dataclass(frozen=True)
class RuleStatus:
    code: str
    label: str
    state: RuleState
    due: date | None
    detail: str

    @property
    def alert(self) -> bool:
        return self.state in ALERT_STATES


@dataclass(frozen=True)
class CaseloadRow:
    accompaniment_id: int
    person_id: int
    person_name: str
    counsellor_id: int | None
    counsellor_name: str | None
    status: AccompanimentStatus
    phase: str
    d0: date | None
    entry_date: date | None
    planned_end: date | None
    physical_this_month: int
    missed_weeks: int
    # Still waiting for the first appointment: the earliest planned one, and a Planning value.
    next_planned_at: datetime | None = None
    r1_planning: first_appointment.Planning | None = None
    rules: dict[str, RuleStatus] = field(default_factory=dict)

    @property
    def paused(self) -> bool:
        return self.status == AccompanimentStatus.EN_ATTENTE

    def count(self, state: RuleState) -> int:
        return sum(1 for s in self.rules.values() if s.state == state)

    @property
    def urgency(self) -> tuple:
        """Sort key: most late rules first, then soon-due ones, then the nearest due date."""
        dues = [s.due for s in self.rules.values() if s.alert and s.due]
        return (
            -self.count(RuleState.LATE),
            -self.count(RuleState.SOON),
            min(dues) if dues else date.max,
            self.person_name,
            self.accompaniment_id,
        )


def _row(raw: Any, today: date) -> CaseloadRow:
    statuses = {
        rule.code: RuleStatus(
            rule.code,
            rule.label,
            RuleState(getattr(raw, rule.code)),
            rule.due(raw, today),
            rule.detail(raw, today),
        )
        for rule in RULES
    }
    return CaseloadRow(
        accompaniment_id=raw.id,
        person_id=raw.person_id,
        person_name=f"{raw.last_name.upper()} {raw.first_name}",
        counsellor_id=raw.counsellor_id,
        counsellor_name=raw.counsellor_name,
        status=AccompanimentStatus(raw.status),
        phase=raw.phase,
        d0=raw.d0,
        entry_date=raw.entry_date,
        planned_end=duration.planned_end(raw),
        physical_this_month=raw.physical_this_month or 0,
        missed_weeks=raw.missed_weeks or 0,
        next_planned_at=raw.next_planned_at,
        r1_planning=first_appointment.Planning(raw.r1_planning) if raw.r1_planning else None,
        rules=statuses,
    )


def caseload(
    session: Session,
    today: date,
    counsellor_id: int | None = None,
    *,
    accompaniment_ids: list[int] | None = None,
    statuses: tuple[str, ...] = tuple(s.value for s in OPEN_STATUSES),
) -> list[CaseloadRow]:
    """Rows of a caseload (one SQL statement), most urgent first."""
    query = caseload_select(
        today, counsellor_id, accompaniment_ids=accompaniment_ids, statuses=statuses
    )
    rows = [_row(raw, today) for raw in session.execute(query)]
    return sorted(rows, key=lambda r: r.urgency)


def alert_counts(rows: list[CaseloadRow]) -> dict[str, Counter]:
    """Per rule, how many rows are in each state (for rows already loaded)."""
    counts: dict[str, Counter] = {rule.code: Counter() for rule in RULES}
    for row in rows:
        for code, status in row.rules.items():
            counts[code][status.state] += 1
    return counts


def planning_counts(rows: list[CaseloadRow]) -> Counter:
    """People still waiting for their first appointment, per :class:`Planning` value."""
    return Counter(row.r1_planning for row in rows if row.r1_planning is not None)
