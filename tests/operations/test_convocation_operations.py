"""convoke: assign when unassigned, then plan the first appointment; refusals in French."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from schema.enums import Role
from schema.operations import WorkflowError
from schema.operations.convocation import convoke
from tests import factories

NOW = datetime(2026, 11, 16, 8, 0)  # a Monday
SLOT = datetime(2026, 11, 16, 9, 0, 42)


@pytest.fixture
def counsellor(session, ref):
    return factories.user(session, Role.COUNSELLOR, full_name="Claire Martin")


def test_plans_a_physical_appointment_at_the_place(session, counsellor):
    acc = factories.accompaniment(session, counsellor, entry=None)
    contact = convoke(session, acc, starts_at=SLOT, place="Dunkerque", by=counsellor, now=NOW)
    assert (contact.planned_at, contact.mode, contact.place, contact.status) == (
        datetime(2026, 11, 16, 9, 0),  # seconds dropped
        "physique",
        "Dunkerque",
        "prevu",
    )
    with pytest.raises(WorkflowError, match="déjà prévu le 16/11/2026 à 09:00"):
        convoke(session, acc, starts_at=SLOT.replace(hour=14), place="", by=counsellor, now=NOW)


def test_assigns_an_unassigned_accompaniment_only(session, counsellor):
    manager = factories.user(session, Role.MANAGER)
    other = factories.user(session, Role.COUNSELLOR)
    acc = factories.accompaniment(session, None, entry=None)
    convoke(
        session,
        acc,
        starts_at=SLOT,
        place="",
        by=manager,
        now=NOW,
        counsellor=counsellor.counsellor,
    )
    assert acc.counsellor_id == counsellor.counsellor.id
    taken = factories.accompaniment(session, counsellor, entry=None)
    with pytest.raises(WorkflowError, match="déjà affecté"):
        convoke(
            session,
            taken,
            starts_at=SLOT,
            place="",
            by=manager,
            now=NOW,
            counsellor=other.counsellor,
        )


def test_refused_once_the_first_appointment_is_held(session, counsellor):
    acc = factories.accompaniment(session, counsellor, entry=date(2026, 11, 2))
    with pytest.raises(WorkflowError, match="déjà eu lieu"):
        convoke(session, acc, starts_at=SLOT, place="", by=counsellor, now=NOW)
