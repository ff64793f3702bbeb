"""The attendance operations: register within capacity, record a sheet atomically, stale marks."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from schema import Attendance
from schema.attendance_operations import (
    AttendanceError,
    Mark,
    SessionFull,
    StaleMarks,
    create_session,
    mark_contact,
    record_sheet,
    register,
    sheet_attendances,
)
from schema.constraint_messages import ALREADY_REGISTERED
from tests import factories

TODAY = date(2026, 11, 28)
PAST = datetime(2026, 11, 20, 9, 30)


def _registered(session, ws, *names):
    accompaniments = [
        factories.accompaniment(session, None, factories.person(session, last_name=name))
        for name in names
    ]
    return [register(session, ws, acc) for acc in accompaniments]


def test_create_session_validates(session, ref):
    workshop = ref["workshop"]
    start = datetime(2026, 12, 3, 9, 0)
    ws = create_session(session, workshop, start, start + timedelta(hours=2), " Salle A ", "", 8)
    assert (ws.place, ws.facilitator, ws.capacity) == ("Salle A", None, 8)
    with pytest.raises(AttendanceError, match="se terminer après son début"):
        create_session(session, workshop, start, start, "Salle A", None, 8)
    with pytest.raises(AttendanceError, match="au moins une place"):
        create_session(session, workshop, start, start + timedelta(hours=1), "Salle A", None, 0)


def test_register_and_capacity_full(session, ref):
    ws = factories.workshop_session(session, ref["workshop"], capacity=2, starts_at=PAST)
    first, _second = _registered(session, ws, "Martin", "Bernard")
    assert (first.status, first.signed) == ("inscrit", False)
    late = factories.accompaniment(session, None, factories.person(session, last_name="Petit"))
    with pytest.raises(SessionFull, match=r"La séance est complète \(2 places\)"):
        register(session, ws, late)
    assert [a.person.last_name for a in sheet_attendances(session, ws.id)] == [
        "Bernard",
        "Martin",
    ]


def test_register_refuses_duplicates_and_closed_accompaniments(session, ref):
    ws = factories.workshop_session(session, ref["workshop"], starts_at=PAST)
    acc = factories.accompaniment(session, None)
    register(session, ws, acc)
    with pytest.raises(AttendanceError) as exc:
        register(session, ws, acc)
    assert str(exc.value) == ALREADY_REGISTERED
    closed = factories.accompaniment(
        session,
        None,
        status="clos",
        exit_date=date(2026, 11, 1),
        exit_reason_id=ref["exit_reason"].id,
    )
    with pytest.raises(AttendanceError, match="accompagnement est clos"):
        register(session, ws, closed)


def test_record_sheet_marks_and_reports_changes(session, ref):
    ws = factories.workshop_session(session, ref["workshop"], starts_at=PAST)
    a, b, c = _registered(session, ws, "Aubert", "Blanc", "Colin")
    versions = {x.id: x.version for x in (a, b, c)}
    marks = {
        a.id: Mark("present", True),
        b.id: Mark("absent_excuse", False),
        c.id: Mark("inscrit", False),
    }
    changes = record_sheet(session, ws, marks, versions, TODAY)
    assert [(x.entity_id, x.fields, x.detail) for x in changes] == [
        (a.id, ("status", "signed"), "inscrit → présent, signé"),
        (b.id, ("status",), "inscrit → absent excusé"),
    ]
    assert (a.status, a.signed, b.status, c.status) == ("present", True, "absent_excuse", "inscrit")
    assert a.version == versions[a.id] + 1 and c.version == versions[c.id]


def test_record_sheet_is_all_or_nothing_and_names_the_line(session, ref):
    ws = factories.workshop_session(session, ref["workshop"], starts_at=PAST)
    a, b = _registered(session, ws, "Aubert", "Blanc")
    versions = {a.id: a.version, b.id: b.version}
    marks = {a.id: Mark("present", True), b.id: Mark("absent_non_excuse", True)}
    with pytest.raises(AttendanceError) as exc:
        record_sheet(session, ws, marks, versions, TODAY)
    assert str(exc.value) == (
        "Ligne 2 (BLANC Élodie) : seule une personne présente peut avoir signé."
    )
    session.expire_all()
    assert [(x.status, x.signed) for x in sheet_attendances(session, ws.id)] == [
        ("inscrit", False),
        ("inscrit", False),
    ]


def test_record_sheet_refuses_unknown_status_and_future_presence(session, ref):
    future = datetime.combine(TODAY + timedelta(days=3), datetime.min.time())
    ws = factories.workshop_session(session, ref["workshop"], starts_at=future)
    (a,) = _registered(session, ws, "Aubert")
    with pytest.raises(AttendanceError, match=r"^Ligne 1 \(AUBERT Élodie\) : choisissez"):
        record_sheet(session, ws, {a.id: Mark("venu", False)}, {a.id: a.version}, TODAY)
    with pytest.raises(AttendanceError, match="pas encore eu lieu"):
        record_sheet(session, ws, {a.id: Mark("present", False)}, {a.id: a.version}, TODAY)
    # An excused absence may be recorded ahead of the day.
    record_sheet(session, ws, {a.id: Mark("absent_excuse", False)}, {a.id: a.version}, TODAY)
    assert a.status == "absent_excuse"


def test_stale_sheet_is_refused(session, ref):
    ws = factories.workshop_session(session, ref["workshop"], starts_at=PAST)
    a, b = _registered(session, ws, "Aubert", "Blanc")
    seen = {a.id: a.version, b.id: b.version}
    record_sheet(session, ws, {b.id: Mark("present", True)}, seen, TODAY)  # someone else
    with pytest.raises(StaleMarks) as exc:
        record_sheet(
            session,
            ws,
            {a.id: Mark("present", False), b.id: Mark("absent_excuse", False)},
            seen,
            TODAY,
        )
    assert exc.value.ids == {b.id}
    assert "BLANC Élodie" in str(exc.value)
    assert (a.status, b.status, b.signed) == ("inscrit", "present", True)


def test_mark_contact(session, ref):
    counsellor = factories.user(session)
    acc = factories.accompaniment(session, counsellor)
    contact = factories.contact(
        session, acc, datetime(2026, 11, 28, 10, 0), held_at=None, status="prevu"
    )
    change = mark_contact(session, contact, "honore", True, contact.version, TODAY)
    assert (contact.status, contact.signed, contact.held_at) == (
        "honore",
        True,
        datetime(2026, 11, 28, 10, 0),
    )
    assert change.detail == "prévu → honoré, signé"
    assert change.person_id == acc.person_id
    with pytest.raises(StaleMarks):
        mark_contact(session, contact, "reporte", False, contact.version - 1, TODAY)
    with pytest.raises(AttendanceError, match="Seul un entretien honoré"):
        mark_contact(session, contact, "absent_excuse", True, contact.version, TODAY)
    mark_contact(session, contact, "absent_excuse", False, contact.version, TODAY)
    assert (contact.status, contact.signed, contact.held_at) == ("absent_excuse", False, None)
    with pytest.raises(AttendanceError, match="Choisissez"):
        mark_contact(session, contact, "annule", False, contact.version, TODAY)
    later = factories.contact(
        session, acc, datetime(2026, 12, 2, 10, 0), held_at=None, status="prevu"
    )
    with pytest.raises(AttendanceError, match="à venir"):
        mark_contact(session, later, "honore", False, later.version, TODAY)


def test_concurrent_write_between_read_and_update_is_stale(session, ref):
    """The UPDATE itself carries the version read: a save committed in between is detected."""
    ws = factories.workshop_session(session, ref["workshop"], starts_at=PAST)
    (a,) = _registered(session, ws, "Aubert")
    seen = {a.id: a.version}
    table = Attendance.__table__
    # Another transaction's save, invisible to the objects already loaded in this session.
    session.execute(
        update(table)
        .where(table.c.id == a.id)
        .values(status="absent_excuse", version=a.version + 1)
    )
    with pytest.raises(StaleMarks, match="modifiée par quelqu'un d'autre"):
        record_sheet(session, ws, {a.id: Mark("present", True)}, seen, TODAY)
    assert session.scalar(select(table.c.status).where(table.c.id == a.id)) == "absent_excuse"
