"""A counsellor's agenda as an iCalendar file (RFC 5545) for Outlook, Thunderbird or a phone.

One VEVENT per planned contact of the counsellor's caseload and per workshop session they
facilitate, from 30 days back to 180 days ahead. The feed leaves the console: it carries no
name, no synthesis and nothing sensitive, only the mode, the person's initials and file number
(what the counsellor needs to recognise the appointment), the time and the place. Times are
Europe/Paris wall-clock times, with the zone's VTIMEZONE.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event, Timezone
from sqlalchemy.orm import Session

from admin.timezone import PARIS
from schema.accounts import Counsellor
from schema.agenda import contact_end, facilitated_sessions, planned_contacts
from schema.contacts import Contact
from schema.enums import ContactMode
from schema.workshops import WorkshopSession

DAYS_BACK = 30
DAYS_AHEAD = 180
PRODID = "-//Entreprendre Ensemble//Ensemble vers l'emploi//FR"
UID_DOMAIN = "ensemble-vers-emploi"


def initials(first_name: str, last_name: str) -> str:
    """« A. L. » for Amélie Leroy (compound names give their first letter only)."""
    parts = [name.strip()[:1].upper() for name in (first_name, last_name) if name.strip()]
    return " ".join(f"{letter}." for letter in parts)


def contact_summary(contact: Contact) -> str:
    person = contact.accompaniment.person
    mode = ContactMode(contact.mode).label
    return f"{mode} — {initials(person.first_name, person.last_name)} (dossier {person.id})"


def _event(uid: str, summary: str, starts: datetime, ends: datetime, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp.replace(tzinfo=UTC))  # technical timestamps are UTC
    event.add("dtstart", starts.replace(tzinfo=PARIS))
    event.add("dtend", ends.replace(tzinfo=PARIS))
    event.add("summary", summary)
    event.add("class", "PRIVATE")
    event.add("transp", "OPAQUE")
    return event


def feed_window(today: date) -> tuple[datetime, datetime]:
    start = datetime.combine(today - timedelta(days=DAYS_BACK), time.min)
    return start, datetime.combine(today + timedelta(days=DAYS_AHEAD + 1), time.min)


def counsellor_calendar(
    session: Session, counsellor: Counsellor, *, today: date, now_utc: datetime
) -> bytes:
    """The feed's bytes (two statements: the contacts with their people, the sessions)."""
    start, end = feed_window(today)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Ensemble vers l'emploi — mes rendez-vous")
    calendar.add("x-wr-timezone", "Europe/Paris")
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add_component(
        Timezone.from_tzinfo(
            PARIS, tzid="Europe/Paris", first_date=start.date(), last_date=end.date()
        )
    )
    for contact in planned_contacts(session, counsellor.id, start, end):
        event = _event(
            f"contact-{contact.id}",
            contact_summary(contact),
            contact.planned_at,
            contact_end(contact),
            contact.updated_at or now_utc,
        )
        event.add("sequence", contact.version or 0)
        if contact.place:
            event.add("location", contact.place)
        calendar.add_component(event)
    for workshop_session in facilitated_sessions(session, counsellor, start, end):
        calendar.add_component(_session_event(workshop_session, now_utc))
    return calendar.to_ical()


def _session_event(workshop_session: WorkshopSession, now_utc: datetime) -> Event:
    event = _event(
        f"seance-{workshop_session.id}",
        f"Atelier — {workshop_session.workshop.label}",
        workshop_session.starts_at,
        workshop_session.ends_at,
        workshop_session.updated_at or now_utc,
    )
    event.add("location", workshop_session.place)
    return event
