"""A counsellor's iCalendar subscription: a secret URL whose token is stored as a digest only.

The token is shown once, when the counsellor creates the link; the database keeps its SHA-256,
so a copy of the database does not open anyone's agenda. Revoking keeps the row (who, when) and
the URL stops answering at once.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schema.accounts import Counsellor
from schema.base import Base, IdMixin, TimestampMixin


class CalendarFeed(IdMixin, TimestampMixin, Base):
    __tablename__ = "calendar_feed"
    __table_args__ = (Index("ix_calendar_feed_counsellor_revoked", "counsellor_id", "revoked_at"),)

    counsellor_id: Mapped[int] = mapped_column(ForeignKey("counsellor.id", ondelete="RESTRICT"))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    counsellor: Mapped[Counsellor] = relationship()
