"""Closing an accompaniment (exit reason, situation at exit, recommended follow-ups — R10) and
reopening one closed by mistake (manager only, within 30 days)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from schema.accounts import User
from schema.enums import AccompanimentStatus, Role, Situation
from schema.operations.checks import (
    is_open,
    not_before_entry,
    not_in_future,
    require,
    required_text,
)
from schema.operations.pathway import ongoing_pause
from schema.opportunities import Employer
from schema.pathway import Accompaniment, Outcome
from schema.reference import ContractType, ExitReason
from schema.rules.calendar import fr

REOPEN_WITHIN_DAYS = 30
FOLLOW_UPS_MAX_LENGTH = 4000


def close_accompaniment(
    session: Session,
    accompaniment: Accompaniment,
    *,
    exit_reason: ExitReason,
    exit_date: date,
    follow_ups: str,
    situation: Situation | str | None,
    by: User,
    today: date,
    contract_type: ContractType | None = None,
    employer: Employer | None = None,
    job_start_date: date | None = None,
) -> Outcome:
    """Close the accompaniment: exit date and reason, recommended follow-ups (required, R10),
    and the situation at exit recorded on the outcome (FSE+ result within 4 weeks). An ongoing
    pause ends on the exit date."""
    is_open(accompaniment)
    require(exit_reason is not None, "Le motif de sortie est obligatoire.")
    require(exit_reason.active, f"Le motif de sortie « {exit_reason.label} » n'est plus utilisé.")
    follow_ups = required_text(
        follow_ups,
        "Les suites préconisées",
        FOLLOW_UPS_MAX_LENGTH,
        missing="Les suites préconisées sont obligatoires pour clore un accompagnement.",
    )
    not_in_future(exit_date, today, "La date de sortie")
    not_before_entry(exit_date, accompaniment, "La date de sortie")
    require(situation is None or situation in Situation.labels(), "Situation à la sortie inconnue.")
    require(
        job_start_date is None or contract_type is not None,
        "Indiquez le type de contrat du poste obtenu.",
    )

    pause = ongoing_pause(session, accompaniment)
    if pause is not None:
        pause.end_date = max(exit_date, pause.start_date)
    accompaniment.status = AccompanimentStatus.CLOS
    accompaniment.exit_date = exit_date
    accompaniment.exit_reason = exit_reason
    accompaniment.follow_ups = follow_ups

    outcome = session.scalar(select(Outcome).where(Outcome.accompaniment_id == accompaniment.id))
    if outcome is None:
        outcome = Outcome(accompaniment=accompaniment)
        session.add(outcome)
    outcome.situation_4_weeks = Situation(situation).value if situation else None
    outcome.situation_4_weeks_on = exit_date if situation else None
    outcome.contract_type = contract_type
    outcome.employer = employer
    outcome.job_start_date = job_start_date
    session.flush()
    return outcome


def reopen_accompaniment(
    session: Session,
    accompaniment: Accompaniment,
    *,
    reason: str,
    by: User,
    today: date,
) -> Accompaniment:
    """Reopen an accompaniment closed by mistake: managers only, within 30 days of the exit.
    The outcome row is kept and updated at the next closing."""
    require(by.role == Role.MANAGER, "Seul·e un·e responsable peut rouvrir un accompagnement.")
    require(accompaniment.status == AccompanimentStatus.CLOS, "Cet accompagnement n'est pas clos.")
    reason = required_text(reason, "Le motif de réouverture")
    require(
        accompaniment.exit_date >= today - timedelta(days=REOPEN_WITHIN_DAYS),
        f"Cet accompagnement est clos depuis le {fr(accompaniment.exit_date)} : il ne peut "
        f"être rouvert que dans les {REOPEN_WITHIN_DAYS} jours qui suivent la sortie.",
    )
    other = session.scalar(
        select(Accompaniment.id).where(
            Accompaniment.person_id == accompaniment.person_id,
            Accompaniment.id != accompaniment.id,
            Accompaniment.status != AccompanimentStatus.CLOS,
        )
    )
    require(other is None, "Cette personne a déjà un autre accompagnement en cours.")
    accompaniment.status = (
        AccompanimentStatus.ACTIF if accompaniment.entry_date else AccompanimentStatus.A_CONTACTER
    )
    accompaniment.exit_date = None
    accompaniment.exit_reason = None
    session.flush()
    return accompaniment
