"""R1 (first appointment within 15 days of D0) and R2 (CER at the first appointment)."""

from __future__ import annotations

from datetime import date

import pytest

from schema import Action
from schema.rules.states import RuleState
from tests import factories
from tests.rules.helpers import row_of, state_of

D0 = date(2026, 10, 1)
OK, SOON, LATE, NA = RuleState.OK, RuleState.SOON, RuleState.LATE, RuleState.NA


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 10, 1), OK),
        (date(2026, 10, 10), OK),  # D0 + 9
        (date(2026, 10, 11), SOON),  # D0 + 10
        (date(2026, 10, 16), SOON),  # D0 + 15: still in time
        (date(2026, 10, 17), LATE),  # D0 + 16
        (date(2027, 1, 1), LATE),
    ],
)
def test_first_appointment_not_held(session, ref, today, expected):
    acc = factories.accompaniment(session, d0=D0, entry=None)
    assert state_of(session, acc, "r1", today) == expected


def test_first_appointment_due_date_and_delay(session, ref):
    waiting = factories.accompaniment(session, d0=D0, entry=None)
    held = factories.accompaniment(session, d0=D0, entry=date(2026, 10, 20))
    today = date(2026, 10, 25)
    assert row_of(session, waiting, today).rules["r1"].due == date(2026, 10, 16)
    status = row_of(session, held, today).rules["r1"]
    assert (status.state, status.due, status.detail) == (OK, None, "tenu en 19 j")


def test_first_appointment_closed_never_alerts(session, ref):
    acc = factories.accompaniment(session, d0=D0, entry=None)
    acc.status, acc.exit_date, acc.exit_reason_id = "clos", date(2026, 10, 5), ref["exit_reason"].id
    session.flush()
    assert state_of(session, acc, "r1", date(2026, 12, 1)) == NA


def test_cer(session, ref):
    today = date(2026, 10, 20)
    missing = factories.accompaniment(session)
    signed = factories.accompaniment(session)
    factories.cer(session, signed)
    unsigned = factories.accompaniment(session)
    factories.cer(session, unsigned, not_signed_reason="Refus")
    unsigned.cers[0].signed_on = None
    reoriented = factories.accompaniment(session)
    session.add(
        Action(accompaniment=reoriented, kind="reorientation", start_date=date(2026, 10, 10))
    )
    waiting = factories.accompaniment(session, entry=None)
    session.flush()
    assert state_of(session, missing, "r2", today) == LATE
    assert row_of(session, missing, today).rules["r2"].due == date(2026, 10, 10)
    assert state_of(session, signed, "r2", today) == OK
    assert state_of(session, unsigned, "r2", today) == LATE
    assert state_of(session, reoriented, "r2", today) == OK
    assert state_of(session, waiting, "r2", today) == NA


@pytest.mark.parametrize(
    ("reason", "today", "detail"),
    [
        (
            "documents_manquants",
            date(2026, 10, 10),
            "CER à signer depuis 0 j (documents manquants)",
        ),
        ("delai_reflexion", date(2026, 10, 17), "CER à signer depuis 7 j (délai de réflexion)"),
        ("autre", date(2026, 11, 9), "CER à signer depuis 30 j (autre motif)"),
    ],
)
def test_cer_still_to_sign_is_late_with_its_age_and_reason(session, ref, reason, today, detail):
    """Issue 14: held on 10/10 without the CER; late from the first appointment (R2's due date),
    the detail counting the days since it."""
    acc = factories.accompaniment(
        session,
        entry=date(2026, 10, 10),
        cer_pending_reason=reason,
        cer_pending_note="Attend l'accord du conjoint" if reason == "autre" else None,
    )
    assert state_of(session, acc, "r2", today) == LATE
    status = row_of(session, acc, today).rules["r2"]
    assert (status.due, status.detail, status.alert) == (date(2026, 10, 10), detail, True)
