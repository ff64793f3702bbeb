"""Short, neutral French texts for demo records: facts only, no health data, no judgement."""

from __future__ import annotations

import random

FIRST_INTERVIEW = (
    "Premier rendez-vous : présentation du programme et des engagements réciproques. "
    "Point sur le parcours, les expériences et les attentes."
)

_SUBJECTS = (
    "Point sur les démarches de la semaine",
    "Suivi des candidatures en cours",
    "Préparation de l'entretien d'embauche prévu",
    "Mise à jour du CV",
    "Point sur le projet professionnel",
    "Retour sur l'atelier collectif suivi",
    "Point sur l'inscription en formation",
    "Point sur la mobilité",
    "Point sur les démarches administratives",
    "Préparation de la rencontre avec l'employeur",
    "Bilan de la période d'immersion",
    "Point sur l'offre de mission d'intérim",
)
_FACTS = (
    "deux candidatures envoyées",
    "trois candidatures envoyées en ligne",
    "un entretien obtenu",
    "CV actualisé et relu ensemble",
    "dossier transmis à l'organisme de formation",
    "inscription sur l'espace France Travail vérifiée",
    "simulation de trajet en transports en commun effectuée",
    "rendez-vous pris avec l'agence d'intérim",
    "justificatifs demandés rassemblés",
    "offre de la clause d'insertion présentée",
    "fiche métier consultée ensemble",
    "contact pris avec l'employeur pour une immersion",
)
_NEXT_STEPS = (
    "Prochain point la semaine prochaine.",
    "Relance des candidatures à faire avant le prochain rendez-vous.",
    "Inscription à l'atelier « Booster sa recherche d'emploi ».",
    "Rendez-vous prévu avec le chargé de relation entreprises.",
    "Envoi des documents manquants convenu.",
    "Participation à la prochaine information collective proposée.",
    "Préparation d'une période de mise en situation en milieu professionnel.",
)
SHORT_MESSAGES = (
    "Rappel du rendez-vous envoyé par SMS.",
    "Offre d'emploi transmise par e-mail.",
    "Confirmation de l'inscription à l'atelier envoyée.",
    "Demande de justificatif envoyée par e-mail.",
)
ACCOMPANYING_TEXTS = (
    "Accompagnement physique au rendez-vous chez l'employeur.",
    "Accompagnement à l'agence d'intérim pour l'inscription.",
    "Accompagnement à l'information collective de l'organisme de formation.",
    "Accompagnement au forum de recrutement.",
)

