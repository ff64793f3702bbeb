"""Values of the reference lists (DESIGN.md §3), in display order; ROME codes live in data/."""

from __future__ import annotations

from schema.enums import CiteBucket, ExitCategory, Phase

_DURABLE = ExitCategory.EMPLOI_DURABLE
_TRANSITION = ExitCategory.EMPLOI_TRANSITION
_POSITIVE = ExitCategory.SORTIE_POSITIVE
_REORIENTATION = ExitCategory.REORIENTATION
_OTHER = ExitCategory.AUTRE

BARRIER_FAMILIES: list[dict] = [
    {"code": "numerique", "label": "Numérique"},
    {"code": "sante", "label": "Santé"},
    {"code": "mobilite", "label": "Mobilité"},
    {"code": "precarite_financiere", "label": "Précarité financière / endettement"},
    {"code": "contraintes_familiales", "label": "Contraintes familiales (garde d'enfants)"},
    {"code": "francais_savoirs_base", "label": "Maîtrise du français et savoirs de base"},
    {"code": "administratif_juridique", "label": "Difficultés administratives et juridiques"},
    {"code": "logement", "label": "Logement"},
    {"code": "justice", "label": "Justice"},
]


def _exit(code: str, label: str, category: ExitCategory, employment: bool, positive: bool) -> dict:
    return {
        "code": code,
        "label": label,
        "category": category.value,
        "is_employment": employment,
        "is_positive": positive,
    }


# is_employment: counts in the "taux de retour à l'emploi"; is_positive: counts in the "taux de
# sorties positives" (employment, training, SIAE; the category of training and SIAE exits is
# "Sortie vers formation ou SIAE").
EXIT_REASONS: list[dict] = [
    _exit("cdi", "CDI", _DURABLE, True, True),
    _exit("cdd_6_mois_plus", "CDD de 6 mois ou plus", _DURABLE, True, True),
    _exit("interim_6_mois_plus", "Intérim de 6 mois ou plus (cumulés)", _DURABLE, True, True),
    _exit("creation_entreprise", "Création ou reprise d'entreprise", _DURABLE, True, True),
    _exit("titularisation", "Titularisation dans la fonction publique", _DURABLE, True, True),
    _exit("cdd_moins_6_mois", "CDD de moins de 6 mois", _TRANSITION, True, True),
    _exit("interim_moins_6_mois", "Intérim de moins de 6 mois", _TRANSITION, True, True),
    _exit("contrat_aide", "Contrat aidé (PEC…)", _TRANSITION, True, True),
    _exit(
        "formation_qualifiante",
        "Entrée en formation qualifiante ou pré-qualifiante",
        _POSITIVE,
        False,
        True,
    ),
    _exit(
        "embauche_siae",
        "Embauche en structure d'insertion par l'activité économique (SIAE)",
        _POSITIVE,
        False,
        True,
    ),
    _exit(
        "reorientation_france_travail",
        "Réorientation vers France Travail",
        _REORIENTATION,
        False,
        False,
    ),
    _exit(
        "reorientation_sociale",
        "Réorientation vers un parcours social",
        _REORIENTATION,
        False,
        False,
    ),
    _exit("reorientation_autre", "Autre réorientation", _REORIENTATION, False, False),
    _exit("abandon", "Abandon / perte de contact", _OTHER, False, False),
    _exit("demenagement", "Déménagement hors du territoire", _OTHER, False, False),
    _exit("fin_droits", "Fin de droits RSA", _OTHER, False, False),
    _exit("sanction", "Sanction (décision après équipe pluridisciplinaire)", _OTHER, False, False),
    _exit("sante", "Raisons de santé", _OTHER, False, False),
    _exit("autre_motif", "Autre motif", _OTHER, False, False),
]

