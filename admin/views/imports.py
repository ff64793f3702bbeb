"""Page "Importer des orientations": upload -> preview -> apply -> result (manager only).

Handlers stay thin: the reading, validation, planning and writing live in ``imports/``.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask_admin import BaseView, expose
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError, StatementError
from sqlalchemy.orm import joinedload

from admin import audit
from admin.database import db
from admin.forms import AdminForm
from admin.permissions import AREAS
from admin.views.base import current_role
from imports.applying import ImportSource, apply_plan, describe
from imports.columns import COLUMNS, COLUMNS_INTRO
from imports.planning import RowAction
from imports.preview import Preview, paris_today, prepare
from imports.reading import MAX_BYTES, FileRefused
from imports.report import REPORT_NAME, TEMPLATE_NAME, write_error_report, write_template
from imports.uploads import UploadStore
from schema import ImportBatch
from schema.constraint_messages import explain

log = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_LIMIT = 1000
GONE = "Ce fichier n'est plus disponible : déposez-le à nouveau."
APPLY_FAILED = "L'import a échoué : rien n'a été enregistré."


class UploadForm(AdminForm):
    file = FileField(
        "Fichier de la liste d'orientations (.xlsx ou .csv)",
        validators=[FileRequired("Choisissez un fichier .xlsx ou .csv.")],
    )


def store() -> UploadStore:
    """Uploads waiting for "Appliquer" and error reports: IMPORT_FOLDER, else instance/imports."""
    folder = current_app.config.get("IMPORT_FOLDER") or Path(current_app.instance_path) / "imports"
    return UploadStore(Path(folder))


class ImportView(BaseView):
    """Custom page; same access rules as the console views (login, role, 403)."""

    area = "imports"

    def is_accessible(self) -> bool:
        return current_role() in AREAS[self.area].create

    def is_visible(self) -> bool:
        return self.is_accessible()

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)

    # --- Upload ----------------------------------------------------------------------------
    def _index(self, form: UploadForm, status: int = 200) -> Any:
        recent = db.session.scalars(
            select(ImportBatch)
            .options(joinedload(ImportBatch.user))
            .order_by(ImportBatch.at.desc(), ImportBatch.id.desc())
            .limit(10)
        ).all()
        return self.render(
            "imports/index.html",
            form=form,
            columns=COLUMNS,
            columns_intro=COLUMNS_INTRO,
            recent=recent,
        ), status

    @expose("/")
    def index(self) -> Any:
        return self._index(UploadForm())

    @expose("/", methods=["POST"])
    def upload(self) -> Any:
        form = UploadForm()
        if not form.validate_on_submit():
            return self._index(form, 400)
        file = form.file.data
        file_name = Path(file.filename or "fichier").name[:255]
        try:
            data = file.read(MAX_BYTES + 1)
        finally:
            file.close()
        try:
            preview = prepare(db.session, data, file_name, paris_today())
        except FileRefused as exc:
            db.session.rollback()
            audit.record("import_refused", entity="ImportBatch", detail=f"{file_name} : {exc}")
            db.session.commit()
            form.file.errors = [str(exc)]
            return self._index(form, 400)
        token = store().save(data, file_name, current_user.id)
        log.info("Import preview %s by %s: %s", token, current_user.id, preview.counts)
        return redirect(url_for(".preview", token=token))

    @expose("/modele.xlsx")
    def template(self) -> Any:
        buffer = io.BytesIO()
        write_template(buffer)
        buffer.seek(0)
        return send_file(buffer, mimetype=XLSX, as_attachment=True, download_name=TEMPLATE_NAME)

    # --- Preview ---------------------------------------------------------------------------
    def _prepared(self, token: str) -> tuple[Any, Preview] | Any:
        upload = store().load(token)
        if upload is None or upload.user_id != current_user.id:
            flash(GONE, "error")
            return redirect(url_for(".index"))
        try:
            return upload, prepare(db.session, upload.data, upload.file_name, paris_today())
        except FileRefused as exc:
            store().delete(token)
            flash(str(exc), "error")
            return redirect(url_for(".index"))

    @expose("/apercu/<token>")
    def preview(self, token: str) -> Any:
        prepared = self._prepared(token)
        if not isinstance(prepared, tuple):
            return prepared
        _upload, preview = prepared
        return self.render(
            "imports/preview.html",
            token=token,
            preview=preview,
            rows=preview.planned[:PREVIEW_LIMIT],
            hidden=max(0, len(preview.planned) - PREVIEW_LIMIT),
            actions=RowAction,
        )

    @expose("/apercu/<token>/rapport.xlsx")
    def preview_report(self, token: str) -> Any:
        prepared = self._prepared(token)
        if not isinstance(prepared, tuple):
            return prepared
        _upload, preview = prepared
        buffer = io.BytesIO()
        write_error_report(preview.mapping.headers, preview.planned, buffer)
        buffer.seek(0)
        return send_file(buffer, mimetype=XLSX, as_attachment=True, download_name=REPORT_NAME)

    @expose("/annuler/<token>", methods=["POST"])
    def cancel(self, token: str) -> Any:
        upload = store().load(token)
        if upload is not None and upload.user_id == current_user.id:
            store().delete(token)
        flash("Import abandonné : rien n'a été enregistré.", "info")
        return redirect(url_for(".index"))

    # --- Apply -----------------------------------------------------------------------------
    @expose("/appliquer/<token>", methods=["POST"])
    def apply(self, token: str) -> Any:
        prepared = self._prepared(token)
        if not isinstance(prepared, tuple):
            return prepared
        upload, preview = prepared
        report = None
        try:
            batch = apply_plan(
                db.session,
                preview.planned,
                ImportSource(upload.file_name, preview.sha256, current_user, current_user.email),
            )
            audit.record(
                "import",
                entity="ImportBatch",
                entity_id=batch.id,
                detail=describe(batch),
            )
            if batch.error_count:
                report = store().report_path(batch.id)
                write_error_report(preview.mapping.headers, preview.planned, str(report))
            db.session.commit()
        except (SQLAlchemyError, OSError) as exc:
            db.session.rollback()
            if report is not None:
                report.unlink(missing_ok=True)
            log.exception("Import %s failed", token)
            detail = explain(exc) if isinstance(exc, StatementError) else ""
            flash(f"{APPLY_FAILED} {detail}".strip(), "error")
            return redirect(url_for(".preview", token=token))
        store().delete(token)
        return redirect(url_for(".result", batch_id=batch.id))

    # --- Result ----------------------------------------------------------------------------
    @expose("/resultat/<int:batch_id>")
    def result(self, batch_id: int) -> Any:
        batch = db.session.get(ImportBatch, batch_id)
        if batch is None:
            abort(404)
        has_report = store().report_path(batch_id).is_file()
        return self.render("imports/result.html", batch=batch, has_report=has_report)

    @expose("/resultat/<int:batch_id>/rapport.xlsx")
    def result_report(self, batch_id: int) -> Any:
        path = store().report_path(batch_id)
        if db.session.get(ImportBatch, batch_id) is None or not path.is_file():
            abort(404)
        return send_file(
            io.BytesIO(path.read_bytes()),
            mimetype=XLSX,
            as_attachment=True,
            download_name=REPORT_NAME,
        )
