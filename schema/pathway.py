"""A person's pathway: orientation, accompaniment, CER, Parcours Solidarités actions, outcome."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schema.accounts import Counsellor, User
from schema.base import (
    Base,
    IdMixin,
    TimestampMixin,
    VersionedMixin,
    enum_check,
    enum_column,
)
from schema.enums import (
    AccompanimentStatus,
    ActionKind,
    CerKind,
    CerPendingReason,
    Phase,
    Situation,
)
from schema.imports import ImportBatch
from schema.people import Person
from schema.reference import ContractType, ExitReason, OrientationPath

OPEN_STATUSES = (
    AccompanimentStatus.A_CONTACTER,
    AccompanimentStatus.ACTIF,
    AccompanimentStatus.EN_ATTENTE,
)


class Orientation(IdMixin, TimestampMixin, VersionedMixin, Base):
    """The Département's orientation decision (D0) that brings a person to the programme."""

    __tablename__ = "orientation"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    decision_date: Mapped[date] = mapped_column(Date, index=True)
    path_id: Mapped[int] = mapped_column(
        ForeignKey("orientation_path.id", ondelete="RESTRICT"), index=True
    )
    source: Mapped[str | None] = mapped_column(String(100))
    reference: Mapped[str | None] = mapped_column(String(60), index=True)
    # Set when the orientation came from an imported list: which import, which line of the file.
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="RESTRICT"), index=True
    )
    import_line: Mapped[int | None] = mapped_column(Integer)

    person: Mapped[Person] = relationship(back_populates="orientations")
    path: Mapped[OrientationPath] = relationship()
    import_batch: Mapped[ImportBatch | None] = relationship()

    def __str__(self) -> str:
        return f"Orientation du {self.decision_date:%d/%m/%Y}"


