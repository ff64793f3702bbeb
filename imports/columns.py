"""The columns of an orientation list: canonical French header, synonyms, format, mandatory flag.

This one list feeds the header matching, the import page, the downloadable template and the
``ensemble import columns`` command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from schema.text import fold

HEADER_SEARCH_ROWS = 10  # the header may sit under a title line or two
MIN_RECOGNISED = 3
TO_COMPLETE = "à compléter"
OPTIONAL = "facultative : laissée vide"
COLUMNS_INTRO = (
    "Obligatoires : l'identité qui retrouve la personne (nom, prénom, date de naissance ; le "
    "n° CAF et l'identifiant Parcours Solidarités quand ils sont donnés), la date de la décision "
    "d'orientation et le parcours. Les autres colonnes peuvent manquer : les éléments « à "
    "compléter plus tard » sont signalés sur la fiche de la personne et complétés au premier "
    "rendez-vous ou par un import ultérieur."
)
REFUSED = "fichier refusé sans cette colonne, ligne refusée si sa cellule est vide"


def header_key(text: object) -> str:
    """Fold a header for matching: "N° allocataire" -> "nallocataire", "num_caf" -> "numcaf"."""
    return re.sub(r"[^a-z0-9]", "", fold(str(text))) if text is not None else ""


@dataclass(frozen=True)
class ImportColumn:
    field: str
    label: str
    required: bool
    format: str
    example: str
    synonyms: tuple[str, ...] = field(default=())
    # When the column is absent or a cell is empty: what the programme does (French). Required
    # columns refuse the line instead.
    if_missing: str = OPTIONAL

    @property
    def to_complete(self) -> bool:
        """An item the programme completes later (listed as "à compléter" on the person's page)."""
        return self.if_missing.startswith(TO_COMPLETE)

    @property
    def requirement(self) -> str:
        """French: "obligatoire", "à compléter plus tard" or "facultative"."""
        if self.required:
            return "obligatoire"
        return "à compléter plus tard" if self.to_complete else "facultative"

    @property
    def when_missing(self) -> str:
        return REFUSED if self.required else self.if_missing

    @property
    def keys(self) -> set[str]:
        return {header_key(self.label), header_key(self.field), *map(header_key, self.synonyms)}


COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn(
        "caf_number",
        "N° allocataire CAF",
        False,
        "7 chiffres ; les zéros de tête perdus par le tableur sont rétablis",
        "0123456",
        (
            "N° allocataire",
            "Numéro allocataire",
            "Numéro CAF",
            "N° CAF",
            "num_caf",
            "Matricule CAF",
            "Matricule",
            "Numéro de dossier CAF",
        ),
        "facultative : la personne est alors retrouvée par son identifiant Parcours "
        "Solidarités, sinon par ses nom, prénom et date de naissance",
    ),
    ImportColumn(
        "caf_role",
        "Rôle CAF",
        False,
        "Demandeur ou Conjoint (par défaut : Demandeur si un n° CAF est donné)",
        "Demandeur",
        ("Rôle", "Qualité", "Rôle allocataire", "Rôle dans le foyer", "DEM/CJT"),
    ),
    ImportColumn(
        "ps_id",
        "Identifiant Parcours Solidarités",
        False,
        "texte, 30 caractères au plus",
        "PS-2026-000123",
        ("ID Parcours Solidarités", "Identifiant PS", "ID PS", "N° Parcours Solidarités", "ps_id"),
        "facultative : la personne est alors retrouvée par son n° CAF, sinon par ses nom, "
        "prénom et date de naissance",
    ),
    ImportColumn(
        "sex",
        "Sexe",
        False,
        "F, H ou X (accepte aussi Madame / Monsieur, Mme / M.)",
        "F",
        ("Civilité", "Genre", "Titre"),
        f"{TO_COMPLETE} : demandé au premier rendez-vous ; la fiche de la personne et l'onglet "
        "« Incomplets » du fichier FSE+ le signalent ; un import ultérieur qui le donne le "
        "complète, un import sans lui ne l'efface jamais",
    ),
    ImportColumn(
        "last_name",
        "Nom",
        True,
        "nom d'usage, 100 caractères au plus",
        "DUPONT",
        ("Nom d'usage", "Nom de famille", "Nom usuel", "last_name"),
    ),
    ImportColumn(
        "birth_name",
        "Nom de naissance",
        False,
        "100 caractères au plus",
        "MARTIN",
        ("Nom de jeune fille", "Nom patronymique"),
    ),
    ImportColumn(
        "first_name", "Prénom", True, "100 caractères au plus", "Élodie", ("Prénoms", "first_name")
    ),
    ImportColumn(
        "birth_date",
        "Date de naissance",
        True,
        "JJ/MM/AAAA, AAAA-MM-JJ ou date Excel",
        "14/03/1985",
        ("Né(e) le", "Née le", "Né le", "DDN", "Date naissance", "birth_date"),
    ),
    ImportColumn(
        "decision_date",
        "Date d'orientation",
        True,
        "date de la décision d'orientation (D0) : JJ/MM/AAAA, AAAA-MM-JJ ou date Excel",
        "02/11/2026",
        (
            "Date de décision",
            "Date décision",
            "Date de la décision",
            "Date décision d'orientation",
            "Date de l'orientation",
            "Orienté le",
            "Orientée le",
            "D0",
        ),
    ),
    ImportColumn(
        "path",
        "Parcours",
        True,
        "Professionnel, Socio-professionnel ou Social (code ou libellé de la liste de référence)",
        "Professionnel",
        ("Type de parcours", "Parcours d'orientation", "Orientation", "Type d'orientation"),
    ),
    ImportColumn(
        "reference",
        "Référence de la décision",
        False,
        "60 caractères au plus",
        "DEC-2026-0456",
        ("Référence", "N° de décision", "Numéro de décision", "Référence orientation"),
    ),
    ImportColumn(
        "ft_id",
        "Identifiant France Travail",
        False,
        "20 caractères au plus",
        "1234567A",
        ("ID France Travail", "N° France Travail", "Identifiant Pôle emploi", "N° Pôle emploi"),
    ),
    ImportColumn(
        "phone",
        "Téléphone",
        False,
        "10 chiffres (06 12 34 56 78, +33 6… accepté)",
        "06 12 34 56 78",
        ("Tél", "Tel", "Portable", "Téléphone 1", "Téléphone portable", "Mobile"),
        f"{TO_COMPLETE} : le FSE+ exige un téléphone ou un e-mail (ou celui d'un référent)",
    ),
    ImportColumn(
        "phone2",
        "Autre téléphone",
        False,
        "10 chiffres",
        "03 28 00 00 00",
        ("Téléphone 2", "Tél 2", "Téléphone fixe", "Fixe"),
    ),
    ImportColumn(
        "email",
        "E-mail",
        False,
        "adresse électronique",
        "elodie.dupont@example.fr",
        ("Email", "Mail", "Courriel", "Adresse mail", "Adresse e-mail", "Adresse électronique"),
        f"{TO_COMPLETE} : le FSE+ exige un téléphone ou un e-mail (ou celui d'un référent)",
    ),
    ImportColumn(
        "address",
        "Adresse",
        False,
        "200 caractères au plus",
        "12 rue de la Digue",
        ("Adresse postale", "Rue", "Voie"),
    ),
    ImportColumn(
        "postal_code",
        "Code postal",
        False,
        "5 chiffres ; le zéro de tête perdu par le tableur est rétabli",
        "59140",
        ("CP", "Code postal de résidence"),
    ),
    ImportColumn(
        "commune",
        "Commune",
        False,
        "100 caractères au plus",
        "Dunkerque",
        ("Ville", "Localité", "Commune de résidence"),
    ),
    ImportColumn(
        "rsa_since",
        "Au RSA depuis",
        False,
        "JJ/MM/AAAA, AAAA-MM-JJ ou date Excel",
        "01/06/2024",
        ("Date d'entrée au RSA", "Date ouverture droits RSA", "Allocataire RSA depuis"),
    ),
)

