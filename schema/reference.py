"""Reference lists: (code, label, active, position) tables an admin edits, seeded from seeds/."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from schema.base import Base, IdMixin, VersionedMixin, enum_check
from schema.enums import CiteBucket, ExitCategory


class ReferenceMixin(IdMixin, VersionedMixin):
    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    def __str__(self) -> str:
        return self.label


class BarrierFamily(ReferenceMixin, Base):
    """Family of barriers to employment ("freins")."""

    __tablename__ = "barrier_family"


class ExitReason(ReferenceMixin, Base):
    """Exit reason with its category and the two flags every rate can be recomputed with."""

    __tablename__ = "exit_reason"
    __table_args__ = (enum_check("category", ExitCategory),)

    category: Mapped[str] = mapped_column(String(20))
    is_employment: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    is_positive: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class ContractType(ReferenceMixin, Base):
    __tablename__ = "contract_type"

    is_durable: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class EducationLevel(ReferenceMixin, Base):
    """French education level mapped to its CITE (ISCED) bucket for FSE+."""

    __tablename__ = "education_level"
    __table_args__ = (enum_check("cite_bucket", CiteBucket),)

    cite_bucket: Mapped[str] = mapped_column(String(3))


class OrientationPath(ReferenceMixin, Base):
    """Path decided by the Département: professionnel / socio-professionnel / social."""

    __tablename__ = "orientation_path"


class HousingSituation(ReferenceMixin, Base):
    __tablename__ = "housing_situation"

    is_homeless: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class TrainingScheme(ReferenceMixin, Base):
    """Training scheme: PRF, PRIF, CPF, AIF, POEI…"""

    __tablename__ = "training_scheme"


class RomeCode(ReferenceMixin, Base):
    """ROME job code (one letter and four digits) with its French label."""

    __tablename__ = "rome_code"
    __table_args__ = (CheckConstraint("length(code) = 5", name="code_format"),)
