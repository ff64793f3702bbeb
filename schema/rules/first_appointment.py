"""R1 — first appointment within 15 days of the orientation decision (D0).

While the first appointment has not been held, the agenda says whether one is planned and when:
« RDV prévu le … », « rien de prévu » or « prévu après J+15 » (:class:`Planning`, one SQL
expression read by the portfolio, the dashboard and the monthly report alike).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, case, func, literal, null, select
from sqlalchemy.orm import Session

from schema.base import LabelledEnum
from schema.contacts import Contact
from schema.enums import AccompanimentStatus, ContactStatus
from schema.pathway import Accompaniment, Orientation
from schema.rules.sql import epoch_days
from schema.rules.states import CLOSED, Facts, Row, Rule, RuleState, state_case

DELAY_DAYS = 15
SOON_FROM_DAY = 10


class Planning(LabelledEnum):
    """Where the first appointment of a person still waiting stands in the agenda."""

    NOTHING = "rien_de_prevu", "rien de prévu"
    IN_TIME = "prevu", "prévu avant J+15"
    AFTER_DUE = "apres_j15", "prévu après J+15"


def due_date(d0: date | None) -> date | None:
    return d0 + timedelta(days=DELAY_DAYS) if d0 else None


def next_planned_at() -> ColumnElement[datetime | None]:
    """Correlated: the earliest planned appointment of an accompaniment whose first appointment
    is not held yet (NULL otherwise: not looked up)."""
    earliest = (
        select(func.min(Contact.planned_at))
        .where(
            Contact.accompaniment_id == Accompaniment.id,
            Contact.status == ContactStatus.PREVU.value,
        )
        .scalar_subquery()
    )
    return case((Accompaniment.entry_date.is_(None), earliest), else_=null())


def facts(today: date) -> dict[str, ColumnElement]:
    return {"next_planned_at": next_planned_at()}


def planning(f: Facts) -> ColumnElement[str | None]:
    """A :class:`Planning` value for people still waiting for their first appointment, NULL for
    the others (held, closed)."""
    return case(
        (f.status == CLOSED, null()),
        (f.entry_date.is_not(None), null()),
        (f.next_planned_at.is_(None), literal(Planning.NOTHING.value)),
        (
            f.d0.is_not(None) & (epoch_days(f.next_planned_at) - epoch_days(f.d0) > DELAY_DAYS),
            literal(Planning.AFTER_DUE.value),
        ),
        else_=literal(Planning.IN_TIME.value),
    )


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


def planned_label(row: Row) -> str:
    """« RDV prévu le 16/11/2026 à 10:30 » (« — après J+15 » when late), « rien de prévu », or
    "" once the first appointment is held."""
    value = getattr(row, "r1_planning", None)
    if value is None:
        return ""
    if value == Planning.NOTHING:
        return Planning.NOTHING.label
    label = f"RDV prévu le {row.next_planned_at:%d/%m/%Y à %H:%M}"
    return f"{label} — après J+{DELAY_DAYS}" if value == Planning.AFTER_DUE else label


def _detail(row: Row, today: date) -> str:
    if row.entry_date and row.d0:
        return f"tenu en {delay_days(row.d0, row.entry_date)} j"
    planned = planned_label(row)
    if row.d0:
        return f"J+{(today - row.d0).days}" + (f" · {planned}" if planned else "")
    return planned


RULE = Rule(
    code="r1",
    label="1er RDV",
    alert_label="1er RDV en retard",
    definition="premier_rdv",
    state=state,
    due=lambda row, today: None if row.entry_date else due_date(row.d0),
    detail=_detail,
)


def waiting_counts(session: Session) -> Counter:
    """People of the whole programme still waiting for their first appointment (accompaniments
    « à contacter »), per :class:`Planning` value: one statement, read through the status index
    (the waiting people are a small part of the open accompaniments)."""
    d0 = (
        select(Orientation.decision_date)
        .where(Orientation.id == Accompaniment.orientation_id)
        .scalar_subquery()
    )
    facts = (
        select(
            Accompaniment.status.label("status"),
            Accompaniment.entry_date.label("entry_date"),
            d0.label("d0"),
            next_planned_at().label("next_planned_at"),
        )
        .where(Accompaniment.status == AccompanimentStatus.A_CONTACTER.value)
        .subquery("waiting")
    )
    value = planning(facts.c).label("planning")
    rows = session.execute(select(value, func.count()).group_by(value)).all()
    return Counter({Planning(v): n for v, n in rows if v is not None})
