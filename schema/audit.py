"""Audit trail: who did what, when, from where. Never edited from the UI; purged after 12 months."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import DateTime, ForeignKey, Integer, Select, String, Text, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from schema.base import Base, IdMixin, utcnow


class AuditLog(IdMixin, Base):
    __tablename__ = "audit_log"

    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)  # UTC
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="SET NULL"), index=True
    )
    user_label: Mapped[str | None] = mapped_column(String(254))
    ip: Mapped[str | None] = mapped_column(String(45))
    action: Mapped[str] = mapped_column(String(30), index=True)
    entity: Mapped[str | None] = mapped_column(String(40), index=True)
    entity_id: Mapped[int | None] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(Integer, index=True)
    fields: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)


LOG_RETENTION_MONTHS = 12


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` earlier (the last day of the month when it is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def purge_cutoff(now: datetime) -> datetime:
    return months_before(now, LOG_RETENTION_MONTHS)


def expired_entries(cutoff: datetime) -> Select:
    return select(AuditLog).where(AuditLog.at < cutoff)


def count_expired(session: Session, cutoff: datetime) -> int:
    return session.scalar(select(func.count()).where(AuditLog.at < cutoff)) or 0


def purge_entries(session: Session, cutoff: datetime) -> int:
    """Delete the entries older than ``cutoff`` (UTC); flushes, the caller commits."""
    result = session.execute(
        delete(AuditLog).where(AuditLog.at < cutoff).execution_options(synchronize_session=False)
    )
    session.flush()
    return result.rowcount or 0
