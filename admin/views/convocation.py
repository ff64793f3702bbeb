"""Convoquer: the first appointment of an accompaniment still to contact (R1).

The page proposes the assigned counsellor's first free slots before D0+15 (or the first ones
after, flagged « après J+15 »); one click plans the appointment (physical interview at the
structure's place) through ``plan_contact``; the convocation letter of a planned appointment is
a PDF, audited as an export of personal data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import abort, current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.model.template import LinkRowAction
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from admin import audit, clock
from admin.database import db
from admin.ids import parse_id
from admin.scoping import apply_scope
from admin.views.pages import SecuredPage, paris_now
from exports.convocation import convocation_pdf, letter_for
from schema import Accompaniment, Contact, Counsellor
from schema.agenda import DEFAULT_DURATION_MINUTES
from schema.constraint_messages import explain
from schema.enums import AccompanimentStatus, ContactStatus, Role
from schema.first_convocation import planned_first_appointments, propose
from schema.operations import WorkflowError
from schema.operations.convocation import convoke
from schema.rules.first_appointment import due_date

M, C, B = Role.MANAGER, Role.COUNSELLOR, Role.BACKOFFICE
CHANGED_MESSAGE = (
    "L'accompagnement a été modifié depuis l'affichage des créneaux : "
    "rien n'a été planifié, vérifiez la page à jour."
)
SETTINGS = ("STRUCTURE_NAME", "STRUCTURE_ADDRESS", "STRUCTURE_PHONE", "STRUCTURE_PLACE")


def now() -> datetime:
    """The console's clock: its real Europe/Paris time, or the start of ``TODAY`` when set."""
    real = paris_now()
    today = clock.today()
    return real if real.date() == today else datetime.combine(today, datetime.min.time())


def settings() -> dict[str, str]:
    return {key: current_app.config.get(key) or "" for key in SETTINGS}


class ConvocationLink(LinkRowAction):
    """Row action « Convoquer » of the accompaniments still to contact."""

    def __init__(self) -> None:
        super().__init__(
            "fa fa-calendar-plus-o",
            lambda _action, row_id, _row: url_for("convocation.show", accompaniment_id=row_id),
            title="Convoquer au premier rendez-vous",
        )

    def render(self, context: Any, row_id: Any, row: Any) -> Any:
        if getattr(row, "status", None) != AccompanimentStatus.A_CONTACTER:
            return ""
        if current_user.role not in ConvocationPage.roles:
            return ""
        return super().render(context, row_id, row)


