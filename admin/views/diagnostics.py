"""Console views of diagnostics, barriers, ROME aspirations and action plan items."""

from __future__ import annotations

from typing import Any

from flask_admin.contrib.sqla.filters import FilterEqual
from flask_login import current_user
from sqlalchemy.orm import joinedload
from wtforms import TextAreaField

from admin.views.base import SecuredModelView
from admin.views.fields import (
    FREE_TEXT_MAX_LENGTH,
    enum_filters,
    free_text_fields,
    reference_options,
)
from admin.views.pathway import ACCOMPANIMENT_AJAX
from schema import Accompaniment, BarrierFamily, Diagnostic, DiagnosticBarrier, PlanItem
from schema.enums import BarrierIntensity, BarrierStatus, DiagnosticKind, PlanItemStatus

DIAGNOSTIC_AJAX = {
    "diagnostic": {
        "fields": ("id",),
        "placeholder": "N° du diagnostic",
        "loader_options": (joinedload(Diagnostic.accompaniment).joinedload(Accompaniment.person),),
    }
}
BY_DIAGNOSTIC_PRELOAD = lambda model: (  # noqa: E731
    joinedload(model.diagnostic)
    .joinedload(Diagnostic.accompaniment)
    .joinedload(Accompaniment.person),
)


class DiagnosticView(SecuredModelView):
    area = "diagnostics"
    enums = {"kind": DiagnosticKind}
    column_labels = {
        "accompaniment": "Accompagnement",
        "kind": "Type",
        "done_on": "Réalisé le",
        "skills": "Compétences",
        "aptitudes": "Aptitudes",
        "aspirations": "Aspirations",
        "author": "Auteur·rice",
    }
    column_list = ("accompaniment", "kind", "done_on", "author")
    column_default_sort = [("done_on", True)]
    column_sortable_list = ("kind", "done_on")
    column_filters = [*enum_filters(Diagnostic.kind, "Type", DiagnosticKind), "done_on"]
    column_searchable_list = ("accompaniment.person.search_key",)
    list_preload = (
        joinedload(Diagnostic.accompaniment).joinedload(Accompaniment.person),
        joinedload(Diagnostic.author),
    )
    form_excluded_columns = (
        "version",
        "created_at",
        "updated_at",
        "author",
        "barriers",
        "rome_aspirations",
        "plan_items",
    )
    column_details_exclude_list = ("version",)
    form_ajax_refs = ACCOMPANIMENT_AJAX
    form_overrides = {
        "skills": TextAreaField,
        "aptitudes": TextAreaField,
        "aspirations": TextAreaField,
    }
    form_args, form_widget_args = free_text_fields(
        dict.fromkeys(("skills", "aptitudes", "aspirations"), FREE_TEXT_MAX_LENGTH)
    )

    def on_model_change(self, form: Any, model: Diagnostic, is_created: bool) -> None:
        if is_created:
            model.author_id = current_user.id
        super().on_model_change(form, model, is_created)

    def person_id_of(self, model: Diagnostic) -> int | None:
        return model.accompaniment.person_id if model.accompaniment else None


class DiagnosticBarrierView(SecuredModelView):
    area = "diagnostics"
    enums = {"intensity": BarrierIntensity, "status": BarrierStatus}
    column_labels = {
        "diagnostic": "Diagnostic",
        "barrier_family": "Frein",
        "intensity": "Intensité",
        "status": "Statut",
        "note": "Précision",
    }
    column_list = ("diagnostic", "barrier_family", "intensity", "status")
    column_default_sort = [("id", True)]
    column_sortable_list = ("intensity", "status")
    column_filters = [
        FilterEqual(
            DiagnosticBarrier.barrier_family_id, "Frein", options=reference_options(BarrierFamily)
        ),
        *enum_filters(DiagnosticBarrier.intensity, "Intensité", BarrierIntensity),
        *enum_filters(DiagnosticBarrier.status, "Statut", BarrierStatus),
    ]
    list_preload = (
        *BY_DIAGNOSTIC_PRELOAD(DiagnosticBarrier),
        joinedload(DiagnosticBarrier.barrier_family),
    )
    form_excluded_columns = ("version",)
    column_details_exclude_list = ("version",)
    form_ajax_refs = DIAGNOSTIC_AJAX
    form_overrides = {"note": TextAreaField}
    form_args, form_widget_args = free_text_fields({"note": 1000})

    def person_id_of(self, model: DiagnosticBarrier) -> int | None:
        return model.diagnostic.accompaniment.person_id if model.diagnostic else None


class PlanItemView(SecuredModelView):
    area = "diagnostics"
    enums = {"status": PlanItemStatus}
    column_labels = {
        "diagnostic": "Diagnostic",
        "label": "Action du plan",
        "due_on": "Échéance",
        "status": "Statut",
    }
    column_list = ("diagnostic", "label", "due_on", "status")
    column_default_sort = [("due_on", False)]
    column_sortable_list = ("label", "due_on", "status")
    column_filters = [*enum_filters(PlanItem.status, "Statut", PlanItemStatus), "due_on"]
    column_searchable_list = ("label",)
    list_preload = BY_DIAGNOSTIC_PRELOAD(PlanItem)
    form_excluded_columns = ("version",)
    column_details_exclude_list = ("version",)
    form_ajax_refs = DIAGNOSTIC_AJAX

    def person_id_of(self, model: PlanItem) -> int | None:
        return model.diagnostic.accompaniment.person_id if model.diagnostic else None
