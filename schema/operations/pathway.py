"""Workflow of an accompaniment: first appointment, pauses, EP referral, phase, extension,
contacts. Each function validates, changes rows, flushes; the caller commits. The CER's terms
and its later signature are in ``schema.operations.cer``; closing and reopening in
``schema.operations.closing``."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from schema.accounts import User
from schema.contacts import SYNTHESIS_MAX_LENGTH, Contact
from schema.enums import (
    AccompanimentStatus,
    ActionKind,
    CerPendingReason,
    ContactMode,
    ContactStatus,
    Phase,
    Sex,
)
from schema.operations import agenda
from schema.operations.cer import (
    CerTerms,
    add_first_cer,
    check_cer_terms,
    check_pending,
)
from schema.operations.checks import (
    has_entered,
    is_open,
    not_before_entry,
    not_in_future,
    optional_text,
    require,
    required_text,
)
from schema.pathway import Accompaniment, Action
from schema.rules import duration
from schema.rules.calendar import fr


def record_first_appointment(
    session: Session,
    accompaniment: Accompaniment,
    *,
    held_at: datetime,
    by: User,
    today: date,
    cer: CerTerms | None = None,
    reorientation_reason: str | None = None,
    cer_pending_reason: CerPendingReason | str | None = None,
    cer_pending_note: str | None = None,
    sex: str | None = None,
) -> Accompaniment:
    """The first appointment is held: the person enters the programme (R1) and signs the CER
    (R2), or a reorientation that replaces the CER is recorded, or the CER is still to sign
    (``cer_pending_reason``, with ``cer_pending_note`` required for "autre"; signed later with
    :func:`sign_first_cer`). Exactly one of ``cer``, ``reorientation_reason`` and
    ``cer_pending_reason`` is given. ``sex`` is required while the person's is unknown (a list
    imported without it) and recorded then; a known sex is changed on the person's form."""
    held_on = held_at.date()
    is_open(accompaniment)
    require(
        accompaniment.status == AccompanimentStatus.A_CONTACTER,
        f"Le premier rendez-vous est déjà enregistré (entrée le {fr(accompaniment.entry_date)}).",
    )
    not_in_future(held_on, today, "La date du premier rendez-vous")
    d0 = accompaniment.orientation.decision_date if accompaniment.orientation else None
    require(
        d0 is None or held_on >= d0,
        f"Le premier rendez-vous ne peut pas précéder la décision d'orientation ({fr(d0)}).",
    )
    chosen = [x for x in (cer, reorientation_reason, cer_pending_reason) if x is not None]
    require(
        len(chosen) == 1,
        "Indiquez soit la signature du CER, soit la réorientation qui le remplace, soit le "
        "motif pour lequel le CER reste à signer.",
    )
    pending_note = None
    if cer is not None:
        check_cer_terms(cer, held_on)
    elif reorientation_reason is not None:
        reorientation_reason = required_text(reorientation_reason, "Le motif de réorientation")
    else:
        cer_pending_reason, pending_note = check_pending(cer_pending_reason, cer_pending_note)
    person = accompaniment.person
    if person.sex is None:
        require(sex, "Le sexe de la personne n'est pas encore renseigné : indiquez-le.")
        require(sex in Sex.labels(), f"Sexe inconnu « {sex} » (F, H ou X attendu).")
        person.sex = sex

    accompaniment.status = AccompanimentStatus.ACTIF
    accompaniment.entry_date = held_on
    if accompaniment.planned_end is None or accompaniment.planned_end < held_on:
        accompaniment.planned_end = duration.default_planned_end(held_on)
    if agenda.honour_planned(session, accompaniment, held_at=held_at) is None:
        session.add(
            Contact(
                accompaniment=accompaniment,
                planned_at=held_at,
                held_at=held_at,
                mode=ContactMode.PHYSIQUE,
                status=ContactStatus.HONORE,
                created_by_id=by.id,
            )
        )
    if cer is not None:
        add_first_cer(session, accompaniment, cer, held_on)
    elif reorientation_reason is not None:
        session.add(
            Action(
                accompaniment=accompaniment,
                kind=ActionKind.REORIENTATION,
                start_date=held_on,
                reason=reorientation_reason,
                created_by_id=by.id,
            )
        )
    else:
        accompaniment.cer_pending_reason = cer_pending_reason
        accompaniment.cer_pending_note = pending_note
    session.flush()
    return accompaniment


def ongoing_pause(session: Session, accompaniment: Accompaniment) -> Action | None:
    return session.scalar(
        select(Action)
        .where(
            Action.accompaniment_id == accompaniment.id,
            Action.kind == ActionKind.MISE_EN_ATTENTE,
            Action.end_date.is_(None),
        )
        .order_by(Action.start_date.desc(), Action.id.desc())
        .limit(1)
    )


def pause_accompaniment(
    session: Session,
    accompaniment: Accompaniment,
    *,
    start: date,
    reason: str,
    by: User,
    today: date,
) -> Action:
    """Mise en attente (R9): the accompaniment is paused from ``start``; R3/R4 are suspended."""
    has_entered(accompaniment)
    require(
        accompaniment.status == AccompanimentStatus.ACTIF,
        "Seul un accompagnement actif peut être mis en attente.",
    )
    reason = required_text(reason, "Le motif de la mise en attente")
    not_in_future(start, today, "Le début de la mise en attente")
    not_before_entry(start, accompaniment, "La mise en attente")
    require(
        ongoing_pause(session, accompaniment) is None,
        "Une mise en attente est déjà en cours.",
    )
    pause = Action(
        accompaniment=accompaniment,
        kind=ActionKind.MISE_EN_ATTENTE,
        start_date=start,
        reason=reason,
        created_by_id=by.id,
    )
    session.add(pause)
    accompaniment.status = AccompanimentStatus.EN_ATTENTE
    session.flush()
    return pause


