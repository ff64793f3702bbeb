"""The convocation letter, read back with pypdf."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

from pypdf import PdfReader

from exports.convocation import COFUNDING, Convocation, convocation_pdf, hour, long_date


def _letter(**kw) -> Convocation:
    values = {
        "structure_name": "Entreprendre Ensemble",
        "structure_address": ("2 rue de l'Œuvre", "59140 Dunkerque"),
        "structure_phone": "03 28 00 00 00",
        "person_name": "Madame Élodie DUPONT",
        "person_address": ("12 rue des Sœurs Noires", "59140 Dunkerque"),
        "starts_at": datetime(2026, 10, 13, 9, 30),
        "duration_minutes": 60,
        "place": "Entreprendre Ensemble — salle d’accueil",
        "counsellor": "Claire Martin",
        "written_on": date(2026, 10, 5),
    }
    values.update(kw)
    return Convocation(**values)


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    return " ".join(reader.pages[0].extract_text().split())


def test_letter_holds_date_time_person_place_and_cofunding():
    text = _text(convocation_pdf(_letter()))
    assert "Mardi 13 octobre 2026" in text
    assert "9 h 30" in text
    assert "Madame Élodie DUPONT" in text
    assert "12 rue des Sœurs Noires" in text  # « œ » needs the embedded TTF
    assert "2 rue de l'Œuvre" in text
    assert "Entreprendre Ensemble — salle d’accueil" in text  # « — » and « ’ »
    assert "Claire Martin" in text
    assert "pièce d'identité" in text and "attestation CAF" in text and "CV" in text
    assert COFUNDING in text
    assert "Dunkerque, le 05/10/2026" in text


def test_letter_without_phone_omits_it():
    text = _text(convocation_pdf(_letter(structure_phone="")))
    assert "Tél." not in text
    assert "prévenez-nous au plus tôt : nous vous proposerons" in text


def test_french_dates_and_hours():
    assert long_date(date(2026, 10, 1)) == "jeudi 1er octobre 2026"
    assert long_date(date(2026, 8, 15)) == "samedi 15 août 2026"
    assert hour(datetime(2026, 10, 1, 14, 0)) == "14 h"
    assert hour(datetime(2026, 10, 1, 9, 5)) == "9 h 05"


def test_eu_emblem_is_a_blue_rectangle_with_twelve_gold_stars():
    data = convocation_pdf(_letter())
    content = PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data().decode("latin-1")
    blue = content.index("0 0.2 0.6 rg")  # #003399
    rectangle = re.match(
        r"0 0.2 0.6 rg\n([\d.]+) ([\d.-]+) ([\d.]+) ([\d.-]+) re f", content[blue:]
    )
    width, height = float(rectangle.group(3)), -float(rectangle.group(4))
    assert round(width / height, 2) == 1.5  # 3:2
    stars = content[content.index("1 0.8 0 rg", blue) :]  # #FFCC00
    polygons = re.findall(r"((?:[\d.]+ [\d.]+ [ml]\n){10}) h\n f", stars)
    assert len(polygons) == 12  # twelve five-pointed stars (ten vertices each)
