"""Référentiels → Horaires: each counsellor's weekly working hours, viewed and edited by the
manager (the slots the agenda offers and the hours an appointment must fall within)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from sqlalchemy.exc import SQLAlchemyError

from admin import audit
from admin.agenda_forms import PERIODS_PER_DAY, WorkingHoursForm, parse_time, time_field_name
from admin.database import db
from admin.ids import parse_id
from admin.views.agenda import counsellor_choices
from admin.views.base import STALE_MESSAGE
from admin.views.pages import SecuredPage
from schema import Counsellor
from schema.agenda import Period, working_hours
from schema.constraint_messages import explain
from schema.operations import WorkflowError
from schema.operations.working_hours import hours_token, set_working_hours
from schema.working_hours import WEEKDAY_LABELS

FORM_ERROR = "Le formulaire contient des erreurs : corrigez les champs signalés."


def fill_form(form: WorkingHoursForm, periods: list[Period]) -> None:
    for weekday in range(len(WEEKDAY_LABELS)):
        day = [p for p in periods if p.weekday == weekday][:PERIODS_PER_DAY]
        for n, period in enumerate(day):
            form[time_field_name(weekday, n, "start")].data = f"{period.starts_at:%H:%M}"
            form[time_field_name(weekday, n, "end")].data = f"{period.ends_at:%H:%M}"


def read_form(form: WorkingHoursForm) -> list[Period] | None:
    """The periods typed in the form, or None after marking the fields that are incomplete or
    end before they start (French messages on the fields)."""
    periods, ok = [], True
    for weekday in range(len(WEEKDAY_LABELS)):
        for n in range(PERIODS_PER_DAY):
            start_field = form[time_field_name(weekday, n, "start")]
            end_field = form[time_field_name(weekday, n, "end")]
            start, end = parse_time(start_field.data), parse_time(end_field.data)
            if start is None and end is None:
                continue
            if start is None or end is None:
                missing = start_field if start is None else end_field
                missing.errors = [*missing.errors, "Indiquez le début et la fin de la période."]
                ok = False
            elif end <= start:
                end_field.errors = [*end_field.errors, "La fin doit être après le début."]
                ok = False
            else:
                periods.append(Period(weekday, start, end))
    return periods if ok else None


class WorkingHoursPage(SecuredPage):
    area = "working_hours"

    def _counsellor(self, raw: str | None) -> Counsellor | None:
        if not raw:
            return None
        counsellor_id = parse_id(raw)
        counsellor = db.session.get(Counsellor, counsellor_id) if counsellor_id else None
        if counsellor is None:
            abort(404)
        return counsellor

    @expose("/", methods=("GET", "POST"))
    def index(self) -> Any:
        if request.method == "POST":
            self.require("edit")
        counsellor = self._counsellor(request.values.get("conseiller"))
        form, error, stored = WorkingHoursForm(), None, False
        if counsellor is not None:
            token = hours_token(db.session, counsellor.id)
            stored = token != "defaut"
            if request.method == "GET":
                fill_form(form, working_hours(db.session, counsellor.id))
                form.token.data = token
            elif not form.validate_on_submit():
                error = FORM_ERROR
            elif form.token.data != token:
                error = STALE_MESSAGE
            else:
                periods = read_form(form)
                error = FORM_ERROR if periods is None else self._save(counsellor, periods)
                if error is None:
                    return redirect(url_for(".index", conseiller=counsellor.id))
        return self.render(
            "agenda/working_hours.html",
            counsellor=counsellor,
            counsellors=counsellor_choices(),
            form=form,
            error=error,
            stored=stored,
            weekdays=list(enumerate(WEEKDAY_LABELS)),
            periods_per_day=PERIODS_PER_DAY,
            field_name=time_field_name,
        )

    def _save(self, counsellor: Counsellor, periods: list[Period]) -> str | None:
        try:
            rows = set_working_hours(db.session, counsellor, periods)
            audit.record(
                "working_hours",
                entity="Counsellor",
                entity_id=counsellor.id,
                fields=["weekday", "starts_at", "ends_at"],
                detail=f"Horaires de {counsellor.display_name} : "
                + " ; ".join(str(row) for row in rows),
            )
            db.session.commit()
        except WorkflowError as exc:
            db.session.rollback()
            return exc.message
        except SQLAlchemyError as exc:
            db.session.rollback()
            return explain(exc)
        flash(f"Horaires de {counsellor.display_name} enregistrés.", "success")
        return None
