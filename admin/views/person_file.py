"""Right of access: a manager downloads everything held on one person; the download is audited."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import Response, abort, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_admin.model.template import EndpointLinkRowAction
from flask_login import current_user

from admin import audit
from admin.database import db
from admin.ids import parse_id
from admin.permissions import AREAS
from admin.scoping import apply_scope
from admin.views.base import current_role
from exports.person_file import person_file_sheets
from exports.writer import write_workbook
from schema import Person

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WHAT = "Droit d'accès"


def may_export_person_file() -> bool:
    return current_role() in AREAS["right_of_access"].read


def person_file_row_action() -> EndpointLinkRowAction:
    """The list's download button (shown to managers only)."""
    return EndpointLinkRowAction(
        "fa fa-download",
        "person_file.download",
        title="Droit d'accès : télécharger tout le dossier (.xlsx)",
    )


class PersonFileView(BaseView):
    """Reached from a person's line or page; not a menu entry."""

    def is_accessible(self) -> bool:
        return may_export_person_file()

    def is_visible(self) -> bool:
        return False

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)

    @expose("/")
    def download(self) -> Any:
        person_id = parse_id(request.args.get("id"))
        query = apply_scope(db.session.query(Person), Person, current_user)
        person = query.filter(Person.id == person_id).one_or_none() if person_id else None
        if person is None:
            abort(404)
        sheets = person_file_sheets(db.session, person)
        buffer = BytesIO()
        write_workbook(sheets, buffer)
        rows = sum(sheet.written for sheet in sheets)
        audit.record_export(WHAT, ("Personne n°",), rows, person_id=person.id)
        db.session.commit()
        return Response(
            buffer.getvalue(),
            mimetype=XLSX,
            headers={
                "Content-Disposition": (
                    f'attachment; filename="droit-acces-personne-{person.id}.xlsx"'
                )
            },
        )
