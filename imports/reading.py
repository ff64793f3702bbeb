"""Reading an uploaded list safely: .xlsx or .csv, checked before any parsing.

Every refusal raises ``FileRefused`` with a French sentence for the user. Checks, in order: size;
format from the name and the first bytes; for .xlsx the zip directory (entries, declared
uncompressed size, compression ratio, encryption, macros) and the XML parts (no DTD, hence no
entity expansion), then openpyxl in read-only mode with formulas kept as their text; for .csv the
encoding (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252), NUL bytes and the separator.
Rows are capped in number, width and cell length.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100  # per entry above RATIO_FLOOR bytes; ordinary sheets compress 5 to 20 times
RATIO_FLOOR = 1024 * 1024
MAX_COLUMNS = 200
MAX_CELL = 1000
MAX_ROWS = 20_000  # data rows, empty ones not counted
MAX_SCANNED_ROWS = 100_000
XML_SUFFIXES = (".xml", ".rels", ".vml")
DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"


class FileRefused(Exception):
    """The file cannot be imported; ``str(exc)`` is the French explanation."""


@dataclass
class Table:
    """The rows of the first sheet: raw cell values, trailing empty cells dropped."""

    kind: str  # "xlsx" or "csv"
    rows: list[list[Any]]
    encoding: str | None = None
    delimiter: str | None = None


def read_table(data: bytes, file_name: str) -> Table:
    if not data:
        raise FileRefused("Le fichier est vide.")
    if len(data) > MAX_BYTES:
        raise FileRefused(
            f"Le fichier dépasse la taille autorisée ({MAX_BYTES // (1024 * 1024)} Mo)."
        )
    suffix = PurePath(file_name or "").suffix.lower()
    if suffix in (".xlsm", ".xltm", ".xlam"):
        raise FileRefused(
            "Les classeurs contenant des macros (.xlsm) sont refusés : enregistrez le fichier "
            "au format .xlsx (classeur Excel sans macro) ou .csv."
        )
    if suffix in (".xls", ".xlsb", ".ods") or data.startswith(OLE_SIGNATURE):
        raise FileRefused(
            "Ce format n'est pas pris en charge (ancien format Excel, classeur binaire, "
            "fichier protégé par mot de passe ou OpenDocument) : enregistrez le fichier au "
            "format .xlsx ou .csv, sans mot de passe."
        )
    if suffix in (".xlsx", ".xltx"):
        if not data.startswith(ZIP_SIGNATURE):
            raise FileRefused(
                "Le fichier porte l'extension .xlsx mais n'est pas un classeur Excel : "
                "il est peut-être endommagé ou d'un autre format."
            )
        return _read_xlsx(data)
    if suffix in (".csv", ".txt"):
        if data.startswith(ZIP_SIGNATURE):
            raise FileRefused(
                "Le fichier porte l'extension .csv mais est un classeur ou une archive : "
                "renommez-le en .xlsx ou exportez-le au format CSV."
            )
        return _read_csv(data)
    raise FileRefused("Format non pris en charge : un fichier .xlsx ou .csv est attendu.")


# --- .xlsx -------------------------------------------------------------------------------


def _check_zip(archive: zipfile.ZipFile) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FileRefused("Le classeur contient un nombre anormal d'éléments : il est refusé.")
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise FileRefused("Le classeur est chiffré : enregistrez-le sans mot de passe.")
        name = entry.filename.lower()
        if name.endswith("vbaproject.bin") or "/vba" in name or name.startswith("vba"):
            raise FileRefused(
                "Le classeur contient des macros : il est refusé. Enregistrez-le au format "
                ".xlsx (classeur Excel sans macro) ou .csv."
            )
        total += entry.file_size
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            raise FileRefused(
                "Le classeur est anormalement compressé (possible « bombe zip ») : il est refusé."
            )
    if total > MAX_UNCOMPRESSED:
        raise FileRefused(
            "Le classeur décompressé dépasse la taille autorisée "
            f"({MAX_UNCOMPRESSED // (1024 * 1024)} Mo) : il est refusé."
        )
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names:
        raise FileRefused("Le fichier n'est pas un classeur Excel valide (.xlsx).")
    content_types = archive.read("[Content_Types].xml")
    if b"macroEnabled" in content_types or b"vbaProject" in content_types:
        raise FileRefused(
            "Le classeur contient des macros : il est refusé. Enregistrez-le au format "
            ".xlsx (classeur Excel sans macro) ou .csv."
        )


def _check_xml_parts(archive: zipfile.ZipFile) -> None:
    """No XML part may declare a DTD: entities (billion laughs, external ones) are refused."""
    overlap = max(len(m) for m in DTD_MARKERS)
    for entry in archive.infolist():
        if not entry.filename.lower().endswith(XML_SUFFIXES):
            continue
        tail = b""
        with archive.open(entry) as stream:
            while chunk := stream.read(256 * 1024):
                window = tail + chunk
                if any(marker in window for marker in DTD_MARKERS):
                    raise FileRefused(
                        "Le classeur contient des déclarations XML interdites (DTD / entités) : "
                        "il est refusé."
                    )
                tail = window[-overlap:]


def _read_xlsx(data: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRefused(
            "Le fichier porte l'extension .xlsx mais n'est pas un classeur Excel lisible."
        ) from exc
    with archive:
        try:
            _check_zip(archive)
            _check_xml_parts(archive)
        except FileRefused:
            raise
        except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError) as exc:
            raise FileRefused("Le classeur est endommagé : il n'a pas pu être lu.") from exc
    return Table(kind="xlsx", rows=_sheet_rows(data))


def _sheet_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_vba=False, keep_links=False
        )
    except Exception as exc:  # openpyxl raises many types on broken files; all mean "unreadable"
        log.info("Unreadable workbook: %r", exc)
        raise FileRefused("Le classeur est endommagé ou d'un format inattendu.") from exc
    try:
        sheets = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
        if not sheets:
            raise FileRefused("Le classeur ne contient aucune feuille visible.")
        sheet = sheets[0]
        sheet.reset_dimensions()  # never trust the declared dimensions (padding to XFD…)
        try:
            return _collect(sheet.iter_rows(values_only=True), list)
        except FileRefused:
            raise
        except Exception as exc:  # a malformed sheet part: same answer as an unreadable file
            log.info("Unreadable sheet: %r", exc)
            raise FileRefused(
                "La feuille du classeur est endommagée : elle n'a pas pu être lue."
            ) from exc
    finally:
        workbook.close()


# --- .csv --------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise FileRefused("Le fichier texte est mal encodé (UTF-16 invalide).") from exc
    if b"\x00" in data:
        raise FileRefused(
            "Le fichier contient des caractères nuls : ce n'est pas un fichier CSV (texte)."
        )
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8"
        except UnicodeDecodeError as exc:
            raise FileRefused(
                "Le fichier annonce l'encodage UTF-8 mais ne le respecte pas."
            ) from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise FileRefused(
            "Encodage du fichier non reconnu : enregistrez-le en CSV UTF-8 ou Windows-1252."
        ) from exc


def _delimiter(text: str) -> str:
    """The separator used most on one line among the first lines (a title line may have none)."""
    lines = [line for line in text.splitlines()[:50] if line.strip()][:20]
    counts = {d: max((line.count(d) for line in lines), default=0) for d in (";", ",", "\t")}
    if max(counts.values()) + 1 > MAX_COLUMNS:
        raise FileRefused(
            f"Le fichier compte trop de colonnes (plus de {MAX_COLUMNS}) : il est refusé."
        )
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ";"


def _read_csv(data: bytes) -> Table:
    text, encoding = _decode(data)
    if "\x00" in text:
        raise FileRefused(
            "Le fichier contient des caractères nuls : ce n'est pas un fichier CSV (texte)."
        )
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = _collect(reader, lambda values: [v if v.strip() else None for v in values])
    except csv.Error as exc:
        raise FileRefused(f"Le fichier CSV est mal formé : {exc}.") from exc
    return Table(kind="csv", rows=rows, encoding=encoding, delimiter=delimiter)


# --- Shared caps -------------------------------------------------------------------------


def _checked_row(values: list[Any], line: int) -> list[Any]:
    while values and (values[-1] is None or values[-1] == ""):
        values.pop()
    if len(values) > MAX_COLUMNS:
        raise FileRefused(
            f"Ligne {line} : trop de colonnes (plus de {MAX_COLUMNS}) ; le fichier est refusé."
        )
    for index, value in enumerate(values):
        if isinstance(value, str):
            if len(value) > MAX_CELL:
                raise FileRefused(
                    f"Ligne {line}, colonne {index + 1} : valeur trop longue (plus de "
                    f"{MAX_CELL} caractères) ; le fichier est refusé."
                )
            if "\x00" in value:
                raise FileRefused(
                    f"Ligne {line}, colonne {index + 1} : caractère nul interdit ; "
                    "le fichier est refusé."
                )
    return values


def _collect(rows_in: Iterable[Any], normalise: Callable[[Any], list[Any]]) -> list[list[Any]]:
    """Rows checked one by one, with caps on the number scanned and the number filled."""
    rows: list[list[Any]] = []
    filled = 0
    for scanned, values in enumerate(rows_in, start=1):
        if scanned > MAX_SCANNED_ROWS:
            raise FileRefused(
                f"Le fichier compte plus de {MAX_SCANNED_ROWS} lignes : il est refusé."
            )
        row = _checked_row(normalise(values), scanned)
        if row:
            filled += 1
            if filled > MAX_ROWS + 1:
                raise FileRefused(
                    f"Le fichier compte plus de {MAX_ROWS} lignes de données : découpez-le en "
                    "plusieurs fichiers."
                )
        rows.append(row)
    return _strip_trailing_empty(rows)


def _strip_trailing_empty(rows: list[list[Any]]) -> list[list[Any]]:
    while rows and not rows[-1]:
        rows.pop()
    return rows
