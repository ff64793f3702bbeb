"""The detail sheets of the monthly report: one row per person or event, stable identifiers.

Each sheet is a declared column spec (field, French header, kind) and a pure row builder over one
select of ``schema.rules.monthly``; the synthesis (``exports.indicators``) sums the same built
rows, so its figures and the sheets' rows agree.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from exports.writer import Column, Kind
from schema.enums import (
    AccompanimentStatus,
    ActionKind,
    AttendanceStatus,
    ContactMode,
    ContactStatus,
    ExitCategory,
    Situation,
)
from schema.rules import (
    diagnostics,
    first_appointment,
    monthly,
    monthly_events,
    physical_meetings,
)
from schema.rules.caseload import RULES, caseload_select
from schema.rules.states import RuleState

STREAM_ROWS = 2000

ID = ("person_id", Column("N° personne", Kind.INT, 11))
NAME = ("name", Column("Personne", Kind.TEXT, 28))
CAF = ("caf_number", Column("N° allocataire CAF", Kind.ID, 16))
COUNSELLOR = ("counsellor", Column("Conseiller·ère", Kind.TEXT, 22))


@dataclass(frozen=True)
class Population:
    """A detail sheet: title, columns, the select it reads and how a row is built."""

    title: str
    fields: tuple[tuple[str, Column], ...]
    select: Callable[[monthly.ReportMonth], Select]
    build: Callable[[Any, monthly.ReportMonth], Any]

    @property
    def columns(self) -> list[Column]:
        return [column for _name, column in self.fields]

    def rows(self, session: Session, month: monthly.ReportMonth) -> Iterator[Any]:
        """The built rows, streamed from the database (server-side cursor where available)."""
        result = session.execute(
            self.select(month).execution_options(yield_per=STREAM_ROWS, stream_results=True)
        )
        for raw in result:
            yield from self.build(raw, month)


def _row_type(name: str, fields: tuple[tuple[str, Column], ...]) -> Any:
    return namedtuple(name, [f for f, _c in fields])


def person_name(raw: Any) -> str:
    return f"{(raw.last_name or '').upper()} {raw.first_name or ''}".strip()


# --- File active -------------------------------------------------------------------------------
ACTIVE_FIELDS = (
    ("accompaniment_id", Column("N° parcours", Kind.INT, 11)),
    ID,
    NAME,
    CAF,
    COUNSELLOR,
    ("status_at_end", Column("Statut en fin de mois", Kind.TEXT, 14)),
    ("status_today", Column("Statut au jour de l'export", Kind.TEXT, 14)),
    ("entry_date", Column("Entrée", Kind.DATE, 12)),
    ("exit_date", Column("Sortie", Kind.DATE, 12)),
    ("in_file_at_end", Column("Dans la file en fin de mois", Kind.BOOL, 14)),
    ("days_in_file", Column("Jours dans la file", Kind.INT, 12)),
    ("weeks_required", Column("Semaines exigées (R3)", Kind.INT, 12)),
    ("weeks_with_contact", Column("Semaines avec contact", Kind.INT, 12)),
    ("active_days", Column("Jours actifs du mois (R4)", Kind.INT, 12)),
    ("physical_required", Column("Entretiens physiques requis (R4)", Kind.INT, 14)),
    ("physical_meetings", Column("Entretiens physiques tenus", Kind.INT, 14)),
    ("physical_respected", Column("Entretiens physiques requis atteints", Kind.BOOL, 14)),
    ("paused", Column("Mise en attente dans le mois", Kind.BOOL, 14)),
    ("diagnostic_due", Column("Diagnostic à 3 mois dû le", Kind.DATE, 14)),
    ("diagnostic_done", Column("Diagnostic à 3 mois fait le", Kind.DATE, 14)),
    ("diagnostic_on_time", Column("Diagnostic fait à temps", Kind.BOOL, 12)),
)
ActiveRow = _row_type("ActiveRow", ACTIVE_FIELDS)


def diagnostic_due_in(entry: date | None, exit_: date | None, month: monthly.ReportMonth):
    """The 3-month diagnostic's due date when it falls in the month (R5) and before any exit."""
    due = diagnostics.due_date(entry)
    if due is None or not month.start <= due <= month.as_of:
        return None
    if exit_ is not None and exit_ < due:
        return None
    return due


def _active(raw: Any, month: monthly.ReportMonth) -> Iterator[Any]:
    required = int(raw.physical_required or 0)
    held = int(raw.physical_meetings or 0)
    due = diagnostic_due_in(raw.entry_date, raw.exit_date, month)
    done = raw.diagnostic_3m_on
    yield ActiveRow(
        raw.id,
        raw.person_id,
        person_name(raw),
        raw.caf_number,
        raw.counsellor_name,
        AccompanimentStatus(raw.status_at_end).label,
        AccompanimentStatus(raw.status).label,
        raw.entry_date,
        raw.exit_date,
        bool(raw.in_file_at_end),
        int(raw.days_in_file or 0),
        int(raw.weeks_required or 0),
        int(raw.weeks_with_contact or 0),
        int(raw.active_days or 0),
        required,
        held,
        # Judged once the month is over (the current month: required by its end, not judged).
        physical_meetings.respected(held, required) if month.complete else None,
        bool(raw.paused),
        due,
        done if due else None,
        (done is not None and done <= due) if due else None,
    )


