"""Keeping the stored counsellor counts (``schema.counsellor_counts``) current, and reading them.

Writes: :mod:`schema.rules.stored_states` calls :func:`recompute` with the counsellors whose
accompaniments a flush touched, after it recomputed their rule states, and :func:`rebuild` when
it recomputes every state (a new day, ``ensemble rules refresh``). A row is recomputed from the
source rows (two statements), never adjusted by a difference: a missed write is corrected by
the next one, or by the next day's rebuild. On PostgreSQL each counsellor's row is locked (an
advisory lock until the transaction ends): two transactions recomputing the same row run one
after the other, the second one seeing the first's rows.

Reads: :func:`page` (a page of the listed counsellors), :func:`unassigned` and :func:`programme`
— one statement each, reading one row per counsellor. The caller makes the stored states
current first (:func:`schema.rules.stored_states.ensure_current`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, Select, and_, func, literal, or_, select
from sqlalchemy.orm import Session

from schema.accounts import Counsellor
from schema.counsellor_counts import UNASSIGNED_KEY, CounsellorCounts
from schema.enums import AccompanimentStatus
from schema.pathway import Accompaniment
from schema.rule_states import RuleStates
from schema.rules.calendar import month_end, month_start
from schema.rules.capacity import PROGRAMME_CAPACITY, CounsellorLoad, listed_counsellors
from schema.rules.caseload import RULES
from schema.rules.sql import flag
from schema.rules.states import ENTERED, RuleState

COUNTS = CounsellorCounts.__table__
STATES = RuleStates.__table__
CODES = tuple(rule.code for rule in RULES)
LOAD_COLUMNS = ("active_file", "to_contact", "paused", "entries_month", "exits_month")
ALERT_COLUMNS = tuple(f"{code}_{kind}" for code in CODES for kind in ("late", "soon"))
# Namespace of the PostgreSQL advisory locks on counsellors (the second key is the row's key).
COUNSELLOR_LOCKS = 0x434F554E


@dataclass(frozen=True)
class AlertCounts:
    """Open accompaniments late / soon due on each rule (by code), of a counsellor or of all."""

    counsellor_id: int | None
    late: dict[str, int]
    soon: dict[str, int]


# --- Computing -----------------------------------------------------------------------------------


def _among(column: Any, keys: list[int] | None) -> ColumnElement[bool] | None:
    """``column`` (a counsellor id, NULL when unassigned) is one of ``keys``; through its index."""
    if keys is None:
        return None
    ids = [key for key in keys if key != UNASSIGNED_KEY]
    criteria = [column.in_(ids)] if ids else []
    if UNASSIGNED_KEY in keys:
        criteria.append(column.is_(None))
    return or_(*criteria)


def _counts_select(today: date, keys: list[int] | None) -> Select:
    """Per counsellor key: the row to store for ``today``, of ``keys`` or of every counsellor."""
    start, end = month_start(today), month_end(today)
    status = Accompaniment.status
    zero_alerts = [literal(0).label(name) for name in ALERT_COLUMNS]
    loads = select(
        func.coalesce(Accompaniment.counsellor_id, UNASSIGNED_KEY).label("key"),
        flag(status.in_(ENTERED)).label("active_file"),
        flag(status == AccompanimentStatus.A_CONTACTER).label("to_contact"),
        flag(status == AccompanimentStatus.EN_ATTENTE).label("paused"),
        flag(and_(Accompaniment.entry_date >= start, Accompaniment.entry_date <= end)).label(
            "entries_month"
        ),
        flag(and_(Accompaniment.exit_date >= start, Accompaniment.exit_date <= end)).label(
            "exits_month"
        ),
        *zero_alerts,
    )
    alerts = select(
        func.coalesce(STATES.c.counsellor_id, UNASSIGNED_KEY),
        *[literal(0) for _ in LOAD_COLUMNS],
        *[
            flag(STATES.c[code] == state.value)
            for code in CODES
            for state in (RuleState.LATE, RuleState.SOON)
        ],
    )
    if keys is not None:
        loads = loads.where(_among(Accompaniment.counsellor_id, keys))
        alerts = alerts.where(_among(STATES.c.counsellor_id, keys))
    rows = loads.union_all(alerts).subquery("rows")
    return select(
        rows.c.key,
        literal(today, Date).label("computed_on"),
        *[
            func.sum(rows.c[name]).label(name)  # type: ignore[misc]
            for name in (*LOAD_COLUMNS, *ALERT_COLUMNS)
        ],
    ).group_by(rows.c.key)


def _write(session: Session, today: date, keys: list[int] | None) -> None:
    columns = ["counsellor_key", "computed_on", *LOAD_COLUMNS, *ALERT_COLUMNS]
    connection = session.connection()
    delete = COUNTS.delete()
    if keys is not None:
        delete = delete.where(COUNTS.c.counsellor_key.in_(keys))
    connection.execute(delete)
    connection.execute(COUNTS.insert().from_select(columns, _counts_select(today, keys)))


def recompute(session: Session, today: date, keys: Iterable[int]) -> None:
    """Recompute the rows of these counsellor keys (counsellor ids, ``UNASSIGNED_KEY``) for
    ``today``, from the accompaniments and the stored rule states (locked on PostgreSQL)."""
    keys = sorted(set(keys))
    if not keys:
        return
    if session.get_bind().dialect.name == "postgresql":
        locks = [func.pg_advisory_xact_lock(COUNSELLOR_LOCKS, key) for key in keys]
        session.connection().execute(select(*locks))
    _write(session, today, keys)


def rebuild(session: Session, today: date) -> None:
    """Recompute every row for ``today`` (after the rule states of every accompaniment)."""
    _write(session, today, None)


def key_of(counsellor_id: int | None) -> int:
    return UNASSIGNED_KEY if counsellor_id is None else counsellor_id


# --- Reading -------------------------------------------------------------------------------------


def _figures(columns: Any, counsellor_id: int | None) -> tuple[list[int], AlertCounts]:
    """The stored load figures and alert counts of a row (zeros for a missing row)."""
    values = [int(columns.get(name) or 0) for name in LOAD_COLUMNS]
    late = {code: int(columns.get(f"{code}_late") or 0) for code in CODES}
    soon = {code: int(columns.get(f"{code}_soon") or 0) for code in CODES}
    return values, AlertCounts(counsellor_id, late, soon)


def page(session: Session, offset: int, size: int) -> list[tuple[CounsellorLoad, AlertCounts]]:
    """A page of the listed counsellors (by name) with their stored figures: one statement."""
    listed = listed_counsellors().offset(offset).limit(size).subquery()
    query = (
        select(listed, *[COUNTS.c[name] for name in (*LOAD_COLUMNS, *ALERT_COLUMNS)])
        .outerjoin(COUNTS, COUNTS.c.counsellor_key == listed.c.id)
        .order_by(listed.c.display_name, listed.c.id)
    )
    result = []
    for row in session.execute(query):
        columns = row._mapping
        values, alerts = _figures(columns, row.id)
        result.append((CounsellorLoad(row.id, row.display_name, row.capacity, *values), alerts))
    return result


def unassigned(session: Session) -> tuple[CounsellorLoad, AlertCounts] | None:
    """The accompaniments without a counsellor (open or closed), or None when there are none
    (one statement)."""
    row = session.execute(
        select(COUNTS).where(COUNTS.c.counsellor_key == UNASSIGNED_KEY)
    ).one_or_none()
    if row is None:
        return None
    values, alerts = _figures(row._mapping, None)
    return CounsellorLoad(None, "Non attribué", 0, *values), alerts


def programme(session: Session) -> tuple[CounsellorLoad, AlertCounts]:
    """The whole programme: the sums of every row (one statement); the capacity is the active
    counsellors' (150 by default, R11)."""
    capacity = (
        select(func.coalesce(func.sum(Counsellor.capacity), 0))
        .where(Counsellor.active.is_(True))
        .scalar_subquery()
    )
    sums = [
        func.coalesce(func.sum(COUNTS.c[name]), 0).label(name)
        for name in (*LOAD_COLUMNS, *ALERT_COLUMNS)
    ]
    row = session.execute(select(capacity.label("capacity"), *sums)).one()
    values, alerts = _figures(row._mapping, None)
    total = int(row.capacity or 0) or PROGRAMME_CAPACITY
    return CounsellorLoad(None, "Programme", total, *values), alerts
