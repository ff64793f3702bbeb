"""The counsellor's iCalendar feed, read back with a real iCalendar parser."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar

from exports.icalendar_feed import counsellor_calendar, initials
from tests import factories

TODAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 8, 0)
PARIS = ZoneInfo("Europe/Paris")


def _feed(session, counsellor) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(
        counsellor_calendar(session, counsellor, today=TODAY, now_utc=NOW)
    )


def _planned(session, acc, when, **kw):
    values = {"held_at": None, "status": "prevu", "synthesis": None, **kw}
    return factories.contact(session, acc, when, **values)


def test_one_event_per_planned_contact_and_facilitated_session(session, ref):
    user = factories.user(session)
    other = factories.user(session)
    person = factories.person(session, first_name="Amélie", last_name="Leroy")
    acc = factories.accompaniment(session, user, person)
    contact = _planned(
        session, acc, datetime(2026, 12, 9, 14, 0), duration_minutes=45, place="Bureau 2"
    )
    factories.contact(session, acc, datetime(2026, 12, 1, 10, 0))  # held: not in the feed
    _planned(session, acc, datetime(2026, 12, 10, 9, 0), status="annule")
    _planned(session, factories.accompaniment(session, other), datetime(2026, 12, 9, 15, 0))
    _planned(session, acc, datetime(2027, 7, 1, 9, 0))  # beyond 180 days
    workshop_session = factories.workshop_session(
        session,
        ref["workshop"],
        starts_at=datetime(2026, 12, 11, 9, 30),
        facilitator=f"  {user.counsellor.display_name.upper()} ",
        place="Salle Jean Bart",
    )

    calendar = _feed(session, user.counsellor)

    assert calendar["VERSION"] == "2.0"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        f"contact-{contact.id}@ensemble-vers-emploi",
        f"seance-{workshop_session.id}@ensemble-vers-emploi",
    ]
    first = events[0]
    assert str(first["SUMMARY"]) == f"Entretien physique individuel — A. L. (dossier {person.id})"
    assert first.decoded("DTSTART") == datetime(2026, 12, 9, 14, 0, tzinfo=PARIS)
    assert first.decoded("DTEND") == datetime(2026, 12, 9, 14, 45, tzinfo=PARIS)
    assert first["DTSTART"].params["TZID"] == "Europe/Paris"
    assert str(first["LOCATION"]) == "Bureau 2"
    assert first.decoded("DTSTAMP").utcoffset().total_seconds() == 0
    assert re.search(r"^DTSTAMP:\d{8}T\d{6}Z\r$", first.to_ical().decode(), re.M)
    workshop = events[1]
    assert str(workshop["SUMMARY"]) == f"Atelier — {ref['workshop'].label}"
    assert workshop.decoded("DTSTART") == datetime(2026, 12, 11, 9, 30, tzinfo=PARIS)
    assert str(workshop["LOCATION"]) == "Salle Jean Bart"


def test_the_feed_carries_no_name_nor_synthesis(session, ref):
    user = factories.user(session)
    person = factories.person(session, first_name="Amélie", last_name="Leroy")
    acc = factories.accompaniment(session, user, person)
    _planned(session, acc, datetime(2026, 12, 9, 14, 0))
    contact = _planned(session, acc, datetime(2026, 12, 10, 14, 0))
    contact.synthesis = "Freins santé : suivi psychologique"
    session.flush()

    text = counsellor_calendar(session, user.counsellor, today=TODAY, now_utc=NOW).decode()

    for secret in ("Leroy", "LEROY", "Amélie", "santé", "psychologique", person.caf_number):
        assert secret not in text


def test_summer_time_is_kept_in_the_zone(session, ref):
    user = factories.user(session)
    acc = factories.accompaniment(session, user)
    _planned(session, acc, datetime(2027, 4, 6, 9, 0))

    event = _feed(session, user.counsellor).walk("VEVENT")[0]

    assert event.decoded("DTSTART").utcoffset().total_seconds() == 2 * 3600


def test_initials():
    assert initials("Jean-Pierre", "de la Fontaine") == "J. D."
    assert initials("", "Leroy") == "L."
