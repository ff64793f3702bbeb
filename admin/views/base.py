"""The one hardened base view every console view derives from.

Login and role checks, row scoping on every path (list, count, details, edit, delete, bulk
actions, inline edits, relation pickers), CSRF through the form base class, deterministic sort,
related rows preloaded, sensitive columns hidden by role, optimistic locking, French errors.
"""

from __future__ import annotations

import logging
import warnings
from datetime import date, datetime
from typing import Any, ClassVar

from flask import abort, flash, has_request_context, redirect, request, url_for
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.model import typefmt
from flask_login import current_user
from sqlalchemy import false, func, inspect, or_, select
from sqlalchemy.exc import SQLAlchemyError, StatementError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField
from wtforms.validators import ValidationError

from admin import audit
from admin.database import db
from admin.filters import fr_date
from admin.forms import AdminForm
from admin.ids import filter_value_ok, parse_id
from admin.permissions import AREAS, NO_SENSITIVE
from admin.scoping import apply_scope
from admin.views.exporting import ListExport
from admin.views.fields import FrenchConverter
from admin.views.listing import (
    CappedCountQuery,
    found_first,
    last_page,
    related_in,
    search_criterion,
)
from schema import Accompaniment, Person
from schema.base import LabelledEnum
from schema.constraint_messages import GENERIC, explain
from schema.enums import AccompanimentStatus, Role
from schema.operations import WorkflowError
from schema.text import fold

log = logging.getLogger(__name__)

STALE_MESSAGE = (
    "Cet enregistrement a été modifié par quelqu'un d'autre pendant votre saisie. "
    "Vos modifications n'ont pas été enregistrées : elles sont conservées ci-dessous ; "
    "rechargez la fiche pour voir la version à jour avant de les reporter."
)

SEARCH_HINTS = {
    "search_key": "nom et prénom",
    "caf_number": "n° CAF",
    "ps_id": "identifiant Parcours Solidarités",
}

# Which permission each Flask-Admin endpoint needs, besides reading.
_ENDPOINT_PERMISSION = {
    "create_view": "create",
    "edit_view": "edit",
    "ajax_update": "edit",
    "delete_view": "delete",
    "action_view": "delete",
    "export": "export",
    "export_xlsx": "export",
}


def current_role() -> Role | None:
    if has_request_context() and current_user.is_authenticated:
        return Role(current_user.role)
    return None


class ScopedAjaxLoader(QueryAjaxModelLoader):
    """Relation picker limited to the rows the current user may see.

    People are found by the start of their folded name or CAF number; accompaniments by their
    person's, open ones first.
    """

    def __init__(self, name: str, session: Any, model: type, **options: Any) -> None:
        self.loader_options = options.pop("loader_options", ())
        options.setdefault("fields", ("id",))
        options.setdefault("minimum_input_length", 1)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Passing a session object", DeprecationWarning)
            super().__init__(name, session, model, **options)

    def get_list(self, term: str, offset: int = 0, limit: int = 10) -> Any:
        if self.model not in (Person, Accompaniment):
            return super().get_list(term, offset, limit)
        query = self.get_query()
        if self.model is Accompaniment:
            query = query.join(Accompaniment.person).order_by(
                (Accompaniment.status == AccompanimentStatus.CLOS).asc()
            )
        key = fold(term)
        query = query.filter(
            or_(Person.search_key.like(f"{key}%"), Person.caf_number.like(f"{term.strip()}%"))
        ).order_by(Person.search_key, Person.id)
        return query.offset(offset).limit(min(limit, 50)).all()

    def get_query(self) -> Any:
        query = super().get_query().options(*self.loader_options)
        return apply_scope(query, self.model, current_user)

    def get_one(self, pk: Any) -> Any:
        key = parse_id(pk)  # every primary key is an integer; PostgreSQL refuses int = varchar
        if key is None:
            return None
        with db.session.no_autoflush:
            return self.get_query().filter(getattr(self.model, self.pk) == key).one_or_none()


