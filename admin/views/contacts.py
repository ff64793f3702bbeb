"""Console view of contacts and interviews."""

from __future__ import annotations

from typing import Any

from flask_admin.contrib.sqla.filters import FilterEqual
from flask_login import current_user
from sqlalchemy import inspect
from sqlalchemy.orm import joinedload
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from admin import clock
from admin.database import db
from admin.views.base import SecuredModelView
from admin.views.fields import enum_filters
from admin.views.pathway import ACCOMPANIMENT_AJAX, CounsellorFilter
from schema import Accompaniment, Contact
from schema.contacts import SYNTHESIS_HELP, SYNTHESIS_MAX_LENGTH
from schema.enums import ContactMode, ContactStatus
from schema.operations.agenda import contact_saved


class ContactView(SecuredModelView):
    area = "contacts"
    sensitive_columns = ("synthesis",)
    enums = {"mode": ContactMode, "status": ContactStatus}
    column_labels = {
        "accompaniment": "Personne accompagnée",
        "planned_at": "Prévu le",
        "held_at": "Réalisé le",
        "mode": "Mode",
        "status": "Statut",
        "duration_minutes": "Durée (minutes)",
        "synthesis": "Synthèse",
        "signed": "Émargé",
        "ps_entered_on": "Saisi sur Parcours Solidarités le",
        "ps_entered_by": "Saisi sur Parcours Solidarités par",
        "created_by": "Créé par",
        "created_at": "Créé le",
        "updated_at": "Modifié le",
    }
    column_list = (
        "accompaniment",
        "planned_at",
        "held_at",
        "mode",
        "status",
        "signed",
        "ps_entered_on",
    )
    # The export adds the duration and the synthesis (left out for roles that may not read it).
    column_export_list = (*column_list, "duration_minutes", "synthesis")
    column_default_sort = [("planned_at", True)]
    column_sortable_list = ("planned_at", "held_at", "mode", "status", "signed", "ps_entered_on")
    column_searchable_list = ("accompaniment.person.search_key", "accompaniment.person.caf_number")
    column_filters = [
        *enum_filters(Contact.mode, "Mode", ContactMode),
        *enum_filters(Contact.status, "Statut", ContactStatus),
        FilterEqual(Contact.signed, "Émargé", options=[("1", "Oui"), ("0", "Non")]),
        CounsellorFilter("accompaniment.counsellor_id"),
        "planned_at",
        "held_at",
        "ps_entered_on",
    ]
    list_preload = (joinedload(Contact.accompaniment).joinedload(Accompaniment.person),)
    form_excluded_columns = ("version", "created_at", "updated_at", "created_by", "ps_entered_by")
    column_details_exclude_list = ("version",)
    form_overrides = {"synthesis": TextAreaField}
    form_args = {
        "synthesis": {
            "description": SYNTHESIS_HELP,
            "validators": [Optional(), Length(max=SYNTHESIS_MAX_LENGTH)],
        }
    }
    form_widget_args = {"synthesis": {"rows": 6, "maxlength": SYNTHESIS_MAX_LENGTH}}
    form_ajax_refs = ACCOMPANIMENT_AJAX

    def on_model_change(self, form: Any, model: Contact, is_created: bool) -> None:
        if is_created:
            model.created_by_id = current_user.id
        if model.ps_entered_on and model.ps_entered_by_id is None:
            model.ps_entered_by_id = current_user.id
        state = inspect(model)
        contact_saved(  # a WorkflowError is shown on the form by the base view
            db.session,
            model,
            was_status=None if is_created else _before(state, "status"),
            was_planned_at=None if is_created else _before(state, "planned_at"),
            now=clock.now(),
        )
        super().on_model_change(form, model, is_created)


def _before(state: Any, name: str) -> Any:
    """The value an attribute had when the record was read (before the form changed it)."""
    history = state.attrs[name].history
    return history.deleted[0] if history.deleted else getattr(state.object, name)
