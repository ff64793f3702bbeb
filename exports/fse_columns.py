"""The column map of the FSE+ participant file: one entry per column of the template.

To match the real MDFSE+ template, edit this list only: ``header`` is the template's column title,
``source`` the field of a participant row (``schema.rules.fse.participants_select``), ``transform``
turns the stored value into the template's wording, ``allowed`` lists the values the template
accepts (a value outside it makes the record incomplete). Dates, phone numbers, postal codes and
identifiers are written as text (``Kind.ID``) so spreadsheet software cannot reformat them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from exports.writer import Kind
from schema.enums import CiteBucket, LabourStatus, NationalityGroup, Sex, Situation, YesNoDeclined
from schema.rules import fse
from schema.rules.calendar import fr

YES_NO = ("Oui", "Non")
YES_NO_DECLINED = tuple(m.label for m in YesNoDeclined)


@dataclass(frozen=True)
class FseColumn:
    header: str
    source: str
    kind: Kind = Kind.TEXT
    transform: Callable[[Any, Any], Any] | None = None  # (value, participant row) -> cell value
    allowed: tuple[str, ...] = ()
    width: float | None = None

    def value(self, row: Any) -> Any:
        raw = getattr(row, self.source)
        return self.transform(raw, row) if self.transform else raw


def _date(value: Any, row: Any) -> str | None:
    return fr(value) or None


def _yes_no(value: Any, row: Any) -> str:
    return "Oui" if value else "Non"


def _label(enum_cls: Any) -> Callable[[Any, Any], Any]:
    labels = enum_cls.labels()
    return lambda value, row: labels.get(value, value) if value else None


def _third_country(value: Any, row: Any) -> str:
    if value == NationalityGroup.NSP:
        return YesNoDeclined.NSP.label
    return "Oui" if value == NationalityGroup.HORS_UE else "Non"


def _after_exit(transform: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """Results are only asked of participants who left."""
    return lambda value, row: transform(value, row) if row.exit_date else None


def _age(value: Any, row: Any) -> int | None:
    return fse.age_on(row.birth_date, row.entry_date)


SEX_LABELS = {Sex.F.value: "Femme", Sex.H.value: "Homme", Sex.X.value: "Non-binaire"}

COLUMNS: tuple[FseColumn, ...] = (
    FseColumn("Identifiant participant", "person_id", Kind.ID, lambda v, r: f"{v:07d}", (), 14),
    FseColumn("Nom", "last_name", width=22),
    FseColumn("Prénom", "first_name", width=18),
    FseColumn(
        "Sexe", "sex", Kind.TEXT, lambda v, r: SEX_LABELS.get(v), tuple(SEX_LABELS.values()), 12
    ),
    FseColumn("Date de naissance", "birth_date", Kind.ID, _date, (), 12),
    FseColumn("Âge à l'entrée", "birth_date", Kind.INT, _age, (), 8),
    FseColumn("N° allocataire CAF", "caf_number", Kind.ID, width=14),
    FseColumn("Identifiant France Travail", "ft_id", Kind.ID, width=14),
    FseColumn("Téléphone", "phone", Kind.ID, width=14),
    FseColumn("E-mail", "email", Kind.ID, width=26),
    FseColumn("Code postal", "postal_code", Kind.ID, width=8),
    FseColumn("Commune", "commune", width=18),
    FseColumn("Quartier prioritaire (QPV)", "qpv", Kind.TEXT, _yes_no, YES_NO, 10),
    FseColumn("Zone rurale", "rural", Kind.TEXT, _yes_no, YES_NO, 10),
    FseColumn("Date d'entrée", "entry_date", Kind.ID, _date, (), 12),
    FseColumn(
        "Situation sur le marché du travail à l'entrée",
        "labour_status",
        Kind.TEXT,
        _label(LabourStatus),
        tuple(m.label for m in LabourStatus),
        16,
    ),
    FseColumn("Chômeur·se de longue durée", "long_term_unemployed", Kind.TEXT, _yes_no, YES_NO),
    FseColumn("Inscrit·e à France Travail", "ft_registered", Kind.TEXT, _yes_no, YES_NO),
    FseColumn(
        "Niveau d'éducation (CITE)",
        "cite_bucket",
        Kind.TEXT,
        _label(CiteBucket),
        tuple(m.label for m in CiteBucket),
        12,
    ),
    FseColumn("Diplôme le plus élevé", "education_level", width=30),
    FseColumn(
        "Participant handicapé",
        "disability",
        Kind.TEXT,
        _label(YesNoDeclined),
        YES_NO_DECLINED,
        12,
    ),
    FseColumn(
        "Ressortissant de pays tiers",
        "nationality_group",
        Kind.TEXT,
        _third_country,
        YES_NO_DECLINED,
        12,
    ),
    FseColumn("Sans-abri ou exclu du logement", "is_homeless", Kind.TEXT, _yes_no, YES_NO),
    FseColumn("Situation de logement", "housing_situation", width=30),
    FseColumn("Parent isolé", "single_parent", Kind.TEXT, _yes_no, YES_NO),
    FseColumn("Enfants de moins de 6 ans", "children_under_6", Kind.INT, width=8),
    FseColumn("Au RSA depuis", "rsa_since", Kind.ID, _date, (), 12),
    FseColumn("Conseiller·ère", "counsellor_name", width=20),
    FseColumn("Date de sortie", "exit_date", Kind.ID, _date, (), 12),
    FseColumn(
        "Situation dans les 4 semaines après la sortie",
        "situation_4_weeks",
        Kind.TEXT,
        _after_exit(_label(Situation)),
        tuple(m.label for m in Situation),
        18,
    ),
    FseColumn("Situation observée le", "situation_4_weeks_on", Kind.ID, _date, (), 12),
    FseColumn(
        "Situation 6 mois après la sortie",
        "situation_6_months",
        Kind.TEXT,
        _after_exit(_label(Situation)),
        tuple(m.label for m in Situation),
        18,
    ),
    FseColumn("Situation à 6 mois observée le", "situation_6_months_on", Kind.ID, _date, (), 12),
    FseColumn(
        "Qualification obtenue",
        "qualification_obtained",
        Kind.TEXT,
        _after_exit(_yes_no),
        YES_NO,
        10,
    ),
    FseColumn("Anonymisé (durée de conservation)", "anonymised_at", Kind.TEXT, _yes_no, YES_NO),
)
