"""R5 (3-month diagnostic), R6 (planned end), R8 (to enter on Parcours Solidarités), R11
(capacity) and the calendar helpers they rely on."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from schema import Action, Counsellor
from schema.enums import Role
from schema.rules import counsellor_counts
from schema.rules.calendar import add_months, epoch_week, latest_start_for, week_start
from schema.rules.capacity import capacity_state, counsellor_loads
from schema.rules.states import RuleState
from schema.rules.stored_states import ensure_current
from tests import factories
from tests.rules.helpers import row_of, state_of

OK, SOON, LATE, NA = RuleState.OK, RuleState.SOON, RuleState.LATE, RuleState.NA
ENTRY = date(2026, 10, 10)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 25), OK),  # 16 days before 10/01/2027
        (date(2026, 12, 26), SOON),  # 15 days before
        (date(2027, 1, 10), SOON),  # due today
        (date(2027, 1, 11), LATE),
    ],
)
def test_three_month_diagnostic(session, ref, today, expected):
    acc = factories.accompaniment(session, entry=ENTRY)
    factories.diagnostic(session, acc, "initial")
    assert state_of(session, acc, "r5", today) == expected
    assert row_of(session, acc, today).rules["r5"].due == date(2027, 1, 10)


def test_three_month_diagnostic_done(session, ref):
    acc = factories.accompaniment(session, entry=ENTRY)
    factories.diagnostic(session, acc, "trois_mois", done_on=date(2027, 1, 12))
    assert state_of(session, acc, "r5", date(2027, 2, 1)) == OK


def test_three_month_diagnostic_end_of_month_entry(session, ref):
    acc = factories.accompaniment(session, d0=date(2026, 11, 20), entry=date(2026, 11, 30))
    # 30/11 + 3 months = 28/02/2027 (clamped)
    assert row_of(session, acc, date(2027, 2, 1)).rules["r5"].due == date(2027, 2, 28)
    assert state_of(session, acc, "r5", date(2027, 2, 28)) == SOON
    assert state_of(session, acc, "r5", date(2027, 3, 1)) == LATE


@pytest.mark.parametrize("planned_end", [date(2027, 4, 10), None])
@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 3, 10), OK),  # 31 days before the planned end
        (date(2027, 3, 11), SOON),  # 30 days before
        (date(2027, 4, 10), SOON),
        (date(2027, 4, 11), LATE),
    ],
)
def test_planned_end(session, ref, planned_end, today, expected):
    acc = factories.accompaniment(session, entry=ENTRY)
    acc.planned_end = planned_end  # None: entry + 6 months
    session.flush()
    assert state_of(session, acc, "r6", today) == expected
    assert row_of(session, acc, today).rules["r6"].due == date(2027, 4, 10)


def test_extended_planned_end(session, ref):
    acc = factories.accompaniment(session, entry=ENTRY)
    acc.planned_end, acc.extension_reason = date(2027, 6, 30), "Formation en cours"
    session.flush()
    assert state_of(session, acc, "r6", date(2027, 4, 20)) == OK


@pytest.mark.parametrize(
    ("today", "expected"), [(date(2026, 10, 27), SOON), (date(2026, 10, 28), LATE)]
)
def test_syntheses_to_enter(session, ref, today, expected):
    acc = factories.accompaniment(session, entry=ENTRY)
    factories.contact(session, acc, datetime(2026, 10, 20, 10))
    entered = factories.contact(session, acc, datetime(2026, 10, 13, 10))
    entered.ps_entered_on = date(2026, 10, 14)
    factories.contact(session, acc, datetime(2026, 10, 1, 10), status="annule", held_at=None)
    session.flush()
    assert state_of(session, acc, "r8", today) == expected
    status = row_of(session, acc, today).rules["r8"]
    assert (status.detail, status.due) == ("1 à saisir", date(2026, 10, 27))


def test_actions_to_enter(session, ref):
    acc = factories.accompaniment(session, entry=ENTRY)
    today = date(2026, 11, 2)
    assert state_of(session, acc, "r8", today) == OK
    session.add(Action(accompaniment=acc, kind="suivi_emploi", start_date=date(2026, 10, 20)))
    session.flush()
    assert state_of(session, acc, "r8", today) == LATE
    assert row_of(session, acc, today).rules["r8"].detail == "1 à saisir"


def test_capacity(session, ref):
    today = date(2026, 11, 15)
    users = [factories.user(session, Role.COUNSELLOR) for _ in range(3)]
    for _ in range(2):
        factories.accompaniment(session, users[0], entry=date(2026, 11, 3))
    factories.accompaniment(session, users[0], entry=None)
    paused = factories.accompaniment(session, users[1], entry=date(2026, 10, 3))
    paused.status = "en_attente"
    closed = factories.accompaniment(session, users[1], entry=date(2026, 9, 1))
    closed.status, closed.exit_date = "clos", date(2026, 11, 10)
    closed.exit_reason_id = ref["exit_reason"].id
    session.flush()
    ids = {u.counsellor.id for u in users}
    loads = [load for load in counsellor_loads(session, today) if load.counsellor_id in ids]
    first, second, third = sorted(loads, key=lambda load: load.counsellor_id)
    assert (first.active_file, first.to_contact, first.entries_month, first.capacity) == (
        2,
        1,
        2,
        50,
    )
    assert (second.active_file, second.paused, second.exits_month) == (1, 1, 1)
    assert third.active_file == 0
    ensure_current(session, today)  # the stored counts of the programme dashboard
    total, _alerts = counsellor_counts.programme(session)
    assert (total.capacity, total.active_file, total.entries_month) == (150, 3, 2)
    assert (total.to_contact, total.paused, total.exits_month) == (1, 1, 1)


@pytest.mark.parametrize(
    ("load", "capacity", "expected"),
    [(44, 50, OK), (45, 50, SOON), (50, 50, SOON), (51, 50, LATE), (3, 0, NA)],
)
def test_capacity_state(load, capacity, expected):
    assert capacity_state(load, capacity) == expected


def test_inactive_counsellor_without_people_is_not_listed(session, ref):
    u = factories.user(session, Role.COUNSELLOR)
    session.get(Counsellor, u.counsellor.id).active = False
    session.flush()
    assert u.counsellor.id not in {
        load.counsellor_id for load in counsellor_loads(session, date(2026, 11, 1))
    }


def test_calendar_helpers():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 1, 31), -2) == date(2026, 11, 30)
    for limit in (date(2027, 2, 28), date(2027, 3, 1), date(2027, 1, 10)):
        start = latest_start_for(limit, 3)
        assert add_months(start, 3) <= limit
        assert add_months(date.fromordinal(start.toordinal() + 1), 3) > limit
    assert week_start(date(2026, 11, 1)) == date(2026, 10, 26)
    assert epoch_week(date(2026, 10, 26)) == epoch_week(date(2026, 11, 1))
    assert epoch_week(date(2026, 11, 2)) == epoch_week(date(2026, 11, 1)) + 1


def test_sql_week_index_matches_python(session):
    from sqlalchemy import Date, DateTime, literal, select

    from schema.rules.sql import epoch_week as sql_epoch_week

    days = [date(2026, 10, 25), date(2026, 10, 26), date(1999, 12, 31), date(2027, 1, 4)]
    for day in days:
        assert session.scalar(select(sql_epoch_week(literal(day, Date)))) == epoch_week(day)
    late_sunday = datetime(2026, 11, 1, 23, 59)
    assert session.scalar(select(sql_epoch_week(literal(late_sunday, DateTime)))) == epoch_week(
        late_sunday.date()
    )