CONTRACT_TYPES: list[dict] = [
    {"code": "cdi", "label": "CDI", "is_durable": True},
    {"code": "cdd_6_mois_plus", "label": "CDD de 6 mois ou plus", "is_durable": True},
    {"code": "cdd_moins_6_mois", "label": "CDD de moins de 6 mois", "is_durable": False},
    {"code": "interim_6_mois_plus", "label": "Intérim de 6 mois ou plus", "is_durable": True},
    {"code": "interim_moins_6_mois", "label": "Intérim de moins de 6 mois", "is_durable": False},
    {"code": "pec", "label": "Contrat aidé (Parcours emploi compétences)", "is_durable": False},
    {"code": "cddi", "label": "CDDI en structure d'insertion (SIAE)", "is_durable": False},
    {
        "code": "alternance",
        "label": "Alternance (apprentissage, professionnalisation)",
        "is_durable": False,
    },
    {
        "code": "creation_entreprise",
        "label": "Création ou reprise d'entreprise",
        "is_durable": True,
    },
    {"code": "fonction_publique", "label": "Titulaire de la fonction publique", "is_durable": True},
    {"code": "autre", "label": "Autre contrat", "is_durable": False},
]

_C02, _C34, _C58 = CiteBucket.CITE_0_2.value, CiteBucket.CITE_3_4.value, CiteBucket.CITE_5_8.value

EDUCATION_LEVELS: list[dict] = [
    {"code": "non_scolarise", "label": "Non scolarisé·e", "cite_bucket": _C02},
    {
        "code": "sans_diplome",
        "label": "Aucun diplôme (scolarité jusqu'au collège)",
        "cite_bucket": _C02,
    },
    {"code": "brevet_cfg", "label": "Brevet des collèges, CFG", "cite_bucket": _C02},
    {"code": "niveau_3", "label": "Niveau 3 — CAP, BEP", "cite_bucket": _C34},
    {
        "code": "niveau_4",
        "label": "Niveau 4 — Baccalauréat (général, technologique, professionnel)",
        "cite_bucket": _C34,
    },
    {"code": "niveau_5", "label": "Niveau 5 — Bac + 2 (BTS, DUT, DEUST)", "cite_bucket": _C58},
    {
        "code": "niveau_6",
        "label": "Niveau 6 — Bac + 3 ou 4 (licence, BUT, master 1)",
        "cite_bucket": _C58,
    },
    {
        "code": "niveau_7",
        "label": "Niveau 7 — Bac + 5 (master, diplôme d'ingénieur)",
        "cite_bucket": _C58,
    },
    {"code": "niveau_8", "label": "Niveau 8 — Doctorat", "cite_bucket": _C58},
]

ORIENTATION_PATHS: list[dict] = [
    {"code": "professionnel", "label": "Parcours professionnel"},
    {"code": "socio_professionnel", "label": "Parcours socio-professionnel"},
    {"code": "social", "label": "Parcours social"},
]

# is_homeless: "sans-abri ou exclusion du logement" (FSE+ indicator EECO16).
HOUSING_SITUATIONS: list[dict] = [
    {"code": "locataire_social", "label": "Locataire du parc social", "is_homeless": False},
    {"code": "locataire_prive", "label": "Locataire du parc privé", "is_homeless": False},
    {"code": "proprietaire", "label": "Propriétaire", "is_homeless": False},
    {
        "code": "heberge_famille",
        "label": "Hébergé·e chez ses parents ou sa famille",
        "is_homeless": False,
    },
    {
        "code": "heberge_tiers",
        "label": "Hébergé·e chez un tiers faute de logement",
        "is_homeless": True,
    },
    {
        "code": "residence_sociale",
        "label": "Résidence sociale, foyer, logement temporaire",
        "is_homeless": False,
    },
    {
        "code": "hebergement_urgence",
        "label": "Hébergement d'urgence ou d'insertion (CHU, CHRS, hôtel social)",
        "is_homeless": True,
    },
    {
        "code": "habitat_precaire",
        "label": "Habitat précaire ou de fortune (caravane, squat)",
        "is_homeless": True,
    },
    {"code": "sans_domicile", "label": "Sans domicile, à la rue", "is_homeless": True},
]

