"""R3 (a held contact every week) and R4 (2 physical meetings per calendar month, pro rata: see
also tests/rules/test_physical_meetings.py), with R9 pauses suspending both."""

from __future__ import annotations

from datetime import date, datetime

import pytest

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
ENTRY = date(2026, 10, 5)  # a Monday


def entered(session):
    return factories.accompaniment(session, d0=date(2026, 9, 28), entry=ENTRY)


@pytest.mark.parametrize(
    ("today", "expected", "days"),
    [
        (date(2026, 10, 16), OK, 4),
        (date(2026, 10, 17), SOON, 5),
        (date(2026, 10, 19), SOON, 7),  # due today
        (date(2026, 10, 20), LATE, 8),
    ],
)
def test_weekly_contact_boundaries(session, ref, today, expected, days):
    acc = entered(session)
    factories.contact(session, acc, datetime(2026, 10, 12, 17, 30))
    assert state_of(session, acc, "r3", today) == expected
    status = row_of(session, acc, today).rules["r3"]
    assert status.due == date(2026, 10, 19)
    assert status.detail.startswith(f"il y a {days} j")


@pytest.mark.parametrize(
    ("mode", "status", "counts"),
    [
        ("sms_mail", "honore", True),
        ("telephone", "honore", True),
        ("visio", "honore", True),
        ("physique", "prevu", False),
        ("physique", "annule", False),
        ("physique", "absent_non_excuse", False),
    ],
)
def test_what_counts_as_a_contact(session, ref, mode, status, counts):
    acc = entered(session)
    when = datetime(2026, 10, 19, 9, 0)
    factories.contact(
        session, acc, when, mode=mode, status=status, held_at=when if status == "honore" else None
    )
    assert state_of(session, acc, "r3", date(2026, 10, 22)) == (OK if counts else LATE)


@pytest.mark.parametrize(("attendance", "expected"), [("present", OK), ("absent_excuse", LATE)])
def test_workshop_presence_counts_for_weekly_contact(session, ref, attendance, expected):
    acc = entered(session)
    ws = factories.workshop_session(session, ref["workshop"], starts_at=datetime(2026, 10, 19, 9))
    factories.attendance(session, ws, acc.person, status=attendance)
    assert state_of(session, acc, "r3", date(2026, 10, 22)) == expected


def test_first_appointment_starts_the_clock(session, ref):
    acc = entered(session)
    assert state_of(session, acc, "r3", date(2026, 10, 12)) == SOON
    assert state_of(session, acc, "r3", date(2026, 10, 13)) == LATE


def test_paused_accompaniment_does_not_raise_contact_alerts(session, ref):
    acc = entered(session)
    factories.pause(session, acc, date(2026, 10, 7))
    today = date(2026, 11, 25)
    assert state_of(session, acc, "r3", today) == PAUSED
    assert state_of(session, acc, "r4", today) == PAUSED
    assert row_of(session, acc, today).missed_weeks == 0


def test_contact_clock_restarts_at_the_end_of_a_pause(session, ref):
    acc = entered(session)
    factories.pause(session, acc, date(2026, 10, 7), date(2026, 10, 26))
    assert state_of(session, acc, "r3", date(2026, 10, 29)) == OK
    assert state_of(session, acc, "r3", date(2026, 11, 3)) == LATE


def test_pause_straddling_a_week_is_not_missed(session, ref):
    acc = entered(session)  # entry week: 05/10
    factories.contact(session, acc, datetime(2026, 10, 12, 10))  # week of 12/10 held
    # Pause from Wednesday 21/10 to Tuesday 27/10: weeks of 19/10 and 26/10 are not required.
    factories.pause(session, acc, date(2026, 10, 21), date(2026, 10, 27))
    # Week of 02/11 without contact is missed; the current week (09/11) is not over.
    assert row_of(session, acc, date(2026, 11, 11)).missed_weeks == 1
    assert row_of(session, acc, date(2026, 11, 9)).missed_weeks == 1
    # Without the pause, the 3 weeks would be missed.
    other = entered(session)
    factories.contact(session, other, datetime(2026, 10, 12, 10))
    assert row_of(session, other, date(2026, 11, 11)).missed_weeks == 3


def test_missed_weeks_count_iso_weeks(session, ref):
    acc = entered(session)
    factories.contact(session, acc, datetime(2026, 10, 18, 23, 0))  # Sunday: week of 12/10
    factories.contact(session, acc, datetime(2026, 10, 26, 0, 5), mode="sms_mail")  # Monday
    # Completed weeks after the entry week: 12/10 held, 19/10 missed, 26/10 held.
    assert row_of(session, acc, date(2026, 11, 2)).missed_weeks == 1


NOV_LAST_10 = date(2026, 11, 21)  # 9 days left after today: the month is running out
NOV_BEFORE = date(2026, 11, 20)  # 10 days left


@pytest.mark.parametrize(
    ("physical", "today", "expected"),
    [
        (0, date(2026, 11, 2), SOON),
        (1, NOV_BEFORE, SOON),
        (1, NOV_LAST_10, LATE),
        (2, NOV_LAST_10, OK),
        (2, date(2026, 11, 30), OK),
        (1, date(2026, 11, 30), LATE),
    ],
)
def test_physical_meetings_boundaries(session, ref, physical, today, expected):
    acc = entered(session)
    for day in range(physical):
        factories.contact(session, acc, datetime(2026, 11, 2 + day, 10))
    factories.contact(session, acc, datetime(2026, 10, 30, 10))  # previous month: not counted
    assert state_of(session, acc, "r4", today) == expected
    status = row_of(session, acc, today).rules["r4"]
    assert status.detail == f"{physical} / 2"


def test_only_physical_modes_count_for_r4(session, ref):
    acc = entered(session)
    factories.contact(session, acc, datetime(2026, 11, 2, 10), mode="telephone")
    factories.contact(session, acc, datetime(2026, 11, 3, 10), mode="sms_mail")
    factories.contact(session, acc, datetime(2026, 11, 4, 10), mode="visio")
    ws = factories.workshop_session(session, ref["workshop"], starts_at=datetime(2026, 11, 5, 9))
    factories.attendance(session, ws, acc.person, status="present", accompaniment_id=acc.id)
    assert state_of(session, acc, "r4", NOV_LAST_10) == LATE
    factories.contact(session, acc, datetime(2026, 11, 6, 10), mode="physique")
    factories.contact(session, acc, datetime(2026, 11, 9, 10), mode="accompagnement")
    assert state_of(session, acc, "r4", NOV_LAST_10) == OK


def test_days_of_a_pause_are_not_required(session, ref):
    # Pro rata (issue 14): paused 01–02/11, resumed 03/11, 28 active days of 30 still require
    # ceil(2 × 28 / 30) = 2 meetings (the whole month used to be exempted).
    acc = entered(session)
    factories.pause(session, acc, date(2026, 10, 20), date(2026, 11, 3))
    assert state_of(session, acc, "r4", NOV_LAST_10) == LATE
    assert row_of(session, acc, NOV_LAST_10).rules["r4"].detail == "0 / 2"
    assert state_of(session, acc, "r4", date(2026, 12, 28)) == LATE


def test_closed_accompaniment_never_alerts(session, ref):
    acc = entered(session)
    acc.status, acc.exit_date, acc.exit_reason_id = "clos", date(2026, 10, 9), ref["exit_reason"].id
    session.flush()
    row = row_of(session, acc, date(2027, 6, 1))
    assert all(not status.alert for status in row.rules.values()), row.rules
