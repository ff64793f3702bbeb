"""Socio-professional diagnostic (initial, at 3 months, final): barriers, aspirations, plan."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schema.accounts import User
from schema.base import Base, IdMixin, TimestampMixin, VersionedMixin, enum_check
from schema.enums import BarrierIntensity, BarrierStatus, DiagnosticKind, PlanItemStatus
from schema.pathway import Accompaniment
from schema.reference import BarrierFamily


class Diagnostic(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "diagnostic"
    __table_args__ = (
        enum_check("kind", DiagnosticKind),
        UniqueConstraint("accompaniment_id", "kind", name="uq_diagnostic_accompaniment_kind"),
    )

    accompaniment_id: Mapped[int] = mapped_column(
        ForeignKey("accompaniment.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    done_on: Mapped[date] = mapped_column(Date, index=True)
    skills: Mapped[str | None] = mapped_column(Text)
    aptitudes: Mapped[str | None] = mapped_column(Text)
    aspirations: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="RESTRICT"), index=True
    )

    accompaniment: Mapped[Accompaniment] = relationship()
    author: Mapped[User | None] = relationship()
    barriers = relationship("DiagnosticBarrier", back_populates="diagnostic")
    rome_aspirations = relationship("RomeAspiration", back_populates="diagnostic")
    plan_items = relationship("PlanItem", back_populates="diagnostic")

    def __str__(self) -> str:
        return f"Diagnostic {DiagnosticKind(self.kind).label.lower()} du {self.done_on:%d/%m/%Y}"


class DiagnosticBarrier(IdMixin, VersionedMixin, Base):
    __tablename__ = "diagnostic_barrier"
    __table_args__ = (
        enum_check("intensity", BarrierIntensity),
        enum_check("status", BarrierStatus),
        UniqueConstraint("diagnostic_id", "barrier_family_id", name="uq_diagnostic_barrier"),
    )

    diagnostic_id: Mapped[int] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="RESTRICT"), index=True
    )
    barrier_family_id: Mapped[int] = mapped_column(
        ForeignKey("barrier_family.id", ondelete="RESTRICT"), index=True
    )
    intensity: Mapped[str] = mapped_column(String(11))
    status: Mapped[str] = mapped_column(String(9), default="identifie")
    note: Mapped[str | None] = mapped_column(String(1000))

    diagnostic: Mapped[Diagnostic] = relationship(back_populates="barriers")
    barrier_family: Mapped[BarrierFamily] = relationship()

    def __str__(self) -> str:
        return f"{self.barrier_family} ({BarrierIntensity(self.intensity).label.lower()})"


class RomeAspiration(IdMixin, Base):
    """A job the person aspires to, as a ROME code (one letter and four digits)."""

    __tablename__ = "rome_aspiration"
    __table_args__ = (
        CheckConstraint("length(rome_code) = 5", name="rome_code_format"),
        UniqueConstraint("diagnostic_id", "rome_code", name="uq_rome_aspiration"),
    )

    diagnostic_id: Mapped[int] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="RESTRICT"), index=True
    )
    rome_code: Mapped[str] = mapped_column(String(5), index=True)

    diagnostic: Mapped[Diagnostic] = relationship(back_populates="rome_aspirations")

    def __str__(self) -> str:
        return self.rome_code


class PlanItem(IdMixin, VersionedMixin, Base):
    """An item of the action plan that comes out of the diagnostic."""

    __tablename__ = "plan_item"
    __table_args__ = (enum_check("status", PlanItemStatus),)

    diagnostic_id: Mapped[int] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="RESTRICT"), index=True
    )
    label: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(9), default="a_faire")

    diagnostic: Mapped[Diagnostic] = relationship(back_populates="plan_items")

    def __str__(self) -> str:
        return self.label
