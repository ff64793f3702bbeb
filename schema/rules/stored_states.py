"""Keeping the stored rule states (``schema.rule_states``) current, and reading from them.

Writes: every ORM flush that adds, changes or deletes an accompaniment, a contact, an action, a
CER, a diagnostic, an orientation, an attendance or a workshop session recomputes the stored
states of the accompaniments it touches, in the same transaction (two statements). Writes that
bypass the ORM call :func:`touch`. Days: a state holds on its day (a pause starts, a month ends,
a due date passes), so rows of another day are recomputed before they are read
(:func:`ensure_current`); the daily ``ensemble rules refresh`` does it at night, so that no user
waits for it.

Reads: :func:`alert_counts_by_counsellor`, :func:`alert_totals` and :func:`alert_criterion`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    event,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from schema.contacts import Contact
from schema.diagnostics import Diagnostic
from schema.enums import AccompanimentStatus
from schema.pathway import OPEN_STATUSES, Accompaniment, Action, Cer, Orientation
from schema.rule_states import RuleStates
from schema.rules import calendar
from schema.rules.caseload import ALERT_STATES, RULES, RULES_BY_CODE, caseload_select
from schema.rules.flushed import flushed, values
from schema.rules.sql import flag
from schema.rules.states import RuleState
from schema.workshops import Attendance, WorkshopSession

# Session.info key: a callable giving "today" for the states computed on write (the console
# sets its clock; elsewhere, the real date in Europe/Paris).
TODAY_KEY = "rule_states_today"
OPEN = tuple(s.value for s in OPEN_STATUSES)
TABLE = RuleStates.__table__
KEY = TABLE.c.accompaniment_id
CODES = tuple(rule.code for rule in RULES)
# Ids per statement when a write touches many accompaniments (bound parameters stay few).
CHUNK = 500
# PostgreSQL advisory lock taken by a whole-table refresh: concurrent refreshes wait, not repeat.
REFRESH_LOCK = 0x52554C45


# --- Computing -----------------------------------------------------------------------------------


def _upsert(session: Session, today: date, criterion: ColumnElement[bool] | None) -> Any:
    caseload = caseload_select(today, with_missed_weeks=False, criterion=criterion).subquery()
    source = (
        select(caseload.c.id, literal(today, Date), caseload.c.counsellor_id, *caseload.c[CODES])
        .where(caseload.c.id.is_not(None))  # SQLite's upsert wants a WHERE on INSERT … SELECT
        .order_by(caseload.c.id)  # rows locked in one order: no deadlock
    )
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    columns = ["accompaniment_id", "computed_on", "counsellor_id", *CODES]
    statement = insert(TABLE).from_select(columns, source)
    return statement.on_conflict_do_update(
        index_elements=[KEY], set_={name: statement.excluded[name] for name in columns[1:]}
    )


def _refresh_where(session: Session, today: date, criterion: ColumnElement[bool] | None) -> None:
    closed = select(Accompaniment.id).where(Accompaniment.status == AccompanimentStatus.CLOS)
    if criterion is not None:
        closed = closed.where(criterion)
    connection = session.connection()
    connection.execute(TABLE.delete().where(KEY.in_(closed)))
    connection.execute(_upsert(session, today, criterion))


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(REFRESH_LOCK)))


def refresh(session: Session, today: date) -> int:
    """Recompute the stored states of every open accompaniment for ``today`` and drop those of
    closed ones (the daily command; seconds at 100 000 people). Returns the row count."""
    _lock(session)
    _refresh_where(session, today, None)
    return session.scalar(select(func.count()).select_from(TABLE)) or 0


def refresh_accompaniments(
    session: Session,
    today: date,
    accompaniment_ids: Iterable[int] = (),
    person_ids: Iterable[int] = (),
) -> None:
    """Recompute the stored states of these accompaniments and of the people's accompaniments."""
    accompaniment_ids, person_ids = sorted(set(accompaniment_ids)), sorted(set(person_ids))
    for start in range(0, max(len(accompaniment_ids), len(person_ids)), CHUNK):
        criteria = []
        if chunk := accompaniment_ids[start : start + CHUNK]:
            criteria.append(Accompaniment.id.in_(chunk))
        if chunk := person_ids[start : start + CHUNK]:
            criteria.append(Accompaniment.person_id.in_(chunk))
        _refresh_where(session, today, or_(*criteria))


def _is_current(session: Session, today: date) -> bool:
    oldest, newest = session.execute(
        select(
            select(func.min(RuleStates.computed_on)).scalar_subquery(),
            select(func.max(RuleStates.computed_on)).scalar_subquery(),
        )
    ).one()
    if oldest is None:  # nothing stored: current if nothing is open
        any_open = select(Accompaniment.id).where(Accompaniment.status.in_(OPEN)).limit(1)
        return session.scalar(any_open) is None
    return oldest == newest == today


def ensure_current(session: Session, today: date) -> bool:
    """Recompute the stored states when they are not all of ``today`` (the daily command did not
    run yet, or the console's clock is set to another day): one cheap statement when they are
    current. The recomputation is committed, with whatever the session held; readers call this
    first. Returns True when it recomputed."""
    if _is_current(session, today):
        return False
    session.commit()  # the read above ends here: the refresh starts as a write
    _lock(session)
    if not _is_current(session, today):  # another process may have done it meanwhile
        _refresh_where(session, today, None)
    session.commit()
    return True


