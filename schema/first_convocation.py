"""Slots proposed for a first appointment (R1): the assigned counsellor's first free starts
before D0+15, or, when none is left, the first ones after (flagged « après J+15 »)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from schema.accounts import Counsellor
from schema.agenda import DEFAULT_DURATION_MINUTES, free_slots
from schema.contacts import Contact
from schema.enums import ContactStatus
from schema.pathway import Accompaniment
from schema.rules.first_appointment import due_date

SLOTS_SHOWN = 8
# When nothing is free before D0+15 (or without D0), how far ahead to look.
LOOK_AHEAD_DAYS = 30


@dataclass(frozen=True)
class Proposal:
    slots: list[datetime]
    due: date | None  # D0+15
    after_due: bool  # nothing free before D0+15: these slots are « après J+15 »


def propose(
    session: Session,
    counsellor: Counsellor,
    d0: date | None,
    *,
    now: datetime,
    duration_minutes: int = DEFAULT_DURATION_MINUTES,
    limit: int = SLOTS_SHOWN,
) -> Proposal:
    """The first free slots for a first appointment (six statements at most)."""
    due = due_date(d0)
    if due is not None and due >= now.date():
        slots = free_slots(
            session,
            counsellor,
            since=now,
            until=due,
            duration_minutes=duration_minutes,
            limit=limit,
        )
        if slots:
            return Proposal(slots, due, after_due=False)
    since = now if due is None else max(now, datetime.combine(due + timedelta(days=1), time.min))
    slots = free_slots(
        session,
        counsellor,
        since=since,
        until=since.date() + timedelta(days=LOOK_AHEAD_DAYS),
        duration_minutes=duration_minutes,
        limit=limit,
    )
    return Proposal(slots, due, after_due=due is not None)


def planned_first_appointments(session: Session, accompaniment: Accompaniment) -> list[Contact]:
    """The planned appointments of an accompaniment, earliest first (one statement)."""
    return list(
        session.scalars(
            select(Contact)
            .where(
                Contact.accompaniment_id == accompaniment.id,
                Contact.status == ContactStatus.PREVU,
            )
            .order_by(Contact.planned_at, Contact.id)
        )
    )