class ConvocationPage(SecuredPage):
    roles = frozenset({M, C, B})
    in_menu = False

    def _load(self, accompaniment_id: int) -> Accompaniment:
        query = (
            select(Accompaniment)
            .options(
                joinedload(Accompaniment.person),
                joinedload(Accompaniment.counsellor),
                joinedload(Accompaniment.orientation),
            )
            .where(Accompaniment.id == accompaniment_id)
        )
        acc = db.session.scalar(apply_scope(query, Accompaniment, current_user))
        if acc is None:
            abort(404)
        return acc

    @expose("/")
    def index(self) -> Any:
        return redirect(url_for("accompaniment.index_view"))

    def _chosen(self, acc: Accompaniment, value: object) -> Counsellor | None:
        """The counsellor a manager chose for an unassigned accompaniment, if any."""
        if acc.counsellor_id is not None or current_user.role != M:
            return None
        key = parse_id(value)
        counsellor = db.session.get(Counsellor, key) if key else None
        return counsellor if counsellor is not None and counsellor.active else None

    @expose("/<int:accompaniment_id>/")
    def show(self, accompaniment_id: int) -> Any:
        acc = self._load(accompaniment_id)
        planned = planned_first_appointments(db.session, acc)
        waiting = acc.status == AccompanimentStatus.A_CONTACTER
        chosen = self._chosen(acc, request.args.get("conseiller"))
        counsellor = acc.counsellor or chosen
        d0 = acc.orientation.decision_date if acc.orientation else None
        proposal = None
        if waiting and counsellor is not None and not planned:
            proposal = propose(db.session, counsellor, d0, now=now())
        choices = []
        if waiting and acc.counsellor is None and current_user.role == M:
            choices = db.session.execute(
                select(Counsellor.id, Counsellor.display_name)
                .where(Counsellor.active.is_(True))
                .order_by(Counsellor.display_name, Counsellor.id)
            ).all()
        return self.render(
            "console/convocation.html",
            acc=acc,
            planned=planned,
            waiting=waiting,
            counsellor=counsellor,
            chosen=chosen,
            choices=choices,
            proposal=proposal,
            due=due_date(d0),
            place=settings()["STRUCTURE_PLACE"],
            duration=DEFAULT_DURATION_MINUTES,
        )

    @expose("/<int:accompaniment_id>/planifier", methods=("POST",))
    def plan(self, accompaniment_id: int) -> Any:
        acc = self._load(accompaniment_id)
        chosen = self._chosen(acc, request.form.get("counsellor_id"))
        back = redirect(
            url_for(".show", accompaniment_id=acc.id, conseiller=chosen.id if chosen else None)
        )
        try:
            starts_at = datetime.fromisoformat(request.form.get("starts_at", ""))
        except ValueError:
            flash("Créneau invalide : choisissez l'un des créneaux proposés.", "error")
            return back
        error = self._plan(acc, starts_at, chosen)
        if error:
            flash(error, "error")
            return back
        flash(
            f"Premier rendez-vous planifié le {starts_at:%d/%m/%Y à %H:%M} : "
            "téléchargez la convocation ci-dessous.",
            "success",
        )
        return redirect(url_for(".show", accompaniment_id=acc.id))

    def _plan(
        self, acc: Accompaniment, starts_at: datetime, chosen: Counsellor | None
    ) -> str | None:
        if request.form.get("version") != str(acc.version):
            return CHANGED_MESSAGE
        try:
            assigning = chosen is not None
            contact = convoke(
                db.session,
                acc,
                starts_at=starts_at,
                place=settings()["STRUCTURE_PLACE"],
                by=current_user,
                now=now(),
                counsellor=chosen,
            )
            if assigning:
                audit.record(
                    "update",
                    entity="Accompaniment",
                    entity_id=acc.id,
                    person_id=acc.person_id,
                    fields=["counsellor"],
                    detail=f"Affectation à {chosen.display_name} (convocation)",
                )
            audit.record(
                "create",
                entity="Contact",
                entity_id=contact.id,
                person_id=acc.person_id,
                fields=["planned_at", "mode", "place", "duration_minutes"],
                detail="Convocation au premier rendez-vous",
            )
            db.session.commit()
        except WorkflowError as exc:
            db.session.rollback()
            return exc.message
        except StaleDataError:
            db.session.rollback()
            return CHANGED_MESSAGE
        except SQLAlchemyError as exc:
            db.session.rollback()
            return explain(exc)
        return None

    @expose("/rdv/<int:contact_id>/convocation.pdf")
    def letter(self, contact_id: int) -> Any:
        query = (
            select(Contact)
            .options(
                joinedload(Contact.accompaniment).joinedload(Accompaniment.person),
                joinedload(Contact.accompaniment).joinedload(Accompaniment.counsellor),
            )
            .where(Contact.id == contact_id, Contact.status == ContactStatus.PREVU)
        )
        contact = db.session.scalar(apply_scope(query, Contact, current_user))
        if contact is None:
            abort(404)
        data = convocation_pdf(letter_for(contact, settings(), clock.today()))
        person = contact.accompaniment.person
        audit.record_export("Convocation", ("Rendez-vous", "Personne"), 1, person_id=person.id)
        db.session.commit()
        filename = f"convocation-{contact.planned_at:%Y%m%d-%H%M}-{contact.id}.pdf"
        return Response(
            data,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )


__all__ = ["ConvocationPage"]
