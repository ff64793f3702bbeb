"""« Journal d'audit »: read-only, filterable, exported (and that export is itself audited).

Times are stored in UTC and shown in Europe/Paris; the date filters take Paris days. A role that
may not see people (the admin, ``sees_people``) reads who did what to which object, when and
from where: never the person concerned nor the free-text detail, in the list, the details or
the export, and it may neither filter on a person nor search the detail.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask_admin.contrib.sqla.filters import (
    BaseSQLAFilter,
    FilterEqual,
    FilterLike,
    IntEqualFilter,
)
from flask_admin.model.filters import BaseDateFilter
from sqlalchemy import select

from admin import audit
from admin.permissions import sees_people
from admin.timezone import fr_paris, paris_day_start_utc, utc_to_paris
from admin.views.base import SecuredModelView, current_role
from admin.views.fields import LazyOptions
from exports.writer import Column, Kind
from schema import AuditLog, Person, User
from schema.text import fold

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_COLUMNS = [
    Column("Date et heure (Paris)", Kind.DATETIME, 20),
    Column("Utilisateur·rice", Kind.TEXT, 30),
    Column("Adresse IP", Kind.ID, 16),
    Column("Action", Kind.TEXT, 28),
    Column("Objet", Kind.TEXT, 18),
    Column("N° de l'objet", Kind.INT, 12),
    Column("Personne n°", Kind.INT, 12),
    Column("Champs modifiés", Kind.TEXT, 40),
    Column("Détail", Kind.TEXT, 60),
]


class ParisDayFilter(BaseSQLAFilter, BaseDateFilter):
    """A day typed in Paris time, compared with the UTC timestamp column."""

    def __init__(self, column: Any, name: str, until: bool) -> None:
        super().__init__(column, name)
        self.until = until

    def clean(self, value: str) -> date:
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
        raise ValueError(value)

    def validate(self, value: str) -> bool:
        try:
            self.clean(value)
        except ValueError:
            return False
        return True

    def apply(self, query: Any, value: date, alias: Any = None) -> Any:
        if self.until:
            return query.filter(self.column < paris_day_start_utc(value + timedelta(days=1)))
        return query.filter(self.column >= paris_day_start_utc(value))

    def operation(self) -> str:
        return "jusqu'au (inclus)" if self.until else "à partir du"


class PersonNameFilter(BaseSQLAFilter):
    """Entries about people whose name starts with the typed text (accents and case ignored)."""

    def apply(self, query: Any, value: str, alias: Any = None) -> Any:
        people = select(Person.id).where(Person.search_key.like(f"{fold(value)}%"))
        return query.filter(AuditLog.person_id.in_(people))

    def operation(self) -> str:
        return "commence par"


class AuditLogView(SecuredModelView):
    area = "audit"
    # About people: hidden, with the filters on them and the search in the detail, from a role
    # that may not see people (see _shows_sensitive).
    sensitive_columns = ("person_id", "detail")
    can_view_details = True
    export_filename = "journal-audit.xlsx"
    column_export_list = (
        "at",
        "user_label",
        "ip",
        "action",
        "entity",
        "entity_id",
        "person_id",
        "fields",
        "detail",
    )
    column_export_getters = {
        "at": lambda entry: utc_to_paris(entry.at),
        "action": lambda entry: audit.action_label(entry.action),
    }
    column_labels = {
        "at": "Date (heure de Paris)",
        "user_label": "Utilisateur·rice",
        "ip": "Adresse IP",
        "action": "Action",
        "entity": "Objet",
        "entity_id": "N°",
        "person_id": "Personne n°",
        "fields": "Champs modifiés",
        "detail": "Détail",
    }
    column_list = ("at", "user_label", "action", "entity", "entity_id", "person_id", "fields", "ip")
    column_details_list = (
        "at",
        "user_label",
        "ip",
        "action",
        "entity",
        "entity_id",
        "person_id",
        "fields",
        "detail",
    )
    column_default_sort = [("at", True)]
    column_sortable_list = ("at", "user_label", "action", "entity")
    column_searchable_list = ("user_label", "detail")
    column_formatters = {
        "at": lambda view, context, model, name: fr_paris(model.at),
        "action": lambda view, context, model, name: audit.action_label(model.action),
    }
    column_formatters_detail = column_formatters
    column_filters = [
        IntEqualFilter(AuditLog.person_id, "Personne n°"),
        PersonNameFilter(AuditLog.person_id, "Personne (nom)"),
        IntEqualFilter(
            AuditLog.user_id, "Utilisateur·rice", options=LazyOptions(User, "email", "email")
        ),
        FilterLike(AuditLog.user_label, "E-mail saisi ou utilisateur·rice"),
        FilterEqual(AuditLog.action, "Action", options=list(audit.ACTION_LABELS.items())),
        FilterEqual(AuditLog.entity, "Objet"),
        ParisDayFilter(AuditLog.at, "Date", until=False),
        ParisDayFilter(AuditLog.at, "Date", until=True),
        FilterEqual(AuditLog.ip, "Adresse IP"),
    ]

    def _may(self, permission: str) -> bool:
        # Read-only for everyone: the log is never edited or deleted from the console.
        return permission in ("read", "export") and super()._may("read")

    def _shows_sensitive(self) -> bool:
        return sees_people(current_role())

    def search_placeholder(self) -> str:
        return "Utilisateur·rice ou détail" if self._shows_sensitive() else "Utilisateur·rice"
