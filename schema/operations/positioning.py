"""Positionings (mises en relation): a person put forward for an opportunity or an event, and
the steps that follow — proposé → candidature envoyée → entretien → retenu / non retenu /
désistement. Every step is dated and kept (``PositioningStep``). "Retenu" records the hire
(contract, start, clause hours) and, when the person leaves the programme, closes the
accompaniment through ``schema.operations.closing.close_accompaniment``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schema.accounts import User
from schema.enums import Channel, OpportunityStatus, PositioningStatus, Situation
from schema.operations.checks import has_entered, is_open, not_in_future, optional_text, require
from schema.operations.closing import close_accompaniment
from schema.opportunities import Event, Opportunity, Positioning, PositioningStep
from schema.pathway import Accompaniment
from schema.reference import ContractType, ExitReason
from schema.rules.calendar import fr

P = PositioningStatus
FINAL = (P.RETENU, P.NON_RETENU, P.DESISTEMENT)
# From each status, the statuses it may move to (steps may be skipped, never undone).
TRANSITIONS: dict[str, tuple[PositioningStatus, ...]] = {
    P.PROPOSE: (P.CANDIDATURE, P.ENTRETIEN, *FINAL),
    P.CANDIDATURE: (P.ENTRETIEN, *FINAL),
    P.ENTRETIEN: FINAL,
    P.RETENU: (),
    P.NON_RETENU: (),
    P.DESISTEMENT: (),
}
NOTES_MAX_LENGTH = 1000

# The exit reason that matches the contract of a hire (codes of the seeded reference lists).
EXIT_REASON_BY_CONTRACT = {
    "cdi": "cdi",
    "cdd_6_mois_plus": "cdd_6_mois_plus",
    "cdd_moins_6_mois": "cdd_moins_6_mois",
    "interim_6_mois_plus": "interim_6_mois_plus",
    "interim_moins_6_mois": "interim_moins_6_mois",
    "pec": "contrat_aide",
    "cddi": "embauche_siae",
    "creation_entreprise": "creation_entreprise",
    "fonction_publique": "titularisation",
}


@dataclass(frozen=True)
class Hire:
    """What is recorded with "Retenu"."""

    contract_type: ContractType | None = None
    job_start_date: date | None = None
    insertion_hours: int | None = None


@dataclass(frozen=True)
class Leaving:
    """The person leaves the programme with this hire: how the accompaniment is closed."""

    exit_reason: ExitReason | None
    exit_date: date
    follow_ups: str


def next_statuses(positioning: Positioning) -> tuple[PositioningStatus, ...]:
    return TRANSITIONS[PositioningStatus(positioning.status)]


def position(
    session: Session,
    accompaniment: Accompaniment,
    *,
    by: User,
    today: date,
    opportunity: Opportunity | None = None,
    event: Event | None = None,
    notes: str | None = None,
) -> Positioning:
    """Put the person forward for an opportunity (open) or an event: status "proposé" today."""
    has_entered(accompaniment)
    require((opportunity is None) != (event is None), "Choisissez une offre ou un événement.")
    if opportunity is not None:
        require(
            opportunity.status == OpportunityStatus.OUVERTE,
            f"L'offre « {opportunity.title} » n'est plus ouverte "
            f"({OpportunityStatus(opportunity.status).label.lower()}).",
        )
        target = Positioning.opportunity_id == opportunity.id
        already = "Cette personne est déjà positionnée sur cette offre."
    else:
        target = Positioning.event_id == event.id
        already = "Cette personne est déjà positionnée sur cet événement."
    existing = session.scalar(
        select(Positioning.id).where(Positioning.accompaniment_id == accompaniment.id, target)
    )
    require(existing is None, already)
    positioning = Positioning(
        accompaniment=accompaniment,
        opportunity=opportunity,
        event=event,
        status=P.PROPOSE.value,
        proposed_on=today,
        status_on=today,
        notes=optional_text(notes, "Les notes", NOTES_MAX_LENGTH),
    )
    session.add(positioning)
    session.add(
        PositioningStep(
            positioning=positioning, status=P.PROPOSE.value, step_date=today, recorded_by_id=by.id
        )
    )
    session.flush()
    return positioning


def _check_move(positioning: Positioning, status: PositioningStatus, on: date, today: date) -> None:
    is_open(positioning.accompaniment)
    current = PositioningStatus(positioning.status)
    require(
        status in TRANSITIONS[current],
        f"Un positionnement « {current.label.lower()} » ne peut pas passer à "
        f"« {status.label.lower()} ».",
    )
    not_in_future(on, today, "La date")
    since = positioning.status_on or positioning.proposed_on
    require(
        on >= since,
        f"La date ne peut pas précéder l'étape précédente « {current.label.lower()} » "
        f"({fr(since)}).",
    )


def _step(
    session: Session, positioning: Positioning, status: PositioningStatus, on: date, by: User
) -> None:
    positioning.status = status.value
    positioning.status_on = on
    session.add(
        PositioningStep(
            positioning=positioning, status=status.value, step_date=on, recorded_by_id=by.id
        )
    )


def move_positioning(
    session: Session,
    positioning: Positioning,
    *,
    status: PositioningStatus | str,
    on: date,
    by: User,
    today: date,
    notes: str | None = None,
) -> Positioning:
    """Candidature envoyée, entretien, non retenu or désistement on ``on``. "Retenu" goes
    through ``record_hire``."""
    require(status in PositioningStatus.labels(), "Statut de positionnement inconnu.")
    status = PositioningStatus(status)
    require(status != P.RETENU, "Pour « Retenu », enregistrez l'embauche.")
    _check_move(positioning, status, on, today)
    if notes is not None and notes.strip():
        positioning.notes = optional_text(notes, "Les notes", NOTES_MAX_LENGTH)
    _step(session, positioning, status, on, by)
    session.flush()
    return positioning


def clause_hours_filled(session: Session, opportunity: Opportunity) -> int:
    """Insertion hours already filled by the retained positionings of a clause."""
    return session.scalar(
        select(func.coalesce(func.sum(Positioning.insertion_hours), 0)).where(
            Positioning.opportunity_id == opportunity.id,
            Positioning.status == P.RETENU,
        )
    )


def record_hire(
    session: Session,
    positioning: Positioning,
    *,
    on: date,
    hire: Hire,
    by: User,
    today: date,
    leaving: Leaving | None = None,
) -> Positioning:
    """The person is retained (retenu) on ``on``: the hire is recorded on the positioning; the
    opportunity is "pourvue" once all its positions are filled; with ``leaving``, the
    accompaniment is closed through the follow-up workflow (exit reason, follow-ups, situation
    "en emploi", contract, employer and start recorded on the outcome)."""
    _check_move(positioning, P.RETENU, on, today)
    opportunity = positioning.opportunity
    hours = hire.insertion_hours
    if hours is not None:
        require(
            opportunity is not None and opportunity.channel == Channel.CLAUSE,
            "Les heures d'insertion ne concernent que les offres en clause d'insertion.",
        )
        require(hours >= 0, "Les heures d'insertion ne peuvent pas être négatives.")
        if opportunity.insertion_hours:
            filled = clause_hours_filled(session, opportunity)
            require(
                filled + hours <= opportunity.insertion_hours,
                f"La clause porte {opportunity.insertion_hours} h d'insertion, dont {filled} h "
                f"déjà réalisées par d'autres embauches : {hours} h de plus dépasseraient "
                "le total.",
            )
    require(
        hire.job_start_date is None or hire.contract_type is not None,
        "Indiquez le type de contrat du poste obtenu.",
    )
    if leaving is not None:
        require(
            hire.contract_type is not None,
            "Pour une sortie en emploi, indiquez le type de contrat du poste obtenu.",
        )
        close_accompaniment(
            session,
            positioning.accompaniment,
            exit_reason=leaving.exit_reason,
            exit_date=leaving.exit_date,
            follow_ups=leaving.follow_ups,
            situation=Situation.EMPLOI,
            by=by,
            today=today,
            contract_type=hire.contract_type,
            employer=opportunity.employer if opportunity is not None else None,
            job_start_date=hire.job_start_date,
        )
    positioning.contract_type = hire.contract_type
    positioning.job_start_date = hire.job_start_date
    positioning.insertion_hours = hours
    _step(session, positioning, P.RETENU, on, by)
    session.flush()
    if opportunity is not None and opportunity.status == OpportunityStatus.OUVERTE:
        retained = session.scalar(
            select(func.count()).where(
                Positioning.opportunity_id == opportunity.id, Positioning.status == P.RETENU
            )
        )
        if retained >= opportunity.positions:
            opportunity.status = OpportunityStatus.POURVUE.value
            session.flush()
    return positioning


def latest_hire(session: Session, accompaniment: Accompaniment) -> Positioning | None:
    """The most recent retained positioning of an accompaniment (what "Clore" starts from)."""
    return session.scalar(
        select(Positioning)
        .where(Positioning.accompaniment_id == accompaniment.id, Positioning.status == P.RETENU)
        .order_by(Positioning.status_on.desc(), Positioning.id.desc())
        .limit(1)
    )


def exit_reason_for(session: Session, contract_type: ContractType | None) -> ExitReason | None:
    """The active exit reason matching a contract type, when there is one."""
    code = EXIT_REASON_BY_CONTRACT.get(contract_type.code) if contract_type else None
    if code is None:
        return None
    return session.scalar(
        select(ExitReason).where(ExitReason.code == code, ExitReason.active.is_(True))
    )
