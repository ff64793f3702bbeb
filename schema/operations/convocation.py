"""Convoking a person to their first appointment: assign the counsellor when the accompaniment
has none yet (« à affecter »), then plan the appointment in the counsellor's agenda. Flushes;
the caller audits and commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from schema.accounts import Counsellor, User
from schema.agenda import DEFAULT_DURATION_MINUTES
from schema.contacts import Contact
from schema.enums import AccompanimentStatus, ContactMode
from schema.first_convocation import planned_first_appointments
from schema.operations import WorkflowError
from schema.operations.agenda import plan_contact
from schema.operations.checks import require
from schema.pathway import Accompaniment


def convoke(
    session: Session,
    accompaniment: Accompaniment,
    *,
    starts_at: datetime,
    place: str,
    by: User,
    now: datetime,
    counsellor: Counsellor | None = None,
) -> Contact:
    """Plan the first appointment (physical interview, at ``place``); ``counsellor`` assigns an
    unassigned accompaniment first."""
    require(
        accompaniment.status == AccompanimentStatus.A_CONTACTER,
        "Le premier rendez-vous de cet accompagnement a déjà eu lieu.",
    )
    if planned := planned_first_appointments(session, accompaniment):
        raise WorkflowError(
            f"Un rendez-vous est déjà prévu le {planned[0].planned_at:%d/%m/%Y à %H:%M} : "
            "déplacez-le plutôt que d'en planifier un second."
        )
    if counsellor is not None and counsellor.id != accompaniment.counsellor_id:
        require(
            accompaniment.counsellor_id is None,
            "L'accompagnement est déjà affecté à un·e autre conseiller·ère.",
        )
        require(counsellor.active, f"{counsellor.display_name} n'est plus en activité.")
        accompaniment.counsellor = counsellor
        session.flush()
    return plan_contact(
        session,
        accompaniment,
        starts_at=starts_at.replace(second=0, microsecond=0),
        duration_minutes=DEFAULT_DURATION_MINUTES,
        mode=ContactMode.PHYSIQUE,
        place=place,
        by=by,
        now=now,
    )
