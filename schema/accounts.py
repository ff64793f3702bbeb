"""User accounts, roles and counsellor profiles."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schema.base import Base, IdMixin, TimestampMixin, VersionedMixin, enum_check
from schema.enums import Role


class User(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "app_user"
    __table_args__ = (enum_check("role", Role),)

    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    # Rotated on logout, password change and deactivation: old session cookies stop working.
    session_token: Mapped[str] = mapped_column(String(64))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Start of the current window of failed logins (10 failures within 15 minutes lock).
    first_failed_at: Mapped[datetime | None] = mapped_column(DateTime)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

    counsellor: Mapped[Counsellor | None] = relationship(back_populates="user", uselist=False)

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    # Flask-Login protocol
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"


class Counsellor(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A counsellor profile (conseiller emploi) people are assigned to."""

    __tablename__ = "counsellor"

    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="RESTRICT"), unique=True
    )
    display_name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int] = mapped_column(Integer, default=50, server_default="50")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")

    user: Mapped[User | None] = relationship(back_populates="counsellor")

    def __str__(self) -> str:
        return self.display_name
