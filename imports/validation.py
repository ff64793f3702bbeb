"""Row validation: each line of the list becomes a typed ``OrientationRow`` or French errors.

Plain functions over raw cell values: no database access except ``load_paths`` which reads the
orientation path reference list once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl.utils.datetime import from_excel
from sqlalchemy import select
from sqlalchemy.orm import Session

from imports.columns import BY_FIELD, HeaderMapping, header_key
from schema import OrientationPath
from schema.enums import CafRole, Sex
from schema.text import person_search_key

CAF_LENGTH = 7  # CAF du Nord
MIN_DECISION_DATE = date(2000, 1, 1)
MIN_AGE, MAX_AGE = 16, 100
EXCEL_SERIAL_MIN, EXCEL_SERIAL_MAX = 1, 73050  # 01/01/1900 .. 31/12/2099
MAX_LENGTHS = {
    "last_name": 100,
    "birth_name": 100,
    "first_name": 100,
    "ps_id": 30,
    "ft_id": 20,
    "address": 200,
    "commune": 100,
    "reference": 60,
    "email": 254,
}
SEX_WORDS = {
    Sex.F: {"f", "femme", "mme", "madame", "mademoiselle", "mlle", "feminin"},
    Sex.H: {"h", "m", "homme", "monsieur", "mr", "masculin"},
    Sex.X: {"x", "nonbinaire", "autre"},
}
CAF_ROLE_WORDS = {
    CafRole.DEMANDEUR: {"demandeur", "demandeuse", "dem", "d", "allocataire", "responsable"},
    CafRole.CONJOINT: {"conjoint", "conjointe", "cjt", "conj", "c"},
}
PATH_ALIASES = {"pro": "professionnel", "sociopro": "socio_professionnel"}
DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
SERIAL = re.compile(r"\d{1,5}(?:[.,]0+)?")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class Invalid(ValueError):
    """A cell that cannot be used; the message is French."""


@dataclass
class OrientationRow:
    """A valid line: what the import will write."""

    line: int
    last_name: str
    first_name: str
    birth_date: date
    decision_date: date
    path_id: int
    path_label: str
    sex: str | None = None  # None: "à compléter" (column absent or cell empty)
    birth_name: str | None = None
    caf_number: str | None = None
    caf_role: str | None = None
    ps_id: str | None = None
    ft_id: str | None = None
    phone: str | None = None
    phone2: str | None = None
    email: str | None = None
    address: str | None = None
    postal_code: str | None = None
    commune: str | None = None
    rsa_since: date | None = None
    reference: str | None = None

    @property
    def search_key(self) -> str:
        return person_search_key(self.last_name, self.first_name)

    @property
    def identity_keys(self) -> list[tuple[Any, ...]]:
        keys: list[tuple[Any, ...]] = []
        if self.caf_number:
            keys.append(("caf", self.caf_number, self.caf_role))
        if self.ps_id:
            keys.append(("ps", self.ps_id))
        keys.append(("name", self.search_key, self.birth_date))
        return keys

    @property
    def display_name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


@dataclass
class RowResult:
    line: int
    values: list[Any]
    row: OrientationRow | None = None
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PathCatalogue:
    """Orientation paths by folded code / label."""

    by_key: dict[str, tuple[int, str]]

    def find(self, value: str) -> tuple[int, str] | None:
        key = header_key(value)
        for prefix in ("parcours", "orientation"):
            key = key.removeprefix(prefix)
        key = PATH_ALIASES.get(key, key)
        key = header_key(key)
        if key.endswith("elle"):  # professionnelle -> professionnel
            key = key[:-2]
        elif key.endswith("ale"):  # sociale -> social
            key = key[:-1]
        return self.by_key.get(key)


def load_paths(session: Session) -> PathCatalogue:
    by_key: dict[str, tuple[int, str]] = {}
    for path in session.scalars(select(OrientationPath).where(OrientationPath.active)):
        for text in (path.code, path.label):
            key = header_key(text).removeprefix("parcours")
            by_key.setdefault(key, (path.id, path.label))
    return PathCatalogue(by_key)


# --- Cells -------------------------------------------------------------------------------


def clean_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    text = " ".join(str(value).split())
    return text or None


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise Invalid("date illisible")
    if isinstance(value, int | float):
        return _from_serial(value)
    text = str(value).strip()
    if match := DMY.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            raise Invalid(f"année sur 4 chiffres attendue « {text} » (JJ/MM/AAAA)")
        return _make_date(year, month, day, text)
    if match := ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
        return _make_date(year, month, day, text)
    if SERIAL.fullmatch(text):
        return _from_serial(float(text.replace(",", ".")))
    raise Invalid(f"date illisible « {text} » (JJ/MM/AAAA attendu)")


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise Invalid(f"date impossible « {text} »") from exc


def _from_serial(number: float) -> date:
    if not EXCEL_SERIAL_MIN <= number <= EXCEL_SERIAL_MAX:
        raise Invalid(f"date illisible « {clean_text(number)} »")
    return from_excel(int(number)).date()


def _bad(value: Any, expected: str) -> str:
    return f"valeur « {clean_text(value)} » invalide, {expected} attendus"


def _digits(value: Any, what: str) -> str:
    """Digits of an identifier typed as text or stored as a number by the spreadsheet."""
    if isinstance(value, float):
        if not value.is_integer():
            raise Invalid(_bad(value, what))
        value = int(value)
    text = str(value).strip()
    if re.fullmatch(r"\d+[.,]0+", text):  # "123456.0": a number that went through a float
        text = re.split(r"[.,]", text)[0]
    else:
        text = re.sub(r"[\s.\-]", "", text)
    if not text.isdigit():
        raise Invalid(_bad(value, what))
    return text


def parse_caf_number(value: Any) -> str:
    digits = _digits(value, f"{CAF_LENGTH} chiffres")
    if len(digits) > CAF_LENGTH or not digits.strip("0"):
        raise Invalid(_bad(value, f"{CAF_LENGTH} chiffres"))
    return digits.zfill(CAF_LENGTH)


def parse_postal_code(value: Any) -> str:
    digits = _digits(value, "5 chiffres")
    if len(digits) == 4:  # 02100 stored as the number 2100
        digits = digits.zfill(5)
    if len(digits) != 5:
        raise Invalid(_bad(value, "5 chiffres"))
    return digits


def parse_phone(value: Any) -> str:
    text = str(int(value)) if isinstance(value, int | float) else str(value)
    text = re.sub(r"[\s.\-()/]", "", text)
    if text.startswith("+33"):
        text = "0" + text[3:]
    elif text.startswith("0033"):
        text = "0" + text[4:]
    elif text.isdigit() and len(text) == 9:  # 0612345678 stored as a number lost its zero
        text = "0" + text
    if not (text.isdigit() and len(text) == 10 and text.startswith("0")):
        raise Invalid(_bad(value, "10 chiffres"))
    return text


def _parse_word(value: Any, words: dict[Any, set[str]], expected: str) -> str:
    key = header_key(value)
    for member, accepted in words.items():
        if key in accepted:
            return member.value
    raise Invalid(f"valeur inconnue « {clean_text(value)} » ({expected})")


# --- Rows --------------------------------------------------------------------------------


def validate_rows(
    rows: list[list[Any]], mapping: HeaderMapping, paths: PathCatalogue, today: date
) -> list[RowResult]:
    """One result per non-empty line after the header, duplicates inside the file flagged."""
    results = []
    seen: dict[tuple[Any, ...], int] = {}
    for index in range(mapping.header_index + 1, len(rows)):
        values = rows[index]
        if not any(clean_text(v) for v in values):
            continue
        result = validate_row(index + 1, values, mapping, paths, today)
        if result.row is not None:
            first = next((seen[k] for k in result.row.identity_keys if k in seen), None)
            if first is not None:
                result.errors.append(f"Doublon : la même personne figure ligne {first}.")
                result.row = None
            else:
                for key in result.row.identity_keys:
                    seen[key] = result.line
        results.append(result)
    return results


def validate_row(
    line: int, values: list[Any], mapping: HeaderMapping, paths: PathCatalogue, today: date
) -> RowResult:
    result = RowResult(line=line, values=values)
    cells = {
        name: values[pos] if pos < len(values) else None for name, pos in mapping.positions.items()
    }
    parsed: dict[str, Any] = {}
    for name, raw in cells.items():
        label = BY_FIELD[name].label
        if clean_text(raw) is None:
            if BY_FIELD[name].required:
                result.errors.append(f"{label} : champ obligatoire manquant.")
            continue
        if isinstance(raw, str) and raw.strip().startswith("="):
            result.errors.append(
                f"{label} : formule refusée « {raw.strip()[:40]} » ; saisissez la valeur elle-même."
            )
            continue
        try:
            parsed[name] = _parse_field(name, raw, paths)
        except Invalid as exc:
            result.errors.append(f"{label} : {exc}.")
    if result.errors:
        return result
    result.errors.extend(_coherence(parsed, today))
    if result.errors:
        return result
    path_id, path_label = parsed.pop("path")
    if parsed.get("caf_number") is None:
        parsed["caf_role"] = None
    elif parsed.get("caf_role") is None:
        parsed["caf_role"] = CafRole.DEMANDEUR.value
    result.row = OrientationRow(line=line, path_id=path_id, path_label=path_label, **parsed)
    return result


def _parse_field(name: str, raw: Any, paths: PathCatalogue) -> Any:
    if name in ("birth_date", "decision_date", "rsa_since"):
        return parse_date(raw)
    if name == "caf_number":
        return parse_caf_number(raw)
    if name == "postal_code":
        return parse_postal_code(raw)
    if name in ("phone", "phone2"):
        return parse_phone(raw)
    if name == "sex":
        return _parse_word(raw, SEX_WORDS, "F, H ou X")
    if name == "caf_role":
        return _parse_word(raw, CAF_ROLE_WORDS, "Demandeur ou Conjoint")
    if name == "path":
        found = paths.find(str(raw))
        if found is None:
            raise Invalid(f"parcours inconnu « {clean_text(raw)} »")
        return found
    text = clean_text(raw)
    assert text is not None
    if len(text) > MAX_LENGTHS.get(name, 100):
        raise Invalid(f"texte trop long ({MAX_LENGTHS.get(name, 100)} caractères au plus)")
    if name == "email" and not EMAIL.fullmatch(text):
        raise Invalid(f"adresse invalide « {text} »")
    return text


def _coherence(parsed: dict[str, Any], today: date) -> list[str]:
    errors = []
    decision, birth = parsed["decision_date"], parsed["birth_date"]
    if decision > today:
        errors.append(f"Date d'orientation : le {decision:%d/%m/%Y} est dans le futur.")
    elif decision < MIN_DECISION_DATE:
        errors.append(f"Date d'orientation : le {decision:%d/%m/%Y} est trop ancienne.")
    age = decision.year - birth.year - ((decision.month, decision.day) < (birth.month, birth.day))
    if not MIN_AGE <= age <= MAX_AGE:
        errors.append(
            f"Date de naissance : le {birth:%d/%m/%Y} donne {age} ans à la date d'orientation, "
            "ce qui est invraisemblable."
        )
    since = parsed.get("rsa_since")
    if since is not None and (since < birth or since > today):
        errors.append(f"Au RSA depuis : le {since:%d/%m/%Y} est invraisemblable.")
    return errors
