"""Planning, moving and cancelling appointments in a counsellor's agenda. Each function
validates, changes rows and flushes; the caller checks the form's version, audits and commits.

Each one writes the person's messages into the outbox (``schema.messaging``): invitation and
reminder, move, cancellation.

Refused: an appointment in the past, outside the counsellor's working hours, overlapping
another planned appointment of the counsellor or a workshop session they facilitate.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from schema import messaging
from schema.accounts import Counsellor, User
from schema.agenda import (
    DEFAULT_DURATION_MINUTES,
    MAX_DURATION_MINUTES,
    busy_periods,
    overlapping,
    working_hours,
)
from schema.agenda import within_hours as _within_hours
from schema.contacts import Contact
from schema.enums import ContactMode, ContactStatus
from schema.operations import WorkflowError
from schema.operations.checks import is_open, optional_text, require
from schema.pathway import Accompaniment

MIN_DURATION_MINUTES = 5


def _counsellor(session: Session, accompaniment: Accompaniment) -> Counsellor:
    counsellor = (
        session.get(Counsellor, accompaniment.counsellor_id)
        if accompaniment.counsellor_id
        else None
    )
    require(
        counsellor is not None,
        "Affectez d'abord l'accompagnement à un·e conseiller·ère pour planifier un rendez-vous.",
    )
    return counsellor


def _check_slot(
    session: Session,
    accompaniment: Accompaniment,
    *,
    starts_at: datetime,
    duration_minutes: int,
    now: datetime,
    excluding_contact_id: int | None = None,
) -> None:
    require(
        duration_minutes is not None
        and MIN_DURATION_MINUTES <= duration_minutes <= MAX_DURATION_MINUTES,
        f"La durée va de {MIN_DURATION_MINUTES} à {MAX_DURATION_MINUTES} minutes.",
    )
    require(
        starts_at >= now,
        f"Un rendez-vous ne peut pas être planifié dans le passé "
        f"(nous sommes le {now:%d/%m/%Y à %H:%M}).",
    )
    counsellor = _counsellor(session, accompaniment)
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    require(
        _within_hours(working_hours(session, counsellor.id), starts_at, ends_at),
        f"Le {starts_at:%d/%m/%Y} de {starts_at:%H:%M} à {ends_at:%H:%M} est en dehors des "
        f"horaires de travail de {counsellor.display_name}.",
    )
    busy = busy_periods(
        session, counsellor, starts_at, ends_at, excluding_contact_id=excluding_contact_id
    )
    clash = overlapping(busy, starts_at, ends_at)
    if clash:
        first = clash[0]
        what = (
            f"la séance « {first.label} »"
            if first.workshop_session is not None
            else f"le rendez-vous de {first.label}"
        )
        raise WorkflowError(
            f"Conflit d'agenda : {counsellor.display_name} a déjà {what} "
            f"de {first.starts_at:%H:%M} à {first.ends_at:%H:%M} le {first.starts_at:%d/%m/%Y}."
        )


def plan_contact(
    session: Session,
    accompaniment: Accompaniment,
    *,
    starts_at: datetime,
    duration_minutes: int,
    mode: ContactMode | str,
    place: str | None,
    by: User,
    now: datetime,
) -> Contact:
    """A planned appointment (status « prévu ») in the counsellor's agenda."""
    is_open(accompaniment)
    require(mode in ContactMode.labels(), "Mode de contact inconnu.")
    place = optional_text(place, "Le lieu", 200)
    _check_slot(
        session, accompaniment, starts_at=starts_at, duration_minutes=duration_minutes, now=now
    )
    contact = Contact(
        accompaniment=accompaniment,
        planned_at=starts_at,
        mode=ContactMode(mode).value,
        status=ContactStatus.PREVU,
        duration_minutes=duration_minutes,
        place=place,
        created_by_id=by.id,
    )
    session.add(contact)
    session.flush()
    messaging.appointment_planned(session, contact, now=now)
    return contact