def resume_accompaniment(
    session: Session,
    accompaniment: Accompaniment,
    *,
    on: date,
    by: User,
    today: date,
    outcome: str | None = None,
) -> Action | None:
    """End of the pause: the accompaniment is active again from ``on``."""
    is_open(accompaniment)
    require(
        accompaniment.status == AccompanimentStatus.EN_ATTENTE,
        "Cet accompagnement n'est pas en attente.",
    )
    not_in_future(on, today, "La date de reprise")
    pause = ongoing_pause(session, accompaniment)
    if pause is not None:
        require(
            on >= pause.start_date,
            f"La reprise ne peut pas précéder le début de la mise en attente "
            f"({fr(pause.start_date)}).",
        )
        pause.end_date = on
        pause.outcome = optional_text(outcome, "Le commentaire")
    accompaniment.status = AccompanimentStatus.ACTIF
    session.flush()
    return pause


def refer_to_ep(
    session: Session,
    accompaniment: Accompaniment,
    *,
    on: date,
    reason: str,
    by: User,
    today: date,
) -> Action:
    """Saisine de l'équipe pluridisciplinaire (R9); the decision is recorded later."""
    is_open(accompaniment)
    reason = required_text(reason, "Le motif de la saisine")
    not_in_future(on, today, "La date de saisine")
    pending = session.scalar(
        select(Action.id).where(
            Action.accompaniment_id == accompaniment.id,
            Action.kind == ActionKind.SAISINE_EP,
            Action.decision_date.is_(None),
        )
    )
    require(pending is None, "Une saisine de l'EP attend déjà sa décision.")
    action = Action(
        accompaniment=accompaniment,
        kind=ActionKind.SAISINE_EP,
        start_date=on,
        reason=reason,
        created_by_id=by.id,
    )
    session.add(action)
    session.flush()
    return action


def record_ep_decision(
    session: Session,
    referral: Action,
    *,
    decision: str,
    decided_on: date,
    by: User,
    today: date,
) -> Action:
    """The EP's decision on a referral."""
    require(referral.kind == ActionKind.SAISINE_EP, "Cette action n'est pas une saisine de l'EP.")
    require(referral.decision_date is None, "La décision de l'EP est déjà enregistrée.")
    decision = required_text(decision, "La décision")
    not_in_future(decided_on, today, "La date de décision")
    require(
        decided_on >= referral.start_date,
        f"La décision ne peut pas précéder la saisine ({fr(referral.start_date)}).",
    )
    referral.decision = decision
    referral.decision_date = decided_on
    referral.end_date = decided_on
    session.flush()
    return referral


def change_phase(
    session: Session, accompaniment: Accompaniment, *, phase: Phase | str, by: User
) -> Accompaniment:
    """Move the pathway to another phase (orientation / formation / emploi)."""
    has_entered(accompaniment)
    require(phase in Phase.labels(), "Phase inconnue.")
    require(
        accompaniment.phase != phase,
        f"Le parcours est déjà en phase « {Phase(phase).label} ».",
    )
    accompaniment.phase = Phase(phase).value
    session.flush()
    return accompaniment


def extend_accompaniment(
    session: Session,
    accompaniment: Accompaniment,
    *,
    new_end: date,
    reason: str,
    by: User,
) -> Accompaniment:
    """Extend the planned end (R6): an extension needs a reason."""
    has_entered(accompaniment)
    reason = required_text(reason, "Le motif de prolongation")
    current = accompaniment.planned_end or duration.default_planned_end(accompaniment.entry_date)
    require(
        new_end > current,
        f"La nouvelle fin prévue doit être après la fin prévue actuelle ({fr(current)}).",
    )
    accompaniment.planned_end = new_end
    accompaniment.extension_reason = reason
    session.flush()
    return accompaniment


def record_contact(
    session: Session,
    accompaniment: Accompaniment,
    *,
    held_at: datetime,
    mode: ContactMode | str,
    by: User,
    today: date,
    duration_minutes: int | None = None,
    synthesis: str | None = None,
) -> Contact:
    """A held contact (R3; R4 when physical)."""
    is_open(accompaniment)
    require(mode in ContactMode.labels(), "Mode de contact inconnu.")
    not_in_future(held_at.date(), today, "La date du contact")
    require(
        duration_minutes is None or 0 <= duration_minutes <= 24 * 60,
        "La durée doit être comprise entre 0 et 1440 minutes.",
    )
    contact = Contact(
        accompaniment=accompaniment,
        planned_at=held_at,
        held_at=held_at,
        mode=ContactMode(mode).value,
        status=ContactStatus.HONORE,
        duration_minutes=duration_minutes,
        synthesis=optional_text(synthesis, "La synthèse", SYNTHESIS_MAX_LENGTH),
        created_by_id=by.id,
    )
    session.add(contact)
    session.flush()
    return contact
