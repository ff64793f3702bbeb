"""Record of each import of the Département's orientation lists (who, which file, what happened)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schema.accounts import User
from schema.base import Base, IdMixin, utcnow


class ImportBatch(IdMixin, Base):
    """One applied import: the file (name, SHA-256), who applied it and the counts per outcome."""

    __tablename__ = "import_batch"
    __table_args__ = (
        CheckConstraint(
            "rows_total >= 0 AND created_count >= 0 AND updated_count >= 0 "
            "AND skipped_count >= 0 AND error_count >= 0",
            name="counts_positive",
        ),
    )

    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)  # UTC
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="RESTRICT"), index=True
    )
    user_label: Mapped[str] = mapped_column(String(254))
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)

    user: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return f"Import « {self.file_name} » du {self.at:%d/%m/%Y}"
