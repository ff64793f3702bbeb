"""R1 on the agenda: « RDV prévu le … », « rien de prévu », « prévu après J+15»."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from schema.rules.first_appointment import Planning
from schema.rules.states import RuleState
from tests import factories
from tests.rules.helpers import row_of

D0 = date(2026, 10, 1)  # due 16/10/2026
TODAY = date(2026, 10, 12)  # J+11: « bientôt dû »


def planned(session, acc, when: datetime, status: str = "prevu"):
    return factories.contact(
        session, acc, when, status=status, held_at=None, synthesis=None, duration_minutes=60
    )


def test_nothing_planned(session, ref):
    acc = factories.accompaniment(session, d0=D0, entry=None)
    row = row_of(session, acc, TODAY)
    assert (row.r1_planning, row.next_planned_at) == (Planning.NOTHING, None)
    assert row.rules["r1"].state == RuleState.SOON
    assert row.rules["r1"].detail == "J+11 · rien de prévu"


@pytest.mark.parametrize(
    ("when", "expected", "detail"),
    [
        (datetime(2026, 10, 14, 9, 30), Planning.IN_TIME, "RDV prévu le 14/10/2026 à 09:30"),
        # D0+15 itself, late in the day: still in time
        (datetime(2026, 10, 16, 16, 0), Planning.IN_TIME, "RDV prévu le 16/10/2026 à 16:00"),
        (
            datetime(2026, 10, 17, 9, 0),  # D0+16
            Planning.AFTER_DUE,
            "RDV prévu le 17/10/2026 à 09:00 — après J+15",
        ),
    ],
)
def test_planned_before_or_after_due(session, ref, when, expected, detail):
    acc = factories.accompaniment(session, d0=D0, entry=None)
    planned(session, acc, datetime(2026, 10, 13, 10, 0), status="annule")  # not counted
    planned(session, acc, when)
    planned(session, acc, datetime(2026, 11, 20, 10, 0))  # a later one: the earliest counts
    row = row_of(session, acc, TODAY)
    assert (row.r1_planning, row.next_planned_at) == (expected, when)
    assert row.rules["r1"].detail == f"J+11 · {detail}"


def test_held_first_appointment_has_no_planning(session, ref):
    acc = factories.accompaniment(session, d0=D0, entry=date(2026, 10, 9))
    planned(session, acc, datetime(2026, 10, 20, 10, 0))  # a later planned contact
    row = row_of(session, acc, TODAY)
    assert (row.r1_planning, row.next_planned_at) == (None, None)
    assert row.rules["r1"].detail == "tenu en 8 j"
