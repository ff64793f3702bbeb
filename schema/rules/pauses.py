"""R9 — a pause (mise en attente) suspends the contact rules R3 and R4.

A pause is an action of kind "mise en attente" from its start date to its end date (open-ended
while the accompaniment is "en attente"). A week touched by a pause on at least one day is not
required (R3); the paused days, from the start date to the day before the end date (the
resumption day), do not count in the physical meetings required in a month (R4,
``schema.rules.physical_meetings``).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select

from schema.enums import AccompanimentStatus, ActionKind
from schema.pathway import Accompaniment, Action
from schema.rules.sql import flag


def pauses_of_accompaniment() -> ColumnElement[bool]:
    """Correlated: the actions that are pauses of the outer accompaniment."""
    return and_(
        Action.accompaniment_id == Accompaniment.id, Action.kind == ActionKind.MISE_EN_ATTENTE
    )


def pause_overlaps(start: date, end: date) -> ColumnElement[bool]:
    """A pause action covers at least one day of [start, end]."""
    return and_(Action.start_date <= end, or_(Action.end_date.is_(None), Action.end_date >= start))


def paused_between(start: date, end: date) -> ColumnElement[bool]:
    """Correlated: the accompaniment is paused now (status) or was paused within [start, end]."""
    overlapping = select(Action.id).where(pauses_of_accompaniment(), pause_overlaps(start, end))
    return or_(Accompaniment.status == AccompanimentStatus.EN_ATTENTE, overlapping.exists())


def paused_on(day: date) -> ColumnElement[bool]:
    """A pause action covers ``day``: from its start date to the day before its end date (the
    resumption day is active)."""
    return and_(Action.start_date <= day, or_(Action.end_date.is_(None), Action.end_date > day))


def is_paused(today: date) -> ColumnElement[bool]:
    """Correlated: the accompaniment is paused today (status "en attente", or a pause covering
    today; not on the day it resumed). R3 and R4 are then "suspendu"."""
    covering = select(Action.id).where(pauses_of_accompaniment(), paused_on(today))
    return or_(Accompaniment.status == AccompanimentStatus.EN_ATTENTE, covering.exists())


def last_pause_end(today: date) -> ColumnElement[date | None]:
    """Correlated: end date of the last pause ended on or before today (the contact clock
    restarts there)."""
    return (
        select(func.max(Action.end_date))
        .where(pauses_of_accompaniment(), Action.end_date <= today)
        .scalar_subquery()
    )


def facts(today: date) -> dict[str, ColumnElement]:
    return {"paused_now": flag(is_paused(today)), "last_pause_end": last_pause_end(today)}
