"""Suivi → Entretiens du jour: today's individual appointments, marked in one click, and the
printable daily sheet to sign. Counsellors see their caseload only; syntheses are never shown."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from admin.database import db
from admin.scoping import apply_scope
from admin.views.attendance_sessions import record_changes
from admin.views.pages import SecuredPage, paris_today
from exports.attendance_sheet import PROGRAMME_HEADING
from schema import Accompaniment, Contact
from schema.attendance_operations import AttendanceError, mark_contact
from schema.attendance_queries import day_interviews
from schema.enums import PHYSICAL_MODES, ContactMode, ContactStatus

# Buttons of a row: (form value, label, status, signed).
BUTTONS = (
    ("honore_signe", "Honoré et émargé", ContactStatus.HONORE, True),
    ("honore", "Honoré", ContactStatus.HONORE, False),
    ("absent_excuse", "Absent excusé", ContactStatus.ABSENT_EXCUSE, False),
    ("absent_non_excuse", "Absent non excusé", ContactStatus.ABSENT_NON_EXCUSE, False),
    ("reporte", "Reporté", ContactStatus.REPORTE, False),
)
_BY_VALUE = {value: (status, signed) for value, _label, status, signed in BUTTONS}


def _day_from(raw: str | None) -> date | None:
    if not raw:
        return paris_today()
    try:
        return datetime.strptime(raw.strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


class InterviewsPage(SecuredPage):
    area = "contacts"

    def _contacts(self, day: date, physical_only: bool = False) -> list[Contact]:
        query = apply_scope(day_interviews(day), Contact, current_user)
        if physical_only:
            query = query.where(Contact.mode.in_([m.value for m in PHYSICAL_MODES]))
        return list(db.session.scalars(query).unique())

    @expose("/")
    def index(self) -> Any:
        day = _day_from(request.args.get("jour"))
        if day is None:
            flash("Date invalide : écrivez-la JJ/MM/AAAA.", "error")
            day = paris_today()
        return self.render(
            "attendance/interviews.html",
            day=day,
            contacts=self._contacts(day),
            modes=ContactMode.labels(),
            statuses=ContactStatus.labels(),
            buttons=BUTTONS,
            can_mark=self.may("edit"),
            physical=frozenset(m.value for m in PHYSICAL_MODES),
        )

    @expose("/marquer", methods=("POST",))
    def mark(self) -> Any:
        self.require("edit")
        day = _day_from(request.form.get("jour")) or paris_today()
        back = redirect(url_for(".index", jour=day.strftime("%d/%m/%Y")))
        try:
            contact_id = int(request.form.get("contact_id", ""))
            version = int(request.form.get("version", ""))
        except ValueError:
            flash("Demande incomplète : rechargez la page.", "error")
            return back
        query = (
            select(Contact)
            .options(joinedload(Contact.accompaniment).joinedload(Accompaniment.person))
            .where(Contact.id == contact_id)
        )
        contact = db.session.scalar(apply_scope(query, Contact, current_user))
        if contact is None:
            abort(404)
        choice = _BY_VALUE.get(request.form.get("mark", ""))
        if choice is None:
            flash("Choisissez honoré, absent excusé, absent non excusé ou reporté.", "error")
            return back
        status, signed = choice
        if status == ContactStatus.HONORE and not signed:
            signed = contact.signed  # "Honoré" keeps a signature already recorded
        try:
            change = mark_contact(db.session, contact, status, signed, version, paris_today())
        except AttendanceError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return back
        record_changes("contact_mark", [change])
        db.session.commit()
        flash(
            f"Entretien de {contact.accompaniment.person.full_name} : {change.detail}.", "success"
        )
        return back

    @expose("/imprimer")
    def print_day(self) -> Any:
        day = _day_from(request.args.get("jour")) or paris_today()
        return self.render(
            "attendance/interviews_print.html",
            heading=PROGRAMME_HEADING,
            day=day,
            contacts=self._contacts(day, physical_only=True),
            modes=ContactMode.labels(),
        )