class SecuredModelView(ListExport, ModelView):
    """Base of every model view. Subclasses declare ``area`` and what to show."""

    area: ClassVar[str]
    # Columns hidden from roles that may not see sensitive data (``_shows_sensitive``): left out
    # of the list, details, forms and export, and never searched nor filtered on for them.
    sensitive_columns: ClassVar[tuple[str, ...]] = ()
    # Form fields a counsellor may not change (e.g. who the accompaniment is assigned to).
    counsellor_locked_fields: ClassVar[tuple[str, ...]] = ()
    # Loader options applied to every query of the view (no query per row).
    list_preload: ClassVar[tuple[Any, ...]] = ()
    # Record an audit entry when a user opens a record (details or edit page).
    audit_reads: ClassVar[bool] = False

    # Columns holding an enumeration value: shown with their French label, edited as selects.
    enums: ClassVar[dict[str, type[LabelledEnum]]] = {}
    # List export ("Exporter"): values and cell kinds of columns the list shows via a formatter.
    column_export_getters: ClassVar[dict[str, Any]] = {}
    column_export_kinds: ClassVar[dict[str, Any]] = {}
    export_filename: ClassVar[str | None] = None  # default: "<endpoint>.xlsx"

    list_template = "admin/model/ensemble_list.html"

    form_base_class = AdminForm
    model_form_converter = FrenchConverter
    column_type_formatters = {
        **typefmt.BASE_FORMATTERS,
        date: lambda view, value, name: fr_date(value),
        datetime: lambda view, value, name: fr_date(value),
    }
    column_type_formatters_detail = {
        **typefmt.DETAIL_FORMATTERS,
        date: lambda view, value, name: fr_date(value),
        datetime: lambda view, value, name: fr_date(value),
    }
    can_export = False
    can_view_details = True
    can_set_page_size = True
    page_size = 25
    page_size_options = (25, 50, 100)
    column_display_pk = False
    named_filter_urls = True
    action_disallowed_list = ("delete",)

    def __init__(self, model: type, session: Any = None, **kwargs: Any) -> None:
        if self.enums:
            self.form_choices = {
                **{k: e.choices() for k, e in self.enums.items()},
                **(self.form_choices or {}),
            }
            self.column_choices = {
                **{k: e.choices() for k, e in self.enums.items()},
                **(self.column_choices or {}),
            }
        with warnings.catch_warnings():
            # Flask-Admin 2 deprecates plain scoped sessions in favour of Flask-SQLAlchemy's
            # object; this project keeps SQLAlchemy's own session (pinned below Flask-Admin 3).
            warnings.filterwarnings("ignore", "Passing a session object", DeprecationWarning)
            super().__init__(model, session or db.session, **kwargs)

    # --- Roles ---------------------------------------------------------------------------
    def _may(self, permission: str) -> bool:
        role = current_role()
        if not has_request_context():
            return True  # scaffolding at start-up: build every form and list
        if role is None:
            return False
        if permission == "export":
            permission = "read"  # whoever reads a list may export it (sensitive columns aside)
        return role in getattr(AREAS[self.area], permission)

    def may_export(self) -> bool:
        return self._may("export")

    @property
    def can_create(self) -> bool:  # type: ignore[override]
        return self._may("create")

    @property
    def can_edit(self) -> bool:  # type: ignore[override]
        return self._may("edit")

    @property
    def can_delete(self) -> bool:  # type: ignore[override]
        return self._may("delete")

    def is_accessible(self) -> bool:
        return self._may("read")

    def is_visible(self) -> bool:
        return self._may("read")

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)

    def _handle_view(self, name: str, **kwargs: Any) -> Any:
        response = super()._handle_view(name, **kwargs)
        if response is not None:
            return response
        needed = _ENDPOINT_PERMISSION.get(name)
        if needed and not self._may(needed):
            abort(403)
        if name == "ajax_update" and not self.column_editable_list:
            abort(404)
        if name in ("details_view", "edit_view"):
            self._audit_read()
        return None

    def _shows_sensitive(self) -> bool:
        return current_role() not in NO_SENSITIVE

    def _hidden_columns(self) -> frozenset[str]:
        """The sensitive columns, when the current user may not see them (none at start-up)."""
        if not has_request_context() or self._shows_sensitive():
            return frozenset()
        return frozenset(self.sensitive_columns)

    def _filters_hidden(self, flt: Any) -> bool:
        """Whether a list filter reads one of the model's columns the user may not see."""
        column = getattr(flt, "column", None)
        return (
            getattr(column, "class_", None) is self.model
            and getattr(column, "key", None) in self._hidden_columns()
        )

    # --- Queries: every path goes through get_query / get_count_query ---------------------
    def get_query(self) -> Any:
        query = super().get_query()
        if self.list_preload:
            query = query.options(*self.list_preload)
        return apply_scope(query, self.model, current_user)

    def _get_list_filter_args(self) -> Any:
        # A value the column cannot hold (an integer beyond its range) is dropped, not sent.
        # A filter on a column the user may not see is ignored (it would be an oracle).
        args = super()._get_list_filter_args()
        if not args:
            return args
        kept = []
        for idx, name, value in args:
            if self._filters_hidden(self._filters[idx]):
                continue
            if filter_value_ok(self._filters[idx], value):
                kept.append((idx, name, value))
            else:
                flash(self.get_invalid_value_msg(value, self._filters[idx]), "error")
        return kept

    def _get_filter_groups(self) -> Any:
        # A filter with no choice to offer (LazyOptions beyond its max_choices) is a text box;
        # a filter on a column the user may not see is not offered.
        groups = super()._get_filter_groups()
        if groups and self._hidden_columns():
            for key in list(groups):
                groups[key] = [
                    item
                    for item in groups[key]
                    if not self._filters_hidden(self._filters[item["index"]])
                ]
                if not groups[key]:
                    del groups[key]
        for items in (groups or {}).values():
            for item in items:
                if item.get("options") == []:
                    item["options"] = None
        return groups or None

    def get_count_query(self) -> Any:
        # Counts stop at COUNT_CAP rows ("plus de 1 000"): see admin/views/listing.py.
        query = CappedCountQuery([func.count("*")], session=db.session()).select_from(self.model)
        return apply_scope(query, self.model, current_user)

    def _apply_pagination(self, query: Any, page: int | None, page_size: int | None) -> Any:
        """The page's keys first, then its rows ("deferred join").

        The keys come from the filtered, sorted query without the preloaded relations: the
        planner sees a plain query (PostgreSQL otherwise tends to walk a whole sort index
        through the joins when a scope or filter is selective) and an OFFSET skips keys only.
        The rows, with their relations, are then read for those keys alone, in the same order.
        The pager stops with the capped count: no OFFSET deeper than COUNT_CAP rows.
        """
        size = self.page_size if page_size is None else page_size  # 0: every row (exports)
        if page and size:
            page = min(page, last_page(size))
        if not size:
            return super()._apply_pagination(query, page, page_size)
        pk = inspect(self.model).primary_key[0]
        keys = super()._apply_pagination(query.with_entities(pk), page, size).subquery()
        on_page = pk.in_(select(keys.c[0]))
        rows = query.filter(on_page)
        # The keys carry every criterion (search, filters, scope): the rows need no other one.
        # Left in, a filter's index may drive the rows' statement through every matching row
        # (SQLite, on an index without statistics yet). Query holds them in _where_criteria.
        if isinstance(getattr(rows, "_where_criteria", None), tuple):
            rows._where_criteria = (on_page,)
        return rows

    def get_one(self, id: Any) -> Any:
        pk = inspect(self.model).primary_key[0]
        key = parse_id(id)
        if key is None:
            return None
        return self.get_query().filter(pk == key).one_or_none()

    def _apply_sorting(self, query: Any, joins: Any, sort_column: Any, sort_desc: Any) -> Any:
        query, joins = super()._apply_sorting(query, joins, sort_column, sort_desc)
        # Deterministic order: the primary key breaks ties, in the direction of the sort, so
        # that an index on the sort column (which holds the key in order) serves the page.
        if sort_column is None:
            default = list(self._get_default_order())
            sort_desc = bool(default and default[0][2])
        pk = inspect(self.model).primary_key[0]
        return query.order_by(pk.desc() if sort_desc else pk.asc()), joins

    def search_placeholder(self) -> str:
        """French hint naming what the search box looks into (never raw column names)."""
        hints: list[str] = []
        for column in self.column_searchable_list or ():
            name = column if isinstance(column, str) else column.key
            if name in self._hidden_columns():
                continue
            key = name.split(".")[-1]
            hint = SEARCH_HINTS.get(key) or (self.column_labels or {}).get(name, key)
            if hint.lower() not in (h.lower() for h in hints):
                hints.append(hint)
        return "Rechercher : " + ", ".join(hints)

    def _apply_search(
        self, query: Any, count_query: Any, joins: Any, count_joins: Any, search: str
    ) -> Any:
        """Indexed search (admin/views/listing.py): the start of the folded name or of an
        identifier; anywhere in the name on PostgreSQL. Columns of related rows match through
        ``IN (SELECT …)`` on the foreign key, so the database starts from the few matching
        people rather than walking the whole list in its sort order."""
        if not search.strip():
            return query, count_query, joins, count_joins
        dialect = db.session().get_bind().dialect.name
        by_path: dict[tuple, list[Any]] = {}
        hidden = self._hidden_columns()
        for field, path in self._search_fields:
            if not path and field.key in hidden:
                continue  # never searched for a user who may not see it (an oracle otherwise)
            by_path.setdefault(tuple(path or ()), []).append(field)
        if not by_path:
            return (
                query.filter(false()),
                count_query.filter(false()) if count_query is not None else None,
                joins,
                count_joins,
            )
        key = inspect(self.model).primary_key[0]
        first = found_first(search, dialect)
        criterion = or_(
            *[
                related_in(
                    path, or_(*[search_criterion(f, search, dialect) for f in fields]), key, first
                )
                for path, fields in by_path.items()
            ]
        )
        query = query.filter(criterion)
        if count_query is not None:
            count_query = count_query.filter(criterion)
        return query, count_query, joins, count_joins

    def _create_ajax_loader(self, name: str, options: dict[str, Any]) -> ScopedAjaxLoader:
        remote = getattr(self.model, name).property.mapper.class_
        return ScopedAjaxLoader(name, self.session, remote, **options)

    # --- List, details and forms by role --------------------------------------------------
    @property
    def _list_columns(self) -> list[tuple[str, str]]:  # type: ignore[override]
        columns = self.__dict__.get("_all_list_columns", [])
        hidden = self._hidden_columns()
        return [c for c in columns if c[0] not in hidden] if hidden else columns

    @_list_columns.setter
    def _list_columns(self, value: list[tuple[str, str]]) -> None:
        self.__dict__["_all_list_columns"] = value

    @property
    def _details_columns(self) -> list[tuple[str, str]]:  # type: ignore[override]
        columns = self.__dict__.get("_all_details_columns", [])
        hidden = self._hidden_columns()
        return [c for c in columns if c[0] not in hidden] if hidden else columns

    @_details_columns.setter
    def _details_columns(self, value: list[tuple[str, str]]) -> None:
        self.__dict__["_all_details_columns"] = value

    def _strip_fields(self, form: Any) -> Any:
        hidden = set(self._hidden_columns())
        if current_role() == Role.COUNSELLOR:
            hidden.update(self.counsellor_locked_fields)
        for name in hidden:
            if name in form:
                del form[name]
        return form

    def scaffold_form(self) -> Any:
        form_class = super().scaffold_form()
        if hasattr(form_class, "version"):
            # The version column is never a form field: the hidden token carries what was read.
            delattr(form_class, "version")
        form_class.version_token = HiddenField()
        return form_class

    def create_form(self, obj: Any = None) -> Any:
        return self._strip_fields(super().create_form(obj))

    def edit_form(self, obj: Any = None) -> Any:
        form = self._strip_fields(super().edit_form(obj))
        if obj is not None and request.method == "GET" and "version_token" in form:
            form.version_token.data = str(obj.version)
        return form

    def list_form(self, obj: Any = None) -> Any:
        return self._strip_fields(super().list_form(obj))

    # --- Writes ----------------------------------------------------------------------------
    def update_model(self, form: Any, model: Any) -> bool:
        """Refuse a form read before someone else's save (its version token is behind).

        Inline list edits (x-editable, reference lists only) post one value and cannot carry
        the token: they write that single column, so they cannot overwrite another field, and
        the version column still refuses a change made between their read and their write.
        """
        token = form.version_token.data if "version_token" in form else None
        if token and token.isdigit() and int(token) != model.version:
            flash(STALE_MESSAGE, "error")
            return False
        return super().update_model(form, model)

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        changed = _changed_fields(model)
        db.session.flush()
        audit.record(
            "create" if is_created else "update",
            entity=type(model).__name__,
            entity_id=model.id,
            person_id=self.person_id_of(model),
            fields=changed,
        )

    def on_model_delete(self, model: Any) -> None:
        audit.record(
            "delete",
            entity=type(model).__name__,
            entity_id=model.id,
            person_id=self.person_id_of(model),
        )

    def person_id_of(self, model: Any) -> int | None:
        """The person a record belongs to, for the audit trail."""
        if hasattr(model, "person_id"):
            return model.person_id
        accompaniment = getattr(model, "accompaniment", None)
        return accompaniment.person_id if accompaniment is not None else None

    def handle_view_exception(self, exc: Exception) -> bool:
        if isinstance(exc, WorkflowError | ValidationError):  # refused by a rule: say why
            flash(str(exc), "error")
            return True
        if isinstance(exc, StaleDataError):
            flash(STALE_MESSAGE, "error")
            return True
        if isinstance(exc, StatementError):
            flash(explain(exc), "error")
            return True
        if isinstance(exc, SQLAlchemyError | ValueError):
            log.exception("Database error in %s", type(self).__name__)
            flash(GENERIC, "error")
            return True
        return super().handle_view_exception(exc)

    # --- Audited reads ---------------------------------------------------------------------
    def _audit_read(self) -> None:
        if not self.audit_reads or request.method != "GET":
            return
        record_id = parse_id(request.args.get("id"))
        if record_id is None or self.get_one(record_id) is None:
            return
        audit.record("read", entity=self.model.__name__, entity_id=record_id, person_id=record_id)
        db.session.commit()


def _changed_fields(model: Any) -> list[str]:
    state = inspect(model)
    return [
        attr.key for attr in state.attrs if attr.history.has_changes() and attr.key != "version"
    ]
