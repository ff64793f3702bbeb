"""French first and last names, communes of the Dunkerque area and street names for demo data."""

from __future__ import annotations

from importlib import resources
from typing import NamedTuple


def _names(filename: str) -> tuple[str, ...]:
    text = resources.files("seeds").joinpath(f"data/{filename}").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


FEMALE_FIRST_NAMES = _names("female_first_names.txt")
MALE_FIRST_NAMES = _names("male_first_names.txt")
LAST_NAMES = _names("last_names.txt")  # common in the Nord, Flemish names included


class Commune(NamedTuple):
    name: str
    postal_code: str
    weight: int  # share of the demo population
    qpv_share: float  # probability that an address lies in a quartier prioritaire
    rural: bool


COMMUNES: tuple[Commune, ...] = (
    Commune("Dunkerque", "59140", 16, 0.35, False),
    Commune("Dunkerque", "59240", 14, 0.40, False),
    Commune("Dunkerque", "59640", 10, 0.45, False),
    Commune("Grande-Synthe", "59760", 14, 0.65, False),
    Commune("Coudekerque-Branche", "59210", 8, 0.30, False),
    Commune("Saint-Pol-sur-Mer", "59430", 7, 0.45, False),
    Commune("Gravelines", "59820", 5, 0.15, False),
    Commune("Cappelle-la-Grande", "59180", 4, 0.30, False),
    Commune("Téteghem-Coudekerque-Village", "59229", 2, 0.0, False),
    Commune("Loon-Plage", "59279", 2, 0.0, False),
    Commune("Grand-Fort-Philippe", "59153", 2, 0.20, False),
    Commune("Bourbourg", "59630", 2, 0.0, True),
    Commune("Leffrinckoucke", "59495", 1, 0.0, False),
    Commune("Bergues", "59380", 2, 0.0, True),
    Commune("Armbouts-Cappel", "59380", 1, 0.0, False),
    Commune("Hondschoote", "59122", 1, 0.0, True),
    Commune("Wormhout", "59470", 1, 0.0, True),
    Commune("Esquelbecq", "59470", 1, 0.0, True),
    Commune("Bray-Dunes", "59123", 1, 0.0, False),
    Commune("Zuydcoote", "59123", 1, 0.0, False),
    Commune("Ghyvelde", "59254", 1, 0.0, True),
    Commune("Hoymille", "59492", 1, 0.0, True),
    Commune("Spycker", "59380", 1, 0.0, True),
)

STREETS: tuple[str, ...] = (
    "rue de la République",
    "rue du Général de Gaulle",
    "rue Jean Jaurès",
    "rue Victor Hugo",
    "rue Pasteur",
    "avenue de la Mer",
    "rue des Écoles",
    "rue de l'Église",
    "boulevard Alexandre III",
    "rue du Port",
    "rue des Pêcheurs",
    "rue de Lille",
    "rue de Bergues",
    "avenue des Bains",
    "rue Louis Pasteur",
    "rue Émile Zola",
    "rue Paul Machy",
    "rue de Furnes",
    "rue de la Paix",
    "place Jean Bart",
    "rue des Fusiliers Marins",
    "rue du Docteur Calmette",
    "rue Pierre Brossolette",
    "rue Anatole France",
    "rue des Tulipes",
    "allée des Goélands",
    "rue des Mouettes",
    "avenue de Petite-Synthe",
    "rue de Bourbourg",
    "rue de Cassel",
)

TRAINING_ORGANISATIONS: tuple[str, ...] = (
    "AFPA Dunkerque",
    "GRETA Grand Littoral",
    "CNAM Hauts-de-France — Dunkerque",
    "Lycée professionnel — formation continue",
    "Institut de formation aux métiers de l'industrie",
    "Centre de formation du bâtiment",
    "Organisme de formation linguistique du Littoral",
)

WORKSHOP_PLACES: tuple[str, ...] = (
    "Entreprendre Ensemble — site de Dunkerque",
    "Entreprendre Ensemble — antenne de Grande-Synthe",
    "Entreprendre Ensemble — antenne de Gravelines",
    "Entreprendre Ensemble — antenne de Coudekerque-Branche",
)