ACTIVE = Population("File active", ACTIVE_FIELDS, monthly.active_file_select, _active)

# --- Entries -----------------------------------------------------------------------------------
ENTRY_FIELDS = (
    ("accompaniment_id", Column("N° parcours", Kind.INT, 11)),
    ID,
    NAME,
    CAF,
    COUNSELLOR,
    ("d0", Column("Décision d'orientation (D0)", Kind.DATE, 14)),
    ("entry_date", Column("Premier rendez-vous", Kind.DATE, 14)),
    ("delay_days", Column("Délai (jours)", Kind.INT, 10)),
    ("within_15", Column("≤ 15 jours", Kind.BOOL, 10)),
    ("within_30", Column("≤ 30 jours", Kind.BOOL, 10)),
    ("cer_signed_on", Column("CER signé le", Kind.DATE, 12)),
    ("reoriented", Column("Réorienté·e", Kind.BOOL, 11)),
    ("cer_at_first", Column("CER au 1er rendez-vous", Kind.BOOL, 14)),
)
EntryRow = _row_type("EntryRow", ENTRY_FIELDS)


def _entry(raw: Any, month: monthly.ReportMonth) -> Iterator[Any]:
    delay = first_appointment.delay_days(raw.d0, raw.entry_date)
    signed = raw.cer_signed_on
    reoriented = bool(raw.reoriented)
    at_first = signed is not None and signed <= raw.entry_date
    yield EntryRow(
        raw.id,
        raw.person_id,
        person_name(raw),
        raw.caf_number,
        raw.counsellor_name,
        raw.d0,
        raw.entry_date,
        delay,
        None if delay is None else delay <= first_appointment.DELAY_DAYS,
        None if delay is None else delay <= 30,
        signed,
        reoriented,
        None if (reoriented and not at_first) else at_first,
    )


ENTRIES = Population("Entrées", ENTRY_FIELDS, monthly_events.entries_select, _entry)

# --- Exits -------------------------------------------------------------------------------------
EXIT_FIELDS = (
    ("accompaniment_id", Column("N° parcours", Kind.INT, 11)),
    ID,
    NAME,
    CAF,
    COUNSELLOR,
    ("entry_date", Column("Entrée", Kind.DATE, 12)),
    ("exit_date", Column("Sortie", Kind.DATE, 12)),
    ("duration_days", Column("Durée (jours)", Kind.INT, 10)),
    ("reason", Column("Motif de sortie", Kind.TEXT, 36)),
    ("category", Column("Catégorie de sortie", Kind.TEXT, 24)),
    ("is_employment", Column("Compte dans le retour à l'emploi", Kind.BOOL, 14)),
    ("is_positive", Column("Compte dans les sorties positives", Kind.BOOL, 14)),
    ("contract_type", Column("Type de contrat", Kind.TEXT, 24)),
    ("situation_4_weeks", Column("Situation dans les 4 semaines", Kind.TEXT, 20)),
    ("category_code", Column("Code catégorie", Kind.ID, 18)),
)
ExitRow = _row_type("ExitRow", EXIT_FIELDS)


def _exit(raw: Any, month: monthly.ReportMonth) -> Iterator[Any]:
    duration = (raw.exit_date - raw.entry_date).days if raw.entry_date else None
    yield ExitRow(
        raw.id,
        raw.person_id,
        person_name(raw),
        raw.caf_number,
        raw.counsellor_name,
        raw.entry_date,
        raw.exit_date,
        duration,
        raw.reason,
        ExitCategory(raw.category).label,
        bool(raw.is_employment),
        bool(raw.is_positive),
        raw.contract_type,
        Situation(raw.situation_4_weeks).label if raw.situation_4_weeks else None,
        raw.category,
    )


EXITS = Population("Sorties", EXIT_FIELDS, monthly_events.exits_select, _exit)

# --- Contacts ----------------------------------------------------------------------------------
CONTACT_FIELDS = (
    ("contact_id", Column("N° contact", Kind.INT, 11)),
    ID,
    NAME,
    COUNSELLOR,
    ("planned_at", Column("Prévu le", Kind.DATETIME, 17)),
    ("held_at", Column("Réalisé le", Kind.DATETIME, 17)),
    ("mode", Column("Mode", Kind.TEXT, 24)),
    ("status", Column("Statut", Kind.TEXT, 16)),
    ("status_code", Column("Code statut", Kind.ID, 16)),
    ("physical_held", Column("Entretien physique honoré", Kind.BOOL, 14)),
    ("signed", Column("Émargé", Kind.BOOL, 9)),
    ("ps_entered_on", Column("Saisi sur Parcours Solidarités le", Kind.DATE, 16)),
)
ContactRow = _row_type("ContactRow", CONTACT_FIELDS)


