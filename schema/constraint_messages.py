"""French sentences for violated database constraints, keyed by constraint name.

SQLite names CHECK constraints in its messages but reports UNIQUE violations by column, so both
spellings are listed. The UI shows these sentences, never the raw SQL error.
"""

from __future__ import annotations

from sqlalchemy.exc import DataError, IntegrityError, StatementError

ONE_OPEN = (
    "Cette personne a déjà un accompagnement en cours : clôturez-le avant d'en ouvrir un autre."
)

ALREADY_REGISTERED = "Cette personne est déjà inscrite à cette séance."

ALREADY_POSITIONED = "Cette personne est déjà positionnée sur cette offre."

MESSAGES: dict[str, str] = {
    "uq_accompaniment_one_open_per_person": ONE_OPEN,
    "UNIQUE constraint failed: accompaniment.person_id": ONE_OPEN,
    "uq_attendance_session_person": ALREADY_REGISTERED,
    "attendance.session_id, attendance.person_id": ALREADY_REGISTERED,
    "uq_diagnostic_accompaniment_kind": (
        "Ce type de diagnostic existe déjà pour cet accompagnement."
    ),
    "diagnostic.accompaniment_id, diagnostic.kind": (
        "Ce type de diagnostic existe déjà pour cet accompagnement."
    ),
    "uq_diagnostic_barrier": "Ce frein est déjà renseigné dans ce diagnostic.",
    "uq_rome_aspiration": "Ce code ROME est déjà renseigné dans ce diagnostic.",
    "uq_person_ps_id": "Une autre personne a déjà cet identifiant Parcours Solidarités.",
    "person.ps_id": "Une autre personne a déjà cet identifiant Parcours Solidarités.",
    "uq_app_user_email": "Un compte existe déjà avec cette adresse e-mail.",
    "app_user.email": "Un compte existe déjà avec cette adresse e-mail.",
    "uq_employer_siret": "Un employeur existe déjà avec ce SIRET.",
    "employer.siret": "Un employeur existe déjà avec ce SIRET.",
    "uq_outcome_accompaniment_id": "La sortie de cet accompagnement est déjà renseignée.",
    "outcome.accompaniment_id": "La sortie de cet accompagnement est déjà renseignée.",
    "uq_counsellor_user_id": "Ce compte a déjà un profil de conseiller·ère.",
    "ck_accompaniment_exit_date_reason_together": (
        "La date de sortie et le motif de sortie se renseignent ensemble."
    ),
    "ck_accompaniment_closed_has_exit": (
        "Un accompagnement clos a une date de sortie, et seul un accompagnement clos en a une."
    ),
    "ck_accompaniment_exit_after_entry": "La date de sortie ne peut pas précéder la date d'entrée.",
    "ck_accompaniment_planned_end_after_entry": (
        "La fin prévue ne peut pas précéder la date d'entrée."
    ),
    "ck_accompaniment_active_has_entry": (
        "Un accompagnement actif ou en attente doit avoir une date d'entrée (premier rendez-vous)."
    ),
    "ck_accompaniment_cer_pending_reason_valid": "Motif inconnu pour un CER restant à signer.",
    "ck_accompaniment_cer_pending_after_entry": (
        "Un CER ne reste à signer qu'après le premier rendez-vous (date d'entrée)."
    ),
    "ck_accompaniment_cer_pending_other_has_note": (
        "Précisez le motif pour lequel le CER reste à signer (motif « autre »)."
    ),
    "ck_cer_end_after_start": "La fin du CER ne peut pas précéder son début.",
    "ck_cer_reduced_hours_reason": "Sous 15 heures par semaine, indiquez le motif de la réduction.",
    "ck_cer_signed_or_reason": "Indiquez la date de signature du CER ou le motif de non-signature.",
    "ck_cer_hours_range": "Le nombre d'heures hebdomadaires doit être compris entre 0 et 60.",
    "ck_contact_held_has_date": "Un contact honoré doit avoir une date de réalisation.",
    "ck_contact_synthesis_length": "La synthèse est trop longue.",
    "ck_contact_duration_pos": "La durée ne peut pas être négative.",
    "ck_workshop_session_ends_after_start": "La séance doit se terminer après son début.",
    "ck_workshop_session_capacity_positive": "La capacité d'une séance doit être positive.",
    "ck_person_postal_code_5": "Le code postal doit comporter 5 chiffres.",
    "ck_person_children_positive": "Le nombre d'enfants ne peut pas être négatif.",
    "ck_employer_siret_14": "Le SIRET doit comporter 14 chiffres.",
    "ck_opportunity_positions_positive": "Le nombre de postes doit être positif.",
    "ck_opportunity_end_after_start": "La fin ne peut pas précéder le début.",
    "ck_positioning_opportunity_or_event": (
        "Un positionnement porte sur une offre ou sur un événement."
    ),
    "ck_opportunity_insertion_hours_positive": "Le nombre d'heures d'insertion doit être positif.",
    "ck_opportunity_clause_fields": (
        "Le marché public et les heures d'insertion ne se renseignent que pour une clause "
        "d'insertion."
    ),
    "ck_positioning_hire_when_retained": (
        "Le contrat, la date d'embauche et les heures d'insertion ne se renseignent que pour un "
        "positionnement retenu."
    ),
    "ck_positioning_insertion_hours_positive": (
        "Les heures d'insertion réalisées ne peuvent pas être négatives."
    ),
    "uq_positioning_accompaniment_opportunity": ALREADY_POSITIONED,
    "positioning.accompaniment_id, positioning.opportunity_id": ALREADY_POSITIONED,
    "uq_positioning_accompaniment_event": "Cette personne est déjà positionnée sur cet événement.",
    "positioning.accompaniment_id, positioning.event_id": (
        "Cette personne est déjà positionnée sur cet événement."
    ),
    "uq_positioning_step": "Cette étape du positionnement est déjà enregistrée.",
    "ck_pathway_action_end_after_start": "La fin de l'action ne peut pas précéder son début.",
    "ck_training_end_after_start": "La fin de la formation ne peut pas précéder son début.",
    "_rome_code_format": "Un code ROME s'écrit avec une lettre et quatre chiffres (ex. K2204).",
    "_valid": "Une valeur choisie n'est pas autorisée.",
}

FOREIGN_KEY = (
    "Cet enregistrement est lié à d'autres informations (personnes, accompagnements, historique) : "
    "il ne peut pas être supprimé ni détaché. Désactivez-le plutôt."
)
NOT_NULL = "Un champ obligatoire n'est pas renseigné."
TOO_LONG = "Une valeur saisie est trop longue ou invalide."
GENERIC = "L'enregistrement a été refusé par la base de données : vérifiez les valeurs saisies."


def explain(exc: StatementError) -> str:
    """A French sentence for a database error raised by a statement."""
    text = str(getattr(exc, "orig", exc))
    for key, message in MESSAGES.items():
        if key in text:
            return message
    if isinstance(exc, IntegrityError):
        lowered = text.lower()
        if "foreign key" in lowered:
            return FOREIGN_KEY
        if "not null" in lowered or "null value" in lowered:
            return NOT_NULL
        return GENERIC
    if isinstance(exc, DataError):
        return TOO_LONG
    return GENERIC
