"""Console views of accompaniments, CER, Parcours Solidarités actions and outcomes."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_admin.contrib.sqla.filters import BaseSQLAFilter, FilterEqual, FilterNotEqual
from flask_admin.menu import MenuLink
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from wtforms import TextAreaField

from admin.filters import fr_date
from admin.views.base import SecuredModelView, current_role
from admin.views.convocation import ConvocationLink
from admin.views.fields import (
    FREE_TEXT_MAX_LENGTH,
    LazyOptions,
    enum_filters,
    free_text_fields,
    reference_options,
)
from admin.views.people import attendance_history_link
from admin.views.rule_filters import rule_filters, sort_by_entry_date
from exports.writer import Kind
from schema import Accompaniment, Action, Cer, Counsellor, ExitReason, Outcome
from schema.enums import (
    AccompanimentStatus,
    ActionKind,
    CerKind,
    CerPendingReason,
    Phase,
    Role,
    Situation,
)

PERSON_SEARCH = ("person.search_key", "person.caf_number")
ACCOMPANIMENT_AJAX = {
    "accompaniment": {
        "placeholder": "Rechercher une personne accompagnée (nom ou n° CAF)",
        "loader_options": (joinedload(Accompaniment.person),),
    }
}


def person_with_pathway_link(view: Any, context: Any, model: Accompaniment, name: str) -> Any:
    """The person's name, linking to the accompaniment page (rules and workflow buttons) for the
    roles that may open it."""
    if current_role() not in (Role.MANAGER, Role.COUNSELLOR, Role.FUNDER):
        return str(model.person)
    url = url_for("parcours.show", accompaniment_id=model.id)
    return Markup(f'<a href="{escape(url)}">{escape(model.person)}</a>')


# Beyond this many counsellors (a département), the counsellor filter is a name to type.
COUNSELLOR_CHOICES_MAX = 200


class CounsellorFilter(FilterEqual):
    """The accompaniment's counsellor, chosen in a list; when there are too many counsellors to
    list, typed: part of the name (or the counsellor's number)."""

    def __init__(self, column: Any, name: str = "Conseiller·ère") -> None:
        options = LazyOptions(
            Counsellor, "display_name", "display_name", max_choices=COUNSELLOR_CHOICES_MAX
        )
        super().__init__(column, name, options=options)

    def validate(self, value: str) -> bool:
        return bool(value.strip())

    def apply(self, query: Any, value: str, alias: Any = None) -> Any:
        column = self.get_column(alias)
        value = value.strip()
        if value.isdigit():
            return query.filter(column == int(value))
        named = func.lower(Counsellor.display_name).contains(value.lower(), autoescape=True)
        return query.filter(column.in_(select(Counsellor.id).where(named)))


class WithoutCounsellorFilter(BaseSQLAFilter):
    """ "Sans conseiller·ère : Oui" lists the accompaniments still to assign ("à affecter")."""

    def __init__(self, column: Any, name: str) -> None:
        super().__init__(column, name, options=(("1", "Oui"), ("0", "Non")))

    def validate(self, value: str) -> bool:
        return value in ("0", "1")

    def apply(self, query: Any, value: str, alias: Any = None) -> Any:
        column = self.get_column(alias)
        return query.filter(column.is_(None) if value == "1" else column.is_not(None))

    def operation(self) -> str:
        return "est"


def _orientation_date(view: Any, context: Any, model: Accompaniment, name: str) -> Markup | str:
    return fr_date(model.orientation.decision_date) if model.orientation else ""


class AccompanimentView(SecuredModelView):
    area = "accompaniments"
    column_extra_row_actions = [attendance_history_link(), ConvocationLink()]
    counsellor_locked_fields = ("counsellor",)
    enums = {
        "status": AccompanimentStatus,
        "phase": Phase,
        "cer_pending_reason": CerPendingReason,
    }
    column_labels = {
        "person": "Personne",
        "counsellor": "Conseiller·ère",
        "orientation": "Orientation",
        "status": "Statut",
        "phase": "Phase",
        "entry_date": "Entrée (1er RDV)",
        "planned_end": "Fin prévue",
        "extension_reason": "Motif de prolongation",
        "exit_date": "Date de sortie",
        "exit_reason": "Motif de sortie",
        "follow_ups": "Suites préconisées",
        "cer_pending_reason": "CER à signer : motif",
        "cer_pending_note": "CER à signer : précision",
        "created_at": "Créé le",
        "updated_at": "Modifié le",
    }
    column_list = (
        "person",
        "counsellor",
        "orientation",
        "status",
        "phase",
        "entry_date",
        "planned_end",
        "exit_date",
    )
    column_sortable_list = (
        ("person", "person.search_key"),
        ("counsellor", "counsellor.display_name"),
        ("orientation", "orientation.decision_date"),
        "status",
        "phase",
        "entry_date",
        "planned_end",
        "exit_date",
    )
    column_default_sort = [("entry_date", True)]
    column_formatters = {"person": person_with_pathway_link, "orientation": _orientation_date}
    column_export_getters = {
        "orientation": lambda a: a.orientation.decision_date if a.orientation else None
    }
    column_export_kinds = {"orientation": Kind.DATE}
    column_searchable_list = PERSON_SEARCH
    column_filters = [
        *enum_filters(Accompaniment.status, "Statut", AccompanimentStatus),
        *enum_filters(Accompaniment.phase, "Phase", Phase),
        CounsellorFilter(Accompaniment.counsellor_id),
        WithoutCounsellorFilter(Accompaniment.counsellor_id, "Sans conseiller·ère"),
        FilterEqual(
            Accompaniment.exit_reason_id, "Motif de sortie", options=reference_options(ExitReason)
        ),
        "entry_date",
        "planned_end",
        "exit_date",
        *rule_filters(),
    ]
    list_preload = (
        joinedload(Accompaniment.person),
        joinedload(Accompaniment.counsellor),
        joinedload(Accompaniment.orientation),
    )

    def _apply_sorting(self, query: Any, joins: Any, sort_column: Any, sort_desc: Any) -> Any:
        # Filtered on one alert and sorted by entry date (the default): through the rule's index.
        by_entry_date = sort_column is None or (
            self._sortable_columns.get(sort_column) is Accompaniment.entry_date
        )
        if by_entry_date:
            default_desc = self.column_default_sort[0][1]  # ("entry_date", newest first)
            descending = default_desc if sort_column is None else bool(sort_desc)
            sorted_query = sort_by_entry_date(query, descending)
            if sorted_query is not None:
                return sorted_query, joins
        return super()._apply_sorting(query, joins, sort_column, sort_desc)

    # The CER left to sign is set and cleared by the workflow (first appointment, signature).
    form_excluded_columns = (
        "version",
        "created_at",
        "updated_at",
        "cers",
        "outcome",
        "cer_pending_reason",
        "cer_pending_note",
    )
    form_overrides = {"follow_ups": TextAreaField}
    form_args, form_widget_args = free_text_fields(
        {"follow_ups": FREE_TEXT_MAX_LENGTH, "extension_reason": 500}
    )
    column_details_exclude_list = ("version",)
    form_ajax_refs = {
        "person": {
            "fields": ("search_key", "caf_number"),
            "placeholder": "Rechercher une personne (nom ou n° CAF)",
            "minimum_input_length": 2,
        },
        "orientation": {"fields": ("reference",), "placeholder": "Référence de l'orientation"},
    }

    def on_model_change(self, form: Any, model: Accompaniment, is_created: bool) -> None:
        if is_created and current_role() == Role.COUNSELLOR:
            model.counsellor = current_user.counsellor
        super().on_model_change(form, model, is_created)

    def to_assign_url(self) -> str:
        """The list "à affecter": open accompaniments without a counsellor, oldest D0 first."""
        args: dict[str, Any] = {}
        for key, (_index, flt) in self._filter_args.items():
            if isinstance(flt, WithoutCounsellorFilter):
                args[f"flt1_{key}"] = "1"
            elif isinstance(flt, FilterNotEqual) and flt.column is Accompaniment.status:
                args[f"flt2_{key}"] = AccompanimentStatus.CLOS.value
        args["sort"] = [name for name, _label in self._list_columns].index("orientation")
        return url_for(f"{self.endpoint}.index_view", **args)


class ToAssignLink(MenuLink):
    """Menu entry "À affecter" for the manager (who assigns counsellors)."""

    def __init__(self, view: AccompanimentView, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.view = view

    def get_url(self) -> str:
        return self.view.to_assign_url()

    def is_accessible(self) -> bool:
        return current_role() == Role.MANAGER

    def is_visible(self) -> bool:
        return self.is_accessible()


class CerView(SecuredModelView):
    area = "pathway"
    sensitive_columns = ("objectives",)
    enums = {"kind": CerKind}
    column_labels = {
        "accompaniment": "Accompagnement",
        "kind": "Type",
        "signed_on": "Signé le",
        "start_date": "Début",
        "end_date": "Fin",
        "objectives": "Objectifs",
        "weekly_hours": "Heures d'activité par semaine",
        "reduced_hours_reason": "Motif de réduction (< 15 h)",
        "not_signed_reason": "Motif de non-signature",
    }
    column_list = ("accompaniment", "kind", "signed_on", "start_date", "end_date", "weekly_hours")
    column_default_sort = [("signed_on", True)]
    column_sortable_list = ("kind", "signed_on", "start_date", "end_date")
    column_filters = [*enum_filters(Cer.kind, "Type", CerKind), "signed_on", "start_date"]
    column_searchable_list = ("accompaniment.person.search_key",)
    list_preload = (joinedload(Cer.accompaniment).joinedload(Accompaniment.person),)
    form_excluded_columns = ("version", "created_at", "updated_at")
    form_overrides = {"objectives": TextAreaField}
    form_args, form_widget_args = free_text_fields(
        {"objectives": FREE_TEXT_MAX_LENGTH, "reduced_hours_reason": 500, "not_signed_reason": 500}
    )
    column_details_exclude_list = ("version",)
    form_ajax_refs = ACCOMPANIMENT_AJAX


class ActionView(SecuredModelView):
    area = "pathway"
    enums = {"kind": ActionKind}
    column_labels = {
        "accompaniment": "Accompagnement",
        "kind": "Action",
        "start_date": "Début",
        "end_date": "Fin",
        "reason": "Motif",
        "decision": "Décision",
        "decision_date": "Date de décision",
        "outcome": "Résultat",
        "created_by": "Saisie par",
        "ps_entered_on": "Saisie sur Parcours Solidarités le",
        "ps_entered_by": "Saisie sur Parcours Solidarités par",
    }
    column_list = ("accompaniment", "kind", "start_date", "end_date", "decision", "ps_entered_on")
    column_default_sort = [("start_date", True)]
    column_sortable_list = ("kind", "start_date", "end_date", "ps_entered_on")
    column_filters = [
        *enum_filters(Action.kind, "Action", ActionKind),
        "start_date",
        "end_date",
        "ps_entered_on",
    ]
    column_searchable_list = ("accompaniment.person.search_key",)
    list_preload = (joinedload(Action.accompaniment).joinedload(Accompaniment.person),)
    form_excluded_columns = ("version", "created_at", "updated_at", "created_by", "ps_entered_by")
    form_args, form_widget_args = free_text_fields({"reason": 500, "decision": 500, "outcome": 500})
    column_details_exclude_list = ("version",)
    form_ajax_refs = ACCOMPANIMENT_AJAX

    def on_model_change(self, form: Any, model: Action, is_created: bool) -> None:
        if is_created:
            model.created_by_id = current_user.id
        super().on_model_change(form, model, is_created)


class OutcomeView(SecuredModelView):
    area = "pathway"
    enums = {"situation_4_weeks": Situation, "situation_6_months": Situation}
    column_labels = {
        "accompaniment": "Accompagnement",
        "contract_type": "Type de contrat",
        "employer": "Employeur",
        "job_start_date": "Début du contrat",
        "situation_4_weeks": "Situation dans les 4 semaines",
        "situation_4_weeks_on": "Observée le",
        "situation_6_months": "Situation à 6 mois",
        "situation_6_months_on": "Observée le (6 mois)",
        "qualification_obtained": "Qualification obtenue",
    }
    column_list = (
        "accompaniment",
        "contract_type",
        "employer",
        "job_start_date",
        "situation_4_weeks",
        "situation_6_months",
    )
    column_default_sort = [("job_start_date", True)]
    column_sortable_list = ("job_start_date", "situation_4_weeks", "situation_6_months")
    column_filters = [
        *enum_filters(Outcome.situation_4_weeks, "Situation dans les 4 semaines", Situation),
        *enum_filters(Outcome.situation_6_months, "Situation à 6 mois", Situation),
        "job_start_date",
    ]
    column_searchable_list = ("accompaniment.person.search_key",)
    list_preload = (
        joinedload(Outcome.accompaniment).joinedload(Accompaniment.person),
        joinedload(Outcome.contract_type),
        joinedload(Outcome.employer),
    )
    form_excluded_columns = ("version", "created_at", "updated_at")
    column_details_exclude_list = ("version",)
    form_ajax_refs = {
        **ACCOMPANIMENT_AJAX,
        "employer": {"fields": ("name", "siret"), "placeholder": "Employeur (nom ou SIRET)"},
    }
