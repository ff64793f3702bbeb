"""The convocation letter to a first appointment: one printable A4 page in French, as a PDF.

Built with fpdf2 (pure Python). The DejaVu Sans fonts shipped in ``exports/fonts`` cover the
French typography the core PDF fonts (latin-1) lack: « œ », « ’ », « — ». The FSE+ publicity
obligations: the EU emblem (drawn as vectors: twelve gold stars in a circle on a blue field,
proportions of the EU's graphic rules) beside the mention « Cofinancé par l'Union européenne ».
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from fpdf import FPDF

from schema.contacts import Contact

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVu"
EU_BLUE = (0, 51, 153)  # Reflex Blue, #003399
EU_YELLOW = (255, 204, 0)  # #FFCC00
COFUNDING = "Cofinancé par l'Union européenne"
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
TO_BRING = (
    "une pièce d'identité (carte d'identité, passeport ou titre de séjour) ;",
    "votre attestation CAF ou de droits au RSA ;",
    "votre numéro d'allocataire CAF et, si vous en avez un, votre identifiant France Travail ;",
    "votre CV si vous en avez un ;",
    "vos diplômes, attestations de formation ou certificats de travail ;",
    "tout document utile à votre projet (permis de conduire, justificatif de domicile…).",
)


def long_date(day: date) -> str:
    """« mardi 13 octobre 2026 »."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {first} {MONTHS[day.month - 1]} {day.year}"


def hour(moment: datetime) -> str:
    """« 9 h 30 », « 14 h »."""
    return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"


@dataclass(frozen=True)
class Convocation:
    structure_name: str
    structure_address: tuple[str, ...]
    structure_phone: str
    person_name: str  # « Madame Élodie DUPONT »
    person_address: tuple[str, ...]
    starts_at: datetime
    duration_minutes: int
    place: str
    counsellor: str
    written_on: date
    salutation: str = "Madame, Monsieur"
    to_bring: tuple[str, ...] = field(default=TO_BRING)


def eu_emblem(pdf: FPDF, x: float, y: float, height: float) -> None:
    """The EU flag at (x, y): a 3:2 blue rectangle, twelve five-pointed gold stars on a circle
    of radius height/3, each star's outer radius height/18, one point upward."""
    width = height * 1.5
    pdf.set_fill_color(*EU_BLUE)
    pdf.rect(x, y, width, height, style="F")
    pdf.set_fill_color(*EU_YELLOW)
    cx, cy, radius, star = x + width / 2, y + height / 2, height / 3, height / 18
    inner = star * math.sin(math.radians(18)) / math.sin(math.radians(126))
    for hour_ in range(12):
        angle = math.radians(hour_ * 30)
        sx, sy = cx + radius * math.sin(angle), cy - radius * math.cos(angle)
        points = []
        for k in range(10):
            r = star if k % 2 == 0 else inner
            a = math.radians(k * 36)
            points.append((sx + r * math.sin(a), sy - r * math.cos(a)))
        pdf.polygon(points, style="F")


def _fonts(pdf: FPDF) -> None:
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))


