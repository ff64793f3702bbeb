"""Delivering the outbox: claim the due messages, send them through a sender, record the result.

Several workers (cron jobs on two hosts, a manual run during the cron) may run at once: a worker
first *claims* the due messages with one UPDATE that only touches rows nobody holds (or whose
claim is stale), commits the claim, then sends what it holds. A row claimed by one worker is
never sent by another. A failed try keeps the message « à envoyer » and its claim time, so the
next run after ``RETRY_MINUTES`` tries again; after ``MAX_ATTEMPTS`` tries it is « échec » with
the last error.

``send_due`` is a boundary (like a command): it commits after the claim and after each message,
so a crash never sends a message twice. Times are naive UTC.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from schema.enums import ContactStatus
from schema.outbox import ERROR_MAX_LENGTH, MessageKind, MessageStatus, OutboxMessage

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_MINUTES = 10
BATCH_SIZE = 500


class SendError(Exception):
    """A message could not be handed over (the text is recorded as its last error)."""


class Sender(Protocol):
    """Hands one message over (SMTP, a log…); raises on failure."""

    # The status of a message handed over: « envoyé », or « journalisé » for a log-only sender.
    delivered_status: MessageStatus

    def send(self, message: OutboxMessage) -> None: ...

    def close(self) -> None: ...


@dataclass
class Report:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    errors: list[str] = field(default_factory=list)


def _available(now: datetime):
    stale = now - timedelta(minutes=RETRY_MINUTES)
    return (
        OutboxMessage.status == MessageStatus.A_ENVOYER,
        OutboxMessage.due_at <= now,
        OutboxMessage.attempts < MAX_ATTEMPTS,
        or_(OutboxMessage.claimed_at.is_(None), OutboxMessage.claimed_at <= stale),
    )


def claim_due(session: Session, now: datetime, limit: int = BATCH_SIZE) -> list[OutboxMessage]:
    """Claim up to ``limit`` due messages for this worker (committed) and return them."""
    conditions = _available(now)
    ids = list(
        session.scalars(
            select(OutboxMessage.id)
            .where(*conditions)
            .order_by(OutboxMessage.due_at, OutboxMessage.id)
            .limit(limit)
        )
    )
    if not ids:
        return []
    token = secrets.token_hex(16)
    # The same conditions again: a row another worker claimed in between is left alone
    # (PostgreSQL re-checks them on the row it waited for; SQLite writes one at a time).
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), *conditions)
        .values(
            claimed_at=now,
            claim_token=token,
            attempts=OutboxMessage.attempts + 1,
            version=OutboxMessage.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    session.expire_all()
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.claim_token == token)
            .order_by(OutboxMessage.due_at, OutboxMessage.id)
        )
    )


def _obsolete(message: OutboxMessage) -> bool:
    """A reminder whose appointment is no longer planned (marked held, absent, moved…)."""
    return (
        message.kind == MessageKind.RAPPEL
        and message.contact is not None
        and message.contact.status != ContactStatus.PREVU
    )


def send_due(session: Session, sender: Sender, now: datetime) -> Report:
    """Send every due message through ``sender``; commits (see the module docstring)."""
    report = Report()
    try:
        for message in claim_due(session, now):
            if _obsolete(message):
                message.status = MessageStatus.ANNULE
                report.cancelled += 1
            else:
                _send_one(message, sender, now, report)
            session.commit()
    finally:
        sender.close()
    return report


def _send_one(message: OutboxMessage, sender: Sender, now: datetime, report: Report) -> None:
    try:
        sender.send(message)
    except Exception as exc:  # any failure of the channel is recorded, never lost
        error = f"{type(exc).__name__} : {exc}"[:ERROR_MAX_LENGTH]
        log.warning("outbox message %s not sent (try %s): %s", message.id, message.attempts, error)
        message.last_error = error
        report.errors.append(f"message {message.id} : {error}")
        if message.attempts >= MAX_ATTEMPTS:
            message.status = MessageStatus.ECHEC
            report.failed += 1
        else:
            report.retried += 1  # the claim time spaces the next try
        return
    message.status = sender.delivered_status
    message.sent_at = now
    message.last_error = None
    report.sent += 1


def mark_posted(session: Session, message: OutboxMessage, now: datetime) -> None:
    """A printed letter was posted; flushes."""
    if message.channel != "courrier" or message.status != MessageStatus.A_IMPRIMER:
        raise SendError("Seul un courrier « à imprimer » peut être marqué posté.")
    message.status = MessageStatus.POSTE
    message.sent_at = now
    session.flush()


def resend(session: Session, message: OutboxMessage, now: datetime) -> None:
    """A failed message goes back to the outbox for three new tries; flushes."""
    if message.status != MessageStatus.ECHEC:
        raise SendError("Seul un message en échec peut être renvoyé.")
    message.status = MessageStatus.A_ENVOYER
    message.attempts = 0
    message.claimed_at = None
    message.claim_token = None
    message.due_at = now
    session.flush()
