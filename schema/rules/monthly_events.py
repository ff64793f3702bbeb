"""The month's events for the monthly report: entries, exits, contacts, workshop attendances,
pauses and EP referrals, as selects with one row per event (see ``schema.rules.monthly``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from schema.contacts import Contact
from schema.enums import PHYSICAL_MODES, ActionKind
from schema.pathway import Accompaniment, Action, Cer, Orientation, Outcome
from schema.people import Person
from schema.reference import ContractType, ExitReason
from schema.rules import cer, pauses
from schema.rules.monthly import ReportMonth, names, scope, with_names
from schema.rules.signatures import attendance_present, physical_interview_held
from schema.rules.sql import flag
from schema.workshops import Attendance, Workshop, WorkshopSession


# --- Entries and exits -------------------------------------------------------------------------
def entries_select(month: ReportMonth) -> Select:
    """Accompaniments whose first appointment was held in the month (R1, R2 facts)."""
    first_cer = (
        select(func.min(Cer.signed_on))
        .where(Cer.accompaniment_id == Accompaniment.id, Cer.signed_on.is_not(None))
        .scalar_subquery()
    )
    query = (
        select(
            Accompaniment.id.label("id"),
            Accompaniment.person_id.label("person_id"),
            *names(),
            Orientation.decision_date.label("d0"),
            Accompaniment.entry_date.label("entry_date"),
            first_cer.label("cer_signed_on"),
            flag(cer.is_reoriented()).label("reoriented"),
        )
        .select_from(Accompaniment)
        .outerjoin(Orientation, Orientation.id == Accompaniment.orientation_id)
    )
    return (
        with_names(query)
        .where(
            Accompaniment.entry_date >= month.start,
            Accompaniment.entry_date <= month.as_of,
            *scope(month),
        )
        .order_by(Accompaniment.entry_date, Person.last_name, Accompaniment.id)
    )


def exits_select(month: ReportMonth) -> Select:
    """Accompaniments closed in the month, with the exit reason and the outcome."""
    query = (
        select(
            Accompaniment.id.label("id"),
            Accompaniment.person_id.label("person_id"),
            *names(),
            Accompaniment.entry_date.label("entry_date"),
            Accompaniment.exit_date.label("exit_date"),
            ExitReason.label.label("reason"),
            ExitReason.category.label("category"),
            ExitReason.is_employment.label("is_employment"),
            ExitReason.is_positive.label("is_positive"),
            ContractType.label.label("contract_type"),
            Outcome.situation_4_weeks.label("situation_4_weeks"),
        )
        .select_from(Accompaniment)
        .join(ExitReason, ExitReason.id == Accompaniment.exit_reason_id)
        .outerjoin(Outcome, Outcome.accompaniment_id == Accompaniment.id)
        .outerjoin(ContractType, ContractType.id == Outcome.contract_type_id)
    )
    return (
        with_names(query)
        .where(
            Accompaniment.exit_date >= month.start,
            Accompaniment.exit_date <= month.as_of,
            *scope(month),
        )
        .order_by(Accompaniment.exit_date, Person.last_name, Accompaniment.id)
    )


# --- Contacts, workshops, actions --------------------------------------------------------------
def contact_day() -> ColumnElement[datetime]:
    """When a contact counts: held date-time if held, else planned."""
    return func.coalesce(Contact.held_at, Contact.planned_at)


def contacts_select(month: ReportMonth) -> Select:
    """Contacts of the month (held, planned, missed…), without their synthesis."""
    query = (
        select(
            Contact.id.label("id"),
            Accompaniment.person_id.label("person_id"),
            *names(),
            Contact.planned_at.label("planned_at"),
            Contact.held_at.label("held_at"),
            Contact.mode.label("mode"),
            Contact.status.label("status"),
            Contact.mode.in_([m.value for m in PHYSICAL_MODES]).label("physical"),
            flag(physical_interview_held()).label("needs_signature"),
            Contact.signed.label("signed"),
            Contact.ps_entered_on.label("ps_entered_on"),
        )
        .select_from(Contact)
        .join(Accompaniment, Accompaniment.id == Contact.accompaniment_id)
    )
    return (
        with_names(query)
        .where(contact_day() >= month.start_at, contact_day() < month.end_at, *scope(month))
        .order_by(contact_day(), Contact.id)
    )


def attendances_select(month: ReportMonth) -> Select:
    """Registrations to the workshop sessions of the month."""
    query = (
        select(
            Attendance.id.label("id"),
            Attendance.person_id.label("person_id"),
            Person.last_name.label("last_name"),
            Person.first_name.label("first_name"),
            Person.caf_number.label("caf_number"),
            Person.anonymised_at.label("anonymised_at"),
            WorkshopSession.id.label("session_id"),
            Workshop.label.label("workshop"),
            WorkshopSession.starts_at.label("starts_at"),
            Attendance.status.label("status"),
            flag(attendance_present()).label("present"),
            Attendance.signed.label("signed"),
        )
        .select_from(Attendance)
        .join(WorkshopSession, WorkshopSession.id == Attendance.session_id)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .join(Person, Person.id == Attendance.person_id)
        .where(
            WorkshopSession.starts_at >= month.start_at, WorkshopSession.starts_at < month.end_at
        )
        .order_by(WorkshopSession.starts_at, WorkshopSession.id, Person.last_name, Attendance.id)
    )
    if month.counsellor_id is not None:
        caseload = select(Accompaniment.person_id).where(
            Accompaniment.counsellor_id == month.counsellor_id
        )
        query = query.where(Attendance.person_id.in_(caseload))
    return query


REPORTED_ACTIONS = (ActionKind.MISE_EN_ATTENTE.value, ActionKind.SAISINE_EP.value)


def actions_select(month: ReportMonth) -> Select:
    """Pauses touching the month and EP referrals made or decided in the month (R9)."""
    in_month = and_(Action.start_date >= month.start, Action.start_date <= month.as_of)
    decided = and_(Action.decision_date >= month.start, Action.decision_date <= month.as_of)
    pause = and_(
        Action.kind == ActionKind.MISE_EN_ATTENTE,
        pauses.pause_overlaps(month.start, month.as_of),
    )
    ep = and_(Action.kind == ActionKind.SAISINE_EP, or_(in_month, decided))
    query = select(
        Action.id.label("id"),
        Accompaniment.person_id.label("person_id"),
        *names(),
        Action.kind.label("kind"),
        Action.start_date.label("start_date"),
        Action.end_date.label("end_date"),
        Action.decision.label("decision"),
        Action.decision_date.label("decision_date"),
        Action.outcome.label("outcome"),
    ).select_from(Action)
    query = query.join(Accompaniment, Accompaniment.id == Action.accompaniment_id)
    return (
        with_names(query)
        .where(or_(pause, ep), *scope(month))
        .order_by(Action.kind, Action.start_date, Action.id)
    )
