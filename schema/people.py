"""The beneficiary (bénéficiaire du RSA). Never holds the NIR."""

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
    String,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from schema.base import Base, IdMixin, TimestampMixin, VersionedMixin, enum_check
from schema.enums import CafRole, LabourStatus, NationalityGroup, Sex, YesNoDeclined
from schema.reference import EducationLevel, HousingSituation
from schema.text import person_search_key


class Person(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "person"
    __table_args__ = (
        enum_check("sex", Sex),
        enum_check("caf_role", CafRole),
        enum_check("nationality_group", NationalityGroup),
        enum_check("disability", YesNoDeclined),
        enum_check("labour_status", LabourStatus),
        CheckConstraint("postal_code IS NULL OR length(postal_code) = 5", name="postal_code_5"),
        CheckConstraint("children_under_6 >= 0", name="children_positive"),
        Index("ix_person_caf", "caf_number", "caf_role"),
        Index("ix_person_identity", "search_key", "birth_date"),
        # The list filtered by commune, in name order.
        Index("ix_person_commune_search", "commune", "search_key"),
    )

    sex: Mapped[str | None] = mapped_column(String(1))  # None: "à compléter" (import)
    last_name: Mapped[str] = mapped_column(String(100))  # nom d'usage
    birth_name: Mapped[str | None] = mapped_column(String(100))  # nom de naissance
    first_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date] = mapped_column(Date)
    search_key: Mapped[str] = mapped_column(String(210), index=True)

    caf_number: Mapped[str | None] = mapped_column(String(20))
    caf_role: Mapped[str | None] = mapped_column(String(10))
    ps_id: Mapped[str | None] = mapped_column(String(30), unique=True)  # Parcours Solidarités
    ft_id: Mapped[str | None] = mapped_column(String(20))  # France Travail

    phone: Mapped[str | None] = mapped_column(String(20))
    phone2: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(String(200))
    postal_code: Mapped[str | None] = mapped_column(String(5))
    commune: Mapped[str | None] = mapped_column(String(100))
    qpv: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    rural: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # The person refuses SMS and e-mails: appointments are announced by letter (schema.messaging).
    messages_opt_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    education_level_id: Mapped[int | None] = mapped_column(
        ForeignKey("education_level.id", ondelete="RESTRICT"), index=True
    )
    nationality_group: Mapped[str] = mapped_column(String(10), default="francaise")
    disability: Mapped[str] = mapped_column(String(3), default="non")
    housing_situation_id: Mapped[int | None] = mapped_column(
        ForeignKey("housing_situation.id", ondelete="RESTRICT"), index=True
    )
    driving_licence: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    has_vehicle: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    single_parent: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    children_under_6: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rsa_since: Mapped[date | None] = mapped_column(Date)
    labour_status: Mapped[str] = mapped_column(String(10), default="chomeur")
    long_term_unemployed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    ft_registered: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Set when the retention rule anonymised the file (UTC); statistics fields are kept.
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)

    education_level: Mapped[EducationLevel | None] = relationship()
    housing_situation: Mapped[HousingSituation | None] = relationship()
    accompaniments = relationship(
        "Accompaniment", back_populates="person", order_by="Accompaniment.id"
    )
    orientations = relationship("Orientation", back_populates="person", order_by="Orientation.id")

    @property
    def full_name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"

    def __str__(self) -> str:
        return (
            f"{self.full_name} ({self.birth_date:%d/%m/%Y})" if self.birth_date else self.full_name
        )


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def _refresh_search_key(mapper, connection, target: Person) -> None:
    target.search_key = person_search_key(target.last_name, target.first_name)