CER_OBJECTIVES = (
    "Accéder à un emploi dans la logistique ; obtenir le CACES.",
    "Accéder à un emploi dans la propreté ; lever le frein de mobilité.",
    "Définir un projet professionnel dans l'industrie ; découvrir les métiers par Joblabo.",
    "Entrer en formation qualifiante ; consolider les savoirs de base.",
    "Retrouver un emploi dans la restauration ; organiser la garde des enfants.",
    "Accéder à un emploi dans l'aide à la personne ; préparer le titre professionnel.",
    "Reprendre une activité à temps partiel ; régulariser la situation administrative.",
    "Accéder à un emploi dans le bâtiment via les clauses d'insertion.",
)
REDUCED_HOURS_REASONS = (
    "Contraintes de garde d'enfants",
    "Activité salariée à temps partiel en parallèle",
    "Formation linguistique suivie en parallèle",
    "Démarches de logement en cours",
)
CER_NOT_SIGNED_REASONS = (
    "Orientation socio-professionnelle : signature reportée après l'évaluation des freins",
    "Signature reportée au rendez-vous suivant à la demande de la personne",
    "Personne absente au rendez-vous de signature",
    "Réorientation en cours d'examen",
)
SKILLS = (
    "Expérience en manutention et préparation de commandes.",
    "Expérience en entretien de locaux, respect des protocoles d'hygiène.",
    "Expérience en cuisine collective et en service.",
    "Expérience sur chantier (second œuvre).",
    "Garde d'enfants et aide aux personnes âgées dans l'entourage.",
    "Caisse et mise en rayon en grande surface.",
    "Conduite de chariot élévateur (CACES à renouveler).",
)
APTITUDES = (
    "Ponctualité, travail en équipe.",
    "Autonomie, sens de l'organisation.",
    "Aisance relationnelle, sens du service.",
    "Habileté manuelle, respect des consignes de sécurité.",
    "Persévérance, capacité d'adaptation.",
)
ASPIRATIONS = (
    "Souhaite un emploi stable à proximité du domicile.",
    "Souhaite travailler dans l'industrie, horaires en équipe acceptés.",
    "Souhaite se former avant de reprendre un emploi.",
    "Souhaite un emploi à temps partiel compatible avec les horaires scolaires.",
    "Souhaite découvrir les métiers de la logistique portuaire.",
)
BARRIER_NOTES = (
    "Point à reprendre au prochain diagnostic.",
    "Orientation vers le partenaire compétent proposée.",
    "Démarches engagées par la personne.",
    None,
)
PLAN_ITEMS = (
    "Mettre à jour le CV",
    "Créer une adresse e-mail et l'espace France Travail",
    "S'inscrire à l'atelier « Booster sa recherche d'emploi »",
    "Participer à une session Joblabo",
    "Passer les tests Orienta'click",
    "Prendre contact avec deux agences d'intérim",
    "Constituer le dossier d'entrée en formation",
    "Demander une aide à la mobilité",
    "Rechercher un mode de garde (crèche, assistante maternelle)",
    "Constituer le dossier de demande de logement social",
    "Rassembler les pièces du dossier administratif",
    "Réaliser une période d'immersion en entreprise",
    "S'inscrire au code de la route",
    "Participer à la Place des Solutions",
)
FOLLOW_UPS = (
    "Suivi dans l'emploi par le référent pendant la période d'essai.",
    "Maintien du lien avec France Travail pour la recherche d'emploi.",
    "Suivi de la formation par l'organisme et point à mi-parcours.",
    "Orientation vers un accompagnement social par le référent du Département.",
    "Nouvelle orientation à examiner par le Département si la situation évolue.",
    "Transmission du dossier à la structure d'insertion.",
)
PAUSE_REASONS = (
    "Indisponibilité temporaire pour raison familiale",
    "Attente d'une place en crèche",
    "Déménagement en cours sur le territoire",
    "Mission d'intérim de courte durée",
    "Démarches administratives en cours (titre de séjour)",
)
EP_REASONS = (
    "Absences répétées aux rendez-vous sans justification",
    "Non-respect des engagements du CER",
    "Situation nécessitant un réexamen de l'orientation",
)
EP_DECISIONS = (
    "Maintien dans le dispositif avec rappel des engagements",
    "Réorientation vers un parcours social",
    "Réduction de l'allocation proposée au Président du Département",
    "Redéfinition du CER",
)
REORIENTATION_OUTCOMES = (
    "Réorientation validée par le Département",
    "Dossier transmis au nouveau référent",
)
FOLLOW_UP_OUTCOMES = (
    "Période d'essai validée",
    "Contrat prolongé",
    "Formation suivie avec assiduité",
    None,
)
POSITIONING_NOTES = (
    "CV transmis par le chargé de relation entreprises.",
    "Candidature transmise à l'employeur.",
    "Entretien préparé en amont.",
    None,
    None,
)


def synthesis_pool(rng: random.Random, size: int = 300) -> list[str]:
    """Interview syntheses combined from facts, built once and drawn from for every contact."""
    pool = []
    for _ in range(size):
        pool.append(
            f"{rng.choice(_SUBJECTS)} : {rng.choice(_FACTS)}, {rng.choice(_FACTS)}. "
            f"{rng.choice(_NEXT_STEPS)}"
        )
    return pool
