"""Steps of a positioning (candidature, entretien, retenu with the hire and the exit, non retenu,
désistement) and the trainings of a person: small forms, each calling one operation of
``schema.operations``; plus what the accompaniment page shows of them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.exc import StaleDataError

from admin import audit, clock
from admin import placement_forms as forms
from admin.database import db
from admin.scoping import apply_scope
from admin.views.base import STALE_MESSAGE
from admin.views.matching import page_labels, positionings_query
from admin.views.pages import SecuredPage
from schema import Accompaniment, ContractType, ExitReason, Positioning, Training, TrainingScheme
from schema.constraint_messages import explain
from schema.enums import AccompanimentStatus, PositioningStatus, Role, TrainingStatus
from schema.matching import offers_for
from schema.operations import WorkflowError
from schema.operations import positioning as ops
from schema.operations import trainings as training_ops

M, C = Role.MANAGER, Role.COUNSELLOR
OFFERS_SHOWN = 10


def parcours_placement(session: Session, acc: Accompaniment, today: date) -> dict[str, Any]:
    """What the accompaniment page shows: offers (for those who may position), positionings and
    trainings, each list in one statement (steps in one more)."""
    can_place = Role(current_user.role) in (M, C)
    offers = []
    if can_place and acc.status == AccompanimentStatus.ACTIF:
        offers = offers_for(session, acc, today=today, limit=OFFERS_SHOWN)
    positionings = session.scalars(
        positionings_query()
        .where(Positioning.accompaniment_id == acc.id)
        .order_by(Positioning.proposed_on.desc(), Positioning.id.desc())
    ).all()
    trainings = session.scalars(
        select(Training)
        .options(joinedload(Training.scheme))
        .where(Training.accompaniment_id == acc.id)
        .order_by(Training.id.desc())
    ).all()
    return {
        "can_place": can_place,
        "offers": offers,
        "positionings": positionings,
        "trainings": trainings,
        "training_labels": TrainingStatus.labels(),
        "training_next": training_ops.next_statuses,
        **page_labels(),
    }


def _options(model: type) -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(model.id, model.label).where(model.active.is_(True)).order_by(model.position)
    ).all()
    return [(str(i), label) for i, label in rows]


def _get(model: type, value: str | None) -> Any:
    return db.session.get(model, int(value)) if value and value.isdigit() else None


class PlacementPage(SecuredPage):
    roles = frozenset({M, C})
    in_menu = False

    @expose("/")
    def index(self) -> Any:
        return redirect(url_for("positioning.index_view"))

    # --- Positionings ----------------------------------------------------------------------
    def _positioning(self, positioning_id: int) -> Positioning:
        query = positionings_query().where(Positioning.id == positioning_id)
        positioning = db.session.scalar(apply_scope(query, Positioning, current_user))
        if positioning is None:
            abort(404)
        return positioning

    def _back(self, positioning: Positioning) -> str:
        if positioning.opportunity_id and request.args.get("retour") != "parcours":
            return url_for("offre.show", opportunity_id=positioning.opportunity_id)
        return url_for("parcours.show", accompaniment_id=positioning.accompaniment_id)

    @expose("/positionnement/<int:positioning_id>/<status>", methods=("GET", "POST"))
    def step(self, positioning_id: int, status: str) -> Any:
        if status not in PositioningStatus.labels():
            abort(404)
        status = PositioningStatus(status)
        positioning = self._positioning(positioning_id)
        back = self._back(positioning)
        retained = status == PositioningStatus.RETENU
        form = forms.HireForm() if retained else forms.StepForm()
        if retained:
            form.contract_type.choices = [("", "—"), *_options(ContractType)]
            form.exit_reason.choices = [("", "— Choisir —"), *_options(ExitReason)]
        error = None
        if request.method == "GET":
            if status not in ops.next_statuses(positioning):
                flash(f"Ce positionnement est déjà « {positioning_label(positioning)} ».", "error")
                return redirect(back)
            self._step_defaults(form, positioning)
        elif form.validate_on_submit():
            run = self._hire if retained else self._move
            error = self._save(
                positioning.version,
                form,
                lambda: run(positioning, status, form),
                audit_action="hire" if retained else "positioning_step",
                entity=lambda: ("Positioning", positioning.id, positioning.accompaniment.person_id),
            )
            if error is None:
                return redirect(back)
        else:
            error = "Le formulaire contient des erreurs : corrigez les champs signalés."
        target = positioning.opportunity or positioning.event
        return self.render(
            "placement/form.html",
            title=f"{positioning.accompaniment.person.full_name} — {status.label}",
            subtitle=str(target),
            form=form,
            error=error,
            back=back,
            exit_fields=("exit_reason", "exit_date", "follow_ups") if retained else (),
        )

    def _step_defaults(self, form: Any, positioning: Positioning) -> None:
        today = clock.today()
        form.version.data = str(positioning.version)
        form.on.data = today
        if isinstance(form, forms.HireForm):
            opportunity = positioning.opportunity
            contract = opportunity.contract_type if opportunity else None
            form.contract_type.data = str(contract.id) if contract else ""
            form.job_start_date.data = opportunity.start_date if opportunity else None
            reason = ops.exit_reason_for(db.session, contract)
            form.exit_reason.data = str(reason.id) if reason else ""
            form.exit_date.data = today

    def _move(self, positioning: Positioning, status: PositioningStatus, form: Any) -> str:
        ops.move_positioning(
            db.session,
            positioning,
            status=status,
            on=form.on.data,
            notes=form.notes.data,
            by=current_user,
            today=clock.today(),
        )
        return f"Positionnement passé à « {status.label} »."

    def _hire(self, positioning: Positioning, status: PositioningStatus, form: Any) -> str:
        hire = ops.Hire(
            contract_type=_get(ContractType, form.contract_type.data),
            job_start_date=form.job_start_date.data,
            insertion_hours=form.insertion_hours.data,
        )
        leaving = None
        if form.leaves.data:
            if form.exit_date.data is None:
                raise WorkflowError("Indiquez la date de sortie du programme.")
            leaving = ops.Leaving(
                exit_reason=_get(ExitReason, form.exit_reason.data),
                exit_date=form.exit_date.data,
                follow_ups=form.follow_ups.data or "",
            )
        ops.record_hire(
            db.session,
            positioning,
            on=form.on.data,
            hire=hire,
            leaving=leaving,
            by=current_user,
            today=clock.today(),
        )
        message = "Embauche enregistrée"
        if leaving is not None:
            message += " ; accompagnement clos (sortie en emploi)"
        if positioning.opportunity and positioning.opportunity.status == "pourvue":
            message += " ; l'offre est pourvue"
        return message + "."

    def _save(
        self,
        version: int,
        form: Any,
        run: Callable[[], str],
        *,
        audit_action: str,
        entity: Callable[[], tuple[str, int, int]],
    ) -> str | None:
        """Run one operation, audit, commit; the French reason of a refusal, or None."""
        if "version" in form and form.version.data != str(version):
            return STALE_MESSAGE
        try:
            message = run()
            name, entity_id, person_id = entity()
            audit.record(
                audit_action,
                entity=name,
                entity_id=entity_id,
                person_id=person_id,
                fields=[f for f in form.data if f not in ("csrf_token", "version")],
            )
            db.session.commit()
        except WorkflowError as exc:
            db.session.rollback()
            return exc.message
        except StaleDataError:
            db.session.rollback()
            return STALE_MESSAGE
        except SQLAlchemyError as exc:
            db.session.rollback()
            return explain(exc)
        flash(message, "success")
        return None

    # --- Trainings -------------------------------------------------------------------------
    @expose("/parcours/<int:accompaniment_id>/formation", methods=("GET", "POST"))
    def add_training(self, accompaniment_id: int) -> Any:
        query = (
            select(Accompaniment)
            .options(joinedload(Accompaniment.person))
            .where(Accompaniment.id == accompaniment_id)
        )
        acc = db.session.scalar(apply_scope(query, Accompaniment, current_user))
        if acc is None:
            abort(404)
        back = url_for("parcours.show", accompaniment_id=acc.id)
        form = forms.TrainingForm()
        form.scheme.choices = [("", "— Choisir —"), *_options(TrainingScheme)]
        error = None
        if request.method == "POST":
            if form.validate_on_submit():
                holder: dict[str, Training] = {}

                def run() -> str:
                    holder["t"] = training_ops.add_training(
                        db.session,
                        acc,
                        scheme=_get(TrainingScheme, form.scheme.data),
                        title=form.title.data,
                        organisation=form.organisation.data,
                        qualifying=form.qualifying.data,
                        start_date=form.start_date.data,
                        end_date=form.end_date.data,
                        status=form.status.data,
                        by=current_user,
                        today=clock.today(),
                    )
                    return "Formation enregistrée."

                error = self._save(
                    acc.version,
                    form,
                    run,
                    audit_action="training_add",
                    entity=lambda: ("Training", holder["t"].id, acc.person_id),
                )
                if error is None:
                    return redirect(back)
            else:
                error = "Le formulaire contient des erreurs : corrigez les champs signalés."
        return self.render(
            "placement/form.html",
            title="Ajouter une formation",
            subtitle=acc.person.full_name,
            form=form,
            error=error,
            back=back,
            exit_fields=(),
        )

    @expose("/formation/<int:training_id>/<status>", methods=("GET", "POST"))
    def training_status(self, training_id: int, status: str) -> Any:
        if status not in TrainingStatus.labels():
            abort(404)
        status = TrainingStatus(status)
        query = (
            select(Training)
            .options(joinedload(Training.accompaniment).joinedload(Accompaniment.person))
            .where(Training.id == training_id)
        )
        training = db.session.scalar(apply_scope(query, Training, current_user))
        if training is None:
            abort(404)
        back = url_for("parcours.show", accompaniment_id=training.accompaniment_id)
        form = forms.TrainingStatusForm()
        error = None
        if request.method == "GET":
            if status not in training_ops.next_statuses(training):
                flash(f"Cette formation est déjà « {training_label(training)} ».", "error")
                return redirect(back)
            form.version.data = str(training.version)
            form.on.data = clock.today()
        elif form.validate_on_submit():

            def run() -> str:
                effects = training_ops.change_training_status(
                    db.session,
                    training,
                    status=status,
                    on=form.on.data,
                    by=current_user,
                    today=clock.today(),
                )
                return " ".join([f"Formation : « {status.label} ».", *effects])

            error = self._save(
                training.version,
                form,
                run,
                audit_action="training_status",
                entity=lambda: ("Training", training.id, training.accompaniment.person_id),
            )
            if error is None:
                return redirect(back)
        else:
            error = "Le formulaire contient des erreurs : corrigez les champs signalés."
        return self.render(
            "placement/form.html",
            title=f"{training.title} — {status.label}",
            subtitle=training.accompaniment.person.full_name,
            form=form,
            error=error,
            back=back,
            exit_fields=(),
        )


def positioning_label(positioning: Positioning) -> str:
    return PositioningStatus(positioning.status).label.lower()


def training_label(training: Training) -> str:
    return TrainingStatus(training.status).label.lower()
