"""A person's attendance history: workshop séances and individual interviews, no synthesis."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select

from admin import audit
from admin.database import db
from admin.scoping import apply_scope
from admin.views.pages import SecuredPage
from schema import Attendance, Contact, Person
from schema.attendance_queries import person_attendances, person_interviews
from schema.enums import AttendanceStatus, ContactMode, ContactStatus


class AttendanceHistoryPage(SecuredPage):
    """Reached from the people and accompaniment lists (not in the menu)."""

    area = "workshops"
    in_menu = False

    @expose("/")
    def index(self) -> Any:
        abort(404)

    @expose("/<int:person_id>")
    def person(self, person_id: int) -> Any:
        query = apply_scope(select(Person).where(Person.id == person_id), Person, current_user)
        person = db.session.scalar(query)
        if person is None:
            abort(404)
        attendances = db.session.scalars(
            apply_scope(person_attendances(person_id), Attendance, current_user)
        ).unique()
        interviews = db.session.scalars(
            apply_scope(person_interviews(person_id), Contact, current_user)
        ).unique()
        audit.record(
            "read",
            entity="Person",
            entity_id=person.id,
            person_id=person.id,
            detail="historique d'émargement",
        )
        db.session.commit()
        return self.render(
            "attendance/person_history.html",
            person=person,
            attendances=list(attendances),
            interviews=list(interviews),
            attendance_labels=AttendanceStatus.labels(),
            contact_labels=ContactStatus.labels(),
            modes=ContactMode.labels(),
        )
