"""One record of every editable model, and helpers to read and re-post console forms."""

from __future__ import annotations

from datetime import date
from typing import Any

import lxml.html
from sqlalchemy import select
from sqlalchemy.orm import Session

from schema import (
    Action,
    BarrierFamily,
    ContractType,
    Counsellor,
    DiagnosticBarrier,
    EducationLevel,
    Employer,
    Event,
    ExitReason,
    HousingSituation,
    Opportunity,
    OrientationPath,
    Outcome,
    PlanItem,
    Positioning,
    RomeCode,
    Training,
    TrainingScheme,
    User,
    Workshop,
)
from schema.enums import Role
from tests import factories

REFERENCE_ENDPOINTS = {
    "ref_barrier": BarrierFamily,
    "ref_exit_reason": ExitReason,
    "ref_contract": ContractType,
    "ref_education": EducationLevel,
    "ref_path": OrientationPath,
    "ref_housing": HousingSituation,
    "ref_training_scheme": TrainingScheme,
    "ref_rome": RomeCode,
    "ref_workshop": Workshop,
}
ADMIN_ENDPOINTS = {*REFERENCE_ENDPOINTS, "user", "counsellor"}


def world(session: Session, ref: dict[str, Any]) -> dict[str, Any]:
    """A counsellor's caseload with one record of every kind; returns them by endpoint."""
    counsellor = factories.user(session, Role.COUNSELLOR)
    acc = factories.accompaniment(session, counsellor)
    diag = factories.diagnostic(session, acc)
    employer = Employer(name="Boulangerie du Port", siret="12345678901234", commune="Dunkerque")
    event = Event(name="Place des Solutions", event_date=date(2026, 11, 20), place="Kursaal")
    session.add_all([employer, event])
    session.flush()
    opportunity = Opportunity(
        employer=employer,
        title="Vendeur·se",
        channel="clause",
        insertion_hours=140,
        positions=1,
    )
    session.add(opportunity)
    session.flush()
    ws = factories.workshop_session(session, ref["workshop"])
    barrier_id = session.scalar(select(BarrierFamily.id).order_by(BarrierFamily.id).limit(1))
    scheme_id = session.scalar(select(TrainingScheme.id).order_by(TrainingScheme.id).limit(1))
    contact = factories.contact(session, acc)
    cer = factories.cer(session, acc, objectives="Trouver un emploi de vendeur.")
    attendance = factories.attendance(session, ws, acc.person)
    backoffice = factories.user(session, Role.BACKOFFICE)
    profile = session.scalar(select(Counsellor).where(Counsellor.user_id == counsellor.id))
    records = {
        "person": acc.person,
        "orientation": acc.orientation,
        "accompaniment": acc,
        "contact": contact,
        "cer": cer,
        "diagnostic": diag,
        "diagnostic_barrier": DiagnosticBarrier(
            diagnostic=diag,
            barrier_family_id=barrier_id,
            intensity="moyen",
            status="identifie",
            note="Pas de permis.",
        ),
        "plan_item": PlanItem(diagnostic=diag, label="Passer le code", status="a_faire"),
        "action": Action(accompaniment=acc, kind="suivi_emploi", start_date=date(2026, 10, 15)),
        "outcome": Outcome(accompaniment=acc),
        "workshop_session": ws,
        "attendance": attendance,
        "opportunity": opportunity,
        "employer": employer,
        "event": event,
        "positioning": Positioning(
            accompaniment=acc, opportunity=opportunity, proposed_on=date(2026, 10, 20)
        ),
        "training": Training(
            accompaniment=acc,
            scheme_id=scheme_id,
            title="CACES 1",
        ),
        "user": backoffice,
        "counsellor": profile,
    }
    session.add_all(records.values())
    for endpoint, model in REFERENCE_ENDPOINTS.items():
        records[endpoint] = session.scalar(select(model).order_by(model.id).limit(1))
    session.flush()
    records["_counsellor"] = counsellor
    return records


def editor_role(endpoint: str) -> Role:
    return Role.ADMIN if endpoint in ADMIN_ENDPOINTS else Role.MANAGER


def form_values(html: str) -> dict[str, str]:
    """The values a browser would post for the page's main form (hidden fields included)."""
    document = lxml.html.fromstring(html)
    for form in document.forms:
        names = {field.name for field in form.inputs}
        if "csrf_token" in names and form.get("action") in (None, "", "."):
            return dict(form.form_values())
    raise AssertionError("no form in page")


def current(session: Session, model: Any) -> Any:
    session.expire_all()
    return session.get(type(model), model.id)


def user_by_role(session: Session, role: Role) -> User:
    return factories.user(session, role)