BY_FIELD = {column.field: column for column in COLUMNS}


def _key_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for column in COLUMNS:
        for key in column.keys:
            if index.setdefault(key, column.field) != column.field:
                raise ValueError(f"Header {key!r} names two columns")
    return index


_KEY_TO_FIELD = _key_index()


def field_for(header: object) -> str | None:
    return _KEY_TO_FIELD.get(header_key(header))


@dataclass
class HeaderMapping:
    """Where each known field sits in the row, and what the file holds besides."""

    header_index: int  # 0-based index of the header row among the rows read
    headers: list[str]
    positions: dict[str, int]
    ignored: list[str]
    missing: list[ImportColumn]
    duplicated: dict[str, list[str]]

    @property
    def problems(self) -> list[str]:
        """French sentences explaining why the columns cannot be used, or nothing."""
        messages = []
        if self.missing:
            names = ", ".join(f"« {c.label} »" for c in self.missing)
            messages.append(f"Colonne(s) obligatoire(s) absente(s) : {names}.")
        for field_name, headers in self.duplicated.items():
            names = ", ".join(f"« {h} »" for h in headers)
            messages.append(
                f"Plusieurs colonnes désignent « {BY_FIELD[field_name].label} » : {names}. "
                "Gardez-en une seule."
            )
        return messages


def map_headers(header_row: list[object], header_index: int = 0) -> HeaderMapping:
    headers = ["" if h is None else str(h).strip() for h in header_row]
    positions: dict[str, int] = {}
    seen: dict[str, list[str]] = {}
    ignored = []
    for index, header in enumerate(headers):
        field_name = field_for(header)
        if field_name is None:
            if header:
                ignored.append(header)
            continue
        seen.setdefault(field_name, []).append(header)
        positions.setdefault(field_name, index)
    missing = [c for c in COLUMNS if c.required and c.field not in positions]
    duplicated = {k: v for k, v in seen.items() if len(v) > 1}
    return HeaderMapping(header_index, headers, positions, ignored, missing, duplicated)


def find_header(rows: list[list[object]]) -> HeaderMapping | None:
    """The header is the row, among the first few, that names the most known columns."""
    best: HeaderMapping | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        mapping = map_headers(list(row), index)
        if len(mapping.positions) >= MIN_RECOGNISED and (
            best is None or len(mapping.positions) > len(best.positions)
        ):
            best = mapping
    return best
