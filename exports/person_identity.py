"""The identity sheet of the right-of-access workbook: one line per item held on the person."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schema import Person
from schema.base import LabelledEnum
from schema.enums import CafRole, LabourStatus, NationalityGroup, Sex, YesNoDeclined


def label(enum_cls: type[LabelledEnum], value: str | None) -> str | None:
    return enum_cls.labels().get(value, value) if value else None


def identity_rows(person: Person) -> Iterator[tuple[Any, ...]]:
    yield from (
        ("Sexe", label(Sex, person.sex)),
        ("Nom d'usage", person.last_name),
        ("Nom de naissance", person.birth_name),
        ("Prénom", person.first_name),
        ("Date de naissance", f"{person.birth_date:%d/%m/%Y}" if person.birth_date else None),
        ("N° allocataire CAF", person.caf_number),
        ("Rôle CAF", label(CafRole, person.caf_role)),
        ("Identifiant Parcours Solidarités", person.ps_id),
        ("Identifiant France Travail", person.ft_id),
        ("Téléphone", person.phone),
        ("Autre téléphone", person.phone2),
        ("E-mail", person.email),
        ("Adresse", person.address),
        ("Code postal", person.postal_code),
        ("Commune", person.commune),
        ("Quartier prioritaire (QPV)", "Oui" if person.qpv else "Non"),
        ("Zone rurale", "Oui" if person.rural else "Non"),
        ("Niveau de formation", person.education_level.label if person.education_level else None),
        ("Nationalité", label(NationalityGroup, person.nationality_group)),
        ("Reconnaissance de handicap", label(YesNoDeclined, person.disability)),
        (
            "Situation de logement",
            person.housing_situation.label if person.housing_situation else None,
        ),
        ("Permis B", "Oui" if person.driving_licence else "Non"),
        ("Véhicule", "Oui" if person.has_vehicle else "Non"),
        ("Parent isolé", "Oui" if person.single_parent else "Non"),
        ("Enfants de moins de 6 ans", str(person.children_under_6)),
        ("Au RSA depuis", f"{person.rsa_since:%d/%m/%Y}" if person.rsa_since else None),
        ("Situation à l'entrée", label(LabourStatus, person.labour_status)),
        ("Chômeur·se de longue durée", "Oui" if person.long_term_unemployed else "Non"),
        ("Inscrit·e à France Travail", "Oui" if person.ft_registered else "Non"),
        ("Dossier créé le (UTC)", f"{person.created_at:%d/%m/%Y %H:%M}"),
    )