TRAINING_SCHEMES: list[dict] = [
    {"code": "prf", "label": "PRF — Programme Régional de Formation"},
    {"code": "prif", "label": "P.R.I.F — Proch'Info Formation (Région Hauts-de-France)"},
    {"code": "cpf", "label": "CPF — Compte personnel de formation"},
    {"code": "aif", "label": "AIF — Aide individuelle à la formation (France Travail)"},
    {"code": "poei", "label": "POEI — Préparation opérationnelle à l'emploi individuelle"},
    {"code": "poec", "label": "POEC — Préparation opérationnelle à l'emploi collective"},
    {"code": "autre", "label": "Autre dispositif"},
]

_ORIENTATION, _FORMATION, _EMPLOI = (
    Phase.ORIENTATION.value,
    Phase.FORMATION.value,
    Phase.EMPLOI.value,
)


def _workshop(code: str, label: str, phase: str, capacity: int, description: str) -> dict:
    return {
        "code": code,
        "label": label,
        "phase": phase,
        "default_capacity": capacity,
        "description": description,
    }


WORKSHOPS: list[dict] = [
    _workshop(
        "competences",
        "Identifier et valoriser ses compétences",
        _ORIENTATION,
        15,
        "Repérer ses savoir-faire et savoir-être, y compris hors emploi, et les valoriser.",
    ),
    _workshop(
        "se_presenter",
        "Se connaître pour mieux se présenter",
        _EMPLOI,
        15,
        "Construire son pitch, préparer un entretien d'embauche, travailler sa présentation.",
    ),
    _workshop(
        "booster_recherche",
        "Booster sa recherche d'emploi",
        _EMPLOI,
        15,
        "CV, lettre, candidatures en ligne, relances : organiser sa recherche d'emploi.",
    ),
    _workshop(
        "ateliers_metiers",
        "Atelier métiers",
        _ORIENTATION,
        15,
        "Découverte d'un secteur qui recrute sur le territoire, avec des professionnels.",
    ),
    _workshop(
        "joblabo",
        "Joblabo — environnements industriels virtuels",
        _ORIENTATION,
        10,
        "Mises en situation en réalité virtuelle sur des postes de l'industrie, de la logistique.",
    ),
    _workshop(
        "orientaclick",
        "Orienta'click — tests d'aptitudes",
        _ORIENTATION,
        10,
        "Passation de tests d'aptitudes et d'intérêts professionnels, restitution individuelle.",
    ),
    _workshop(
        "numerique",
        "Atelier numérique — démarches en ligne",
        _ORIENTATION,
        12,
        "Messagerie, espace France Travail, CAF et candidatures en ligne.",
    ),
    _workshop(
        "info_prif",
        "Information P.R.I.F (Proch'Info Formation)",
        _FORMATION,
        25,
        "Information collective sur l'offre de formation financée par la Région Hauts-de-France.",
    ),
    _workshop(
        "info_prf",
        "Information PRF (Programme Régional de Formation)",
        _FORMATION,
        25,
        "Présentation des formations qualifiantes du PRF et des modalités d'entrée.",
    ),
    _workshop(
        "clauses_insertion",
        "Information clauses d'insertion",
        _EMPLOI,
        20,
        "Les heures d'insertion des marchés publics : chantiers, postes, employeurs.",
    ),
    _workshop(
        "rencontre_interim",
        "Rencontre avec les agences d'intérim",
        _EMPLOI,
        20,
        "Présentation des agences du territoire et inscription sur les missions en cours.",
    ),
    _workshop(
        "simulation_entretien",
        "Simulation d'entretien avec les chargés de relation entreprises",
        _EMPLOI,
        10,
        "Entretiens d'embauche simulés avec retour individuel.",
    ),
    _workshop(
        "place_des_solutions",
        "Place des Solutions",
        _EMPLOI,
        80,
        "Rencontre employeurs, formation et solutions de mobilité, garde d'enfants, logement.",
    ),
]
