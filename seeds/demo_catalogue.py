"""Demo employers (valid SIRET), opportunities on every channel, events and workshop sessions."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from schema.enums import Channel, OpportunityStatus
from schema.opportunities import Employer, Event, Opportunity
from schema.workshops import WorkshopSession
from seeds.dates import at, working_day_on_or_after
from seeds.demo_context import Catalogue, DemoContext, Offer, SessionSlot, Weighted
from seeds.names import COMMUNES, WORKSHOP_PLACES
from seeds.sectors import EMPLOYER_PLACES, EVENT_NAMES, PUBLIC_CONTRACTS, SECTORS

HISTORY_DAYS = 365  # orientation decisions of the last 12 months
INTERIM = "interim"

SECTOR_WEIGHTS = Weighted({key: sector.weight for key, sector in SECTORS.items()})
COMMUNE_WEIGHTS = Weighted({commune: commune.weight for commune in COMMUNES})
_INDUSTRIAL = {
    "clause": 0,
    "interim": 40,
    "relation_entreprise": 30,
    "france_travail": 25,
    "autre": 5,
}
_PUBLIC_WORKS = {
    "clause": 35,
    "interim": 15,
    "relation_entreprise": 25,
    "france_travail": 20,
    "autre": 5,
}
_SERVICES = {
    "clause": 5,
    "interim": 5,
    "relation_entreprise": 40,
    "france_travail": 40,
    "autre": 10,
}
CHANNELS = {
    "industrie": Weighted(_INDUSTRIAL),
    "logistique": Weighted(_INDUSTRIAL),
    "btp": Weighted(_PUBLIC_WORKS),
    "proprete": Weighted(_PUBLIC_WORKS),
}
CHANNEL_ORDER = [channel.value for channel in Channel]
CONTRACTS_BY_CHANNEL = {
    Channel.INTERIM.value: Weighted({"interim_moins_6_mois": 70, "interim_6_mois_plus": 30}),
    Channel.CLAUSE.value: Weighted({"cdd_moins_6_mois": 50, "cddi": 20, "cdd_6_mois_plus": 30}),
}
OTHER_CONTRACTS = Weighted(
    {"cdi": 35, "cdd_6_mois_plus": 20, "cdd_moins_6_mois": 30, "pec": 5, "alternance": 10}
)
CONTRACT_DAYS = {
    "cdd_moins_6_mois": (14, 180),
    "interim_moins_6_mois": (5, 180),
    "cdd_6_mois_plus": (183, 365),
    "interim_6_mois_plus": (183, 365),
    "cddi": (120, 365),
    "pec": (270, 365),
    "alternance": (365, 730),
}
POSITIONS = (1, 1, 1, 2, 2, 3, 5)
INTERIM_POSITIONS = (1, 2, 3, 4, 5, 8, 10)  # agencies recruit for several missions at once
DRIVING_JOBS = {"N4101", "N4105"}  # poids lourd, chauffeur-livreur: always a licence
LICENCE_SHARE = {"aide_personne": 0.5, "btp": 0.3, "proprete": 0.25, "logistique": 0.15}
# Share of places poorly served by public transport: rural communes, port and industrial zones.
_PORT = {"industrie", "logistique"}
UNSERVED_SHARE = {"rural": 0.8, "industrie": 0.35, "logistique": 0.35, "town": 0.08}
# Night, early or split shifts: share of the sector's offers, and how the offer says it.
SHIFTS = {
    "industrie": (0.5, "Travail posté en 3×8, nuits comprises."),
    "logistique": (0.45, "Équipes du matin (prise de poste à 5 h) et de nuit."),
    "proprete": (0.5, "Horaires décalés : tôt le matin (5 h – 9 h) et en soirée."),
    "hotellerie_restauration": (0.6, "Service du soir et du week-end, horaires coupés."),
}
WORKSHOP_WEIGHTS = Weighted(
    {
        "competences": 12,
        "se_presenter": 12,
        "booster_recherche": 14,
        "ateliers_metiers": 12,
        "joblabo": 8,
        "orientaclick": 8,
        "numerique": 8,
        "info_prif": 6,
        "info_prf": 6,
        "clauses_insertion": 5,
        "rencontre_interim": 5,
        "simulation_entretien": 6,
        "place_des_solutions": 1,
    }
)


def luhn_complete(digits: str) -> str:
    """``digits`` followed by the Luhn check digit (used by SIREN and SIRET)."""
    total = 0
    for position, char in enumerate(reversed(digits + "0")):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return digits + str((10 - total % 10) % 10)


def build_catalogue(ctx: DemoContext, people: int, facilitators: list[str]) -> Catalogue:
    missing = {code for sector in SECTORS.values() for code, _ in sector.jobs} - ctx.refs.rome_codes
    if missing:
        raise ValueError(f"Codes ROME absents du référentiel : {', '.join(sorted(missing))}")
    catalogue = ctx.catalogue = Catalogue()
    _employers(ctx, max(30, people // 50))
    _opportunities(ctx, max(60, people // 20))
    _events(ctx, max(5, people // 4000))
    _sessions(ctx, max(30, people // 5), facilitators)
    return catalogue


def _employers(ctx: DemoContext, count: int) -> None:
    rng, writer = ctx.rng, ctx.writer
    table = Employer.__table__
    used = set(writer.session.execute(select(table.c.siret)).scalars())
    sectors = [*SECTORS, INTERIM]
    for index in range(count):
        key = sectors[index % len(sectors)]
        siret = None
        while siret is None or siret in used:
            siren = luhn_complete(f"{rng.randint(10_000_000, 99_999_999)}")
            siret = luhn_complete(f"{siren}{rng.randint(1, 9999):04d}")
        used.add(siret)
        kind = "Intérim" if key == INTERIM else rng.choice(SECTORS[key].employer_kinds)
        suffix = rng.choice(("", "", " SAS", " SARL"))
        row = writer.add(
            table,
            {
                "name": f"{kind} {rng.choice(EMPLOYER_PLACES)}{suffix}",
                "siret": siret,
                "sector": "Travail temporaire" if key == INTERIM else SECTORS[key].label,
                "commune": COMMUNE_WEIGHTS.pick(rng).name,
            },
        )
        ctx.catalogue.employers.setdefault(key, []).append(row["id"])


def _opportunities(ctx: DemoContext, count: int) -> None:
    rng, today, writer, refs = ctx.rng, ctx.today, ctx.writer, ctx.refs
    services = Weighted(_SERVICES)
    for index in range(count):
        key = SECTOR_WEIGHTS.pick(rng)
        if index < len(CHANNEL_ORDER):  # every channel, even in the smallest demo
            channel = CHANNEL_ORDER[index]
        else:
            channel = CHANNELS.get(key, services).pick(rng)
        employers = ctx.catalogue.employers[INTERIM if channel == INTERIM else key]
        employer_id = rng.choice(employers)
        rome_code, title = rng.choice(SECTORS[key].jobs)
        contract = CONTRACTS_BY_CHANNEL.get(channel, OTHER_CONTRACTS).pick(rng)
        start = ctx.between(today - timedelta(days=HISTORY_DAYS - 30), today + timedelta(days=60))
        days = CONTRACT_DAYS.get(contract)
        end = start + timedelta(days=rng.randint(*days)) if days else None
        if start > today or (start > today - timedelta(days=30) and ctx.chance(0.5)):
            status = OpportunityStatus.OUVERTE
        else:
            status = OpportunityStatus.POURVUE if ctx.chance(0.8) else OpportunityStatus.ANNULEE
        commune = COMMUNE_WEIGHTS.pick(rng)
        clause = channel == Channel.CLAUSE.value
        needs_licence = rome_code in DRIVING_JOBS or ctx.chance(LICENCE_SHARE.get(key, 0.05))
        unserved = UNSERVED_SHARE["rural" if commune.rural else key if key in _PORT else "town"]
        reachable = not ctx.chance(unserved)
        shifted = ctx.chance(SHIFTS[key][0]) if key in SHIFTS else False
        positions = rng.choice(INTERIM_POSITIONS if channel == INTERIM else POSITIONS)
        hours = rng.randint(35, 600) if clause else None
        row = writer.add(
            Opportunity.__table__,
            {
                "employer_id": employer_id,
                "title": title,
                "rome_code": rome_code,
                "contract_type_id": refs.contract_types[contract],
                "channel": channel,
                "hours_per_week": rng.choice((35, 35, 35, 24, 26, 28, 30, 20)),
                "start_date": start,
                "end_date": end,
                "place": commune.name,
                "positions": positions,
                "status": status.value,
                "public_contract": rng.choice(PUBLIC_CONTRACTS) if clause else None,
                "insertion_hours": hours,
                "description": _description(commune.name, needs_licence, reachable, shifted, key),
                "needs_licence": needs_licence,
                "reachable_by_public_transport": reachable,
                "shifted_hours": shifted,
            },
        )
        offer = Offer(
            id=row["id"],
            employer_id=employer_id,
            contract=contract,
            contract_type_id=row["contract_type_id"],
            status=status.value,
            start=start,
            positions=positions,
            insertion_hours=hours,
        )
        ctx.catalogue.opportunities.setdefault(key, []).append(offer)
        if status == OpportunityStatus.POURVUE:  # past hires come from offers now filled
            for pool in (contract, (key, contract)):
                ctx.catalogue.hiring.setdefault(pool, []).append(offer)


def _description(
    commune: str, needs_licence: bool, reachable: bool, shifted: bool, sector: str
) -> str:
    parts = [f"Poste basé à {commune}. Débutant·e accepté·e, formation interne."]
    if shifted:
        parts.append(SHIFTS[sector][1])
    if needs_licence:
        parts.append("Permis B exigé (déplacements entre sites).")
    if not reachable:
        parts.append("Site peu desservi par les transports en commun.")
    return " ".join(parts)


def _events(ctx: DemoContext, count: int) -> None:
    today = ctx.today
    for index in range(count):
        name = EVENT_NAMES[0] if index % 2 == 0 else ctx.rng.choice(EVENT_NAMES)
        day = working_day_on_or_after(
            ctx.between(today - timedelta(days=HISTORY_DAYS - 30), today + timedelta(days=45))
        )
        row = ctx.writer.add(
            Event.__table__,
            {
                "name": name,
                "event_date": day,
                "place": ctx.rng.choice(("Dunkerque", "Grande-Synthe", "Gravelines")),
            },
        )
        ctx.catalogue.events.append((row["id"], day))
    ctx.catalogue.events.sort(key=lambda event: event[1])


def _sessions(ctx: DemoContext, count: int, facilitators: list[str]) -> None:
    rng, today, refs = ctx.rng, ctx.today, ctx.refs
    recent_start = today - timedelta(days=180)
    oldest = today - timedelta(days=HISTORY_DAYS - 15)
    drafts = []
    for _ in range(count):
        if ctx.chance(0.6):
            day = ctx.between(recent_start, today + timedelta(days=30))
        else:
            day = ctx.between(oldest, today - timedelta(days=1))
        code = WORKSHOP_WEIGHTS.pick(rng)
        workshop_id, capacity = refs.workshops[code]
        full_day = code == "place_des_solutions"
        start_minutes = 540 if full_day else rng.choice((540, 570, 600, 840, 870))
        length = 360 if full_day else rng.choice((120, 180))
        starts_at = at(working_day_on_or_after(day), start_minutes)
        drafts.append((starts_at, workshop_id, capacity, length))
    drafts.sort(key=lambda draft: draft[0])
    for starts_at, workshop_id, capacity, length in drafts:
        row = ctx.writer.add(
            WorkshopSession.__table__,
            {
                "workshop_id": workshop_id,
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(minutes=length),
                "place": rng.choice(WORKSHOP_PLACES),
                "facilitator": rng.choice(facilitators),
                "capacity": capacity,
            },
        )
        ctx.catalogue.sessions.append(SessionSlot(row["id"], starts_at, capacity))
        ctx.catalogue.session_days.append(starts_at.toordinal())
