"""Trainings (formations) of a person during an accompaniment."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schema.base import Base, IdMixin, TimestampMixin, VersionedMixin, enum_check
from schema.enums import TrainingStatus
from schema.pathway import Accompaniment
from schema.reference import TrainingScheme


class Training(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "training"
    __table_args__ = (
        enum_check("status", TrainingStatus),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
    )

    accompaniment_id: Mapped[int] = mapped_column(
        ForeignKey("accompaniment.id", ondelete="RESTRICT"), index=True
    )
    scheme_id: Mapped[int] = mapped_column(
        ForeignKey("training_scheme.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(200))
    qualifying: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    start_date: Mapped[date | None] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(11), default="information", index=True)
    status_on: Mapped[date | None] = mapped_column(Date)  # date of the current status

    accompaniment: Mapped[Accompaniment] = relationship()
    scheme: Mapped[TrainingScheme] = relationship()

    def __str__(self) -> str:
        return self.title