def _is_planned(contact: Contact) -> None:
    require(
        contact.status == ContactStatus.PREVU,
        f"Ce rendez-vous n'est plus prévu (statut : "
        f"{ContactStatus(contact.status).label.lower()}).",
    )


def move_contact(
    session: Session,
    contact: Contact,
    *,
    starts_at: datetime,
    duration_minutes: int,
    mode: ContactMode | str | None = None,
    place: str | None = None,
    by: User,
    now: datetime,
) -> Contact:
    """Move a planned appointment: the old one is kept as « reporté », a new one is planned at
    the new time and points at it (``rescheduled_from_id``)."""
    _is_planned(contact)
    accompaniment = contact.accompaniment
    is_open(accompaniment)
    mode = mode or contact.mode
    require(mode in ContactMode.labels(), "Mode de contact inconnu.")
    place = optional_text(place, "Le lieu", 200)
    _check_slot(
        session,
        accompaniment,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        now=now,
        excluding_contact_id=contact.id,
    )
    contact.status = ContactStatus.REPORTE
    moved = Contact(
        accompaniment=accompaniment,
        planned_at=starts_at,
        mode=ContactMode(mode).value,
        status=ContactStatus.PREVU,
        duration_minutes=duration_minutes,
        place=place,
        rescheduled_from_id=contact.id,
        created_by_id=by.id,
    )
    session.add(moved)
    session.flush()
    messaging.appointment_moved(session, contact, moved, now=now)
    return moved


def cancel_contact(session: Session, contact: Contact, *, by: User, now: datetime) -> Contact:
    """Cancel a planned appointment (status « annulé »); the row stays in the history."""
    _is_planned(contact)
    contact.status = ContactStatus.ANNULE
    session.flush()
    messaging.appointment_cancelled(session, contact, now=now)
    return contact


def honour_planned(
    session: Session, accompaniment: Accompaniment, *, held_at: datetime
) -> Contact | None:
    """The earliest planned appointment of the accompaniment becomes held at ``held_at``
    (the first appointment recorded from the workflow), or None when nothing was planned."""
    if accompaniment.id is None:
        return None
    planned = session.scalar(
        select(Contact)
        .where(
            Contact.accompaniment_id == accompaniment.id,
            Contact.status == ContactStatus.PREVU,
        )
        .order_by(Contact.planned_at, Contact.id)
        .limit(1)
    )
    if planned is None:
        return None
    planned.status = ContactStatus.HONORE
    planned.held_at = held_at
    return planned


MOVE_IN_AGENDA = (
    "Pour déplacer un rendez-vous prévu, utilisez « Déplacer » dans l'agenda : l'ancien "
    "horaire reste dans l'historique (reporté) et la personne est prévenue."
)


def contact_saved(
    session: Session,
    contact: Contact,
    *,
    was_status: str | None,
    was_planned_at: datetime | None,
    now: datetime,
) -> None:
    """A contact written through the generic Contacts form (``was_*``: its values before the
    form, None for a new one) follows the agenda's rules, so that a person planned there is
    invited and reminded like one planned in the agenda: a contact becoming « prévu » is checked
    like a planned slot and writes the invitation and reminder; « prévu » → « annulé » writes
    the cancellation; a planned contact's time is moved only from the agenda."""
    planned = contact.status == ContactStatus.PREVU
    if was_status == ContactStatus.PREVU:
        if planned:
            require(was_planned_at == contact.planned_at, MOVE_IN_AGENDA)
        elif contact.status == ContactStatus.ANNULE:
            session.flush()
            messaging.appointment_cancelled(session, contact, now=now)
        return
    if planned:
        is_open(contact.accompaniment)
        session.flush()  # the contact has its id: it does not clash with itself
        _check_slot(
            session,
            contact.accompaniment,
            starts_at=contact.planned_at,
            duration_minutes=contact.duration_minutes or DEFAULT_DURATION_MINUTES,
            now=now,
            excluding_contact_id=contact.id,
        )
        messaging.appointment_planned(session, contact, now=now)
