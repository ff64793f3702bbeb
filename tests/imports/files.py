"""Builders of orientation lists for the tests: realistic messy files and hostile ones."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.utils.datetime import to_excel

TODAY = date(2026, 11, 28)
HEADERS = [
    "N° allocataire",
    "Qualité",
    "Civilité",
    "Nom d'usage",
    "Prénom",
    "Né(e) le",
    "Date de décision",
    "Type de parcours",
    "CP",
    "Ville",
    "Tél",
    "Courriel",
    "Observations",
]


def serial(day: date) -> int:
    return int(to_excel(datetime(day.year, day.month, day.day)))


def messy_rows(as_text: bool = False) -> list[list[Any]]:
    """Lines 4 to 15 of the Département's list: synonyms, Excel-mangled numbers, duplicates…

    ``as_text`` gives what a CSV export holds (every cell a string).
    """

    def d(day: date) -> Any:
        return day.strftime("%d/%m/%Y") if as_text else datetime(day.year, day.month, day.day)

    def n(number: Any) -> Any:
        return str(int(number)) if as_text else number

    # fmt: off
    return [
        ["Liste des orientations — Département du Nord — novembre 2026"],
        [],
        HEADERS,
        # 4: new person, every identifier stored as a number by the spreadsheet
        [n(123456), "DEM", "Mme", "Dupont", "Élodie", d(date(1985, 3, 14)),
         d(date(2026, 11, 2)), "Professionnel", n(59140), "Dunkerque", n(612345678),
         "elodie.dupont@example.fr", "RAS"],
        # 5: new person, dates typed as text (JJ/MM/AAAA and ISO)
        ["7654321", "CJT", "M.", "Benali", "Karim", "22/07/1979", "2026-11-03",
         "socio-professionnel", "59430", "Saint-Pol-sur-Mer", "06 11 22 33 44", None, None],
        # 6: new person, dates as Excel serial numbers, postal code that lost its zero
        [n(2345678.0), None, "Monsieur", "Lefebvre", "Jean", n(serial(date(1979, 5, 25))),
         n(serial(date(2026, 11, 4))), "Social", n(2100), "Saint-Quentin", None, None, None],
        # 7: line 4 again
        [n(123456), "DEM", "Mme", "Dupont", "Élodie", d(date(1985, 3, 14)),
         d(date(2026, 11, 2)), "Professionnel", n(59140), "Dunkerque", None, None, None],
        # 8: impossible birth date
        ["3456789", "Demandeur", "F", "Roux", "Nadia", "31/02/1990", d(date(2026, 11, 5)),
         "Professionnel", "59140", "Dunkerque", None, None, None],
        # 9: unknown path
        ["4567890", "Demandeur", "H", "Garcia", "Luis", "03/04/1992", d(date(2026, 11, 5)),
         "Accompagnement global", "59140", "Dunkerque", None, None, None],
        # 10: existing person (CAF number stored as a number): phone refreshed
        [n(456789), "Demandeur", "Mme", "Martin", "Sophie", d(date(1990, 1, 15)),
         d(date(2026, 11, 6)), "Professionnel", "59240", "Dunkerque", "06 99 88 77 66", None,
         None],
        # 11: already imported (same person, same decision date, same path)
        ["0567890", "Demandeur", "M", "Petit", "Paul", "01/06/1975", "15/10/2026",
         "Parcours professionnel", "59140", "Dunkerque", None, None, None],
        [],
        # 13: existing person without CAF number, found by name and birth date
        ["0678901", "Demandeur", "Madame", "DURAND", "Lea", "09/09/1988", "2026-11-07",
         "pro", "59140", "Dunkerque", None, None, None],
        # 14: first name missing
        ["6789012", "Demandeur", "H", "Moreau", None, "12/12/1980", "2026-11-07",
         "Social", "59140", "Dunkerque", None, None, None],
        # 15: a formula instead of a name
        ["7890123", "Demandeur", "H", '=HYPERLINK("http://x";"clic")', "Marc", "12/12/1980",
         "2026-11-07", "Social", "59140", "Dunkerque", None, None, None],
    ]
    # fmt: on


EXPECTED_ACTIONS = {
    4: "create",
    5: "create",
    6: "create",
    7: "error",
    8: "error",
    9: "error",
    10: "update",
    11: "skip",
    13: "update",
    14: "error",
    15: "error",
}
EXPECTED_ERRORS = {
    7: "Doublon : la même personne figure ligne 4.",
    8: "Date de naissance : date impossible « 31/02/1990 ».",
    9: "Parcours : parcours inconnu « Accompagnement global ».",
    14: "Prénom : champ obligatoire manquant.",
    15: 'Nom : formule refusée « =HYPERLINK("http://x";"clic") » ; saisissez la valeur elle-même.',
}


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Orientations"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(
    rows: list[list[Any]], encoding: str = "utf-8", delimiter: str = ";", bom: bool = False
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def rezip(
    xlsx: bytes,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """The workbook with some parts replaced or added."""
    replace, add = replace or {}, add or {}
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as target:
        for name in source.namelist():
            target.writestr(name, replace.get(name, source.read(name)))
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def simple_rows(count: int = 2, decision: str = "15/10/2025", first: int = 0) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["Nom", "Prénom", "Sexe", "Date de naissance", "Date d'orientation", "Parcours", "N° CAF"]
    ]
    for i in range(first, first + count):
        rows.append(
            [f"Nom{i}", "Alex", "F", "01/02/1980", decision, "Professionnel", f"{9000000 + i}"]
        )
    return rows


def billion_laughs_xlsx() -> bytes:
    xlsx = xlsx_bytes(simple_rows(1))
    sheet = zipfile.ZipFile(io.BytesIO(xlsx)).read("xl/worksheets/sheet1.xml").decode()
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    bomb = f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>' + sheet.replace(
        "<t>Nom0</t>", "<t>&lol9;</t>"
    )
    return rezip(xlsx, replace={"xl/worksheets/sheet1.xml": bomb.encode()})


def zip_bomb_xlsx(size: int = 20 * 1024 * 1024) -> bytes:
    return rezip(xlsx_bytes(simple_rows(1)), add={"xl/media/padding.bin": bytes(size)})


def macro_xlsx() -> bytes:
    return rezip(xlsx_bytes(simple_rows(1)), add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})


def wide_csv(columns: int = 100_000) -> bytes:
    # 200 kB: under the 500 kB above which the test client spools the body to a file it
    # never closes.
    return (";".join("x" * columns) + "\r\n").encode()


def binary_blob() -> bytes:
    return b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 64
