"""« Journal d'audit »: read-only, filterable, exported (and that export is itself audited).

Times are stored in UTC and shown in Europe/Paris; the date filters take Paris days.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import BytesIO
from typing import Any

from flask import Response
from flask_admin import expose
from flask_admin.contrib.sqla.filters import (
    BaseSQLAFilter,
    FilterEqual,
    FilterLike,
    IntEqualFilter,
)
from flask_admin.model.filters import BaseDateFilter
from sqlalchemy import select

from admin import audit
from admin.database import db
from admin.timezone import fr_paris, paris_day_start_utc, utc_to_paris
from admin.views.base import SecuredModelView
from admin.views.fields import LazyOptions
from exports.writer import Column, Kind, Sheet, write_workbook
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
    can_view_details = True
    list_template = "admin/privacy/audit_list.html"
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
        return permission == "read" and super()._may("read")

    def search_placeholder(self) -> str:
        return "Utilisateur·rice ou détail"

    @expose("/export.xlsx")
    def export_xlsx(self) -> Any:
        """The entries of the current list (same filters, search and sort) as a spreadsheet."""
        args = self._get_list_extra_args()
        sort = self._get_column_by_idx(args.sort)
        _count, query = self.get_list(
            0,
            sort[0] if sort else None,
            args.sort_desc,
            args.search,
            args.filters,
            execute=False,
            page_size=0,
        )
        sheet = Sheet("Journal d'audit", EXPORT_COLUMNS, _export_rows(query))
        buffer = BytesIO()
        write_workbook([sheet], buffer)
        audit.record_export("Journal d'audit", self._filters_description(args), sheet.written)
        db.session.commit()
        return Response(
            buffer.getvalue(),
            mimetype=XLSX,
            headers={"Content-Disposition": 'attachment; filename="journal-audit.xlsx"'},
        )

    def _filters_description(self, args: Any) -> dict[str, str]:
        described = {}
        for _index, name, value in args.filters or ():
            described[name] = value
        if args.search:
            described["Recherche"] = args.search
        return described


def _export_rows(query: Any):
    for entry in query.yield_per(1000):
        yield (
            utc_to_paris(entry.at),
            entry.user_label,
            entry.ip,
            audit.action_label(entry.action),
            entry.entity,
            entry.entity_id,
            entry.person_id,
            entry.fields,
            entry.detail,
        )
