"""Console views of employers, opportunities, events, positionings and trainings."""

from __future__ import annotations

from flask_admin.contrib.sqla.filters import FilterEqual
from sqlalchemy.orm import joinedload
from wtforms import TextAreaField

from admin.views.base import SecuredModelView
from admin.views.fields import enum_filters, free_text_fields, reference_options
from admin.views.pathway import ACCOMPANIMENT_AJAX
from schema import (
    Accompaniment,
    ContractType,
    Opportunity,
    Positioning,
    Training,
    TrainingScheme,
)
from schema.enums import Channel, OpportunityStatus, PositioningStatus, TrainingStatus


class EmployerView(SecuredModelView):
    area = "opportunities"
    column_labels = {
        "name": "Raison sociale",
        "siret": "SIRET",
        "sector": "Secteur",
        "commune": "Commune",
    }
    column_list = ("name", "siret", "sector", "commune")
    column_default_sort = [("name", False)]
    column_sortable_list = ("name", "siret", "sector", "commune")
    column_searchable_list = ("name", "siret")
    column_filters = ["sector", "commune"]
    form_excluded_columns = ("version", "created_at", "updated_at")
    column_details_exclude_list = ("version",)


class OpportunityView(SecuredModelView):
    area = "opportunities"
    enums = {"channel": Channel, "status": OpportunityStatus}
    column_labels = {
        "employer": "Employeur",
        "title": "Intitulé du poste",
        "rome_code": "Code ROME",
        "contract_type": "Type de contrat",
        "channel": "Canal",
        "hours_per_week": "Heures / semaine",
        "start_date": "Début",
        "end_date": "Fin",
        "place": "Lieu",
        "positions": "Postes",
        "status": "Statut",
        "public_contract": "Marché public (clause)",
        "insertion_hours": "Heures d'insertion",
        "description": "Description",
    }
    column_list = ("title", "employer", "rome_code", "channel", "start_date", "positions", "status")
    column_default_sort = [("start_date", True)]
    column_sortable_list = ("title", "rome_code", "channel", "start_date", "positions", "status")
    column_searchable_list = ("title", "rome_code", "employer.name")
    column_filters = [
        *enum_filters(Opportunity.channel, "Canal", Channel),
        *enum_filters(Opportunity.status, "Statut", OpportunityStatus),
        FilterEqual(
            Opportunity.contract_type_id, "Type de contrat", options=reference_options(ContractType)
        ),
        "start_date",
    ]
    list_preload = (joinedload(Opportunity.employer),)
    form_excluded_columns = ("version", "created_at", "updated_at")
    column_details_exclude_list = ("version",)
    form_ajax_refs = {
        "employer": {"fields": ("name", "siret"), "placeholder": "Employeur (nom ou SIRET)"}
    }


class EventView(SecuredModelView):
    area = "opportunities"
    column_labels = {"name": "Événement", "event_date": "Date", "place": "Lieu"}
    column_list = ("name", "event_date", "place")
    column_default_sort = [("event_date", True)]
    column_sortable_list = ("name", "event_date", "place")
    column_searchable_list = ("name", "place")
    column_filters = ["event_date"]
    form_excluded_columns = ("version", "created_at", "updated_at")
    column_details_exclude_list = ("version",)


class PositioningView(SecuredModelView):
    area = "pathway"
    enums = {"status": PositioningStatus}
    column_labels = {
        "accompaniment": "Personne accompagnée",
        "opportunity": "Offre",
        "event": "Événement",
        "status": "Statut",
        "proposed_on": "Proposé le",
        "status_on": "Date du statut",
        "notes": "Notes",
    }
    column_list = ("accompaniment", "opportunity", "event", "status", "proposed_on", "status_on")
    column_default_sort = [("proposed_on", True)]
    column_sortable_list = ("status", "proposed_on", "status_on")
    column_searchable_list = ("accompaniment.person.search_key",)
    column_filters = [*enum_filters(Positioning.status, "Statut", PositioningStatus), "proposed_on"]
    list_preload = (
        joinedload(Positioning.accompaniment).joinedload(Accompaniment.person),
        joinedload(Positioning.opportunity).joinedload(Opportunity.employer),
        joinedload(Positioning.event),
    )
    form_excluded_columns = ("version", "created_at", "updated_at")
    column_details_exclude_list = ("version",)
    form_ajax_refs = {
        **ACCOMPANIMENT_AJAX,
        "opportunity": {
            "fields": ("title", "rome_code"),
            "placeholder": "Offre (intitulé ou code ROME)",
            "loader_options": (joinedload(Opportunity.employer),),
        },
        "event": {"fields": ("name",), "placeholder": "Événement"},
    }
    form_overrides = {"notes": TextAreaField}
    form_args, form_widget_args = free_text_fields({"notes": 1000})


class TrainingView(SecuredModelView):
    area = "pathway"
    enums = {"status": TrainingStatus}
    column_labels = {
        "accompaniment": "Personne accompagnée",
        "scheme": "Dispositif",
        "title": "Formation",
        "organisation": "Organisme",
        "qualifying": "Qualifiante",
        "start_date": "Début",
        "end_date": "Fin",
        "status": "Statut",
    }
    column_list = (
        "accompaniment",
        "title",
        "scheme",
        "qualifying",
        "start_date",
        "end_date",
        "status",
    )
    column_default_sort = [("start_date", True)]
    column_sortable_list = ("title", "qualifying", "start_date", "end_date", "status")
    column_searchable_list = ("title", "organisation", "accompaniment.person.search_key")
    column_filters = [
        *enum_filters(Training.status, "Statut", TrainingStatus),
        FilterEqual(Training.scheme_id, "Dispositif", options=reference_options(TrainingScheme)),
        FilterEqual(Training.qualifying, "Qualifiante", options=[("1", "Oui"), ("0", "Non")]),
        "start_date",
    ]
    list_preload = (
        joinedload(Training.accompaniment).joinedload(Accompaniment.person),
        joinedload(Training.scheme),
    )
    form_excluded_columns = ("version", "created_at", "updated_at")
    column_details_exclude_list = ("version",)
    form_ajax_refs = ACCOMPANIMENT_AJAX
