"""Séances and their attendance sheet (feuille d'émargement): list, create, register, mark,
print and download. Thin handlers: load → call one operation from ``schema`` → respond."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Response, abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select

from admin import audit
from admin.database import db
from admin.scoping import apply_scope, sheet_scope
from admin.views.attendance_forms import NewSessionForm
from admin.views.pages import PARIS, SecuredPage, paris_now, paris_today
from exports.attendance_sheet import (
    PROGRAMME_HEADING,
    attendance_workbook,
    others_line,
    session_details,
)
from schema import Accompaniment, Attendance, Counsellor, Workshop, WorkshopSession
from schema.attendance_operations import (
    AttendanceError,
    Mark,
    MarkChange,
    StaleMarks,
    create_session,
    record_sheet,
    register,
    registered_count,
    sheet_attendances,
)
from schema.attendance_queries import (
    registration_candidates,
    session_with_workshop,
    sessions_overview,
    sheet_history,
)
from schema.enums import AttendanceStatus, Role
from schema.rules.signatures import signature_coverage

PAST_DAYS = 92  # past séances listed on the page (older ones: the full list of séances)
BAD_SHEET = "La feuille envoyée est incomplète : rechargez-la avant d'enregistrer."


@dataclass
class SheetLine:
    number: int
    attendance: Attendance
    status: str
    signed: bool
    version: int
    conflict: bool = False


def record_changes(action: str, changes: list[MarkChange]) -> None:
    """Write the audit trail of marks (the history shown on the sheets), in one statement."""
    audit.record_all(
        action,
        (
            {
                "entity": change.entity,
                "entity_id": change.entity_id,
                "person_id": change.person_id,
                "fields": change.fields,
                "detail": change.detail,
            }
            for change in changes
        ),
    )


def _read_marks(form: Any) -> tuple[dict[int, Mark], dict[int, int]]:
    marks: dict[int, Mark] = {}
    versions: dict[int, int] = {}
    try:
        for raw in form.getlist("line"):
            line = int(raw)
            marks[line] = Mark(form.get(f"status-{line}", ""), form.get(f"signed-{line}") == "1")
            versions[line] = int(form.get(f"version-{line}", ""))
    except ValueError as exc:
        raise AttendanceError(BAD_SHEET) from exc
    return marks, versions


class SessionsPage(SecuredPage):
    """Ateliers → Séances: upcoming and past séances, and each séance's sheet."""

    area = "workshops"

    def _workshop_session(self, session_id: int) -> WorkshopSession:
        ws = session_with_workshop(db.session, session_id)
        if ws is None:
            abort(404)
        return ws

    # --- Séances ---------------------------------------------------------------------------
    @expose("/")
    def index(self) -> Any:
        return self._render_index(NewSessionForm(formdata=None))

    @expose("/seances/nouvelle", methods=("POST",))
    def new_session(self) -> Any:
        self.require("create")
        form = NewSessionForm()
        form.workshop_id.choices = self._workshop_choices()
        if form.validate():
            workshop = db.session.get(Workshop, form.workshop_id.data)
            try:
                ws = create_session(
                    db.session,
                    workshop,
                    datetime.combine(form.day.data, form.starts.data),
                    datetime.combine(form.day.data, form.ends.data),
                    form.place.data,
                    form.facilitator.data,
                    form.capacity.data or workshop.default_capacity,
                )
            except AttendanceError as exc:
                db.session.rollback()
                flash(str(exc), "error")
            else:
                audit.record("create", entity="WorkshopSession", entity_id=ws.id)
                db.session.commit()
                flash(f"Séance créée : {ws}.", "success")
                return redirect(url_for(".sheet", session_id=ws.id))
        return self._render_index(form), 400

    def _workshop_choices(self) -> list[tuple[int, str]]:
        workshops = db.session.execute(
            select(Workshop.id, Workshop.label)
            .where(Workshop.active.is_(True))
            .order_by(Workshop.position, Workshop.label)
        ).all()
        return [(w.id, w.label) for w in workshops]

    def _render_index(self, form: NewSessionForm) -> str:
        now = paris_now()
        today_start = datetime.combine(now.date(), datetime.min.time())
        rows = sessions_overview(db.session, today_start - timedelta(days=PAST_DAYS))
        upcoming = [r for r in rows if r.session.starts_at >= today_start]
        past = [r for r in reversed(rows) if r.session.starts_at < today_start]
        can_create = self.may("create")
        if can_create:
            form.workshop_id.choices = form.workshop_id.choices or self._workshop_choices()
        counsellor_id = None
        if Role(current_user.role) == Role.COUNSELLOR:
            counsellor_id = current_user.counsellor.id if current_user.counsellor else -1
        coverage = signature_coverage(db.session, now.date(), 6, counsellor_id)
        return self.render(
            "attendance/sessions.html",
            upcoming=upcoming,
            past=past,
            past_days=PAST_DAYS,
            form=form,
            can_create=can_create,
            coverage=coverage,
            scoped_coverage=counsellor_id is not None,
            counsellor_names=self._counsellor_names() if can_create else [],
        )

    def _counsellor_names(self) -> list[str]:
        """Names offered for "Animation": a séance facilitated by a counsellor is in their
        agenda and they take attendance for everyone."""
        return list(
            db.session.scalars(
                select(Counsellor.display_name)
                .where(Counsellor.active.is_(True))
                .order_by(Counsellor.display_name)
            )
        )

    # --- The sheet -------------------------------------------------------------------------
    @expose("/seance/<int:session_id>", methods=("GET", "POST"))
    def sheet(self, session_id: int) -> Any:
        ws = self._workshop_session(session_id)
        if request.method == "GET":
            return self._render_sheet(ws)
        self.require("edit")
        marks: dict[int, Mark] = {}
        versions: dict[int, int] = {}
        try:
            marks, versions = _read_marks(request.form)
            if request.form.get("all_present"):
                marks = {k: Mark(AttendanceStatus.PRESENT, m.signed) for k, m in marks.items()}
            changes = record_sheet(
                db.session, ws, marks, versions, paris_today(), sheet_scope(ws, current_user)
            )
        except AttendanceError as exc:
            db.session.rollback()
            ws = self._workshop_session(session_id)
            status = 409 if isinstance(exc, StaleMarks) else 400
            return self._render_sheet(ws, marks, versions, error=str(exc)), status
        record_changes("attendance_mark", changes)
        db.session.commit()
        count = len(changes)
        flash(
            f"Feuille enregistrée : {count} modification{'s' if count > 1 else ''}."
            if count
            else "Feuille enregistrée : aucune modification.",
            "success",
        )
        return redirect(url_for(".sheet", session_id=session_id))

    def _render_sheet(
        self,
        ws: WorkshopSession,
        marks: dict[int, Mark] | None = None,
        versions: dict[int, int] | None = None,
        error: str | None = None,
    ) -> str:
        marks, versions = marks or {}, versions or {}
        within = sheet_scope(ws, current_user)
        attendances = sheet_attendances(db.session, ws.id, within)
        hidden = self._hidden_count(ws, within, attendances)
        lines = []
        for number, attendance in enumerate(attendances, start=1):
            mark = marks.get(attendance.id)
            sent = versions.get(attendance.id, attendance.version)
            lines.append(
                SheetLine(
                    number,
                    attendance,
                    mark.status if mark else attendance.status,
                    mark.signed if mark else attendance.signed,
                    # A line someone else changed: the user's marks are kept, the new version is
                    # taken so that saving again (after checking) goes through.
                    attendance.version,
                    conflict=sent != attendance.version,
                )
            )
        term = request.args.get("q", "").strip()[:60]
        candidates = []
        if term and self.may("create"):
            query = apply_scope(registration_candidates(ws.id, term), Accompaniment, current_user)
            candidates = db.session.scalars(query).unique().all()
        history = [
            (entry.at.replace(tzinfo=UTC).astimezone(PARIS), entry)
            for entry in sheet_history(db.session, ws.id, within)
        ]
        return self.render(
            "attendance/sheet.html",
            ws=ws,
            lines=lines,
            statuses=AttendanceStatus.choices(),
            labels=AttendanceStatus.labels(),
            error=error,
            term=term,
            candidates=candidates,
            history=history,
            can_mark=self.may("edit"),
            can_register=self.may("create"),
            taken=len(lines) + hidden,
            hidden=hidden,
            full=len(lines) + hidden >= ws.capacity,
        )

    @staticmethod
    def _hidden_count(ws: WorkshopSession, within: Any, attendances: list[Attendance]) -> int:
        """People registered on the séance the user does not follow: counted, not named."""
        if within is None:
            return 0
        return registered_count(db.session, ws.id) - len(attendances)

    @expose("/seance/<int:session_id>/inscrire", methods=("POST",))
    def register_person(self, session_id: int) -> Any:
        self.require("create")
        ws = self._workshop_session(session_id)
        target = url_for(".sheet", session_id=session_id, q=request.form.get("q") or None)
        try:
            accompaniment_id = int(request.form.get("accompaniment_id", ""))
        except ValueError:
            flash("Choisissez une personne dans la liste.", "error")
            return redirect(target)
        query = select(Accompaniment).where(Accompaniment.id == accompaniment_id)
        accompaniment = db.session.scalar(apply_scope(query, Accompaniment, current_user))
        if accompaniment is None:
            flash("Cet accompagnement est introuvable.", "error")
            return redirect(target)
        try:
            attendance = register(db.session, ws, accompaniment)
        except AttendanceError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(target)
        audit.record(
            "attendance_register",
            entity="Attendance",
            entity_id=attendance.id,
            person_id=attendance.person_id,
            fields=("session_id", "person_id"),
            detail="inscription",
        )
        db.session.commit()
        flash(f"{accompaniment.person.full_name} est inscrit·e à la séance.", "success")
        return redirect(url_for(".sheet", session_id=session_id))

    # --- Paper and spreadsheet -------------------------------------------------------------
    @expose("/seance/<int:session_id>/imprimer")
    def print_sheet(self, session_id: int) -> Any:
        ws = self._workshop_session(session_id)
        within = sheet_scope(ws, current_user)
        attendances = sheet_attendances(db.session, ws.id, within)
        hidden = self._hidden_count(ws, within, attendances)
        return self.render(
            "attendance/sheet_print.html",
            heading=PROGRAMME_HEADING,
            details=session_details(ws),
            attendances=attendances,
            registered=len(attendances) + hidden,
            others=others_line(hidden) if hidden else None,
        )

    @expose("/seance/<int:session_id>/feuille.xlsx")
    def download_sheet(self, session_id: int) -> Any:
        ws = self._workshop_session(session_id)
        within = sheet_scope(ws, current_user)
        attendances = sheet_attendances(db.session, ws.id, within)
        content = attendance_workbook(ws, attendances, self._hidden_count(ws, within, attendances))
        audit.record(
            "export",
            entity="WorkshopSession",
            entity_id=ws.id,
            detail=f"feuille d'émargement ({len(attendances)} lignes)",
        )
        db.session.commit()
        filename = f"emargement-{ws.starts_at:%Y-%m-%d}-seance-{ws.id}.xlsx"
        return Response(
            content,
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
