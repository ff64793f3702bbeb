"""Workflow of an accompaniment: first appointment and CER, pauses, EP referral, phase,
extension, contacts. Each function validates, changes rows, flushes; the caller commits.
Closing and reopening are in ``schema.operations.closing``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from schema.accounts import User
from schema.contacts import SYNTHESIS_MAX_LENGTH, Contact
from schema.enums import (
    AccompanimentStatus,
    ActionKind,
    CerKind,
    CerPendingReason,
    ContactMode,
    ContactStatus,
    Phase,
    Sex,
)
from schema.operations import WorkflowError, agenda
from schema.operations.checks import (
    has_entered,
    is_open,
    not_before_entry,
    not_in_future,
    optional_text,
    require,
    required_text,
)
from schema.pathway import Accompaniment, Action, Cer
from schema.rules import duration
from schema.rules.calendar import fr

MIN_WEEKLY_HOURS = 15


@dataclass(frozen=True)
class CerTerms:
    """What is signed with the first CER."""

    end_date: date | None = None
    weekly_hours: int | None = None
    reduced_hours_reason: str | None = None
    objectives: str | None = None


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
        _check_cer_terms(cer, held_on)
    elif reorientation_reason is not None:
        reorientation_reason = required_text(reorientation_reason, "Le motif de réorientation")
    else:
        cer_pending_reason, pending_note = _check_pending(cer_pending_reason, cer_pending_note)
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
        _add_first_cer(session, accompaniment, cer, held_on)
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


def sign_first_cer(
    session: Session,
    accompaniment: Accompaniment,
    *,
    signed_on: date,
    cer: CerTerms,
    by: User,
    today: date,
) -> Cer:
    """The CER left to sign at the first appointment is signed: the same terms and checks as a
    CER signed at the first appointment; the reason it was pending is cleared. It still counts
    as "not signed at the first appointment" (R2's rate compares the dates)."""
    has_entered(accompaniment)
    first = session.scalars(
        select(Cer)
        .where(Cer.accompaniment_id == accompaniment.id, Cer.kind == CerKind.PREMIER)
        .order_by(Cer.id)
        .limit(1)
    ).first()
    if first is not None:
        signed = f"signé le {fr(first.signed_on)}" if first.signed_on else "non signé"
        raise WorkflowError(f"Le premier CER est déjà enregistré ({signed}).")
    require(
        accompaniment.cer_pending_reason is not None,
        "Le CER de cet accompagnement n'est pas en attente de signature.",
    )
    not_in_future(signed_on, today, "La date de signature du CER")
    require(
        signed_on >= accompaniment.entry_date,
        f"La signature du CER ne peut pas précéder le premier rendez-vous "
        f"({fr(accompaniment.entry_date)}).",
    )
    _check_cer_terms(cer, signed_on)
    signed_cer = _add_first_cer(session, accompaniment, cer, signed_on)
    accompaniment.cer_pending_reason = None
    accompaniment.cer_pending_note = None
    session.flush()
    return signed_cer


def _check_pending(
    reason: CerPendingReason | str | None, note: str | None
) -> tuple[str, str | None]:
    """The reason the CER is still to sign, and its note (required for "autre")."""
    require(reason, "Choisissez le motif pour lequel le CER reste à signer.")
    require(
        reason in CerPendingReason.labels(),
        f"Motif inconnu « {reason} » pour un CER restant à signer.",
    )
    if reason == CerPendingReason.AUTRE:
        note = required_text(
            note,
            "La précision du motif",
            missing="Précisez le motif pour lequel le CER reste à signer (motif « autre »).",
        )
    else:
        note = optional_text(note, "La précision du motif")
    return CerPendingReason(reason).value, note


def _check_cer_terms(cer: CerTerms, start: date) -> None:
    require(
        cer.end_date is None or cer.end_date >= start,
        "La fin du CER ne peut pas précéder sa signature.",
    )
    hours = cer.weekly_hours
    require(
        hours is None or 0 <= hours <= 60,
        "Les heures d'activité par semaine vont de 0 à 60.",
    )
    require(
        hours is None or hours >= MIN_WEEKLY_HOURS or (cer.reduced_hours_reason or "").strip(),
        f"En dessous de {MIN_WEEKLY_HOURS} h par semaine, le motif de réduction est obligatoire.",
    )


def _add_first_cer(
    session: Session, accompaniment: Accompaniment, cer: CerTerms, signed_on: date
) -> Cer:
    """The first CER, signed and starting on ``signed_on`` (terms checked by the caller)."""
    row = Cer(
        accompaniment=accompaniment,
        kind=CerKind.PREMIER,
        signed_on=signed_on,
        start_date=signed_on,
        end_date=cer.end_date,
        weekly_hours=cer.weekly_hours,
        reduced_hours_reason=optional_text(cer.reduced_hours_reason, "Le motif"),
        objectives=optional_text(cer.objectives, "Les objectifs", 4000),
    )
    session.add(row)
    return row


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
