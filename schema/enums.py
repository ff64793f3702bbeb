"""Enumerations the programme's rules rely on, stored by value, with their French labels."""

from __future__ import annotations

from schema.base import LabelledEnum


class Role(LabelledEnum):
    ADMIN = "admin", "Administrateur·rice"
    MANAGER = "manager", "Responsable"
    COUNSELLOR = "counsellor", "Conseiller·ère"
    BACKOFFICE = "backoffice", "Accueil / back-office"
    FUNDER = "funder", "Financeur (lecture seule)"


class Sex(LabelledEnum):
    F = "F", "Femme"
    H = "H", "Homme"
    X = "X", "Non-binaire"


class CafRole(LabelledEnum):
    DEMANDEUR = "demandeur", "Demandeur"
    CONJOINT = "conjoint", "Conjoint"


class NationalityGroup(LabelledEnum):
    FRANCAISE = "francaise", "Française"
    UE = "ue", "Union européenne"
    HORS_UE = "hors_ue", "Hors Union européenne"
    NSP = "nsp", "Ne souhaite pas répondre"


class YesNoDeclined(LabelledEnum):
    OUI = "oui", "Oui"
    NON = "non", "Non"
    NSP = "nsp", "Ne souhaite pas répondre"


class LabourStatus(LabelledEnum):
    """Exactly one labour-market status at entry (FSE+)."""

    CHOMEUR = "chomeur", "Chômeur·se"
    INACTIF = "inactif", "Inactif·ve"
    EMPLOI = "emploi", "En emploi"


class CiteBucket(LabelledEnum):
    CITE_0_2 = "0-2", "CITE 0 à 2"
    CITE_3_4 = "3-4", "CITE 3 à 4"
    CITE_5_8 = "5-8", "CITE 5 à 8"


class AccompanimentStatus(LabelledEnum):
    A_CONTACTER = "a_contacter", "À contacter"
    ACTIF = "actif", "Actif"
    EN_ATTENTE = "en_attente", "En attente"
    CLOS = "clos", "Clos"


class Phase(LabelledEnum):
    ORIENTATION = "orientation", "Orientation / projet"
    FORMATION = "formation", "Formation"
    EMPLOI = "emploi", "Emploi"


class CerKind(LabelledEnum):
    PREMIER = "premier", "Premier CER"
    RENOUVELLEMENT = "renouvellement", "Renouvellement"
    REDEFINITION = "redefinition", "Redéfinition"


class CerPendingReason(LabelledEnum):
    """Why the CER is still to sign after the first appointment (R2): it is signed later."""

    DOCUMENTS_MANQUANTS = "documents_manquants", "Documents manquants"
    DELAI_REFLEXION = "delai_reflexion", "Délai de réflexion"
    AUTRE = "autre", "Autre motif"


class DiagnosticKind(LabelledEnum):
    INITIAL = "initial", "Initial"
    TROIS_MOIS = "trois_mois", "À 3 mois"
    FINAL = "final", "Final"


class BarrierIntensity(LabelledEnum):
    FORT = "fort", "Fort"
    MOYEN = "moyen", "Moyen"
    SANS_IMPACT = "sans_impact", "Sans impact"


class BarrierStatus(LabelledEnum):
    IDENTIFIE = "identifie", "Identifié"
    EN_COURS = "en_cours", "En cours"
    LEVE = "leve", "Levé"


class PlanItemStatus(LabelledEnum):
    A_FAIRE = "a_faire", "À faire"
    EN_COURS = "en_cours", "En cours"
    FAIT = "fait", "Fait"
    ABANDONNE = "abandonne", "Abandonné"


class ContactMode(LabelledEnum):
    PHYSIQUE = "physique", "Entretien physique individuel"
    TELEPHONE = "telephone", "Téléphone"
    VISIO = "visio", "Visio"
    SMS_MAIL = "sms_mail", "SMS / e-mail"
    ACCOMPAGNEMENT = "accompagnement", "Accompagnement physique"


PHYSICAL_MODES = (ContactMode.PHYSIQUE, ContactMode.ACCOMPAGNEMENT)


class ContactStatus(LabelledEnum):
    PREVU = "prevu", "Prévu"
    HONORE = "honore", "Honoré"
    ABSENT_EXCUSE = "absent_excuse", "Absent excusé"
    ABSENT_NON_EXCUSE = "absent_non_excuse", "Absent non excusé"
    ANNULE = "annule", "Annulé"
    REPORTE = "reporte", "Reporté"


class AttendanceStatus(LabelledEnum):
    INSCRIT = "inscrit", "Inscrit"
    PRESENT = "present", "Présent"
    ABSENT_EXCUSE = "absent_excuse", "Absent excusé"
    ABSENT_NON_EXCUSE = "absent_non_excuse", "Absent non excusé"


class Channel(LabelledEnum):
    CLAUSE = "clause", "Clause d'insertion"
    INTERIM = "interim", "Intérim"
    RELATION_ENTREPRISE = "relation_entreprise", "Relation entreprise"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    AUTRE = "autre", "Autre"


class OpportunityStatus(LabelledEnum):
    OUVERTE = "ouverte", "Ouverte"
    POURVUE = "pourvue", "Pourvue"
    ANNULEE = "annulee", "Annulée"


class PositioningStatus(LabelledEnum):
    PROPOSE = "propose", "Proposé"
    CANDIDATURE = "candidature", "Candidature envoyée"
    ENTRETIEN = "entretien", "Entretien"
    RETENU = "retenu", "Retenu"
    NON_RETENU = "non_retenu", "Non retenu"
    DESISTEMENT = "desistement", "Désistement"


class TrainingStatus(LabelledEnum):
    INFORMATION = "information", "Information"
    POSITIONNE = "positionne", "Positionné"
    ENTRE = "entre", "Entré"
    ABANDON = "abandon", "Abandon"
    TERMINE = "termine", "Terminé"
    CERTIFIE = "certifie", "Certifié"


class ActionKind(LabelledEnum):
    MISE_EN_ATTENTE = "mise_en_attente", "Mise en attente"
    SUIVI_EMPLOI = "suivi_emploi", "Suivi emploi"
    SUIVI_FORMATION = "suivi_formation", "Suivi formation"
    SAISINE_EP = "saisine_ep", "Saisine de l'équipe pluridisciplinaire"
    REORIENTATION = "reorientation", "Réorientation"


class ExitCategory(LabelledEnum):
    EMPLOI_DURABLE = "emploi_durable", "Emploi durable"
    EMPLOI_TRANSITION = "emploi_transition", "Emploi de transition"
    SORTIE_POSITIVE = "sortie_positive", "Sortie vers formation ou SIAE"
    REORIENTATION = "reorientation", "Réorientation"
    AUTRE = "autre", "Autre sortie"


class Situation(LabelledEnum):
    """Situation of a participant observed after exit (FSE+ immediate and 6-month results)."""

    EMPLOI = "emploi", "En emploi"
    FORMATION = "formation", "En formation"
    RECHERCHE = "recherche", "En recherche d'emploi"
    INACTIF = "inactif", "Inactif·ve"
    INCONNUE = "inconnue", "Inconnue"
