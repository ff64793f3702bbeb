"""Keeping the stored rule states (``schema.rule_states``) current, and reading from them.

Writes: every ORM flush that adds, changes or deletes an accompaniment, a contact, an action, a
CER, a diagnostic, an orientation, an attendance or a workshop session recomputes the stored
states of the accompaniments it touches, in the same transaction (two statements). Writes that
bypass the ORM call :func:`touch`. Days: a state holds on its day (a pause starts, a month ends,
a due date passes), so rows of another day are recomputed before they are read
(:func:`ensure_current`); the daily ``ensemble rules refresh`` does it at night, so that no user
waits for it.

Each recomputation also recomputes the stored counts of the counsellors concerned
(:mod:`schema.rules.counsellor_counts`, the programme dashboard's read model).

Reads: the alert filters of the accompaniment list (``admin/views/rule_filters.py``) join the
table; the counts are read by :mod:`schema.rules.counsellor_counts`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from schema.contacts import Contact
from schema.diagnostics import Diagnostic
from schema.enums import AccompanimentStatus
from schema.pathway import OPEN_STATUSES, Accompaniment, Action, Cer, Orientation
from schema.rule_states import RuleStates
from schema.rules import calendar, counsellor_counts
from schema.rules.caseload import RULES, caseload_select
from schema.rules.flushed import flushed, values
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
        select(
            caseload.c.id,
            literal(today, Date),
            caseload.c.counsellor_id,
            caseload.c.entry_date,
            *caseload.c[CODES],
        )
        .where(caseload.c.id.is_not(None))  # SQLite's upsert wants a WHERE on INSERT … SELECT
        .order_by(caseload.c.id)  # rows locked in one order: no deadlock
    )
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    columns = ["accompaniment_id", "computed_on", "counsellor_id", "entry_date", *CODES]
    statement = insert(TABLE).from_select(columns, source)
    return statement.on_conflict_do_update(
        index_elements=[KEY], set_={name: statement.excluded[name] for name in columns[1:]}
    )


def _refresh_where(
    session: Session, today: date, criterion: ColumnElement[bool] | None
) -> set[int]:
    """Recompute the states of the accompaniments matching ``criterion`` (every one: None);
    return the keys of the counsellors whose states changed (a criterion only)."""
    closed = select(Accompaniment.id).where(Accompaniment.status == AccompanimentStatus.CLOS)
    if criterion is not None:
        closed = closed.where(criterion)
    connection = session.connection()
    delete, upsert = TABLE.delete().where(KEY.in_(closed)), _upsert(session, today, criterion)
    if criterion is None:
        connection.execute(delete)
        connection.execute(upsert)
        return set()
    counsellor = TABLE.c.counsellor_id
    gone = connection.execute(delete.returning(counsellor)).scalars().all()
    kept = connection.execute(upsert.returning(counsellor)).scalars().all()
    return {counsellor_counts.key_of(c) for c in (*gone, *kept)}


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(REFRESH_LOCK)))


def refresh(session: Session, today: date) -> int:
    """Recompute the stored states of every open accompaniment for ``today`` and drop those of
    closed ones (the daily command; seconds at 100 000 people). Returns the row count."""
    _lock(session)
    _refresh_where(session, today, None)
    counsellor_counts.rebuild(session, today)
    return session.scalar(select(func.count()).select_from(TABLE)) or 0


def refresh_accompaniments(
    session: Session,
    today: date,
    accompaniment_ids: Iterable[int] = (),
    person_ids: Iterable[int] = (),
    counsellor_keys: Iterable[int] = (),
) -> None:
    """Recompute the stored states of these accompaniments and of the people's accompaniments,
    then the stored counts of their counsellors and of ``counsellor_keys`` (the counsellors an
    accompaniment left, whose counts change too)."""
    accompaniment_ids, person_ids = sorted(set(accompaniment_ids)), sorted(set(person_ids))
    keys = set(counsellor_keys)
    for start in range(0, max(len(accompaniment_ids), len(person_ids)), CHUNK):
        criteria = []
        if chunk := accompaniment_ids[start : start + CHUNK]:
            criteria.append(Accompaniment.id.in_(chunk))
        if chunk := person_ids[start : start + CHUNK]:
            criteria.append(Accompaniment.person_id.in_(chunk))
        keys |= _refresh_where(session, today, or_(*criteria))
    counsellor_counts.recompute(session, today, keys)


def _is_current(session: Session, today: date) -> bool:
    """The stored states and counsellor counts are all of ``today`` (one statement)."""
    counts = counsellor_counts.COUNTS.c.computed_on
    oldest, newest, counts_oldest, counts_newest = session.execute(
        select(
            select(func.min(RuleStates.computed_on)).scalar_subquery(),
            select(func.max(RuleStates.computed_on)).scalar_subquery(),
            select(func.min(counts)).scalar_subquery(),
            select(func.max(counts)).scalar_subquery(),
        )
    ).one()
    if oldest is None:  # nothing stored: current if nothing is open
        any_open = select(Accompaniment.id).where(Accompaniment.status.in_(OPEN)).limit(1)
        if session.scalar(any_open) is not None:
            return False
    elif not oldest == newest == today:
        return False
    if counts_oldest is None:  # no counts: current if no state either
        return oldest is None
    return counts_oldest == counts_newest == today


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
        counsellor_counts.rebuild(session, today)
    session.commit()
    return True


# --- Reading -------------------------------------------------------------------------------------


# --- Tracking writes -----------------------------------------------------------------------------


@dataclass
class Touched:
    """What a flush touched, as the accompaniments and people whose rule states may have changed."""

    accompaniments: set[int] = field(default_factory=set)
    people: set[int] = field(default_factory=set)
    orientations: set[int] = field(default_factory=set)
    sessions: set[int] = field(default_factory=set)
    counsellors: set[int] = field(default_factory=set)  # keys of counsellor_counts

    def __bool__(self) -> bool:
        return bool(self.accompaniments or self.people or self.orientations or self.sessions)


def _accompaniment(obj: Accompaniment, touched: Touched) -> None:
    touched.accompaniments.add(obj.id)
    # Its counsellor before and after (None: unassigned), whose counts change with its status.
    before_after = values(obj, "counsellor_id", keep_none=True)
    touched.counsellors |= {counsellor_counts.key_of(c) for c in before_after}


def _by_accompaniment(obj: Any, touched: Touched) -> None:
    # Before and after: a row moved to another accompaniment changes both.
    touched.accompaniments |= values(obj, "accompaniment_id")


def _attendance(obj: Attendance, touched: Touched) -> None:
    _by_accompaniment(obj, touched)
    touched.people |= values(obj, "person_id")


TRACKED: dict[type, Callable[[Any, Touched], None]] = {
    Accompaniment: _accompaniment,
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
    refresh_accompaniments(session, _today(session), accompaniments, people, touched.counsellors)
