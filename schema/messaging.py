"""The messages an appointment sends: written into the outbox when a contact is planned, moved
or cancelled (called from the agenda operations, ``schema/operations/agenda.py``, and nowhere
else), delivered later by ``schema/outbox_delivery.py``.

- Planned: an invitation now, and a reminder the day before at 10:00 (Europe/Paris) unless that
  moment is already past.
- Moved: a « déplacement » message now; the pending reminder follows the appointment to its new
  time (or is cancelled when the new reminder moment is already past).
- Cancelled: an « annulation » message now; the pending reminder is cancelled.

Channels: an SMS to a mobile number (06 / 07) and an e-mail when the address is known. A
person with neither, or who refuses SMS and e-mails (``Person.messages_opt_out``), gets a letter
(status « à imprimer ») for the invitation, the move and the cancellation — there is no reminder
letter. Texts are French and give the date, time and place; an SMS or an e-mail never names
the person nor says anything about their situation.

Appointment times are Europe/Paris wall-clock times; due dates are stored in naive UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from schema.contacts import Contact
from schema.enums import ContactMode
from schema.outbox import PENDING, MessageChannel, MessageKind, MessageStatus, OutboxMessage
from schema.people import Person

PARIS = ZoneInfo("Europe/Paris")
STRUCTURE = "Entreprendre Ensemble"
REMINDER_TIME = time(10, 0)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MOBILE = re.compile(r"^0[67]\d{8}$")

SUBJECTS = {
    MessageKind.INVITATION: "Votre rendez-vous du {day}",
    MessageKind.RAPPEL: "Rappel : votre rendez-vous de demain",
    MessageKind.DEPLACEMENT: "Votre rendez-vous est déplacé au {day}",
    MessageKind.ANNULATION: "Votre rendez-vous du {day} est annulé",
}


def paris_to_utc(value: datetime) -> datetime:
    """A naive Europe/Paris wall-clock time as a naive UTC time."""
    return value.replace(tzinfo=PARIS).astimezone(UTC).replace(tzinfo=None)


def mobile_number(raw: str | None) -> str | None:
    """A French mobile number in national form (0612345678), or None (landline, malformed)."""
    if not raw:
        return None
    digits = re.sub(r"[\s.\-/()]", "", raw)
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    return digits if _MOBILE.match(digits) else None


def reminder_due(planned_at: datetime) -> datetime:
    """The day before the appointment at 10:00 Paris time, in UTC."""
    return paris_to_utc(datetime.combine(planned_at.date() - timedelta(days=1), REMINDER_TIME))


def _day(value: datetime) -> str:
    return f"{WEEKDAYS[value.weekday()]} {value:%d/%m/%Y}"


def _where(contact: Contact) -> str:
    mode = contact.mode
    if mode == ContactMode.TELEPHONE:
        return "par téléphone : votre conseiller·ère vous appellera"
    if mode == ContactMode.VISIO:
        return "en visio : le lien vous sera envoyé"
    if contact.place:
        return f"au lieu suivant : {contact.place}"
    return f"dans les locaux d'{STRUCTURE}"


def text(kind: MessageKind, contact: Contact, previous: Contact | None = None) -> str:
    """The French text of a message, without the person's name or anything about them."""
    when = f"le {_day(contact.planned_at)} à {contact.planned_at:%H:%M}"
    if kind == MessageKind.INVITATION:
        body = f"{STRUCTURE} : vous avez rendez-vous {when}, {_where(contact)}."
    elif kind == MessageKind.RAPPEL:
        body = f"{STRUCTURE} : rappel de votre rendez-vous demain, {when}, {_where(contact)}."
    elif kind == MessageKind.DEPLACEMENT:
        old = previous.planned_at if previous else None
        was = f" du {_day(old)} à {old:%H:%M}" if old else ""
        body = f"{STRUCTURE} : votre rendez-vous{was} est déplacé {when}, {_where(contact)}."
    else:
        body = f"{STRUCTURE} : votre rendez-vous {when} est annulé. Nous vous recontacterons."
    return f"{body} En cas d'empêchement, merci de nous prévenir."


def _letter_address(person: Person) -> str:
    lines = [person.full_name, person.address or ""]
    town = " ".join(part for part in (person.postal_code, person.commune) if part)
    lines.append(town)
    address = "\n".join(line for line in lines if line)
    return address if person.address else f"{address}\n(adresse postale à compléter)"


def _letter(body: str) -> str:
    return f"Madame, Monsieur,\n\n{body}\n\nL'équipe {STRUCTURE}"


