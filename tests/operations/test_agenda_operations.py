"""Agenda operations: planning, moving, cancelling; conflicts refused with French messages."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from schema import Contact, CounsellorWorkingHours
from schema.agenda import free_slots, working_hours
from schema.enums import Role
from schema.operations import WorkflowError
from schema.operations import agenda as ops
from schema.operations import pathway as pathway_ops
from tests import factories

NOW = datetime(2026, 12, 4, 16, 0)  # a Friday
MONDAY = date(2026, 12, 7)


@pytest.fixture
def counsellor(session, ref):
    return factories.user(session, Role.COUNSELLOR, full_name="Claire Martin")


@pytest.fixture
def acc(session, counsellor):
    return factories.accompaniment(session, counsellor, d0=date(2026, 12, 1), entry=None)


def plan(session, acc, counsellor, starts_at, minutes=60, **kw):
    return ops.plan_contact(
        session,
        acc,
        starts_at=starts_at,
        duration_minutes=minutes,
        mode=kw.pop("mode", "physique"),
        place=kw.pop("place", "Bureau 2"),
        by=counsellor,
        now=kw.pop("now", NOW),
    )


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour, minute))


def test_plan_a_contact(session, acc, counsellor):
    contact = plan(session, acc, counsellor, at(9, 30), place="  Bureau 2 ")
    assert (contact.status, contact.mode, contact.place, contact.duration_minutes) == (
        "prevu",
        "physique",
        "Bureau 2",
        60,
    )
    assert (contact.planned_at, contact.held_at, contact.created_by_id) == (
        at(9, 30),
        None,
        counsellor.id,
    )


@pytest.mark.parametrize(
    ("starts_at", "minutes", "message"),
    [
        (datetime(2026, 12, 4, 9, 0), 60, "dans le passé"),
        (at(12, 0), 60, "en dehors des horaires"),  # ends in the lunch break
        (at(8, 0), 60, "en dehors des horaires"),
        (datetime(2026, 12, 12, 10, 0), 60, "en dehors des horaires"),  # Saturday
        (at(10), 0, "La durée"),
    ],
)
def test_refused_slots(session, acc, counsellor, starts_at, minutes, message):
    with pytest.raises(WorkflowError, match=message):
        plan(session, acc, counsellor, starts_at, minutes)
    assert session.scalars(select(Contact).where(Contact.accompaniment_id == acc.id)).all() == []


def test_overlapping_appointment_refused(session, acc, counsellor):
    other = factories.accompaniment(session, counsellor, entry=date(2026, 11, 2))
    plan(session, other, counsellor, at(10))
    with pytest.raises(WorkflowError, match="Claire Martin a déjà le rendez-vous"):
        plan(session, acc, counsellor, at(10, 30))
    assert plan(session, acc, counsellor, at(11)).planned_at == at(11)  # back to back is fine


def test_another_counsellors_appointment_is_no_conflict(session, acc, counsellor):
    colleague = factories.user(session, Role.COUNSELLOR)
    theirs = factories.accompaniment(session, colleague, entry=date(2026, 11, 2))
    plan(session, theirs, colleague, at(10))
    assert plan(session, acc, counsellor, at(10)).status == "prevu"


def test_facilitated_session_refused(session, ref, acc, counsellor):
    factories.workshop_session(
        session, ref["workshop"], starts_at=at(14), facilitator=" claire martin "
    )
    with pytest.raises(WorkflowError, match="la séance"):
        plan(session, acc, counsellor, at(15))
    factories.workshop_session(session, ref["workshop"], starts_at=at(9), facilitator="Autre")
    assert plan(session, acc, counsellor, at(9)).status == "prevu"


def test_working_hours_replace_the_defaults(session, acc, counsellor):
    assert len(working_hours(session, counsellor.counsellor.id)) == 10
    session.add(
        CounsellorWorkingHours(
            counsellor=counsellor.counsellor, weekday=5, starts_at=time(9), ends_at=time(12)
        )
    )
    session.flush()
    saturday = date(2026, 12, 12)
    assert plan(session, acc, counsellor, at(9, day=saturday)).status == "prevu"
    with pytest.raises(WorkflowError, match="en dehors des horaires"):
        plan(session, acc, counsellor, at(10))  # Monday is no longer a working day


def test_move_keeps_the_history(session, acc, counsellor):
    first = plan(session, acc, counsellor, at(10))
    moved = ops.move_contact(
        session, first, starts_at=at(10, 30), duration_minutes=45, by=counsellor, now=NOW
    )
    assert first.status == "reporte"
    assert (moved.status, moved.planned_at, moved.rescheduled_from_id, moved.mode) == (
        "prevu",
        at(10, 30),
        first.id,
        "physique",
    )
    with pytest.raises(WorkflowError, match="n'est plus prévu"):
        ops.move_contact(
            session, first, starts_at=at(14), duration_minutes=45, by=counsellor, now=NOW
        )


def test_cancel(session, acc, counsellor):
    contact = plan(session, acc, counsellor, at(10))
    ops.cancel_contact(session, contact, by=counsellor, now=NOW)
    assert contact.status == "annule"
    assert plan(session, acc, counsellor, at(10)).status == "prevu"  # the slot is free again
    with pytest.raises(WorkflowError, match="n'est plus prévu"):
        ops.cancel_contact(session, contact, by=counsellor, now=NOW)


def test_unassigned_accompaniment_refused(session, ref, counsellor):
    waiting = factories.accompaniment(session, None, entry=None)
    with pytest.raises(WorkflowError, match="Affectez d'abord"):
        plan(session, waiting, counsellor, at(10))


def test_free_slots_skip_appointments_and_sessions(session, ref, acc, counsellor):
    other = factories.accompaniment(session, counsellor, entry=date(2026, 11, 2))
    plan(session, other, counsellor, at(9))
    factories.workshop_session(
        session, ref["workshop"], starts_at=at(13, 30), facilitator="Claire Martin"
    )
    slots = free_slots(session, counsellor.counsellor, since=NOW, until=MONDAY, limit=20)
    friday = datetime(2026, 12, 4, 16, 0)  # from "now" on; 09:00 taken, 13:30–16:30 a session
    assert slots == [friday, at(10), at(10, 30), at(11), at(11, 30)]
    assert free_slots(session, counsellor.counsellor, since=NOW, until=MONDAY, limit=2) == [
        friday,
        at(10),
    ]


def test_first_appointment_honours_the_planned_contact(session, acc, counsellor):
    planned = plan(session, acc, counsellor, at(10))
    pathway_ops.record_first_appointment(
        session,
        acc,
        held_at=at(10),
        by=counsellor,
        today=MONDAY,
        cer=pathway_ops.CerTerms(weekly_hours=20),
    )
    (contact,) = session.scalars(select(Contact).where(Contact.accompaniment_id == acc.id))
    assert contact.id == planned.id
    assert (contact.status, contact.held_at) == ("honore", at(10))
