"""R2 — the CER is signed at the first appointment, unless the person is reoriented.

A first appointment held with the CER still to sign (a reason recorded on the accompaniment)
is late like a missing CER, from the first appointment on; its detail says since when and why."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, exists, or_, select

from schema.enums import ActionKind, CerPendingReason
from schema.pathway import Accompaniment, Action, Cer
from schema.rules.sql import flag
from schema.rules.states import ENTERED, Facts, Row, Rule, RuleState, state_case


def has_signed_cer() -> ColumnElement[bool]:
    """Correlated: the accompaniment has a signed CER."""
    return exists(
        select(Cer.id).where(Cer.accompaniment_id == Accompaniment.id, Cer.signed_on.is_not(None))
    )


def is_reoriented() -> ColumnElement[bool]:
    """Correlated: a reorientation was recorded (it replaces the CER)."""
    return exists(
        select(Action.id).where(
            and_(
                Action.accompaniment_id == Accompaniment.id,
                Action.kind == ActionKind.REORIENTATION,
            )
        )
    )


def facts(today: date) -> dict[str, ColumnElement]:
    return {
        "has_cer": flag(has_signed_cer()),
        "reoriented": flag(is_reoriented()),
        # Set when the first appointment was held with the CER still to sign (issue 14).
        "cer_pending_reason": Accompaniment.cer_pending_reason,
    }


def state(f: Facts, today: date) -> ColumnElement[str]:
    return state_case(
        (f.status.not_in(ENTERED), RuleState.NA),
        (or_(f.has_cer == 1, f.reoriented == 1), RuleState.OK),
        default=RuleState.LATE,
    )


def pending_detail(reason: str, first_appointment: date, today: date) -> str:
    """« CER à signer depuis N j (motif) »: N days since the first appointment."""
    days = (today - first_appointment).days
    return f"CER à signer depuis {days} j ({CerPendingReason(reason).label.lower()})"


def _detail(row: Row, today: date) -> str:
    if row.reoriented and not row.has_cer:
        return "réorientation"
    if row.has_cer:
        return "signé"
    if row.cer_pending_reason and row.entry_date:
        return pending_detail(row.cer_pending_reason, row.entry_date, today)
    return "manquant" if row.entry_date else ""


RULE = Rule(
    code="r2",
    label="CER",
    alert_label="CER manquant",
    definition="cer",
    state=state,
    due=lambda row, today: None if (row.has_cer or row.reoriented) else row.entry_date,
    detail=_detail,
)
