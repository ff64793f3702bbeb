"""Agenda: a counsellor's week (/console/agenda/), planning from a free slot, and each
appointment's page to move or cancel it.

A counsellor sees and plans their own week; the manager and back-office choose a counsellor.
Each write loads its rows within the user's scope, calls one operation of
``schema.operations.agenda``, records the audit entry and commits; a refused operation (conflict,
outside working hours, stale page) shows its French reason with the user's input kept.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from admin import audit, clock
from admin.agenda_forms import CancelForm, MoveForm, PlanForm
from admin.agenda_grid import parse_week, week_grid, week_of
from admin.database import db
from admin.ids import parse_id
from admin.scoping import apply_scope
from admin.views.base import STALE_MESSAGE, current_role
from admin.views.pages import SecuredPage
from schema import Accompaniment, Contact, Counsellor, Person
from schema.agenda import WEEK_DAYS, busy_periods, contact_end, working_hours
from schema.constraint_messages import explain
from schema.enums import AccompanimentStatus, ContactMode, ContactStatus, Role
from schema.operations import WorkflowError
from schema.operations import agenda as ops
from schema.pathway import OPEN_STATUSES

FORM_ERROR = "Le formulaire contient des erreurs : corrigez les champs signalés."


def counsellor_choices() -> list[tuple[int, str]]:
    """Active counsellors for the manager's and back-office's select (one statement)."""
    rows = db.session.execute(
        select(Counsellor.id, Counsellor.display_name)
        .where(Counsellor.active.is_(True))
        .order_by(Counsellor.display_name, Counsellor.id)
    ).all()
    return [(row.id, row.display_name) for row in rows]


def open_accompaniments(counsellor_id: int) -> list[tuple[str, str]]:
    """The counsellor's open accompaniments as (id, « NOM Prénom — statut ») (one statement)."""
    rows = db.session.execute(
        select(Accompaniment.id, Accompaniment.status, Person.last_name, Person.first_name)
        .join(Accompaniment.person)
        .where(
            Accompaniment.counsellor_id == counsellor_id,
            Accompaniment.status.in_([s.value for s in OPEN_STATUSES]),
        )
        .order_by(Person.last_name, Person.first_name, Accompaniment.id)
    ).all()
    return [
        (
            str(row.id),
            f"{row.last_name.upper()} {row.first_name} — "
            f"{AccompanimentStatus(row.status).label.lower()}",
        )
        for row in rows
    ]


