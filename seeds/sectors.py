"""Sectors that recruit around Dunkerque: ROME codes, job titles, employers and trainings."""

from __future__ import annotations

from typing import NamedTuple


class Sector(NamedTuple):
    label: str  # employer sector, as shown in the console
    weight: int  # share of aspirations and opportunities
    jobs: tuple[tuple[str, str], ...]  # (ROME code, job title of an offer)
    employer_kinds: tuple[str, ...]
    trainings: tuple[str, ...]  # qualifying trainings


SECTORS: dict[str, Sector] = {
    "industrie": Sector(
        "Industrie",
        18,
        (
            ("H2913", "Soudeur / soudeuse"),
            ("H2902", "Chaudronnier / chaudronnière"),
            ("H2914", "Tuyauteur / tuyauteuse"),
            ("H2909", "Monteur assembleur / monteuse assembleuse"),
            ("H3302", "Opérateur / opératrice de conditionnement"),
            ("H2903", "Opérateur / opératrice d'usinage"),
            ("I1310", "Mécanicien·ne de maintenance industrielle"),
            ("H3404", "Peintre industriel·le"),
            ("H2907", "Opérateur / opératrice de production en sidérurgie"),
        ),
        ("Métallerie", "Chaudronnerie", "Tuyauterie industrielle", "Maintenance industrielle"),
        ("Titre professionnel Soudeur", "CQPM Opérateur régleur", "Titre professionnel Tuyauteur"),
    ),
    "logistique": Sector(
        "Logistique et transport",
        20,
        (
            ("N1103", "Préparateur / préparatrice de commandes"),
            ("N1101", "Cariste"),
            ("N1105", "Manutentionnaire"),
            ("N3203", "Agent·e de manutention portuaire"),
            ("N4101", "Conducteur / conductrice poids lourd"),
            ("N4105", "Chauffeur-livreur / chauffeuse-livreuse"),
            ("N1303", "Agent·e d'exploitation logistique"),
        ),
        ("Logistique", "Entrepôts", "Transports", "Messagerie"),
        (
            "CACES R489 catégories 1, 3 et 5",
            "Titre professionnel Préparateur de commandes en entrepôt",
            "Permis C et FIMO",
        ),
    ),
    "btp": Sector(
        "Bâtiment et travaux publics",
        14,
        (
            ("F1703", "Maçon / maçonne"),
            ("F1704", "Manœuvre du bâtiment"),
            ("F1606", "Peintre en bâtiment"),
            ("F1602", "Électricien·ne du bâtiment"),
            ("F1603", "Plombier chauffagiste / plombière chauffagiste"),
            ("F1702", "Ouvrier / ouvrière des travaux publics"),
            ("A1203", "Agent·e d'entretien des espaces verts"),
        ),
        ("Bâtiment", "Travaux publics", "Rénovation", "Paysages"),
        ("Titre professionnel Maçon", "Titre professionnel Agent d'entretien du bâtiment"),
    ),
    "proprete": Sector(
        "Propreté",
        18,
        (
            ("K2204", "Agent·e de propreté"),
            ("K2202", "Laveur / laveuse de vitres"),
            ("K2303", "Agent·e de propreté urbaine"),
            ("K2201", "Agent·e de blanchisserie industrielle"),
            ("I1203", "Agent·e de maintenance des bâtiments"),
        ),
        ("Propreté", "Services de nettoyage", "Entretien"),
        ("Titre professionnel Agent de propreté et d'hygiène",),
    ),
    "aide_personne": Sector(
        "Aide et soin à la personne",
        14,
        (
            ("K1302", "Auxiliaire de vie"),
            ("J1501", "Aide-soignant·e"),
            ("K1304", "Aide ménager·ère à domicile"),
            ("J1301", "Agent·e de service hospitalier"),
            ("K1303", "Garde d'enfants à domicile"),
        ),
        ("Aide à domicile", "Services à la personne", "Résidence pour personnes âgées"),
        ("Titre professionnel Assistant de vie aux familles", "Diplôme d'État d'aide-soignant"),
    ),
    "hotellerie_restauration": Sector(
        "Hôtellerie-restauration",
        10,
        (
            ("G1602", "Commis de cuisine"),
            ("G1605", "Plongeur / plongeuse"),
            ("G1803", "Serveur / serveuse"),
            ("G1603", "Employé·e polyvalent·e de restauration"),
            ("G1501", "Valet / femme de chambre"),
            ("G1703", "Réceptionniste"),
        ),
        ("Restaurant", "Brasserie", "Hôtel", "Restauration collective"),
        ("Titre professionnel Agent de restauration", "Titre professionnel Cuisinier"),
    ),
    "commerce": Sector(
        "Commerce",
        6,
        (
            ("D1507", "Employé·e de libre-service"),
            ("D1505", "Hôte / hôtesse de caisse"),
            ("D1106", "Vendeur / vendeuse en alimentation"),
            ("D1214", "Vendeur / vendeuse en prêt-à-porter"),
        ),
        ("Supermarché", "Commerce", "Boutique"),
        ("Titre professionnel Employé commercial en magasin",),
    ),
}

EMPLOYER_PLACES: tuple[str, ...] = (
    "du Littoral",
    "de la Côte d'Opale",
    "des Flandres",
    "du Port Ouest",
    "dunkerquoise",
    "du Dunkerquois",
    "de la Mer du Nord",
    "du Westhoek",
    "des Dunes",
    "de l'Aa",
)

NON_QUALIFYING_TRAININGS: tuple[str, ...] = (
    "Remise à niveau — savoirs de base (CléA)",
    "Français langue étrangère à visée professionnelle",
    "Préparation au code de la route",
    "Découverte des métiers de l'industrie",
    "Initiation à l'informatique et aux démarches en ligne",
)

PUBLIC_CONTRACTS: tuple[str, ...] = (
    "Rénovation urbaine — Communauté urbaine de Dunkerque",
    "Entretien des espaces publics — commune",
    "Construction d'un groupe scolaire",
    "Réhabilitation de logements sociaux",
    "Nettoyage des bâtiments communaux",
    "Aménagement de voirie et pistes cyclables",
)

EVENT_NAMES: tuple[str, ...] = (
    "Place des Solutions",
    "Forum de l'emploi du Dunkerquois",
    "Job dating logistique",
    "Rencontres de l'industrie",
    "Forum des métiers du soin et de l'aide à la personne",
)
