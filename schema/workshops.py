"""Workshop catalogue, sessions (séances) and attendance (émargement)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schema.base import Base, IdMixin, TimestampMixin, VersionedMixin, enum_check
from schema.enums import AttendanceStatus, Phase
from schema.pathway import Accompaniment
from schema.people import Person
from schema.reference import ReferenceMixin


class Workshop(ReferenceMixin, Base):
    """An entry of the workshop catalogue (ateliers, Joblabo, Orienta'click, events…)."""

    __tablename__ = "workshop"
    __table_args__ = (enum_check("phase", Phase),)

    phase: Mapped[str] = mapped_column(String(12), default="orientation")
    description: Mapped[str | None] = mapped_column(Text)
    default_capacity: Mapped[int] = mapped_column(Integer, default=12, server_default="12")


class WorkshopSession(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One séance of a workshop. Date-times are Europe/Paris wall-clock times."""

    __tablename__ = "workshop_session"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
    )

    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="RESTRICT"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    place: Mapped[str] = mapped_column(String(200))
    facilitator: Mapped[str | None] = mapped_column(String(120))
    capacity: Mapped[int] = mapped_column(Integer, default=12)

    workshop: Mapped[Workshop] = relationship()
    attendances = relationship("Attendance", back_populates="session")

    def __str__(self) -> str:
        label = self.workshop.label if self.workshop else "Séance"
        return f"{label} — {self.starts_at:%d/%m/%Y %H:%M}"

    def is_facilitated_by(self, name: str) -> bool:
        """Whether ``name`` (a counsellor's display name) is this séance's "animation" (free
        text, compared without case or surrounding spaces)."""
        wanted = name.strip().casefold()
        return bool(wanted) and (self.facilitator or "").strip().casefold() == wanted


class Attendance(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "attendance"
    __table_args__ = (
        enum_check("status", AttendanceStatus),
        UniqueConstraint("session_id", "person_id", name="uq_attendance_session_person"),
    )

    session_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="RESTRICT"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    accompaniment_id: Mapped[int | None] = mapped_column(
        ForeignKey("accompaniment.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(17), default="inscrit", index=True)
    signed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    session: Mapped[WorkshopSession] = relationship(back_populates="attendances")
    person: Mapped[Person] = relationship()
    accompaniment: Mapped[Accompaniment | None] = relationship()

    def __str__(self) -> str:
        return f"{self.person} — {AttendanceStatus(self.status).label}"