def _parse_start(raw: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat((raw or "").strip()).replace(second=0, microsecond=0)
    except ValueError:
        return None


def _when(moment: datetime) -> str:
    return f"{moment:%d/%m/%Y} à {moment:%H:%M}"


class AgendaPage(SecuredPage):
    area = "agenda"

    # --- who and what -----------------------------------------------------------------------

    def _chosen_counsellor(self, raw: str | None) -> Counsellor | None:
        """The counsellor whose agenda is open: a counsellor's own; for the others the one of
        ``raw`` (404 when it names none), or None when nothing is chosen yet."""
        if current_role() == Role.COUNSELLOR:
            counsellor = current_user.counsellor
            if counsellor is None:
                abort(403)
            return counsellor
        if not raw:
            return None
        counsellor_id = parse_id(raw)
        counsellor = db.session.get(Counsellor, counsellor_id) if counsellor_id else None
        if counsellor is None:
            abort(404)
        return counsellor

    def _week_url(self, counsellor: Counsellor, moment: datetime) -> str:
        chosen = None if current_role() == Role.COUNSELLOR else counsellor.id
        return url_for(".index", semaine=week_of(moment.date()).isoformat(), conseiller=chosen)

    def _contact(self, contact_id: int) -> Contact:
        query = (
            select(Contact)
            .options(
                joinedload(Contact.accompaniment).joinedload(Accompaniment.person),
                joinedload(Contact.accompaniment).joinedload(Accompaniment.counsellor),
                joinedload(Contact.rescheduled_from),
            )
            .where(Contact.id == contact_id)
        )
        contact = db.session.scalar(apply_scope(query, Contact, current_user))
        if contact is None:
            abort(404)
        return contact

    # --- the week ---------------------------------------------------------------------------

    @expose("/")
    def index(self) -> Any:
        now = clock.now()
        monday, understood = parse_week(request.args.get("semaine"), now.date())
        if not understood:
            flash("Semaine invalide (attendu : AAAA-MM-JJ) : voici la semaine en cours.", "error")
        counsellor = self._chosen_counsellor(request.args.get("conseiller"))
        counsellors = [] if current_role() == Role.COUNSELLOR else counsellor_choices()
        grid = None
        if counsellor is not None:
            start = datetime.combine(monday, time.min)
            end = start + timedelta(days=WEEK_DAYS)
            periods = working_hours(db.session, counsellor.id)
            grid = week_grid(monday, periods, busy_periods(db.session, counsellor, start, end), now)
        chosen = counsellor.id if counsellor is not None and counsellors else None
        return self.render(
            "agenda/week.html",
            grid=grid,
            counsellor=counsellor,
            counsellors=counsellors,
            chosen=chosen,
            monday=monday,
            previous=(monday - timedelta(days=7)).isoformat(),
            following=(monday + timedelta(days=7)).isoformat(),
            this_week=week_of(now.date()).isoformat(),
            can_plan=self.may("create"),
        )

    # --- planning ---------------------------------------------------------------------------

    @expose("/planifier", methods=("GET", "POST"))
    def plan(self) -> Any:
        self.require("create")
        counsellor = self._chosen_counsellor(request.values.get("conseiller"))
        if counsellor is None:
            flash("Choisissez d'abord la conseillère ou le conseiller.", "error")
            return redirect(url_for(".index"))
        form = PlanForm()
        form.accompaniment.choices = [("", "— Choisir —"), *open_accompaniments(counsellor.id)]
        error = None
        if request.method == "GET":
            form.starts_at.data = _parse_start(request.args.get("debut"))
        elif form.validate_on_submit():
            contact, error = self._plan(counsellor, form)
            if contact is not None:
                return redirect(self._week_url(counsellor, contact.planned_at))
        else:
            error = FORM_ERROR
        chosen = None if current_role() == Role.COUNSELLOR else counsellor.id
        starts = form.starts_at.data if isinstance(form.starts_at.data, datetime) else None
        week = week_of(starts.date()).isoformat() if starts else None
        back_url = url_for(".index", conseiller=chosen, semaine=week)
        return self.render(
            "agenda/plan.html",
            form=form,
            counsellor=counsellor,
            chosen=chosen,
            error=error,
            back_url=back_url,
        )

    def _plan(self, counsellor: Counsellor, form: PlanForm) -> tuple[Contact | None, str | None]:
        query = select(Accompaniment).where(
            Accompaniment.id == parse_id(form.accompaniment.data),
            Accompaniment.counsellor_id == counsellor.id,
        )
        acc = db.session.scalar(apply_scope(query, Accompaniment, current_user))
        if acc is None:
            return None, "Cette personne n'est pas dans le portefeuille de ce·tte conseiller·ère."
        try:
            contact = ops.plan_contact(
                db.session,
                acc,
                starts_at=form.starts_at.data,
                duration_minutes=form.duration_minutes.data,
                mode=form.mode.data,
                place=form.place.data,
                by=current_user,
                now=clock.now(),
            )
            audit.record(
                "agenda_plan",
                entity="Contact",
                entity_id=contact.id,
                person_id=acc.person_id,
                fields=["planned_at", "duration_minutes", "mode", "place"],
                detail=f"Rendez-vous du {_when(contact.planned_at)} avec {counsellor.display_name}",
            )
            db.session.commit()
        except WorkflowError as exc:
            db.session.rollback()
            return None, exc.message
        except SQLAlchemyError as exc:
            db.session.rollback()
            return None, explain(exc)
        flash(f"Rendez-vous planifié le {_when(contact.planned_at)}.", "success")
        return contact, None

    # --- one appointment: move, cancel ------------------------------------------------------

    def _render_appointment(
        self,
        contact: Contact,
        move: MoveForm | None = None,
        error: str | None = None,
    ) -> Any:
        if move is None:
            move = MoveForm(formdata=None)
            move.starts_at.data = contact.planned_at
            move.duration_minutes.data = contact.duration_minutes or (
                int((contact_end(contact) - contact.planned_at).total_seconds() // 60)
            )
            move.mode.data = contact.mode
            move.place.data = contact.place
            move.version.data = str(contact.version)
        cancel = CancelForm(formdata=None)
        cancel.version.data = str(contact.version)
        moved_to = db.session.scalar(
            select(Contact.id).where(Contact.rescheduled_from_id == contact.id).limit(1)
        )
        return self.render(
            "agenda/appointment.html",
            contact=contact,
            acc=contact.accompaniment,
            ends_at=contact_end(contact),
            move=move,
            cancel=cancel,
            error=error,
            moved_to=moved_to,
            planned=contact.status == ContactStatus.PREVU,
            can_edit=self.may("edit"),
            mode_labels=ContactMode.labels(),
            status_labels=ContactStatus.labels(),
            week_url=self._week_url(contact.accompaniment.counsellor, contact.planned_at)
            if contact.accompaniment.counsellor
            else url_for(".index"),
        )

    @expose("/rendez-vous/<int:contact_id>/")
    def appointment(self, contact_id: int) -> Any:
        return self._render_appointment(self._contact(contact_id))

    @expose("/rendez-vous/<int:contact_id>/deplacer", methods=("POST",))
    def move(self, contact_id: int) -> Any:
        self.require("edit")
        contact = self._contact(contact_id)
        form = MoveForm()
        if not form.validate_on_submit():
            return self._render_appointment(contact, form, FORM_ERROR)
        if form.version.data != str(contact.version):
            return self._render_appointment(contact, form, STALE_MESSAGE)
        old_start = contact.planned_at
        try:
            moved = ops.move_contact(
                db.session,
                contact,
                starts_at=form.starts_at.data,
                duration_minutes=form.duration_minutes.data,
                mode=form.mode.data,
                place=form.place.data,
                by=current_user,
                now=clock.now(),
            )
            audit.record(
                "agenda_move",
                entity="Contact",
                entity_id=moved.id,
                person_id=contact.accompaniment.person_id,
                fields=["planned_at", "duration_minutes", "mode", "place", "status"],
                detail=f"Rendez-vous du {_when(old_start)} (n° {contact.id}, reporté) "
                f"déplacé au {_when(moved.planned_at)}",
            )
            db.session.commit()
        except (WorkflowError, StaleDataError, SQLAlchemyError) as exc:
            db.session.rollback()
            return self._render_appointment(self._contact(contact_id), form, _message(exc))
        flash(f"Rendez-vous déplacé au {_when(moved.planned_at)}.", "success")
        return redirect(self._week_url(moved.accompaniment.counsellor, moved.planned_at))

    @expose("/rendez-vous/<int:contact_id>/annuler", methods=("POST",))
    def cancel(self, contact_id: int) -> Any:
        self.require("edit")
        contact = self._contact(contact_id)
        form = CancelForm()
        if not form.validate_on_submit():
            return self._render_appointment(contact, error=FORM_ERROR)
        if form.version.data != str(contact.version):
            return self._render_appointment(contact, error=STALE_MESSAGE)
        try:
            ops.cancel_contact(db.session, contact, by=current_user, now=clock.now())
            audit.record(
                "agenda_cancel",
                entity="Contact",
                entity_id=contact.id,
                person_id=contact.accompaniment.person_id,
                fields=["status"],
                detail=f"Rendez-vous du {_when(contact.planned_at)} annulé",
            )
            db.session.commit()
        except (WorkflowError, StaleDataError, SQLAlchemyError) as exc:
            db.session.rollback()
            return self._render_appointment(self._contact(contact_id), error=_message(exc))
        flash(f"Rendez-vous du {_when(contact.planned_at)} annulé.", "success")
        counsellor = contact.accompaniment.counsellor
        return redirect(
            self._week_url(counsellor, contact.planned_at) if counsellor else url_for(".index")
        )


def _message(exc: Exception) -> str:
    if isinstance(exc, WorkflowError):
        return exc.message
    if isinstance(exc, StaleDataError):
        return STALE_MESSAGE
    return explain(exc)