class Accompaniment(IdMixin, TimestampMixin, VersionedMixin, Base):
    """One accompaniment (parcours) of a person by a counsellor; never two open for one person."""

    __tablename__ = "accompaniment"
    __table_args__ = (
        enum_check("status", AccompanimentStatus),
        enum_check("phase", Phase),
        enum_check("cer_pending_reason", CerPendingReason),
        CheckConstraint(
            "cer_pending_reason IS NULL OR entry_date IS NOT NULL", name="cer_pending_after_entry"
        ),
        CheckConstraint(
            "cer_pending_reason IS NULL OR cer_pending_reason <> 'autre' "
            "OR cer_pending_note IS NOT NULL",
            name="cer_pending_other_has_note",
        ),
        CheckConstraint(
            "(exit_date IS NULL) = (exit_reason_id IS NULL)", name="exit_date_reason_together"
        ),
        CheckConstraint("(status = 'clos') = (exit_date IS NOT NULL)", name="closed_has_exit"),
        CheckConstraint(
            "exit_date IS NULL OR entry_date IS NULL OR exit_date >= entry_date",
            name="exit_after_entry",
        ),
        CheckConstraint(
            "planned_end IS NULL OR entry_date IS NULL OR planned_end >= entry_date",
            name="planned_end_after_entry",
        ),
        CheckConstraint(
            "entry_date IS NOT NULL OR status IN ('a_contacter', 'clos')",
            name="active_has_entry",
        ),
        Index(
            "uq_accompaniment_one_open_per_person",
            "person_id",
            unique=True,
            sqlite_where=text("status <> 'clos'"),
            postgresql_where=text("status <> 'clos'"),
        ),
        Index("ix_accompaniment_counsellor_status", "counsellor_id", "status"),
        # The list filtered by status, newest entries first.
        Index("ix_accompaniment_status_entry", "status", "entry_date"),
    )

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    counsellor_id: Mapped[int | None] = mapped_column(
        ForeignKey("counsellor.id", ondelete="RESTRICT"), index=True
    )
    orientation_id: Mapped[int | None] = mapped_column(
        ForeignKey("orientation.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(12), default="a_contacter", index=True)
    phase: Mapped[str] = mapped_column(String(12), default="orientation", index=True)
    entry_date: Mapped[date | None] = mapped_column(Date, index=True)
    planned_end: Mapped[date | None] = mapped_column(Date, index=True)
    extension_reason: Mapped[str | None] = mapped_column(String(500))
    exit_date: Mapped[date | None] = mapped_column(Date, index=True)
    exit_reason_id: Mapped[int | None] = mapped_column(
        ForeignKey("exit_reason.id", ondelete="RESTRICT"), index=True
    )
    follow_ups: Mapped[str | None] = mapped_column(Text)  # suites préconisées (R10)
    # First appointment held without the CER (R2): why it is still to sign, and a note (required
    # for "autre"). Both cleared when the first CER is signed (schema.operations.pathway).
    cer_pending_reason: Mapped[str | None] = enum_column(CerPendingReason)
    cer_pending_note: Mapped[str | None] = mapped_column(String(500))

    person: Mapped[Person] = relationship(back_populates="accompaniments")
    counsellor: Mapped[Counsellor | None] = relationship()
    orientation: Mapped[Orientation | None] = relationship()
    exit_reason: Mapped[ExitReason | None] = relationship()
    cers = relationship("Cer", back_populates="accompaniment", order_by="Cer.id")
    outcome = relationship("Outcome", back_populates="accompaniment", uselist=False)

    @property
    def is_open(self) -> bool:
        return self.status != AccompanimentStatus.CLOS

    def __str__(self) -> str:
        who = self.person.full_name if self.person else f"#{self.person_id}"
        since = f" depuis le {self.entry_date:%d/%m/%Y}" if self.entry_date else ""
        return f"{who}{since}"


class Cer(IdMixin, TimestampMixin, VersionedMixin, Base):
    """Contrat d'engagement réciproque."""

    __tablename__ = "cer"
    __table_args__ = (
        enum_check("kind", CerKind),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        CheckConstraint(
            "weekly_hours IS NULL OR weekly_hours >= 15 OR reduced_hours_reason IS NOT NULL",
            name="reduced_hours_reason",
        ),
        CheckConstraint(
            "signed_on IS NOT NULL OR not_signed_reason IS NOT NULL", name="signed_or_reason"
        ),
        CheckConstraint(
            "weekly_hours IS NULL OR weekly_hours BETWEEN 0 AND 60", name="hours_range"
        ),
    )

    accompaniment_id: Mapped[int] = mapped_column(
        ForeignKey("accompaniment.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(14), default="premier")
    signed_on: Mapped[date | None] = mapped_column(Date, index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    objectives: Mapped[str | None] = mapped_column(Text)
    weekly_hours: Mapped[int | None] = mapped_column(Integer)
    reduced_hours_reason: Mapped[str | None] = mapped_column(String(500))
    not_signed_reason: Mapped[str | None] = mapped_column(String(500))

    accompaniment: Mapped[Accompaniment] = relationship(back_populates="cers")

    def __str__(self) -> str:
        signed = f"signé le {self.signed_on:%d/%m/%Y}" if self.signed_on else "non signé"
        return f"CER {CerKind(self.kind).label.lower()} {signed}"


class Action(IdMixin, TimestampMixin, VersionedMixin, Base):
    """An action recorded on Parcours Solidarités (pause, job/training follow-up, EP referral…)."""

    __tablename__ = "pathway_action"
    __table_args__ = (
        enum_check("kind", ActionKind),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        Index("ix_pathway_action_kind_dates", "kind", "start_date", "end_date"),
        # The rules' correlated look-ups: the pauses / reorientations of one accompaniment.
        Index("ix_pathway_action_accompaniment_kind", "accompaniment_id", "kind"),
    )

    accompaniment_id: Mapped[int] = mapped_column(
        ForeignKey("accompaniment.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(500))
    decision: Mapped[str | None] = mapped_column(String(500))
    decision_date: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="RESTRICT"), index=True
    )
    ps_entered_on: Mapped[date | None] = mapped_column(Date, index=True)
    ps_entered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("app_user.id", ondelete="RESTRICT"), index=True
    )

    accompaniment: Mapped[Accompaniment] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    ps_entered_by: Mapped[User | None] = relationship(foreign_keys=[ps_entered_by_id])

    def __str__(self) -> str:
        return f"{ActionKind(self.kind).label} du {self.start_date:%d/%m/%Y}"


class Outcome(IdMixin, TimestampMixin, VersionedMixin, Base):
    """What became of the person at exit, within 4 weeks and at 6 months (FSE+ results)."""

    __tablename__ = "outcome"
    __table_args__ = (
        enum_check("situation_4_weeks", Situation),
        enum_check("situation_6_months", Situation),
    )

    accompaniment_id: Mapped[int] = mapped_column(
        ForeignKey("accompaniment.id", ondelete="RESTRICT"), unique=True
    )
    contract_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("contract_type.id", ondelete="RESTRICT"), index=True
    )
    employer_id: Mapped[int | None] = mapped_column(
        ForeignKey("employer.id", ondelete="RESTRICT"), index=True
    )
    job_start_date: Mapped[date | None] = mapped_column(Date)
    situation_4_weeks: Mapped[str | None] = mapped_column(String(10))
    situation_4_weeks_on: Mapped[date | None] = mapped_column(Date)
    situation_6_months: Mapped[str | None] = mapped_column(String(10))
    situation_6_months_on: Mapped[date | None] = mapped_column(Date)
    # FSE+ EECR03 "qualification obtenue": set by certifying a qualifying training
    # (schema.operations.trainings.change_training_status), with the certification date.
    qualification_obtained: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    qualification_obtained_on: Mapped[date | None] = mapped_column(Date)

    accompaniment: Mapped[Accompaniment] = relationship(back_populates="outcome")
    contract_type: Mapped[ContractType | None] = relationship()
    employer = relationship("Employer")

    def __str__(self) -> str:
        return f"Sortie du parcours #{self.accompaniment_id}"
