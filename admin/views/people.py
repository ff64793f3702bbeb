"""Console views of people and their orientation decisions."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_admin.contrib.sqla.filters import FilterEmpty, FilterEqual
from flask_admin.model.template import LinkRowAction
from flask_login import current_user
from sqlalchemy.orm import joinedload

from admin.database import db
from admin.permissions import AREAS
from admin.scoping import apply_scope
from admin.views.base import SecuredModelView, current_role
from admin.views.fields import enum_filters, reference_options
from admin.views.person_file import may_export_person_file, person_file_row_action
from schema import Orientation, OrientationPath, Person
from schema.enums import (
    AccompanimentStatus,
    AttendanceStatus,
    CafRole,
    ContactMode,
    ContactStatus,
    LabourStatus,
    NationalityGroup,
    Phase,
    Role,
    Sex,
    YesNoDeclined,
)
from schema.person_history import person_history
from schema.rules.fse import person_missing_fields

PERSON_LABELS = {
    "sex": "Sexe",
    "last_name": "Nom d'usage",
    "birth_name": "Nom de naissance",
    "first_name": "Prénom",
    "birth_date": "Date de naissance",
    "caf_number": "N° allocataire CAF",
    "caf_role": "Rôle CAF",
    "ps_id": "Identifiant Parcours Solidarités",
    "ft_id": "Identifiant France Travail",
    "phone": "Téléphone",
    "phone2": "Autre téléphone",
    "email": "E-mail",
    "messages_opt_out": "Refuse les SMS et e-mails",
    "address": "Adresse",
    "postal_code": "Code postal",
    "commune": "Commune",
    "qpv": "Quartier prioritaire (QPV)",
    "rural": "Zone rurale",
    "education_level": "Niveau de formation",
    "nationality_group": "Nationalité",
    "disability": "Reconnaissance de handicap",
    "housing_situation": "Situation de logement",
    "driving_licence": "Permis B",
    "has_vehicle": "Véhicule",
    "single_parent": "Parent isolé",
    "children_under_6": "Enfants de moins de 6 ans",
    "rsa_since": "Au RSA depuis",
    "labour_status": "Situation à l'entrée",
    "long_term_unemployed": "Chômeur·se de longue durée",
    "ft_registered": "Inscrit·e à France Travail",
    "created_at": "Créé le",
    "updated_at": "Modifié le",
    "anonymised_at": "Anonymisé le (durée de conservation dépassée)",
}


def attendance_history_link() -> LinkRowAction:
    """Row action opening the person's attendance history (séances and interviews)."""
    return LinkRowAction(
        "fa fa-check-square-o",
        lambda _action, _row_id, row: url_for(
            "attendance_history.person", person_id=getattr(row, "person_id", None) or row.id
        ),
        title="Historique d'émargement",
    )


