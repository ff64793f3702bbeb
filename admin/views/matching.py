"""The opportunity page (/console/offres/<id>/): the offer, its positionings, and the
"Candidats possibles" ranked by ``schema.matching`` with a one-click "Positionner"."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload, selectinload

from admin import audit, clock
from admin.database import db
from admin.placement_forms import PositionForm
from admin.scoping import apply_scope
from admin.views.pages import SecuredPage
from schema import Accompaniment, Opportunity, Positioning
from schema.constraint_messages import explain
from schema.enums import Channel, OpportunityStatus, Phase, PositioningStatus, Role
from schema.matching import candidates_for, explanation
from schema.operations import WorkflowError
from schema.operations import positioning as ops
from schema.rules.calendar import fr

M, C = Role.MANAGER, Role.COUNSELLOR
CANDIDATES_SHOWN = 30


def own_counsellor_id() -> int | None:
    """The counsellor whose caseload limits what the current user sees (None: everything)."""
    if Role(current_user.role) != C:
        return None
    return current_user.counsellor.id if current_user.counsellor else -1


def positionings_query() -> Any:
    """Positionings with what their rows show, loaded up front (steps in one more statement)."""
    return select(Positioning).options(
        joinedload(Positioning.accompaniment).joinedload(Accompaniment.person),
        joinedload(Positioning.opportunity).joinedload(Opportunity.employer),
        joinedload(Positioning.event),
        joinedload(Positioning.contract_type),
        selectinload(Positioning.steps),
    )


def page_labels() -> dict[str, Any]:
    """Labels the positioning tables use (the accompaniment page has ``fr`` and the phases)."""
    return {
        "positioning_labels": PositioningStatus.labels(),
        "channel_labels": Channel.labels(),
        "opportunity_status_labels": OpportunityStatus.labels(),
        "next_statuses": ops.next_statuses,
    }


class OpportunityPage(SecuredPage):
    roles = frozenset({M, C})
    in_menu = False

    def _load(self, opportunity_id: int) -> Opportunity:
        opportunity = db.session.scalar(
            select(Opportunity)
            .options(
                joinedload(Opportunity.employer),
                joinedload(Opportunity.contract_type),
                joinedload(Opportunity.rome),
            )
            .where(Opportunity.id == opportunity_id)
        )
        if opportunity is None:
            abort(404)
        return opportunity

    @expose("/")
    def index(self) -> Any:
        return redirect(url_for("opportunity.index_view"))

    @expose("/<int:opportunity_id>/")
    def show(self, opportunity_id: int) -> Any:
        opportunity = self._load(opportunity_id)
        today = clock.today()
        candidates = []
        if opportunity.status == OpportunityStatus.OUVERTE:
            candidates = candidates_for(
                db.session,
                opportunity,
                today=today,
                counsellor_id=own_counsellor_id(),
                limit=CANDIDATES_SHOWN,
            )
        query = positionings_query().where(Positioning.opportunity_id == opportunity.id)
        positionings = db.session.scalars(
            apply_scope(query, Positioning, current_user).order_by(
                Positioning.proposed_on.desc(), Positioning.id.desc()
            )
        ).all()
        filled = None
        if opportunity.channel == Channel.CLAUSE:
            filled = ops.clause_hours_filled(db.session, opportunity)
        return self.render(
            "placement/opportunity.html",
            opportunity=opportunity,
            candidates=candidates,
            shown=CANDIDATES_SHOWN,
            positionings=positionings,
            filled=filled,
            explanation=explanation(),
            fr=fr,
            phase_labels=Phase.labels(),
            **page_labels(),
        )

    @expose("/<int:opportunity_id>/positionner", methods=("POST",))
    def position(self, opportunity_id: int) -> Any:
        opportunity = self._load(opportunity_id)
        form = PositionForm()
        back = (
            url_for("parcours.show", accompaniment_id=form.accompaniment_id.data)
            if form.back.data == "parcours" and (form.accompaniment_id.data or "").isdigit()
            else url_for(".show", opportunity_id=opportunity.id)
        )
        if not form.validate_on_submit() or not form.accompaniment_id.data.isdigit():
            flash("Le formulaire a expiré ou est incomplet : rechargez la page.", "error")
            return redirect(back)
        query = (
            select(Accompaniment)
            .options(joinedload(Accompaniment.person))
            .where(Accompaniment.id == int(form.accompaniment_id.data))
        )
        accompaniment = db.session.scalar(apply_scope(query, Accompaniment, current_user))
        if accompaniment is None:
            abort(404)
        try:
            positioning = ops.position(
                db.session,
                accompaniment,
                opportunity=opportunity,
                by=current_user,
                today=clock.today(),
            )
            audit.record(
                "position",
                entity="Positioning",
                entity_id=positioning.id,
                person_id=accompaniment.person_id,
                fields=["accompaniment_id", "opportunity_id", "status", "proposed_on"],
                detail=str(opportunity),
            )
            db.session.commit()
        except WorkflowError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(back)
        except SQLAlchemyError as exc:
            db.session.rollback()
            flash(explain(exc), "error")
            return redirect(back)
        flash(
            f"{accompaniment.person.full_name} est positionné·e sur « {opportunity.title} ».",
            "success",
        )
        return redirect(back)