def convocation_pdf(letter: Convocation) -> bytes:
    """The letter as PDF bytes (A4 portrait, one page)."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_title(f"Convocation — {letter.person_name}")
    pdf.set_author(letter.structure_name)
    pdf.set_lang("fr-FR")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(auto=True, margin=30)
    _fonts(pdf)
    pdf.add_page()
    width = pdf.epw

    # Sender, top left.
    pdf.set_font(FONT, "B", 12)
    pdf.cell(0, 6, letter.structure_name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    phone = (f"Tél. {letter.structure_phone}",) if letter.structure_phone else ()
    for line in (*letter.structure_address, *phone):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")

    # Addressee, in a window envelope's place.
    pdf.set_xy(115, 48)
    pdf.set_font(FONT, "B", 11)
    pdf.cell(75, 6, letter.person_name, new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    for line in letter.person_address:
        pdf.cell(75, 6, line, new_x="LEFT", new_y="NEXT")

    city = letter.structure_address[-1].split(" ", 1)[-1] if letter.structure_address else ""
    pdf.set_xy(115, 85)
    pdf.set_font(FONT, "", 10)
    pdf.cell(75, 5, f"{city}, le {letter.written_on:%d/%m/%Y}".lstrip(", "))

    pdf.set_xy(pdf.l_margin, 100)
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, 7, "Convocation à votre premier rendez-vous", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.cell(0, 5, "Accompagnement « Ensemble vers l'emploi »", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(
        width,
        5.5,
        f"{letter.salutation},\n\n"
        "Le Département du Nord vous a orienté·e vers l'accompagnement vers l'emploi "
        f"d'{letter.structure_name}. Nous vous invitons à un premier entretien avec votre "
        "conseiller·ère emploi, qui fera le point avec vous sur votre situation et votre projet, "
        "et vous proposera de signer votre contrat d'engagement réciproque (CER).",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)

    starts = letter.starts_at
    details = (
        ("Date", long_date(starts.date()).capitalize()),
        ("Heure", f"{hour(starts)} (durée prévue : {letter.duration_minutes} minutes)"),
        ("Lieu", letter.place),
        ("Conseiller·ère", letter.counsellor),
    )
    pdf.set_fill_color(240, 243, 250)
    for label, value in details:
        pdf.set_font(FONT, "B", 11)
        pdf.cell(38, 7, label, fill=True)
        pdf.set_font(FONT, "", 11)
        pdf.multi_cell(width - 38, 7, value, fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    pdf.set_font(FONT, "B", 11)
    pdf.cell(0, 6, "Merci d'apporter :", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10.5)
    for item in letter.to_bring:
        pdf.cell(6, 5.5, "•")
        pdf.multi_cell(width - 6, 5.5, item, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.multi_cell(
        width,
        5.5,
        "En cas d'empêchement, prévenez-nous au plus tôt"
        f"{' au ' + letter.structure_phone if letter.structure_phone else ''} : "
        "nous vous proposerons un autre rendez-vous. "
        "Votre présence à ce rendez-vous fait partie de vos engagements d'allocataire du RSA.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    pdf.cell(0, 6, f"{letter.counsellor} — {letter.structure_name}", new_x="LMARGIN")

    # Footer: the EU emblem and the co-funding mention (FSE+ publicity obligations).
    pdf.set_auto_page_break(auto=False)
    emblem_height = 12.0
    top = pdf.h - 26
    eu_emblem(pdf, pdf.l_margin, top, emblem_height)
    pdf.set_xy(pdf.l_margin + emblem_height * 1.5 + 4, top + 3)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(80, 6, COFUNDING)
    pdf.set_font(FONT, "", 8)
    pdf.set_xy(pdf.l_margin + 110, top + 1)
    pdf.multi_cell(
        width - 110,
        4,
        "Programme « Ensemble vers l'emploi » 2026-2027, financé par le Département du Nord "
        "et le Fonds social européen plus (FSE+).",
    )
    return bytes(pdf.output())


CIVILITY = {"F": "Madame", "H": "Monsieur"}


def letter_for(contact: Contact, settings: Mapping[str, str], written_on: date) -> Convocation:
    """The letter of a planned appointment (its accompaniment, person and counsellor loaded)."""
    acc = contact.accompaniment
    person = acc.person
    civility = CIVILITY.get(person.sex, "")
    name = f"{civility} {person.first_name} {person.last_name.upper()}".strip()
    town = " ".join(part for part in (person.postal_code, person.commune) if part)
    return Convocation(
        structure_name=settings["STRUCTURE_NAME"],
        structure_address=tuple(
            line.strip() for line in settings["STRUCTURE_ADDRESS"].splitlines() if line.strip()
        ),
        structure_phone=settings.get("STRUCTURE_PHONE", ""),
        person_name=name,
        person_address=tuple(line for line in (person.address, town) if line),
        starts_at=contact.planned_at,
        duration_minutes=contact.duration_minutes or 60,
        place=contact.place or settings["STRUCTURE_PLACE"],
        counsellor=acc.counsellor.display_name if acc.counsellor else "",
        written_on=written_on,
        salutation=civility or "Madame, Monsieur",
    )
