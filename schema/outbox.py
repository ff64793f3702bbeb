"""The outbox of messages sent to beneficiaries about their appointments (invitation, reminder
the day before, move, cancellation) by SMS, e-mail or letter, with their delivery status.

Messages are created by :mod:`schema.messaging` when an appointment is planned, moved or
cancelled, and delivered by :mod:`schema.outbox_delivery` through a pluggable sender
(``admin/senders.py``). Technical timestamps (due, sent, claimed) are naive UTC.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schema.base import (
    Base,
    IdMixin,
    LabelledEnum,
    TimestampMixin,
    VersionedMixin,
    enum_check,
    enum_column,
)
from schema.contacts import Contact
from schema.pathway import Accompaniment
from schema.people import Person

BODY_MAX_LENGTH = 2000
ERROR_MAX_LENGTH = 500


class MessageKind(LabelledEnum):
    INVITATION = "invitation", "Invitation"
    RAPPEL = "rappel", "Rappel la veille"
    DEPLACEMENT = "deplacement", "Rendez-vous déplacé"
    ANNULATION = "annulation", "Rendez-vous annulé"


class MessageChannel(LabelledEnum):
    SMS = "sms", "SMS"
    EMAIL = "email", "E-mail"
    COURRIER = "courrier", "Courrier"


class MessageStatus(LabelledEnum):
    A_ENVOYER = "a_envoyer", "À envoyer"
    ENVOYE = "envoye", "Envoyé"
    JOURNALISE = "journalise", "Journalisé (non envoyé)"
    ECHEC = "echec", "Échec"
    A_IMPRIMER = "a_imprimer", "À imprimer"
    POSTE = "poste", "Posté"
    # A pending message that no longer applies (its appointment was moved or cancelled).
    ANNULE = "annule", "Annulé"


# Messages still waiting for someone or something: superseded when the appointment changes.
PENDING = (MessageStatus.A_ENVOYER, MessageStatus.A_IMPRIMER)


class OutboxMessage(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "outbox_message"
    __table_args__ = (
        enum_check("kind", MessageKind),
        enum_check("channel", MessageChannel),
        enum_check("status", MessageStatus),
        CheckConstraint("attempts >= 0", name="attempts_positive"),
        CheckConstraint(
            f"length(body) <= {BODY_MAX_LENGTH}",
            name="body_length",
        ),
        # The sender's query: the due messages to send, oldest first.
        Index("ix_outbox_message_status_due", "status", "due_at"),
    )

    accompaniment_id: Mapped[int] = mapped_column(
        ForeignKey("accompaniment.id", ondelete="RESTRICT"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    # The appointment the message is about; kept as history if that contact is deleted.
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = enum_column(MessageKind)
    channel: Mapped[str] = enum_column(MessageChannel)
    # A mobile number (0612345678), an e-mail address, or the postal address of a letter.
    recipient: Mapped[str] = mapped_column(String(400))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(String(BODY_MAX_LENGTH))
    status: Mapped[str] = enum_column(MessageStatus, default=MessageStatus.A_ENVOYER)
    due_at: Mapped[datetime] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(String(ERROR_MAX_LENGTH))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A sending worker's claim (see schema.outbox_delivery): no other worker sends the message
    # while the claim is fresh; a stale claim (a crashed worker, a failed try) is taken over.
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    claim_token: Mapped[str | None] = mapped_column(String(32))

    accompaniment: Mapped[Accompaniment] = relationship()
    person: Mapped[Person] = relationship()
    contact: Mapped[Contact | None] = relationship()

    def __str__(self) -> str:
        return f"{MessageKind(self.kind).label} ({MessageChannel(self.channel).label})"