class PersonView(SecuredModelView):
    area = "people"
    audit_reads = True
    column_extra_row_actions = [attendance_history_link()]
    enums = {
        "sex": Sex,
        "caf_role": CafRole,
        "nationality_group": NationalityGroup,
        "disability": YesNoDeclined,
        "labour_status": LabourStatus,
    }
    column_labels = PERSON_LABELS
    column_list = (
        "last_name",
        "first_name",
        "birth_date",
        "caf_number",
        "commune",
        "phone",
        "labour_status",
    )
    column_details_list = (
        "sex",
        "last_name",
        "birth_name",
        "first_name",
        "birth_date",
        "caf_number",
        "caf_role",
        "ps_id",
        "ft_id",
        "phone",
        "phone2",
        "email",
        "messages_opt_out",
        "address",
        "postal_code",
        "commune",
        "qpv",
        "rural",
        "education_level",
        "nationality_group",
        "disability",
        "housing_situation",
        "driving_licence",
        "has_vehicle",
        "single_parent",
        "children_under_6",
        "rsa_since",
        "labour_status",
        "long_term_unemployed",
        "ft_registered",
        "created_at",
        "updated_at",
        "anonymised_at",
    )
    column_searchable_list = ("search_key", "caf_number", "ps_id")
    column_sortable_list = (("last_name", "search_key"), "birth_date", "caf_number", "commune")
    column_default_sort = ("search_key", False)
    column_filters = [
        *enum_filters(Person.sex, "Sexe", Sex),
        FilterEqual(Person.commune, "Commune"),
        FilterEqual(Person.postal_code, "Code postal"),
        FilterEqual(Person.qpv, "QPV", options=[("1", "Oui"), ("0", "Non")]),
        *enum_filters(Person.labour_status, "Situation à l'entrée", LabourStatus),
        "birth_date",
        "created_at",
        # "Sexe : vide": the people whose sex is still to complete (imported without it).
        FilterEmpty(Person.sex, "Sexe"),
    ]
    form_excluded_columns = (
        "search_key",
        "anonymised_at",
        "version",
        "created_at",
        "updated_at",
        "accompaniments",
        "orientations",
    )
    form_widget_args = {"caf_number": {"inputmode": "numeric"}}
    column_descriptions = {
        "caf_number": "Numéro d'allocataire CAF (le NIR n'est jamais enregistré ici).",
        "messages_opt_out": (
            "Les convocations, déplacements et annulations lui sont alors envoyés par courrier."
        ),
    }

    def search_placeholder(self) -> str:
        return "Début du nom (nom prénom), n° CAF ou identifiant PS"

    # Right of access (admin/views/person_file.py): a download button for managers.
    details_template = "admin/privacy/person_details.html"

    def can_export_person_file(self) -> bool:
        return may_export_person_file()

    def render(self, template: str, **kwargs: Any) -> Any:
        # The person's file shows their history (bounded: see schema/person_history.py).
        if template == self.details_template and kwargs.get("model") is not None:
            role = current_role()
            kwargs["history"] = person_history(
                db.session,
                kwargs["model"].id,
                lambda query, model: apply_scope(query, model, current_user),
                with_accompaniments=role in AREAS["accompaniments"].read,
                with_contacts=role in AREAS["contacts"].read,
                with_attendances=role in AREAS["workshops"].read,
            )
            kwargs["history_labels"] = {
                "status": AccompanimentStatus.labels(),
                "phase": Phase.labels(),
                "contact": ContactStatus.labels(),
                "mode": ContactMode.labels(),
                "attendance": AttendanceStatus.labels(),
            }
            kwargs["history_links"] = role in (Role.MANAGER, Role.COUNSELLOR, Role.FUNDER)
            kwargs["to_complete"] = person_missing_fields(kwargs["model"])
        return super().render(template, **kwargs)

    def get_list_row_actions(self) -> list:
        actions = super().get_list_row_actions()
        return [*actions, person_file_row_action()] if may_export_person_file() else actions

    def person_id_of(self, model: Person) -> int:
        return model.id


class OrientationView(SecuredModelView):
    area = "orientations"
    column_labels = {
        "person": "Personne",
        "decision_date": "Date de décision (D0)",
        "path": "Parcours",
        "source": "Source",
        "reference": "Référence",
        "created_at": "Créée le",
    }
    column_list = ("person", "decision_date", "path", "source", "reference")
    column_default_sort = [("decision_date", True)]
    column_sortable_list = ("decision_date", ("person", "person.last_name"), "reference")
    column_searchable_list = ("person.search_key", "person.caf_number", "reference")
    column_filters = [
        "decision_date",
        FilterEqual(Orientation.path_id, "Parcours", options=reference_options(OrientationPath)),
        "source",
    ]
    list_preload = (joinedload(Orientation.person), joinedload(Orientation.path))
    form_excluded_columns = ("version", "created_at", "updated_at")
    form_ajax_refs = {
        "person": {
            "fields": ("search_key", "caf_number"),
            "placeholder": "Rechercher une personne (nom ou n° CAF)",
            "minimum_input_length": 2,
        }
    }
    column_details_exclude_list = ("version",)
