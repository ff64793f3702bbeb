"""Individual contacts and interviews (entretiens) of an accompaniment."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schema.accounts import User
from schema.base import Base, IdMixin, TimestampMixin, VersionedMixin, enum_check
from schema.enums import ContactMode, ContactStatus
from schema.pathway import Accompaniment

SYNTHESIS_MAX_LENGTH = 4000
SYNTHESIS_HELP = (
    "Faits objectifs, pas de donnée de santé ni de jugement ; "
    "la personne peut demander à lire ce texte."
)


class Contact(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A planned or held contact. Date-times are Europe/Paris wall-clock times."""

    __tablename__ = "contact"
    __table_args__ = (
        enum_check("mode", ContactMode),
        enum_check("status", ContactStatus),
        CheckConstraint("status <> 'honore' OR held_at IS NOT NULL", name="held_has_date"),
        CheckConstraint("duration_minutes IS NULL OR duration_minutes >= 0", name="duration_pos"),
        CheckConstraint(
            f"synthesis IS NULL OR length(synthesis) <= {SYNTHESIS_MAX_LENGTH}",
            name="synthesis_length",
        ),
        # An accompaniment's contacts: the last held (rules), and in list order, from the index
        # alone (a search by name lists the contacts of every matching person's accompaniments;
        # PostgreSQL's index holds the key too, SQLite's always does).
        Index(
            "ix_contact_accompaniment_held",
            "accompaniment_id",
            "held_at",
            "planned_at",
            postgresql_include=["id"],
        ),
        # The list filtered on a status or a mode, in its order: a range of one index.
        Index("ix_contact_status_planned", "status", "planned_at"),
        Index("ix_contact_mode_planned", "mode", "planned_at"),
    )

    accompaniment_id: Mapped[int] = mapped_column(
        ForeignKey("accompaniment.id", ondelete="RESTRICT")
    )
    planned_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    held_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    mode: Mapped[str] = mapped_column(String(14))
    status: Mapped[str] = mapped_column(String(17), default="prevu")
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    synthesis: Mapped[str | None] = mapped_column(String(SYNTHESIS_MAX_LENGTH))
    signed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    ps_entered_on: Mapped[date | None] = mapped_column(Date, index=True)
    ps_entered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="RESTRICT"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="RESTRICT"), index=True
    )
    # Where a planned appointment takes place (agenda, convocation letter).
    place: Mapped[str | None] = mapped_column(String(200))
    # A moved appointment: the new contact points at the one it replaces (status "reporté").
    rescheduled_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="RESTRICT"), index=True
    )

    accompaniment: Mapped[Accompaniment] = relationship()
    ps_entered_by: Mapped[User | None] = relationship(foreign_keys=[ps_entered_by_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    rescheduled_from: Mapped[Contact | None] = relationship(remote_side="Contact.id")

    def __str__(self) -> str:
        return f"{ContactMode(self.mode).label} du {self.planned_at:%d/%m/%Y %H:%M}"
