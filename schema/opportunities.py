"""Employers, opportunities (offres), events and positionings (mises en relation)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schema.accounts import User
from schema.base import Base, IdMixin, TimestampMixin, VersionedMixin, enum_check, utcnow
from schema.enums import Channel, OpportunityStatus, PositioningStatus
from schema.pathway import Accompaniment
from schema.reference import ContractType, RomeCode


class Employer(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "employer"
    __table_args__ = (CheckConstraint("siret IS NULL OR length(siret) = 14", name="siret_14"),)

    name: Mapped[str] = mapped_column(String(200), index=True)
    siret: Mapped[str | None] = mapped_column(String(14), unique=True)
    sector: Mapped[str | None] = mapped_column(String(120))
    commune: Mapped[str | None] = mapped_column(String(100))

    def __str__(self) -> str:
        return self.name


class Opportunity(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "opportunity"
    __table_args__ = (
        enum_check("channel", Channel),
        enum_check("status", OpportunityStatus),
        CheckConstraint("positions > 0", name="positions_positive"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        CheckConstraint("rome_code IS NULL OR length(rome_code) = 5", name="rome_code_format"),
        CheckConstraint(
            "insertion_hours IS NULL OR insertion_hours > 0", name="insertion_hours_positive"
        ),
        CheckConstraint(
            "channel = 'clause' OR (insertion_hours IS NULL AND public_contract IS NULL)",
            name="clause_fields",
        ),
    )

    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employer.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    rome_code: Mapped[str | None] = mapped_column(String(5), index=True)
    contract_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("contract_type.id", ondelete="RESTRICT"), index=True
    )
    channel: Mapped[str] = mapped_column(String(19), index=True)
    hours_per_week: Mapped[float | None] = mapped_column(Numeric(4, 1))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(120))
    positions: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    status: Mapped[str] = mapped_column(String(8), default="ouverte", index=True)
    public_contract: Mapped[str | None] = mapped_column(String(200))
    insertion_hours: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    # What the ranking of candidates weighs (schema.matching): a driving licence is required,
    # the place is reachable by public transport, the hours are shifted (night, early, week-end).
    needs_licence: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    reachable_by_public_transport: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default="1"
    )
    shifted_hours: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    employer: Mapped[Employer] = relationship()
    contract_type: Mapped[ContractType | None] = relationship()
    # The ROME reference row of the code, when the code is in the reference list.
    rome: Mapped[RomeCode | None] = relationship(
        primaryjoin="foreign(Opportunity.rome_code) == RomeCode.code", viewonly=True
    )

    def __str__(self) -> str:
        return f"{self.title} — {self.employer.name if self.employer else ''}"


class Event(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A recruitment event, such as "Place des Solutions"."""

    __tablename__ = "event"

    name: Mapped[str] = mapped_column(String(200))
    event_date: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[str | None] = mapped_column(String(200))

    def __str__(self) -> str:
        return f"{self.name} ({self.event_date:%d/%m/%Y})"


class Positioning(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A person put forward for an opportunity or an event."""

    __tablename__ = "positioning"
    __table_args__ = (
        enum_check("status", PositioningStatus),
        CheckConstraint(
            "(opportunity_id IS NULL) <> (event_id IS NULL)", name="opportunity_or_event"
        ),
        CheckConstraint(
            "status = 'retenu' OR (contract_type_id IS NULL AND job_start_date IS NULL "
            "AND insertion_hours IS NULL)",
            name="hire_when_retained",
        ),
        CheckConstraint(
            "insertion_hours IS NULL OR insertion_hours >= 0", name="insertion_hours_positive"
        ),
        UniqueConstraint(
            "accompaniment_id", "opportunity_id", name="uq_positioning_accompaniment_opportunity"
        ),
        UniqueConstraint("accompaniment_id", "event_id", name="uq_positioning_accompaniment_event"),
        # The hires of a period (dashboard), read from the index alone.
        Index(
            "ix_positioning_status_status_on",
            "status",
            "status_on",
            "proposed_on",
            "insertion_hours",
            "opportunity_id",
        ),
    )

    accompaniment_id: Mapped[int] = mapped_column(
        ForeignKey("accompaniment.id", ondelete="RESTRICT"), index=True
    )
    opportunity_id: Mapped[int | None] = mapped_column(
        ForeignKey("opportunity.id", ondelete="RESTRICT"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(11), default="propose", index=True)
    proposed_on: Mapped[date] = mapped_column(Date, index=True)
    status_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(String(1000))
    # The hire, when retained: contract, start, and the clause's insertion hours it fills.
    contract_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("contract_type.id", ondelete="RESTRICT"), index=True
    )
    job_start_date: Mapped[date | None] = mapped_column(Date)
    insertion_hours: Mapped[int | None] = mapped_column(Integer)

    accompaniment: Mapped[Accompaniment] = relationship()
    opportunity: Mapped[Opportunity | None] = relationship()
    event: Mapped[Event | None] = relationship()
    contract_type: Mapped[ContractType | None] = relationship()
    steps = relationship(
        "PositioningStep", back_populates="positioning", order_by="PositioningStep.id"
    )

    def __str__(self) -> str:
        target = self.opportunity or self.event
        return f"{target} — {PositioningStatus(self.status).label}"


class PositioningStep(IdMixin, Base):
    """When a positioning reached each status, and who recorded it (one row per status)."""

    __tablename__ = "positioning_step"
    __table_args__ = (
        enum_check("status", PositioningStatus),
        UniqueConstraint("positioning_id", "status", name="uq_positioning_step"),
    )

    positioning_id: Mapped[int] = mapped_column(
        ForeignKey("positioning.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(11))
    step_date: Mapped[date] = mapped_column(Date, index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="RESTRICT"), index=True
    )
    recorded_at: Mapped[datetime] = mapped_column(
        DateTime, default=utcnow, server_default=func.current_timestamp()
    )

    positioning: Mapped[Positioning] = relationship(back_populates="steps")
    recorded_by: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return f"{PositioningStatus(self.status).label} le {self.step_date:%d/%m/%Y}"