# --- Reading -------------------------------------------------------------------------------------


def alert_criterion(code: str) -> ColumnElement[bool]:
    """SQL criterion on Accompaniment: the rule ``code`` raises its alert (list filters). The
    caller makes the stored states current first (:func:`ensure_current`)."""
    rule = RULES_BY_CODE[code]
    alerting = TABLE.c[code].in_([s.value for s in rule.alert_states])
    return Accompaniment.id.in_(select(KEY).where(alerting))


@dataclass(frozen=True)
class AlertCounts:
    counsellor_id: int | None
    late: dict[str, int]
    soon: dict[str, int]


def alert_counts_by_counsellor(
    session: Session, today: date, counsellor_ids: Sequence[int | None] | None = None
) -> dict[int | None, AlertCounts]:
    """Per counsellor (``None``: not attributed), how many open accompaniments are late / soon
    due on each rule: one grouped statement over the stored states, made current first. With
    ``counsellor_ids`` (a dashboard page), only theirs are read."""
    ensure_current(session, today)
    columns = [
        func.coalesce(func.sum(flag(TABLE.c[code] == state.value)), 0).label(
            f"{code}_{state.value}"
        )
        for code in CODES
        for state in ALERT_STATES
    ]
    query = select(TABLE.c.counsellor_id, *columns).group_by(TABLE.c.counsellor_id)
    if counsellor_ids is not None:
        ids = [cid for cid in counsellor_ids if cid is not None]
        query = query.where(
            or_(TABLE.c.counsellor_id.in_(ids), TABLE.c.counsellor_id.is_(None))
            if None in counsellor_ids
            else TABLE.c.counsellor_id.in_(ids)
        )
    result = {}
    for raw in session.execute(query):
        values = raw._mapping
        result[raw.counsellor_id] = AlertCounts(
            raw.counsellor_id,
            late={code: int(values[f"{code}_{RuleState.LATE.value}"]) for code in CODES},
            soon={code: int(values[f"{code}_{RuleState.SOON.value}"]) for code in CODES},
        )
    return result


def alert_totals(session: Session, today: date, *, checked: bool = False) -> AlertCounts:
    """The whole programme's alerts per rule: one statement reading, on each rule's index, only
    the entries that alert (its cost follows the number of alerts, not of accompaniments).
    ``checked``: the caller just made the stored states current."""
    if not checked:
        ensure_current(session, today)
    alerting = [state.value for state in ALERT_STATES]
    parts = [
        select(literal(code).label("code"), TABLE.c[code].label("state"), func.count())
        .where(TABLE.c[code].in_(alerting))
        .group_by(TABLE.c[code])
        for code in CODES
    ]
    late = dict.fromkeys(CODES, 0)
    soon = dict.fromkeys(CODES, 0)
    for code, state, count in session.execute(union_all(*parts)):
        (late if state == RuleState.LATE.value else soon)[code] = int(count)
    return AlertCounts(None, late, soon)


# --- Tracking writes -----------------------------------------------------------------------------


@dataclass
class Touched:
    """What a flush touched, as the accompaniments and people whose rule states may have changed."""

    accompaniments: set[int] = field(default_factory=set)
    people: set[int] = field(default_factory=set)
    orientations: set[int] = field(default_factory=set)
    sessions: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.accompaniments or self.people or self.orientations or self.sessions)


def _by_accompaniment(obj: Any, touched: Touched) -> None:
    # Before and after: a row moved to another accompaniment changes both.
    touched.accompaniments |= values(obj, "accompaniment_id")


def _attendance(obj: Attendance, touched: Touched) -> None:
    _by_accompaniment(obj, touched)
    touched.people |= values(obj, "person_id")


TRACKED: dict[type, Callable[[Any, Touched], None]] = {
    Accompaniment: lambda obj, touched: touched.accompaniments.add(obj.id),
    Contact: _by_accompaniment,
    Action: _by_accompaniment,
    Cer: _by_accompaniment,
    Diagnostic: _by_accompaniment,
    Attendance: _attendance,
    Orientation: lambda obj, touched: touched.orientations.add(obj.id),
    WorkshopSession: lambda obj, touched: touched.sessions.add(obj.id),
}


def _today(session: Session) -> date:
    return session.info.get(TODAY_KEY, calendar.today)()


def touch(
    session: Session, accompaniment_ids: Iterable[int] = (), person_ids: Iterable[int] = ()
) -> None:
    """Recompute the stored states after a write that bypassed the ORM (bulk UPDATE statements)."""
    refresh_accompaniments(session, _today(session), accompaniment_ids, person_ids)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    touched = Touched()
    for obj in flushed(session):
        track = TRACKED.get(type(obj))
        if track is not None:
            track(obj, touched)
    if not touched:
        return
    people = set(touched.people)
    if touched.sessions:
        people.update(
            session.connection().scalars(
                select(Attendance.person_id).where(Attendance.session_id.in_(touched.sessions))
            )
        )
    accompaniments = set(touched.accompaniments)
    if touched.orientations:
        accompaniments.update(
            session.connection().scalars(
                select(Accompaniment.id).where(
                    Accompaniment.orientation_id.in_(touched.orientations)
                )
            )
        )
    refresh_accompaniments(session, _today(session), accompaniments, people)
