"""R7: signature coverage per calendar month, from one definition, on the Séances page."""

from __future__ import annotations

from datetime import date, datetime

from schema.enums import Role
from schema.rules.signatures import MonthCoverage, month_start, signature_coverage
from tests import factories


def test_month_start():
    assert month_start(date(2026, 1, 31), 1) == date(2025, 12, 1)
    assert month_start(date(2026, 11, 28), -1) == date(2026, 12, 1)
    assert month_start(date(2026, 11, 28), 5) == date(2026, 6, 1)


def _data(session, ref):
    me = factories.user(session, Role.COUNSELLOR)
    other = factories.user(session, Role.COUNSELLOR)
    mine = factories.accompaniment(session, me)
    theirs = factories.accompaniment(session, other)
    at = datetime(2026, 10, 20, 10, 0)
    # October: 3 physical interviews held (2 signed, one by another counsellor), plus ones that
    # do not need a signature: a phone call, an absence, and an interview of September.
    factories.contact(session, mine, at, signed=True)
    factories.contact(session, mine, at, mode="accompagnement", signed=False)
    factories.contact(session, theirs, at, signed=True)
    factories.contact(session, mine, at, mode="telephone", signed=False)
    factories.contact(session, mine, at, status="absent_excuse", held_at=None)
    factories.contact(session, mine, datetime(2026, 9, 30, 23, 30), signed=False)
    # November séance: 2 present (1 signed), 1 absent; October séance: 1 present signed.
    november = factories.workshop_session(session, ref["workshop"])
    factories.attendance(session, november, mine.person, status="present", signed=True)
    factories.attendance(session, november, theirs.person, status="present", signed=False)
    factories.attendance(session, november, factories.person(session), status="absent_non_excuse")
    october = factories.workshop_session(
        session, ref["workshop"], starts_at=datetime(2026, 10, 31, 14, 0)
    )
    factories.attendance(session, october, theirs.person, status="present", signed=True)
    return me


def test_coverage_per_month(session, ref):
    me = _data(session, ref)
    months = signature_coverage(session, date(2026, 11, 28), 3)
    assert months == [
        MonthCoverage(date(2026, 9, 1), 0, 1, 0, 0),
        MonthCoverage(date(2026, 10, 1), 2, 3, 1, 1),
        MonthCoverage(date(2026, 11, 1), 0, 0, 1, 2),
    ]
    assert months[1].interviews_rate == 2 / 3 and months[1].overall_rate == 3 / 4
    assert months[2].interviews_rate is None
    mine = signature_coverage(session, date(2026, 11, 28), 3, counsellor_id=me.counsellor.id)
    assert [(m.interviews_signed, m.interviews_total) for m in mine] == [(0, 1), (1, 2), (0, 0)]
    assert [(m.attendances_signed, m.attendances_total) for m in mine] == [(0, 0), (0, 0), (1, 1)]


def test_coverage_on_the_sessions_page(client, session, login, ref, monkeypatch):
    monkeypatch.setattr(
        "admin.views.attendance_sessions.paris_now", lambda: datetime(2026, 11, 28, 15, 0)
    )
    _data(session, ref)
    login(factories.user(session, Role.MANAGER))
    html = client.get("/console/emargement/").get_data(as_text=True)
    table = html[html.index('id="signature-coverage"') :]
    assert table.count("<tr>") == 7  # header + 6 months
    assert "06/2026" in table and "11/2026" in table and "05/2026" not in table
    assert "10/2026" in table and "2 / 3 (67 %)" in table and "1 / 2 (50 %)" in table
