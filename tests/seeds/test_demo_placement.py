"""The demo generator's placement data: employers with valid SIRET, ROME codes in use, a
lively mix of offers, positionings and hires, and open offers that rank candidates."""

from __future__ import annotations

import re

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from schema import Employer, RomeCode
from schema.enums import OpportunityStatus
from schema.matching import candidates_for
from schema.opportunities import Opportunity
from tests.seeds.demo_db import TODAY
from tests.seeds.demo_db import count as _count


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def test_employers_have_valid_siret(db: Session) -> None:
    sirets = db.scalars(select(Employer.siret)).all()
    assert sirets
    for siret in sirets:
        assert re.fullmatch(r"\d{14}", siret)
        assert _luhn_valid(siret[:9]) and _luhn_valid(siret), siret
    assert len(set(sirets)) == len(sirets)


def test_rome_codes_are_seeded_and_used(db: Session) -> None:
    codes = set(db.scalars(select(RomeCode.code)).all())
    assert len(codes) >= 150
    assert all(re.fullmatch(r"[A-N]\d{4}", code) for code in codes)
    assert {"K2204", "N1103", "H2913", "F1703", "J1501", "G1602", "K1302", "N4101"} <= codes
    used = set(db.scalars(text("SELECT rome_code FROM rome_aspiration")).all())
    used |= set(db.scalars(text("SELECT rome_code FROM opportunity")).all())
    assert used and used <= codes


def test_placement_mix(db: Session) -> None:
    """Offers with each constraint the ranking weighs, hires through positionings (and jobs
    found otherwise), steps skipped or not, open offers filled, qualifications obtained."""
    flags = db.execute(
        text(
            "SELECT sum(needs_licence), sum(NOT reachable_by_public_transport), "
            "sum(shifted_hours), count(*) FROM opportunity"
        )
    ).one()
    total = flags[3]
    assert all(0 < count < total / 2 for count in flags[:3]), flags
    assert _count(db, "SELECT count(*) FROM opportunity WHERE status = 'ouverte'") >= 5
    # An open offer whose positions were all filled became "pourvue" (edited once: version 2).
    assert _count(db, "SELECT count(*) FROM opportunity WHERE status = 'pourvue' AND version = 2")
    assert _count(
        db,
        "SELECT count(*) FROM positioning p JOIN opportunity o ON o.id = p.opportunity_id "
        "WHERE p.status = 'retenu' AND o.channel = 'clause' AND p.insertion_hours > 0",
    )
    steps = dict(
        db.execute(
            text(
                "SELECT n, count(*) FROM (SELECT count(*) AS n FROM positioning_step s "
                "JOIN positioning p ON p.id = s.positioning_id WHERE p.status = 'retenu' "
                "AND p.opportunity_id IS NOT NULL GROUP BY p.id) GROUP BY n"
            )
        ).all()
    )
    assert steps.get(4) and (steps.get(2) or steps.get(3)), steps  # full path and skipped steps
    employed = (
        "SELECT count(*) FROM outcome x WHERE x.job_start_date IS NOT NULL AND {} EXISTS ("
        "SELECT 1 FROM positioning p WHERE p.accompaniment_id = x.accompaniment_id "
        "AND p.status = 'retenu' AND p.opportunity_id IS NOT NULL)"
    )
    assert _count(db, employed.format("")) and _count(db, employed.format("NOT"))
    assert _count(db, "SELECT count(*) FROM outcome WHERE qualification_obtained")


def _reason_kinds(reasons) -> set[str]:
    kinds = set()
    for reason in reasons:
        lowered = reason.text.lower()
        if reason.text.startswith(("Code ROME identique", "Même domaine")):
            kinds.add("projet")
        if "permis" in lowered or "desservi" in lowered:
            kinds.add("mobilité")
        if "horaires décalés" in lowered:
            kinds.add("horaires")
        if reason.warning:
            kinds.add("frein bloquant")
    return kinds


def test_ranking_of_open_offers_is_lively(db: Session) -> None:
    """Some open offer's candidates are suggested for reasons of every kind."""
    offers = db.scalars(
        select(Opportunity)
        .where(Opportunity.status == OpportunityStatus.OUVERTE.value)
        .order_by(Opportunity.id)
    ).all()
    best: set[str] = set()
    for offer in offers:
        matches = candidates_for(db, offer, today=TODAY)
        kinds = _reason_kinds(reason for match in matches for reason in match.reasons)
        best = max(best, kinds, key=len)
    assert best == {"projet", "mobilité", "horaires", "frein bloquant"}