def _contact(raw: Any, month: monthly.ReportMonth) -> Iterator[Any]:
    yield ContactRow(
        raw.id,
        raw.person_id,
        person_name(raw),
        raw.counsellor_name,
        raw.planned_at,
        raw.held_at,
        ContactMode(raw.mode).label,
        ContactStatus(raw.status).label,
        raw.status,
        bool(raw.needs_signature),
        bool(raw.signed),
        raw.ps_entered_on,
    )


CONTACTS = Population("Contacts", CONTACT_FIELDS, monthly_events.contacts_select, _contact)

# --- Workshops ---------------------------------------------------------------------------------
WORKSHOP_FIELDS = (
    ("attendance_id", Column("N° inscription", Kind.INT, 11)),
    ("session_id", Column("N° séance", Kind.INT, 10)),
    ("workshop", Column("Atelier", Kind.TEXT, 34)),
    ("starts_at", Column("Date et heure", Kind.DATETIME, 17)),
    ID,
    NAME,
    ("status", Column("Statut", Kind.TEXT, 16)),
    ("status_code", Column("Code statut", Kind.ID, 16)),
    ("present", Column("Présent·e", Kind.BOOL, 10)),
    ("signed", Column("Émargé", Kind.BOOL, 9)),
)
WorkshopRow = _row_type("WorkshopRow", WORKSHOP_FIELDS)


def _workshop(raw: Any, month: monthly.ReportMonth) -> Iterator[Any]:
    yield WorkshopRow(
        raw.id,
        raw.session_id,
        raw.workshop,
        raw.starts_at,
        raw.person_id,
        person_name(raw),
        AttendanceStatus(raw.status).label,
        raw.status,
        bool(raw.present),
        bool(raw.signed),
    )


WORKSHOPS = Population("Ateliers", WORKSHOP_FIELDS, monthly_events.attendances_select, _workshop)

# --- Actions (pauses, EP referrals) ------------------------------------------------------------
ACTION_FIELDS = (
    ("action_id", Column("N° action", Kind.INT, 10)),
    ID,
    NAME,
    COUNSELLOR,
    ("kind", Column("Action", Kind.TEXT, 30)),
    ("kind_code", Column("Code action", Kind.ID, 16)),
    ("start_date", Column("Début", Kind.DATE, 12)),
    ("end_date", Column("Fin", Kind.DATE, 12)),
    ("decision", Column("Décision", Kind.TEXT, 30)),
    ("decision_date", Column("Décision le", Kind.DATE, 12)),
    ("outcome", Column("Suite", Kind.TEXT, 30)),
)
ActionRow = _row_type("ActionRow", ACTION_FIELDS)


def _action(raw: Any, month: monthly.ReportMonth) -> Iterator[Any]:
    yield ActionRow(
        raw.id,
        raw.person_id,
        person_name(raw),
        raw.counsellor_name,
        ActionKind(raw.kind).label,
        raw.kind,
        raw.start_date,
        raw.end_date,
        raw.decision,
        raw.decision_date,
        raw.outcome,
    )


ACTIONS = Population("Actions", ACTION_FIELDS, monthly_events.actions_select, _action)

# --- Alerts ------------------------------------------------------------------------------------
ALERT_FIELDS = (
    ("accompaniment_id", Column("N° parcours", Kind.INT, 11)),
    ID,
    NAME,
    COUNSELLOR,
    ("rule", Column("Règle", Kind.TEXT, 30)),
    ("state", Column("État", Kind.TEXT, 12)),
    ("state_code", Column("Code état", Kind.ID, 12)),
    ("due", Column("Échéance", Kind.DATE, 12)),
    ("detail", Column("Détail", Kind.TEXT, 24)),
)
AlertRow = _row_type("AlertRow", ALERT_FIELDS)


def _alert_select(month: monthly.ReportMonth) -> Select:
    # The rules on the month's last day. Without the count of missed ISO weeks: one pass over the
    # facts of each accompaniment, not one per week of its history (hours at département scale).
    return caseload_select(month.as_of, month.counsellor_id, with_missed_weeks=False).order_by(
        "last_name", "id"
    )


def _alerts(raw: Any, month: monthly.ReportMonth) -> Iterator[Any]:
    for rule in RULES:
        state = RuleState(getattr(raw, rule.code))
        if state in rule.alert_states:
            yield AlertRow(
                raw.id,
                raw.person_id,
                person_name(raw),
                raw.counsellor_name,
                rule.label,
                state.label,
                state.value,
                rule.due(raw, month.as_of),
                rule.detail(raw, month.as_of),
            )


ALERTS = Population("Alertes", ALERT_FIELDS, _alert_select, _alerts)

POPULATIONS = (ACTIVE, ENTRIES, EXITS, CONTACTS, WORKSHOPS, ACTIONS, ALERTS)
