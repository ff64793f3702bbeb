"""Working hours of the counsellors (reference data edited by the manager): the slots the agenda
offers and the hours an appointment must fall within."""

from __future__ import annotations

from datetime import time

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schema.accounts import Counsellor
from schema.base import Base, IdMixin, TimestampMixin, VersionedMixin

WEEKDAY_LABELS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi")

# When a counsellor has no row at all: Monday to Friday, 09:00–12:30 and 13:30–17:00.
DEFAULT_HOURS: tuple[tuple[int, time, time], ...] = tuple(
    (weekday, start, end)
    for weekday in range(5)
    for start, end in ((time(9, 0), time(12, 30)), (time(13, 30), time(17, 0)))
)


class CounsellorWorkingHours(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One working period of a counsellor on a weekday (0 = lundi … 5 = samedi); a day may hold
    several (morning, afternoon)."""

    __tablename__ = "counsellor_working_hours"
    __table_args__ = (
        CheckConstraint("weekday >= 0 AND weekday <= 5", name="weekday_valid"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_counsellor_working_hours_counsellor_day", "counsellor_id", "weekday"),
    )

    counsellor_id: Mapped[int] = mapped_column(ForeignKey("counsellor.id", ondelete="RESTRICT"))
    weekday: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)

    counsellor: Mapped[Counsellor] = relationship()

    def __str__(self) -> str:
        return f"{WEEKDAY_LABELS[self.weekday]} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
