"""Safe reading: formats, encodings, separators, and hostile files refused with French messages."""

from __future__ import annotations

import zipfile
from datetime import datetime

import openpyxl
import pytest
from defusedxml.common import EntitiesForbidden

from imports import reading
from imports.reading import FileRefused, read_table
from tests.imports.files import (
    billion_laughs_xlsx,
    binary_blob,
    csv_bytes,
    macro_xlsx,
    rezip,
    simple_rows,
    wide_csv,
    xlsx_bytes,
    zip_bomb_xlsx,
)

HOSTILE = {
    "zip bomb": (zip_bomb_xlsx, "liste.xlsx", "anormalement compressé (possible « bombe zip »)"),
    "billion laughs": (billion_laughs_xlsx, "liste.xlsx", "déclarations XML interdites"),
    "xlsm with macros": (macro_xlsx, "liste.xlsm", "contenant des macros (.xlsm) sont refusés"),
    "macros renamed .xlsx": (macro_xlsx, "liste.xlsx", "Le classeur contient des macros"),
    "100 000 columns": (wide_csv, "liste.csv", "trop de colonnes (plus de 200)"),
    "binary renamed .xlsx": (binary_blob, "liste.xlsx", "n'est pas un classeur Excel"),
    "binary renamed .csv": (binary_blob, "liste.csv", "caractères nuls"),
    "old Excel format": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        "l.xls",
        "format",
    ),
    "empty": (lambda: b"", "liste.csv", "Le fichier est vide."),
    "pdf": (lambda: b"%PDF-1.4", "liste.pdf", "un fichier .xlsx ou .csv est attendu"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_are_refused_in_french(name):
    build, file_name, message = HOSTILE[name]
    with pytest.raises(FileRefused) as refused:
        read_table(build(), file_name)
    assert message in str(refused.value)


def test_too_large_file_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    with pytest.raises(FileRefused, match="dépasse la taille autorisée"):
        read_table(csv_bytes(simple_rows(50)), "liste.csv")


def test_total_uncompressed_size_is_capped(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNCOMPRESSED", 50_000)
    data = rezip(xlsx_bytes(simple_rows(1)), add={"xl/media/a.bin": bytes(60_000)})
    with pytest.raises(FileRefused, match="décompressé dépasse la taille autorisée"):
        read_table(data, "liste.xlsx")


def test_number_of_zip_entries_is_capped():
    data = rezip(xlsx_bytes(simple_rows(1)), add={f"xl/media/{i}.txt": b"x" for i in range(600)})
    with pytest.raises(FileRefused, match="nombre anormal d'éléments"):
        read_table(data, "liste.xlsx")


def test_defusedxml_guards_openpyxl_even_without_the_dtd_check(monkeypatch):
    """Second line of defence: openpyxl parses through defusedxml, which forbids entities."""
    assert openpyxl.DEFUSEDXML is True
    monkeypatch.setattr(reading, "_check_xml_parts", lambda archive: None)
    with pytest.raises(FileRefused, match="endommagé") as refused:
        read_table(billion_laughs_xlsx(), "liste.xlsx")
    causes = []
    cause: BaseException | None = refused.value
    while cause is not None:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    assert any(isinstance(c, EntitiesForbidden) for c in causes)


def test_long_cells_and_nul_bytes_are_refused():
    rows = simple_rows(1)
    rows[1][0] = "x" * 1001
    with pytest.raises(FileRefused, match="Ligne 2, colonne 1 : valeur trop longue"):
        read_table(csv_bytes(rows), "liste.csv")
    with pytest.raises(FileRefused, match="caractères nuls"):
        read_table(b"Nom;Pr\x00nom\r\n", "liste.csv")


def test_plain_zip_renamed_xlsx_is_refused():
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "bonjour")
    with pytest.raises(FileRefused, match="pas un classeur Excel valide"):
        read_table(buffer.getvalue(), "liste.xlsx")


def test_formulas_are_read_as_text_never_evaluated():
    rows = simple_rows(1)
    rows[1][0] = "=1+1"
    rows[1][1] = '=WEBSERVICE("http://example.invalid")'
    table = read_table(xlsx_bytes(rows), "liste.xlsx")
    assert table.rows[1][:2] == ["=1+1", '=WEBSERVICE("http://example.invalid")']


def test_xlsx_cells_keep_their_types_and_trailing_blanks_are_dropped():
    rows = [["Nom", "Date"], ["Dupont", datetime(2026, 11, 2), None, None], [], [None]]
    table = read_table(xlsx_bytes(rows), "liste.xlsx")
    assert table.kind == "xlsx"
    assert table.rows == [["Nom", "Date"], ["Dupont", datetime(2026, 11, 2)]]


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom", "expected_encoding"),
    [
        ("utf-8", ";", False, "UTF-8"),
        ("utf-8", ",", True, "UTF-8"),
        ("cp1252", ";", False, "Windows-1252"),
        ("cp1252", "\t", False, "Windows-1252"),
        ("utf-16", ";", False, "UTF-16"),
    ],
)
def test_csv_encodings_and_separators(encoding, delimiter, bom, expected_encoding):
    rows = [["Nom", "Prénom", "Commune"], ["Lefèvre", "Zoé", "Saint-Pol-sur-Mer, Dunkerque"]]
    table = read_table(csv_bytes(rows, encoding, delimiter, bom), "liste.csv")
    assert (table.encoding, table.delimiter) == (expected_encoding, delimiter)
    assert table.rows == rows


def test_malformed_utf8_bom_is_refused():
    with pytest.raises(FileRefused, match="UTF-8"):
        read_table(b"\xef\xbb\xbfNom;Pr\xe9nom\r\n", "liste.csv")
