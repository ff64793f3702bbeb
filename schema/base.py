"""Declarative base shared by every model: one metadata with a constraint naming convention."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import CheckConstraint, DateTime, Integer, MetaData, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Naive UTC timestamp (audit and technical columns are stored in UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


class LabelledEnum(enum.StrEnum):
    """A string enumeration stored by value, with a French label per member."""

    label: str

    def __new__(cls, value: str, label: str) -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {m.value: m.label for m in cls}


def enum_column(enum_cls: type[LabelledEnum], **kwargs) -> Mapped:
    """A VARCHAR column holding an enum value; the CHECK constraint is added by ``enum_check``."""
    length = max(len(m.value) for m in enum_cls)
    return mapped_column(String(length), **kwargs)


def enum_check(
    column: str, enum_cls: type[LabelledEnum], name: str | None = None
) -> CheckConstraint:
    values = ", ".join(f"'{m.value}'" for m in enum_cls)
    return CheckConstraint(f"{column} IN ({values})", name=name or f"{column}_valid")


class IdMixin:
    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, server_default=func.current_timestamp()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, onupdate=utcnow, server_default=func.current_timestamp()
    )


class VersionedMixin:
    """Optimistic locking: an UPDATE carries the version read; a stale one raises StaleDataError."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}
