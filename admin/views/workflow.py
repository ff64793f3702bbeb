"""The accompaniment page (/console/parcours/<id>) and its workflow actions.

Each action is a small form; its view loads the accompaniment within the user's scope, checks the
form, calls one operation of ``schema.operations``, records the audit entry and commits. A refused
operation shows its French reason above the form, with the user's input kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.exc import StaleDataError

from admin import audit, clock
from admin import workflow_forms as forms
from admin.database import db
from admin.scoping import apply_scope
from admin.views.base import STALE_MESSAGE
from admin.views.dashboard import rule_context
from admin.views.pages import SecuredPage
from admin.views.placement import parcours_placement
from schema import Accompaniment, Action, Cer, Contact, ContractType, ExitReason, Orientation
from schema.constraint_messages import explain
from schema.enums import (
    AccompanimentStatus,
    ActionKind,
    CerPendingReason,
    ContactMode,
    Role,
    Situation,
)
from schema.operations import WorkflowError
from schema.operations import cer as cer_ops
from schema.operations import closing as closing_ops
from schema.operations import pathway as ops
from schema.operations import positioning as positioning_ops
from schema.rules.caseload import caseload

M, C, F = Role.MANAGER, Role.COUNSELLOR, Role.FUNDER
A_CONTACTER, ACTIF, EN_ATTENTE, CLOS = (
    AccompanimentStatus.A_CONTACTER,
    AccompanimentStatus.ACTIF,
    AccompanimentStatus.EN_ATTENTE,
    AccompanimentStatus.CLOS,
)
ALL_STATUSES = tuple(s.value for s in AccompanimentStatus)


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type[forms.WorkflowForm]
    run: Callable[[Session, Accompaniment, Any, Any, date], str]  # returns the success message
    statuses: tuple[str, ...]
    audit_action: str
    roles: frozenset[Role] = frozenset({M, C})


def _cer_terms(form: Any) -> ops.CerTerms:
    return ops.CerTerms(
        end_date=form.cer_end.data,
        weekly_hours=form.weekly_hours.data,
        reduced_hours_reason=form.reduced_hours_reason.data,
        objectives=form.objectives.data,
    )


def _first_appointment(session, acc, form, user, today) -> str:
    sex = form.sex.data if "sex" in form else None
    record = partial(
        ops.record_first_appointment,
        session,
        acc,
        held_at=form.held_at.data,
        by=user,
        today=today,
        sex=sex,
    )
    if form.outcome.data == "cer":
        record(cer=_cer_terms(form))
        return "Premier rendez-vous enregistré et CER signé."
    if form.outcome.data == "pending":
        record(
            cer_pending_reason=form.cer_pending_reason.data or "",
            cer_pending_note=form.cer_pending_note.data,
        )
        return "Premier rendez-vous enregistré ; le CER reste à signer."
    record(reorientation_reason=form.reorientation_reason.data or "")
    return "Premier rendez-vous et réorientation enregistrés."


def _first_cer(session, acc, form, user, today) -> str:
    cer_ops.sign_first_cer(
        session, acc, signed_on=form.signed_on.data, cer=_cer_terms(form), by=user, today=today
    )
    return "Signature du CER enregistrée."


def _contact(session, acc, form, user, today) -> str:
    ops.record_contact(
        session,
        acc,
        held_at=form.held_at.data,
        mode=form.mode.data,
        by=user,
        today=today,
        duration_minutes=form.duration_minutes.data,
        synthesis=form.synthesis.data,
    )
    return f"Contact ({ContactMode(form.mode.data).label.lower()}) enregistré."


def _pause(session, acc, form, user, today) -> str:
    ops.pause_accompaniment(
        session, acc, start=form.start.data, reason=form.reason.data, by=user, today=today
    )
    return "Accompagnement mis en attente."


def _resume(session, acc, form, user, today) -> str:
    ops.resume_accompaniment(
        session, acc, on=form.on.data, by=user, today=today, outcome=form.outcome.data
    )
    return "Reprise de l'accompagnement enregistrée."


def _ep_referral(session, acc, form, user, today) -> str:
    ops.refer_to_ep(session, acc, on=form.on.data, reason=form.reason.data, by=user, today=today)
    return "Saisine de l'équipe pluridisciplinaire enregistrée."


def _ep_decision(session, acc, form, user, today) -> str:
    referral = pending_referral(session, acc)
    if referral is None:
        raise WorkflowError("Aucune saisine de l'EP n'attend de décision.")
    ops.record_ep_decision(
        session,
        referral,
        decision=form.decision.data,
        decided_on=form.decided_on.data,
        by=user,
        today=today,
    )
    return "Décision de l'EP enregistrée."


def _phase(session, acc, form, user, today) -> str:
    ops.change_phase(session, acc, phase=form.phase.data, by=user)
    return "Phase du parcours modifiée."


def _extension(session, acc, form, user, today) -> str:
    ops.extend_accompaniment(
        session, acc, new_end=form.new_end.data, reason=form.reason.data, by=user
    )
    return "Prolongation enregistrée."


def _close(session, acc, form, user, today) -> str:
    reason = session.get(ExitReason, int(form.exit_reason.data))
    contract = session.get(ContractType, int(form.contract_type.data or 0) or -1)
    hire = positioning_ops.latest_hire(session, acc)
    same_job = hire is not None and hire.opportunity is not None and contract == hire.contract_type
    closing_ops.close_accompaniment(
        session,
        acc,
        exit_reason=reason,
        exit_date=form.exit_date.data,
        follow_ups=form.follow_ups.data,
        situation=form.situation.data or None,
        contract_type=contract,
        job_start_date=form.job_start_date.data,
        employer=hire.opportunity.employer if same_job else None,
        by=user,
        today=today,
    )
    return "Accompagnement clos."


def _reopen(session, acc, form, user, today) -> str:
    closing_ops.reopen_accompaniment(session, acc, reason=form.reason.data, by=user, today=today)
    return "Accompagnement rouvert."


OPEN = (A_CONTACTER, ACTIF, EN_ATTENTE)
STEPS = {
    step.slug: step
    for step in (
        Step(
            "premier-rdv",
            "Premier rendez-vous et CER",
            forms.FirstAppointmentForm,
            _first_appointment,
            (A_CONTACTER,),
            "first_appointment",
        ),
        Step(
            "signature-cer",
            "Signature du CER",
            forms.FirstCerForm,
            _first_cer,
            (ACTIF, EN_ATTENTE),
            "first_cer",
        ),
        Step("contact", "Enregistrer un contact", forms.ContactForm, _contact, OPEN, "contact"),
        Step("mise-en-attente", "Mettre en attente", forms.PauseForm, _pause, (ACTIF,), "pause"),
        Step("reprise", "Reprendre", forms.ResumeForm, _resume, (EN_ATTENTE,), "resume"),
        Step("saisine-ep", "Saisir l'EP", forms.EpReferralForm, _ep_referral, OPEN, "ep_referral"),
        Step(
            "decision-ep",
            "Décision de l'EP",
            forms.EpDecisionForm,
            _ep_decision,
            OPEN,
            "ep_decision",
        ),
        Step("phase", "Changer de phase", forms.PhaseForm, _phase, (ACTIF, EN_ATTENTE), "phase"),
        Step(
            "prolongation",
            "Prolonger",
            forms.ExtensionForm,
            _extension,
            (ACTIF, EN_ATTENTE),
            "extension",
        ),
        Step("cloture", "Clore l'accompagnement", forms.CloseForm, _close, OPEN, "close"),
        Step(
            "reouverture",
            "Rouvrir",
            forms.ReopenForm,
            _reopen,
            (CLOS,),
            "reopen",
            roles=frozenset({M}),
        ),
    )
}


def pending_referral(session: Session, acc: Accompaniment) -> Action | None:
    return session.scalar(
        select(Action)
        .where(
            Action.accompaniment_id == acc.id,
            Action.kind == ActionKind.SAISINE_EP,
            Action.decision_date.is_(None),
        )
        .order_by(Action.id.desc())
        .limit(1)
    )


class ParcoursView(SecuredPage):
    """One accompaniment: its rules, its history, and the buttons of its workflow."""

    roles = frozenset({M, C, F})

    def is_visible(self) -> bool:
        return False  # reached from the lists and the portfolio, not from the menu

    def _load(self, accompaniment_id: int) -> Accompaniment:
        query = (
            select(Accompaniment)
            .options(
                joinedload(Accompaniment.person),
                joinedload(Accompaniment.counsellor),
                joinedload(Accompaniment.orientation).joinedload(Orientation.path),
                joinedload(Accompaniment.exit_reason),
            )
            .where(Accompaniment.id == accompaniment_id)
        )
        acc = db.session.scalar(apply_scope(query, Accompaniment, current_user))
        if acc is None:
            abort(404)
        return acc

    def _steps(self, acc: Accompaniment, has_referral: bool) -> list[Step]:
        role = Role(current_user.role)
        return [
            step
            for step in STEPS.values()
            if role in step.roles
            and acc.status in step.statuses
            and (step.slug != "decision-ep" or has_referral)
            and (step.slug != "saisine-ep" or not has_referral)
            and (step.slug != "signature-cer" or acc.cer_pending_reason is not None)
        ]

    @expose("/")
    def index(self) -> Any:
        return redirect(url_for("accompaniment.index_view"))

    @expose("/<int:accompaniment_id>/")
    def show(self, accompaniment_id: int) -> Any:
        acc = self._load(accompaniment_id)
        today = clock.today()
        (row,) = caseload(db.session, today, accompaniment_ids=[acc.id], statuses=ALL_STATUSES)
        actions = db.session.scalars(
            select(Action)
            .options(joinedload(Action.created_by))
            .where(Action.accompaniment_id == acc.id)
            .order_by(Action.start_date.desc(), Action.id.desc())
        ).all()
        contacts = db.session.scalars(
            select(Contact)
            .where(Contact.accompaniment_id == acc.id)
            .order_by(Contact.planned_at.desc(), Contact.id.desc())
            .limit(20)
        ).all()
        cers = db.session.scalars(
            select(Cer).where(Cer.accompaniment_id == acc.id).order_by(Cer.id)
        ).all()
        has_referral = any(
            a.kind == ActionKind.SAISINE_EP and a.decision_date is None for a in actions
        )
        return self.render(
            "console/parcours.html",
            acc=acc,
            row=row,
            actions=actions,
            contacts=contacts,
            cers=cers,
            steps=self._steps(acc, has_referral),
            action_labels=ActionKind.labels(),
            pending_labels=CerPendingReason.labels(),
            mode_labels=ContactMode.labels(),
            situation_labels=Situation.labels(),
            **rule_context(),
            **parcours_placement(db.session, acc, today),
        )

    @expose("/<int:accompaniment_id>/<slug>", methods=("GET", "POST"))
    def step(self, accompaniment_id: int, slug: str) -> Any:
        step = STEPS.get(slug)
        if step is None:
            abort(404)
        acc = self._load(accompaniment_id)
        if Role(current_user.role) not in step.roles:
            abort(403)
        form = step.form()
        self._choices(form, acc)
        error = None
        if request.method == "GET":
            form.version.data = str(acc.version)
            self._defaults(form, acc)
        elif form.validate_on_submit():
            error = self._submit(step, acc, form)
            if error is None:
                return redirect(url_for(".show", accompaniment_id=acc.id))
        else:
            error = "Le formulaire contient des erreurs : corrigez les champs signalés."
        return self.render("console/workflow_form.html", acc=acc, step=step, form=form, error=error)

    def _submit(self, step: Step, acc: Accompaniment, form: Any) -> str | None:
        if acc.status not in step.statuses:
            return (
                f"Action impossible : l'accompagnement est « "
                f"{AccompanimentStatus(acc.status).label.lower()} »."
            )
        if form.version.data != str(acc.version):
            return STALE_MESSAGE
        try:
            message = step.run(db.session, acc, form, current_user, clock.today())
            audit.record(
                step.audit_action,
                entity="Accompaniment",
                entity_id=acc.id,
                person_id=acc.person_id,
                fields=[name for name in form.data if name not in ("csrf_token", "version")],
                detail=step.title,
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

    def _choices(self, form: Any, acc: Accompaniment) -> None:
        if isinstance(form, forms.FirstAppointmentForm):
            form.ask_sex(acc.person.sex is None)
        if isinstance(form, forms.CloseForm):
            reasons = db.session.execute(
                select(ExitReason.id, ExitReason.label)
                .where(ExitReason.active.is_(True))
                .order_by(ExitReason.position, ExitReason.label)
            ).all()
            form.exit_reason.choices = [("", "— Choisir —")] + [(str(i), lbl) for i, lbl in reasons]
            contracts = db.session.execute(
                select(ContractType.id, ContractType.label)
                .where(ContractType.active.is_(True))
                .order_by(ContractType.position, ContractType.label)
            ).all()
            form.contract_type.choices = [("", "—")] + [(str(i), lbl) for i, lbl in contracts]

    def _defaults(self, form: Any, acc: Accompaniment) -> None:
        if isinstance(form, forms.PhaseForm):
            form.phase.data = acc.phase
        if isinstance(form, forms.FirstCerForm):
            form.signed_on.data = clock.today()
        hire = None
        if isinstance(form, forms.CloseForm):  # closing starts from the last hire, if any
            hire = positioning_ops.latest_hire(db.session, acc)
        if hire is not None:
            form.situation.data = Situation.EMPLOI.value
            form.contract_type.data = str(hire.contract_type_id or "")
            form.job_start_date.data = hire.job_start_date
            reason = positioning_ops.exit_reason_for(db.session, hire.contract_type)
            form.exit_reason.data = str(reason.id) if reason else ""
