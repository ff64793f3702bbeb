"""Console views of employers, opportunities, events, positionings and trainings."""

from __future__ import annotations

import re
from typing import Any

from flask import flash, url_for
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload
from wtforms import TextAreaField
from wtforms.validators import Optional, Regexp, ValidationError

from admin import audit, clock
from admin.database import db
from admin.views.base import SecuredModelView, current_role
from admin.views.fields import enum_filters, free_text_fields, reference_options
from admin.views.pathway import ACCOMPANIMENT_AJAX
from schema import (
    Accompaniment,
    ContractType,
    Opportunity,
    Positioning,
    RomeCode,
    Training,
    TrainingScheme,
)
from schema.enums import Channel, OpportunityStatus, PositioningStatus, Role, TrainingStatus
from schema.operations import WorkflowError
from schema.operations import positioning as positioning_ops

ROME_FORMAT = re.compile(r"^[A-N]\d{4}$")
ROME_MESSAGE = "Un code ROME s'écrit avec une lettre (A à N) et quatre chiffres, ex. K2204."


def _rome_code(value: Any) -> Any:
    """Typed ROME codes are kept upper-case without spaces; an empty field is no code."""
    if isinstance(value, str):
        return value.strip().upper() or None
    return value


def _title_with_page_link(view: Any, context: Any, model: Opportunity, name: str) -> Any:
    """The title links to the opportunity page (candidates, positionings) for those who may
    open it."""
    if current_role() not in (Role.MANAGER, Role.COUNSELLOR):
        return model.title
    url = url_for("offre.show", opportunity_id=model.id)
    return Markup(f'<a href="{escape(url)}">{escape(model.title)}</a>')


def _rome_with_label(view: Any, context: Any, model: Opportunity, name: str) -> Any:
    if not model.rome_code:
        return ""
    label = model.rome.label if model.rome else "code hors référentiel"
    return f"{model.rome_code} — {label}"


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
        "needs_licence": "Permis B exigé",
        "reachable_by_public_transport": "Lieu desservi par les transports en commun",
        "shifted_hours": "Horaires décalés (nuit, tôt le matin, week-end)",
    }
    column_descriptions = {
        "rome_code": "Une lettre et quatre chiffres (ex. K2204). Le libellé vient du "
        "référentiel des codes ROME.",
        "public_contract": "Clause d'insertion seulement : le marché public qui porte la clause.",
        "insertion_hours": "Clause d'insertion seulement : heures d'insertion prévues au marché.",
        "needs_licence": "Pris en compte dans le classement des candidats possibles.",
        "reachable_by_public_transport": "Décochez pour un lieu peu ou pas desservi : les "
        "personnes sans permis ni véhicule sont classées plus bas.",
        "shifted_hours": "Signale les personnes avec un frein fort de garde d'enfants.",
    }
    column_list = ("title", "employer", "rome_code", "channel", "start_date", "positions", "status")
    column_formatters = {"title": _title_with_page_link, "rome_code": _rome_with_label}
    column_formatters_detail = {"rome_code": _rome_with_label}
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
    list_preload = (joinedload(Opportunity.employer), joinedload(Opportunity.rome))
    form_excluded_columns = ("version", "created_at", "updated_at", "rome")
    column_details_exclude_list = ("version", "rome")
    form_ajax_refs = {
        "employer": {"fields": ("name", "siret"), "placeholder": "Employeur (nom ou SIRET)"}
    }
    form_args = {
        "rome_code": {
            "filters": [_rome_code],
            "validators": [Optional(), Regexp(ROME_FORMAT, message=ROME_MESSAGE)],
        }
    }
    form_widget_args = {"rome_code": {"list": "rome-codes", "autocomplete": "off"}}
    create_template = "placement/opportunity_create.html"
    edit_template = "placement/opportunity_edit.html"

    def render(self, template: str, **kwargs: Any) -> Any:
        if template in (self.create_template, self.edit_template):
            kwargs["rome_codes"] = db.session.execute(
                select(RomeCode.code, RomeCode.label)
                .where(RomeCode.active.is_(True))
                .order_by(RomeCode.code)
            ).all()
        return super().render(template, **kwargs)

    def on_model_change(self, form: Any, model: Opportunity, is_created: bool) -> None:
        if model.channel == Channel.CLAUSE and not model.insertion_hours:
            raise ValidationError(
                "Pour une clause d'insertion, indiquez les heures d'insertion prévues au marché."
            )
        super().on_model_change(form, model, is_created)

    def handle_view_exception(self, exc: Exception) -> bool:
        if isinstance(exc, ValidationError):  # a ValueError the base view would call generic
            flash(str(exc), "error")
            return True
        return super().handle_view_exception(exc)


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
        "contract_type": "Contrat (si retenu)",
        "job_start_date": "Début du contrat",
        "insertion_hours": "Heures d'insertion réalisées",
        "steps": "Étapes",
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
    # Status, steps and hire change through the positioning's buttons (schema.operations).
    form_columns = ("accompaniment", "opportunity", "event", "notes")
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

    def edit_form(self, obj: Any = None) -> Any:
        form = super().edit_form(obj)
        for name in ("accompaniment", "opportunity", "event"):
            if name in form:
                del form[name]
        return form

    def create_model(self, form: Any) -> Any:
        """A positioning created here goes through the same operation as "Positionner"."""
        try:
            positioning = positioning_ops.position(
                db.session,
                form.accompaniment.data,
                opportunity=form.opportunity.data,
                event=form.event.data,
                notes=form.notes.data,
                by=current_user,
                today=clock.today(),
            )
            audit.record(
                "create",
                entity="Positioning",
                entity_id=positioning.id,
                person_id=positioning.accompaniment.person_id,
                fields=["accompaniment_id", "opportunity_id", "event_id", "notes"],
            )
            db.session.commit()
        except WorkflowError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return False
        except SQLAlchemyError as exc:
            db.session.rollback()
            if not self.handle_view_exception(exc):
                raise
            return False
        self.after_model_change(form, positioning, True)
        return positioning


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
        "status_on": "Date du statut",
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
    # The status moves through the accompaniment page's buttons (phase, qualification).
    form_excluded_columns = ("version", "created_at", "updated_at", "status", "status_on")
    column_details_exclude_list = ("version",)
    form_ajax_refs = ACCOMPANIMENT_AJAX
