"""The contract of engagement (CER, R2): the terms signed with the first CER, and signing it
later when it was left to sign at the first appointment. Each function validates, changes rows,
flushes; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from schema.accounts import User
from schema.enums import CerKind, CerPendingReason
from schema.operations import WorkflowError
from schema.operations.checks import (
    has_entered,
    not_in_future,
    optional_text,
    require,
    required_text,
)
from schema.pathway import Accompaniment, Cer
from schema.rules.calendar import fr

MIN_WEEKLY_HOURS = 15


@dataclass(frozen=True)
class CerTerms:
    """What is signed with the first CER."""

    end_date: date | None = None
    weekly_hours: int | None = None
    reduced_hours_reason: str | None = None
    objectives: str | None = None


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
    check_cer_terms(cer, signed_on)
    signed_cer = add_first_cer(session, accompaniment, cer, signed_on)
    accompaniment.cer_pending_reason = None
    accompaniment.cer_pending_note = None
    session.flush()
    return signed_cer


def check_pending(
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


def check_cer_terms(cer: CerTerms, start: date) -> None:
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


def add_first_cer(
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
