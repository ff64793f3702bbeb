"""Console views of workshop sessions and attendance."""

from __future__ import annotations

from typing import Any

from flask import flash
from flask_admin.contrib.sqla.filters import FilterEqual
from sqlalchemy.orm import joinedload

from admin.database import db
from admin.views.base import SecuredModelView
from admin.views.fields import enum_filters, reference_options
from schema import Attendance, Workshop, WorkshopSession
from schema.attendance_operations import AttendanceError, ensure_seat
from schema.enums import AttendanceStatus


class WorkshopSessionView(SecuredModelView):
    area = "workshops"
    column_labels = {
        "workshop": "Atelier",
        "starts_at": "Début",
        "ends_at": "Fin",
        "place": "Lieu",
        "facilitator": "Animateur·rice",
        "capacity": "Places",
        "created_at": "Créée le",
    }
    column_list = ("workshop", "starts_at", "ends_at", "place", "facilitator", "capacity")
    column_default_sort = [("starts_at", True)]
    column_sortable_list = (("workshop", "workshop.label"), "starts_at", "place", "capacity")
    column_searchable_list = ("place", "facilitator")
    column_filters = [
        FilterEqual(WorkshopSession.workshop_id, "Atelier", options=reference_options(Workshop)),
        "starts_at",
        "place",
    ]
    list_preload = (joinedload(WorkshopSession.workshop),)
    form_excluded_columns = ("version", "created_at", "updated_at", "attendances")
    column_details_exclude_list = ("version",)


class AttendanceView(SecuredModelView):
    area = "workshops"
    enums = {"status": AttendanceStatus}
    column_labels = {
        "session": "Séance",
        "person": "Personne",
        "accompaniment": "Accompagnement",
        "status": "Présence",
        "signed": "Émargé",
    }
    column_list = ("session", "person", "status", "signed")
    column_default_sort = [("id", True)]
    column_sortable_list = (("person", "person.search_key"), "status", "signed")
    column_searchable_list = ("person.search_key", "person.caf_number")
    column_filters = [
        *enum_filters(Attendance.status, "Présence", AttendanceStatus),
        FilterEqual(Attendance.signed, "Émargé", options=[("1", "Oui"), ("0", "Non")]),
        FilterEqual("session.workshop_id", "Atelier", options=reference_options(Workshop)),
    ]
    list_preload = (
        joinedload(Attendance.session).joinedload(WorkshopSession.workshop),
        joinedload(Attendance.person),
    )
    form_excluded_columns = ("version", "created_at", "updated_at")
    column_details_exclude_list = ("version",)
    form_ajax_refs = {
        "person": {"placeholder": "Rechercher une personne (nom ou n° CAF)"},
        "session": {
            "fields": ("place",),
            "placeholder": "Lieu de la séance",
            "loader_options": (joinedload(WorkshopSession.workshop),),
        },
        "accompaniment": {"placeholder": "Accompagnement de la personne"},
    }

    def on_model_change(self, form: Any, model: Attendance, is_created: bool) -> None:
        # The same capacity rule as the attendance sheet (R7 pages): a full séance refuses.
        if is_created and model.session is not None:
            ensure_seat(db.session, model.session.id)
        super().on_model_change(form, model, is_created)

    def handle_view_exception(self, exc: Exception) -> bool:
        if isinstance(exc, AttendanceError):
            flash(str(exc), "error")
            return True
        return super().handle_view_exception(exc)