def _channels(person: Person) -> list[tuple[MessageChannel, str]]:
    """Where to write: SMS and e-mail when known and accepted, else one letter."""
    if not person.messages_opt_out:
        found = []
        mobile = mobile_number(person.phone) or mobile_number(person.phone2)
        if mobile:
            found.append((MessageChannel.SMS, mobile))
        if person.email and "@" in person.email:
            found.append((MessageChannel.EMAIL, person.email.strip()))
        if found:
            return found
    return [(MessageChannel.COURRIER, _letter_address(person))]


def _write(
    session: Session,
    contact: Contact,
    kind: MessageKind,
    *,
    due_at: datetime,
    previous: Contact | None = None,
) -> list[OutboxMessage]:
    accompaniment = contact.accompaniment
    person = accompaniment.person
    body = text(kind, contact, previous)
    subject = SUBJECTS[kind].format(day=_day(contact.planned_at))
    messages = []
    for channel, recipient in _channels(person):
        if channel == MessageChannel.COURRIER and kind == MessageKind.RAPPEL:
            continue  # no reminder letter: it would arrive too late
        letter = channel == MessageChannel.COURRIER
        messages.append(
            OutboxMessage(
                accompaniment_id=accompaniment.id,
                person_id=person.id,
                contact_id=contact.id,
                kind=kind.value,
                channel=channel.value,
                recipient=recipient,
                subject=None if channel == MessageChannel.SMS else subject,
                body=_letter(body) if letter else body,
                status=(MessageStatus.A_IMPRIMER if letter else MessageStatus.A_ENVOYER).value,
                due_at=due_at,
            )
        )
    session.add_all(messages)
    return messages


def _reminders(contact: Contact, now_utc: datetime) -> list[datetime]:
    due = reminder_due(contact.planned_at)
    return [due] if due > now_utc else []


def _supersede(session: Session, contact_id: int, kinds: tuple[MessageKind, ...]) -> None:
    """Pending messages of these kinds about the contact no longer apply."""
    session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.contact_id == contact_id,
            OutboxMessage.kind.in_([k.value for k in kinds]),
            OutboxMessage.status.in_([s.value for s in PENDING]),
        )
        .values(status=MessageStatus.ANNULE.value, version=OutboxMessage.version + 1)
        .execution_options(synchronize_session="fetch")
    )


def appointment_planned(session: Session, contact: Contact, *, now: datetime) -> None:
    """Invitation now, reminder the day before at 10:00 (``now``: Paris wall-clock time)."""
    now_utc = paris_to_utc(now)
    _write(session, contact, MessageKind.INVITATION, due_at=now_utc)
    for due in _reminders(contact, now_utc):
        _write(session, contact, MessageKind.RAPPEL, due_at=due)
    session.flush()


def appointment_moved(
    session: Session, previous: Contact, moved: Contact, *, now: datetime
) -> None:
    """« Déplacement » now; the pending reminder follows to the new time or is cancelled."""
    now_utc = paris_to_utc(now)
    pending_reminders = list(
        session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.contact_id == previous.id,
                OutboxMessage.kind == MessageKind.RAPPEL,
                OutboxMessage.status == MessageStatus.A_ENVOYER,
            )
        )
    )
    _supersede(session, previous.id, (MessageKind.INVITATION, MessageKind.DEPLACEMENT))
    _write(session, moved, MessageKind.DEPLACEMENT, due_at=now_utc, previous=previous)
    due = _reminders(moved, now_utc)
    if pending_reminders and due:
        body = text(MessageKind.RAPPEL, moved)
        for reminder in pending_reminders:  # rescheduled: same rows, new time and text
            reminder.contact_id = moved.id
            reminder.due_at = due[0]
            reminder.body = body
            reminder.claimed_at = None
            reminder.claim_token = None
    else:
        for reminder in pending_reminders:
            reminder.status = MessageStatus.ANNULE.value
        for day in due:
            _write(session, moved, MessageKind.RAPPEL, due_at=day)
    session.flush()


def appointment_cancelled(session: Session, contact: Contact, *, now: datetime) -> None:
    """« Annulation » now; every pending message about the appointment is cancelled."""
    _supersede(
        session,
        contact.id,
        (MessageKind.INVITATION, MessageKind.RAPPEL, MessageKind.DEPLACEMENT),
    )
    _write(session, contact, MessageKind.ANNULATION, due_at=paris_to_utc(now))
    session.flush()
