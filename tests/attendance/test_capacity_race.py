"""Two registrations racing for the last seat, on real concurrent connections: one wins, one is
refused with a message. Runs on the suite's database (SQLite or PostgreSQL) with committed rows,
removed afterwards."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from schema import Accompaniment, Attendance, Person, Workshop, WorkshopSession
from schema import attendance_operations as operations
from schema.attendance_operations import SessionFull, register
from schema.counsellor_counts import UNASSIGNED_KEY
from schema.rules import counsellor_counts, daily_counts


@pytest.fixture
def last_seat(engine):
    with Session(engine) as s:
        workshop = Workshop(code="race-test", label="Atelier de test de concurrence")
        ws = WorkshopSession(
            workshop=workshop,
            starts_at=datetime(2026, 12, 1, 9, 0),
            ends_at=datetime(2026, 12, 1, 12, 0),
            place="Salle 1",
            capacity=1,
        )
        accompaniments = []
        for name in ("Course", "Relais"):
            person = Person(sex="H", last_name=name, first_name="Jean", birth_date=date(1980, 1, 1))
            accompaniments.append(
                Accompaniment(person=person, status="actif", entry_date=date(2026, 11, 2))
            )
        s.add_all([ws, *accompaniments])
        s.commit()
        ids = ws.id, [a.id for a in accompaniments], [a.person_id for a in accompaniments]
    yield ids
    ws_id, acc_ids, person_ids = ids
    with Session(engine) as s:
        s.execute(delete(Attendance).where(Attendance.session_id == ws_id))
        s.execute(delete(WorkshopSession).where(WorkshopSession.id == ws_id))
        s.execute(delete(Accompaniment).where(Accompaniment.id.in_(acc_ids)))
        s.execute(delete(Person).where(Person.id.in_(person_ids)))
        s.execute(delete(Workshop).where(Workshop.code == "race-test"))
        # The Core deletes bypassed the ORM: the stored read models they touched.
        daily_counts.recompute_days(s, [date(2026, 11, 2)])
        counsellor_counts.recompute(s, date(2026, 11, 2), [UNASSIGNED_KEY])
        s.commit()


def test_two_registrations_for_the_last_seat(engine, last_seat, monkeypatch):
    ws_id, acc_ids, _ = last_seat
    counted = operations.seats_taken

    def slow_count(session, session_id):
        # Widen the window between counting and inserting: without the row lock both would
        # count 0 and both insert.
        taken = counted(session, session_id)
        time.sleep(0.3)
        return taken

    monkeypatch.setattr(operations, "seats_taken", slow_count)
    start = threading.Barrier(2)
    results: dict[int, str] = {}

    def attempt(acc_id: int) -> None:
        with Session(engine) as s:
            ws = s.get(WorkshopSession, ws_id)
            acc = s.get(Accompaniment, acc_id)
            start.wait()
            try:
                register(s, ws, acc)
                s.commit()
                results[acc_id] = "inscrit"
            except SessionFull as exc:
                s.rollback()
                results[acc_id] = str(exc)

    threads = [threading.Thread(target=attempt, args=(acc_id,)) for acc_id in acc_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results.values()) == [
        "La séance est complète (1 place) : l'inscription n'a pas été enregistrée.",
        "inscrit",
    ]
    with Session(engine) as s:
        taken = s.scalar(select(func.count()).where(Attendance.session_id == ws_id))
    assert taken == 1
