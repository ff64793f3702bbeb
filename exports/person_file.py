"""Right of access (RGPD art. 15): everything held on one person, one sheet per kind of record.

One query per sheet whatever the number of rows; the rows go through the one writer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from admin.audit import action_label
from admin.timezone import utc_to_paris
from exports.person_identity import identity_rows, label
from exports.writer import Column, Kind, Sheet
from schema import (
    Accompaniment,
    Action,
    Attendance,
    AuditLog,
    Cer,
    Contact,
    Diagnostic,
    DiagnosticBarrier,
    Orientation,
    OutboxMessage,
    Outcome,
    Person,
    PlanItem,
    Positioning,
    RomeAspiration,
    Training,
    WorkshopSession,
)
from schema.enums import (
    AccompanimentStatus,
    ActionKind,
    AttendanceStatus,
    BarrierIntensity,
    BarrierStatus,
    CerKind,
    CerPendingReason,
    ContactMode,
    ContactStatus,
    DiagnosticKind,
    Phase,
    PlanItemStatus,
    PositioningStatus,
    Situation,
    TrainingStatus,
)
from schema.outbox import MessageChannel, MessageKind, MessageStatus

T, ID, D, DT, B, N = Kind.TEXT, Kind.ID, Kind.DATE, Kind.DATETIME, Kind.BOOL, Kind.INT


def _cols(*spec: tuple[str, Kind]) -> list[Column]:
    return [Column(header, kind) for header, kind in spec]


def _by_accompaniment(model: type, person_id: int) -> Any:
    return model.accompaniment_id.in_(
        select(Accompaniment.id).where(Accompaniment.person_id == person_id)
    )


def _diagnostic_ids(person_id: int) -> Any:
    return select(Diagnostic.id).where(_by_accompaniment(Diagnostic, person_id))


def person_file_sheets(session: Session, person: Person) -> list[Sheet]:
    """The sheets of the right-of-access workbook for ``person`` (rows stream from queries)."""
    pid = person.id

    def rows(statement: Any, build: Any) -> Iterable[tuple[Any, ...]]:
        return (build(obj) for obj in session.scalars(statement).unique())

    return [
        Sheet("Identité", _cols(("Information", T), ("Valeur", ID)), identity_rows(person)),
        Sheet(
            "Orientations",
            _cols(("Décision (D0)", D), ("Parcours", T), ("Source", T), ("Référence", ID)),
            rows(
                select(Orientation)
                .options(joinedload(Orientation.path))
                .where(Orientation.person_id == pid)
                .order_by(Orientation.decision_date, Orientation.id),
                lambda o: (o.decision_date, o.path.label, o.source, o.reference),
            ),
        ),
        Sheet(
            "Accompagnements",
            _cols(
                ("N°", N),
                ("Conseiller·ère", T),
                ("Statut", T),
                ("Phase", T),
                ("Entrée", D),
                ("Fin prévue", D),
                ("Motif de prolongation", T),
                ("Sortie", D),
                ("Motif de sortie", T),
                ("Suites préconisées", T),
                ("CER à signer : motif", T),
                ("CER à signer : précision", T),
            ),
            rows(
                select(Accompaniment)
                .options(
                    joinedload(Accompaniment.counsellor), joinedload(Accompaniment.exit_reason)
                )
                .where(Accompaniment.person_id == pid)
                .order_by(Accompaniment.id),
                lambda a: (
                    a.id,
                    a.counsellor.display_name if a.counsellor else None,
                    label(AccompanimentStatus, a.status),
                    label(Phase, a.phase),
                    a.entry_date,
                    a.planned_end,
                    a.extension_reason,
                    a.exit_date,
                    a.exit_reason.label if a.exit_reason else None,
                    a.follow_ups,
                    label(CerPendingReason, a.cer_pending_reason),
                    a.cer_pending_note,
                ),
            ),
        ),
        Sheet(
            "CER",
            _cols(
                ("Accompagnement n°", N),
                ("Type", T),
                ("Signé le", D),
                ("Début", D),
                ("Fin", D),
                ("Objectifs", T),
                ("Heures par semaine", N),
                ("Motif de réduction", T),
                ("Motif de non-signature", T),
            ),
            rows(
                select(Cer).where(_by_accompaniment(Cer, pid)).order_by(Cer.start_date, Cer.id),
                lambda c: (
                    c.accompaniment_id,
                    label(CerKind, c.kind),
                    c.signed_on,
                    c.start_date,
                    c.end_date,
                    c.objectives,
                    c.weekly_hours,
                    c.reduced_hours_reason,
                    c.not_signed_reason,
                ),
            ),
        ),
        Sheet(
            "Diagnostics",
            _cols(
                ("N°", N),
                ("Accompagnement n°", N),
                ("Type", T),
                ("Réalisé le", D),
                ("Compétences", T),
                ("Aptitudes", T),
                ("Aspirations", T),
                ("Auteur·rice", T),
            ),
            rows(
                select(Diagnostic)
                .options(joinedload(Diagnostic.author))
                .where(_by_accompaniment(Diagnostic, pid))
                .order_by(Diagnostic.done_on, Diagnostic.id),
                lambda d: (
                    d.id,
                    d.accompaniment_id,
                    label(DiagnosticKind, d.kind),
                    d.done_on,
                    d.skills,
                    d.aptitudes,
                    d.aspirations,
                    d.author.full_name if d.author else None,
                ),
            ),
        ),
        Sheet(
            "Freins",
            _cols(
                ("Diagnostic n°", N),
                ("Frein", T),
                ("Intensité", T),
                ("Statut", T),
                ("Précision", T),
            ),
            rows(
                select(DiagnosticBarrier)
                .options(joinedload(DiagnosticBarrier.barrier_family))
                .where(DiagnosticBarrier.diagnostic_id.in_(_diagnostic_ids(pid)))
                .order_by(DiagnosticBarrier.diagnostic_id, DiagnosticBarrier.id),
                lambda b: (
                    b.diagnostic_id,
                    b.barrier_family.label,
                    label(BarrierIntensity, b.intensity),
                    label(BarrierStatus, b.status),
                    b.note,
                ),
            ),
        ),
        Sheet(
            "Plan d'action",
            _cols(("Diagnostic n°", N), ("Action", T), ("Échéance", D), ("Statut", T)),
            rows(
                select(PlanItem)
                .where(PlanItem.diagnostic_id.in_(_diagnostic_ids(pid)))
                .order_by(PlanItem.diagnostic_id, PlanItem.id),
                lambda p: (p.diagnostic_id, p.label, p.due_on, label(PlanItemStatus, p.status)),
            ),
        ),
        Sheet(
            "Métiers visés (ROME)",
            _cols(("Diagnostic n°", N), ("Code ROME", ID)),
            rows(
                select(RomeAspiration)
                .where(RomeAspiration.diagnostic_id.in_(_diagnostic_ids(pid)))
                .order_by(RomeAspiration.diagnostic_id, RomeAspiration.rome_code),
                lambda r: (r.diagnostic_id, r.rome_code),
            ),
        ),
        Sheet(
            "Contacts et entretiens",
            _cols(
                ("Prévu le", DT),
                ("Réalisé le", DT),
                ("Mode", T),
                ("Statut", T),
                ("Durée (minutes)", N),
                ("Synthèse", T),
                ("Émargé", B),
                ("Saisi sur Parcours Solidarités le", D),
            ),
            rows(
                select(Contact)
                .where(_by_accompaniment(Contact, pid))
                .order_by(Contact.planned_at, Contact.id),
                lambda c: (
                    c.planned_at,
                    c.held_at,
                    label(ContactMode, c.mode),
                    label(ContactStatus, c.status),
                    c.duration_minutes,
                    c.synthesis,
                    c.signed,
                    c.ps_entered_on,
                ),
            ),
        ),
        Sheet(
            "Ateliers (présences)",
            _cols(("Atelier", T), ("Séance le", DT), ("Lieu", T), ("Présence", T), ("Émargé", B)),
            rows(
                select(Attendance)
                .options(joinedload(Attendance.session).joinedload(WorkshopSession.workshop))
                .join(Attendance.session)
                .where(Attendance.person_id == pid)
                .order_by(WorkshopSession.starts_at, Attendance.id),
                lambda a: (
                    a.session.workshop.label,
                    a.session.starts_at,
                    a.session.place,
                    label(AttendanceStatus, a.status),
                    a.signed,
                ),
            ),
        ),
        Sheet(
            "Positionnements",
            _cols(
                ("Proposé le", D),
                ("Offre ou événement", T),
                ("Statut", T),
                ("Statut au", D),
                ("Notes", T),
            ),
            rows(
                select(Positioning)
                .options(joinedload(Positioning.opportunity), joinedload(Positioning.event))
                .where(_by_accompaniment(Positioning, pid))
                .order_by(Positioning.proposed_on, Positioning.id),
                lambda p: (
                    p.proposed_on,
                    p.opportunity.title if p.opportunity else (p.event.name if p.event else None),
                    label(PositioningStatus, p.status),
                    p.status_on,
                    p.notes,
                ),
            ),
        ),
        Sheet(
            "Formations",
            _cols(
                ("Intitulé", T),
                ("Dispositif", T),
                ("Organisme", T),
                ("Qualifiante", B),
                ("Début", D),
                ("Fin", D),
                ("Statut", T),
            ),
            rows(
                select(Training)
                .options(joinedload(Training.scheme))
                .where(_by_accompaniment(Training, pid))
                .order_by(Training.start_date, Training.id),
                lambda t: (
                    t.title,
                    t.scheme.label,
                    t.organisation,
                    t.qualifying,
                    t.start_date,
                    t.end_date,
                    label(TrainingStatus, t.status),
                ),
            ),
        ),
        Sheet(
            "Actions Parcours Solidarités",
            _cols(
                ("Action", T),
                ("Début", D),
                ("Fin", D),
                ("Motif", T),
                ("Décision", T),
                ("Date de décision", D),
                ("Résultat", T),
                ("Saisie sur Parcours Solidarités le", D),
            ),
            rows(
                select(Action)
                .where(_by_accompaniment(Action, pid))
                .order_by(Action.start_date, Action.id),
                lambda a: (
                    label(ActionKind, a.kind),
                    a.start_date,
                    a.end_date,
                    a.reason,
                    a.decision,
                    a.decision_date,
                    a.outcome,
                    a.ps_entered_on,
                ),
            ),
        ),
        Sheet(
            "Sorties",
            _cols(
                ("Accompagnement n°", N),
                ("Type de contrat", T),
                ("Employeur", T),
                ("Début du contrat", D),
                ("Situation dans les 4 semaines", T),
                ("Observée le", D),
                ("Situation à 6 mois", T),
                ("Observée le (6 mois)", D),
                ("Qualification obtenue", B),
            ),
            rows(
                select(Outcome)
                .options(joinedload(Outcome.contract_type), joinedload(Outcome.employer))
                .where(_by_accompaniment(Outcome, pid))
                .order_by(Outcome.accompaniment_id),
                lambda o: (
                    o.accompaniment_id,
                    o.contract_type.label if o.contract_type else None,
                    o.employer.name if o.employer else None,
                    o.job_start_date,
                    label(Situation, o.situation_4_weeks),
                    o.situation_4_weeks_on,
                    label(Situation, o.situation_6_months),
                    o.situation_6_months_on,
                    o.qualification_obtained,
                ),
            ),
        ),
        Sheet(
            "Messages",
            _cols(
                ("Prévu le (Paris)", DT),
                ("Message", T),
                ("Canal", T),
                ("Destinataire", T),
                ("Objet", T),
                ("Texte", T),
                ("Statut", T),
                ("Envoyé ou posté le (Paris)", DT),
            ),
            rows(
                select(OutboxMessage)
                .where(OutboxMessage.person_id == pid)
                .order_by(OutboxMessage.due_at, OutboxMessage.id),
                lambda m: (
                    utc_to_paris(m.due_at),
                    label(MessageKind, m.kind),
                    label(MessageChannel, m.channel),
                    m.recipient,
                    m.subject,
                    m.body,
                    label(MessageStatus, m.status),
                    utc_to_paris(m.sent_at),
                ),
            ),
        ),
        Sheet(
            "Consultations et modifications",
            _cols(
                ("Date et heure (Paris)", DT),
                ("Utilisateur·rice", T),
                ("Action", T),
                ("Objet", T),
                ("N° de l'objet", N),
                ("Champs modifiés", T),
            ),
            rows(
                select(AuditLog)
                .where(AuditLog.person_id == pid)
                .order_by(AuditLog.at, AuditLog.id),
                lambda e: (
                    utc_to_paris(e.at),
                    e.user_label,
                    action_label(e.action),
                    e.entity,
                    e.entity_id,
                    e.fields,
                ),
            ),
        ),
    ]
