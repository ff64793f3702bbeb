"""R4 pro rata (issue 14): the meetings required in a month are ceil(2 × active days / days in
the month), active days being the days in the file and not paused; the portfolio alert judges
the current month against what is required by its end."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from schema.rules import counsellor_counts, stored_states
from schema.rules.states import RuleState
from tests import factories
from tests.rules.helpers import row_of, state_of

OK, SOON, LATE, NA, PAUSED = (
    RuleState.OK,
    RuleState.SOON,
    RuleState.LATE,
    RuleState.NA,
    RuleState.PAUSED,
)
NOV_LAST_10 = date(2026, 11, 21)  # November has 30 days: 9 left, the month is running out


def entered_on(session, entry: date):
    return factories.accompaniment(session, d0=date(2026, 10, 1), entry=entry)


def meetings(session, acc, *days: int, month: int = 11) -> None:
    for day in days:
        factories.contact(session, acc, datetime(2026, month, day, 10))


def test_entry_on_the_20th_with_one_meeting_is_not_late(session, ref):
    # 20/11 → 30/11: 11 active days of 30, ceil(22 / 30) = 1 meeting required.
    acc = entered_on(session, date(2026, 11, 20))
    meetings(session, acc, 20)
    assert state_of(session, acc, "r4", NOV_LAST_10) == OK
    status = row_of(session, acc, NOV_LAST_10).rules["r4"]
    assert status.detail == "1 / 1" and status.due is None


def test_entry_on_the_20th_without_a_meeting_is_late_when_the_month_runs_out(session, ref):
    acc = entered_on(session, date(2026, 11, 20))
    assert state_of(session, acc, "r4", NOV_LAST_10) == LATE
    assert row_of(session, acc, NOV_LAST_10).rules["r4"].detail == "0 / 1"


@pytest.mark.parametrize(
    ("entry", "required"),
    [
        (date(2026, 10, 20), 2),  # the whole month in the file
        (date(2026, 11, 1), 2),  # 30 days
        (date(2026, 11, 2), 2),  # 29 days: ceil(58 / 30) = 2
        (date(2026, 11, 16), 1),  # 15 days: exactly 1
        (date(2026, 11, 15), 2),  # 16 days: ceil(32 / 30) = 2
        (date(2026, 11, 21), 1),  # 10 days
    ],
)
def test_required_meetings_pro_rata_of_the_days_in_the_file(session, ref, entry, required):
    acc = entered_on(session, entry)
    today = max(entry, NOV_LAST_10)
    assert row_of(session, acc, today).rules["r4"].detail == f"0 / {required}"


def test_entry_on_the_2nd_with_three_meetings_is_ok(session, ref):
    acc = entered_on(session, date(2026, 11, 2))
    meetings(session, acc, 2, 9, 16)
    assert state_of(session, acc, "r4", NOV_LAST_10) == OK
    assert row_of(session, acc, NOV_LAST_10).rules["r4"].detail == "3 / 2"


def test_pause_days_are_excluded(session, ref):
    # Paused 01/11, resumed 16/11 (active again that day): 15 active days, 1 meeting required.
    acc = entered_on(session, date(2026, 10, 5))
    factories.pause(session, acc, date(2026, 11, 1), date(2026, 11, 16))
    assert state_of(session, acc, "r4", NOV_LAST_10) == LATE
    assert row_of(session, acc, NOV_LAST_10).rules["r4"].detail == "0 / 1"
    meetings(session, acc, 17)
    assert state_of(session, acc, "r4", NOV_LAST_10) == OK


def test_a_person_paused_today_is_suspended(session, ref):
    acc = entered_on(session, date(2026, 10, 5))
    factories.pause(session, acc, date(2026, 11, 10))  # still paused
    assert state_of(session, acc, "r4", NOV_LAST_10) == PAUSED
    assert row_of(session, acc, NOV_LAST_10).rules["r4"].due is None


def test_before_the_last_ten_days_missing_meetings_are_soon_due(session, ref):
    acc = entered_on(session, date(2026, 11, 2))
    meetings(session, acc, 2)
    assert state_of(session, acc, "r4", date(2026, 11, 20)) == SOON
    assert state_of(session, acc, "r4", NOV_LAST_10) == LATE


def test_the_programme_dashboard_counts_the_same_definition(session, ref):
    counsellor = factories.user(session)
    entry = date(2026, 11, 20)
    for held in (False, True):
        acc = factories.accompaniment(session, counsellor, d0=date(2026, 11, 1), entry=entry)
        if held:
            meetings(session, acc, 20)
    stored_states.ensure_current(session, NOV_LAST_10)
    _total, totals = counsellor_counts.programme(session)
    assert totals.late["r4"] == 1 and totals.soon["r4"] == 0  # 1 required each, 1 held by one


def test_the_resumption_day_is_active(session, ref):
    # Resumed on 21/11: active that day, judged (not "suspendu"); 01–20/11 paused, 10 active
    # days left, 1 meeting required.
    acc = entered_on(session, date(2026, 10, 5))
    factories.pause(session, acc, date(2026, 11, 1), NOV_LAST_10)
    assert state_of(session, acc, "r4", NOV_LAST_10) == LATE
    assert row_of(session, acc, NOV_LAST_10).rules["r4"].detail == "0 / 1"
    assert state_of(session, acc, "r3", NOV_LAST_10) == OK  # the contact clock restarts
