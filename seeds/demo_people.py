"""Demo people, their orientation decisions and the timeline of their accompaniments."""

from __future__ import annotations

from datetime import date, timedelta

from schema.enums import AccompanimentStatus, ExitCategory, Phase
from schema.pathway import Accompaniment, Orientation
from schema.people import Person
from schema.text import fold, person_search_key
from seeds.dates import add_months, working_day_on_or_after, working_day_on_or_before
from seeds.demo_catalogue import COMMUNE_WEIGHTS, SECTOR_WEIGHTS
from seeds.demo_context import DemoContext, Plan, Weighted
from seeds.names import FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, STREETS
from seeds.texts import FOLLOW_UPS

# Scenarios of the people in the active file (one open accompaniment each), as shares.
OPEN_SCENARIOS = {
    "a_contacter": 5,  # oriented less than 15 days ago, first appointment not held yet
    "en_retard": 3,  # oriented more than 15 days ago, first appointment still not held
    "actif": 78,
    "sans_contact": 6,  # active, no contact held for 10 days or more
    "en_attente": 8,  # paused (mise en attente covering today)
}
CLOSED = "clos"  # scenario of a person whose accompaniment closed in the last 12 months
CLOSED_PER_OPEN = 0.45  # such people, per person of the active file
RETURNING_SHARE = 0.10  # people of the active file who had an earlier accompaniment

SEXES = Weighted({"F": 55, "H": 44, "X": 1})
EDUCATION = Weighted(
    {
        "non_scolarise": 4,
        "sans_diplome": 26,
        "brevet_cfg": 10,
        "niveau_3": 30,
        "niveau_4": 20,
        "niveau_5": 6,
        "niveau_6": 2,
        "niveau_7": 1.5,
        "niveau_8": 0.5,
    }
)
HOUSING = Weighted(
    {
        "locataire_social": 45,
        "locataire_prive": 22,
        "proprietaire": 3,
        "heberge_famille": 12,
        "heberge_tiers": 7,
        "residence_sociale": 5,
        "hebergement_urgence": 3,
        "habitat_precaire": 1,
        "sans_domicile": 2,
    }
)
NATIONALITIES = Weighted({"francaise": 82, "ue": 4, "hors_ue": 12, "nsp": 2})
DISABILITY = Weighted({"non": 85, "oui": 10, "nsp": 5})
LABOUR = Weighted({"chomeur": 75, "inactif": 22, "emploi": 3})
PATHS = Weighted({"professionnel": 74, "socio_professionnel": 24, "social": 2})
LATER_PHASES = Weighted({Phase.ORIENTATION.value: 30, Phase.FORMATION.value: 20, "emploi": 50})
EXIT_REASONS = Weighted(
    {
        "cdi": 6,
        "cdd_6_mois_plus": 5,
        "interim_6_mois_plus": 4,
        "creation_entreprise": 1.5,
        "titularisation": 0.5,
        "cdd_moins_6_mois": 8,
        "interim_moins_6_mois": 7,
        "contrat_aide": 3,
        "formation_qualifiante": 9,
        "embauche_siae": 4,
        "reorientation_france_travail": 5,
        "reorientation_sociale": 6,
        "reorientation_autre": 2,
        "abandon": 12,
        "demenagement": 5,
        "fin_droits": 8,
        "sanction": 3,
        "sante": 5,
        "autre_motif": 3,
    }
)
NEVER_ENTERED_REASONS = {"abandon", "demenagement", "reorientation_sociale", "reorientation_autre"}
DURATIONS = {  # days between entry and exit, by exit category
    ExitCategory.EMPLOI_DURABLE.value: (30, 182),
    ExitCategory.EMPLOI_TRANSITION.value: (30, 182),
    ExitCategory.SORTIE_POSITIVE.value: (45, 182),
    ExitCategory.REORIENTATION.value: (20, 120),
    ExitCategory.AUTRE.value: (20, 160),
}
EMPLOYMENT_CATEGORIES = {ExitCategory.EMPLOI_DURABLE.value, ExitCategory.EMPLOI_TRANSITION.value}


def scenario_list(ctx: DemoContext, count: int) -> list[str]:
    """Scenarios of ``count`` people of the active file, in the shares of OPEN_SCENARIOS
    (largest remainder), and of the people whose accompaniment closed; shuffled."""
    total = sum(OPEN_SCENARIOS.values())
    exact = {name: count * weight / total for name, weight in OPEN_SCENARIOS.items()}
    counts = {name: int(value) for name, value in exact.items()}
    by_remainder = sorted(exact, key=lambda name: exact[name] - counts[name], reverse=True)
    for name in by_remainder[: count - sum(counts.values())]:
        counts[name] += 1
    counts[CLOSED] = round(count * CLOSED_PER_OPEN)
    scenarios = [name for name, number in counts.items() for _ in range(number)]
    ctx.rng.shuffle(scenarios)
    return scenarios


def add_person(ctx: DemoContext, scenario: str, index: int) -> list[Plan]:
    """Write one person with their orientations and accompaniments; return the plans.

    People of the active file are dealt to the counsellors in turn by ``index``.
    """
    person = _person(ctx)
    person_id, sector = person["id"], SECTOR_WEIGHTS.pick(ctx.rng)
    if scenario == CLOSED:
        timeline = _closed_timeline(ctx, ctx.today - timedelta(days=1))
        timelines = [(timeline, ctx.rng.choice(ctx.counsellors))] if timeline else []
    else:
        current = _open_timeline(ctx, scenario)
        timelines = [(current, ctx.counsellors[index % len(ctx.counsellors)])]
        if ctx.chance(RETURNING_SHARE):
            previous = _closed_timeline(ctx, current["decision_date"] - timedelta(days=8))
            if previous:
                timelines.insert(0, (previous, ctx.rng.choice(ctx.counsellors)))
    plans = []
    for number, (timeline, (counsellor_id, user_id)) in enumerate(timelines):
        plan = Plan(
            id=ctx.writer.new_id(Accompaniment.__table__),
            person_id=person_id,
            counsellor_id=counsellor_id,
            user_id=user_id,
            orientation_id=ctx.writer.new_id(Orientation.__table__),
            sector=sector,
            returning=number > 0,
            **timeline,
        )
        _write_accompaniment(ctx, plan)
        plans.append(plan)
    if plans:  # on RSA before the first orientation decision
        days = ctx.rng.randint(30, 3000)
        person["rsa_since"] = plans[0].decision_date - timedelta(days=days)
    return plans


def _person(ctx: DemoContext) -> dict:
    rng, today = ctx.rng, ctx.today
    sex = SEXES.pick(rng)
    if sex == "X":
        first_name = rng.choice(FEMALE_FIRST_NAMES + MALE_FIRST_NAMES)
    else:
        first_name = rng.choice(FEMALE_FIRST_NAMES if sex == "F" else MALE_FIRST_NAMES)
    last_name = rng.choice(LAST_NAMES)
    birth_name = rng.choice(LAST_NAMES) if sex == "F" and ctx.chance(0.25) else last_name
    age = rng.randint(25, 62) if ctx.chance(0.92) else rng.randint(20, 24)  # adult at D0
    birth_date = date.fromordinal(today.toordinal() - age * 365 - rng.randint(0, 364))
    commune = COMMUNE_WEIGHTS.pick(rng)
    labour_status = LABOUR.pick(rng)
    unemployed = labour_status == "chomeur"
    licence = ctx.chance(0.45)
    single_parent = ctx.chance(0.35 if sex == "F" else 0.05)
    reachable = rng.random()
    phone = _phone(ctx) if reachable < 0.92 else None
    email = None
    if reachable > 0.96 or ctx.chance(0.55):
        email = f"{_slug(first_name)}.{_slug(last_name)}{rng.randint(1, 99)}@example.org"
    ft_registered = ctx.chance(0.85 if unemployed else 0.25)
    row = ctx.writer.add(
        Person.__table__,
        {
            "sex": sex,
            "last_name": last_name,
            "birth_name": birth_name,
            "first_name": first_name,
            "birth_date": birth_date,
            "search_key": person_search_key(last_name, first_name),
            "caf_number": f"{rng.randint(1_000_000, 9_999_999)}",
            "caf_role": "demandeur" if ctx.chance(0.85) else "conjoint",
            "ps_id": None,
            "ft_id": f"{rng.randint(1_000_000, 9_999_999)}{rng.choice('ABCDEFGHJKLMN')}"
            if ft_registered
            else None,
            "phone": phone,
            "phone2": _phone(ctx) if phone and ctx.chance(0.1) else None,
            "email": email,
            "address": f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
            "postal_code": commune.postal_code,
            "commune": commune.name,
            "qpv": ctx.chance(commune.qpv_share),
            "rural": commune.rural,
            "education_level_id": ctx.refs.education_levels[EDUCATION.pick(rng)],
            "nationality_group": NATIONALITIES.pick(rng),
            "disability": DISABILITY.pick(rng),
            "housing_situation_id": ctx.refs.housing[HOUSING.pick(rng)],
            "driving_licence": licence,
            "has_vehicle": licence and ctx.chance(0.6),
            "single_parent": single_parent,
            "children_under_6": rng.choice((0, 1, 1, 2))
            if single_parent
            else rng.choice((0,) * 5 + (1,)),
            "rsa_since": None,  # set once the orientation dates are known
            "labour_status": labour_status,
            "long_term_unemployed": unemployed and ctx.chance(0.6),
            "ft_registered": ft_registered,
        },
    )
    row["ps_id"] = f"PS{row['id']:09d}"
    return row


def _phone(ctx: DemoContext) -> str:
    digits = f"{ctx.rng.randint(0, 99_999_999):08d}"
    pairs = " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    return f"0{ctx.rng.choice('6677')} {pairs}"


def _slug(name: str) -> str:
    return "".join(char for char in fold(name) if char.isalnum())


def _delay(ctx: DemoContext) -> int:
    """Days from the orientation decision (D0) to the first appointment held."""
    draw = ctx.rng.random()
    if draw < 0.65:
        return ctx.rng.randint(1, 15)
    return ctx.rng.randint(16, 30) if draw < 0.87 else ctx.rng.randint(31, 75)


def _open_timeline(ctx: DemoContext, scenario: str) -> dict:
    rng, today = ctx.rng, ctx.today
    path = PATHS.pick(rng)
    if scenario in ("a_contacter", "en_retard"):
        ago = rng.randint(0, 14) if scenario == "a_contacter" else rng.randint(16, 45)
        return {
            "decision_date": working_day_on_or_before(today - timedelta(days=ago)),
            "path": path,
            "status": AccompanimentStatus.A_CONTACTER.value,
            "phase": Phase.ORIENTATION.value,
        }
    if scenario == "actif":
        ago = rng.randint(1, 183) if ctx.chance(0.96) else rng.randint(184, 200)
    else:
        ago = rng.randint(30, 183)
    entry = working_day_on_or_before(today - timedelta(days=ago))
    ago = (today - entry).days
    timeline = {
        "decision_date": working_day_on_or_before(entry - timedelta(days=_delay(ctx))),
        "path": path,
        "status": AccompanimentStatus.ACTIF.value,
        "phase": Phase.ORIENTATION.value if ago < 45 else LATER_PHASES.pick(rng),
        "entry": entry,
    }
    if scenario == "en_attente":
        start = working_day_on_or_before(today - timedelta(days=rng.randint(1, 40)))
        end = None if ctx.chance(0.25) else today + timedelta(days=rng.randint(7, 75))
        timeline["status"] = AccompanimentStatus.EN_ATTENTE.value
        timeline["pause"] = (max(start, entry + timedelta(days=14)), end)
    elif scenario == "sans_contact":
        timeline["silent_from"] = today - timedelta(days=rng.randint(10, min(30, ago - 2)))
    elif ago >= 75 and ctx.chance(0.08):
        start = ctx.between(entry + timedelta(days=14), today - timedelta(days=45))
        timeline["pause"] = (start, start + timedelta(days=rng.randint(14, 30)))
    return timeline


def _closed_timeline(ctx: DemoContext, latest_exit: date) -> dict | None:
    """A closed accompaniment decided in the last 12 months and ended by ``latest_exit``."""
    rng, today = ctx.rng, ctx.today
    earliest = today - timedelta(days=365)
    reason = EXIT_REASONS.pick(rng)
    category = ctx.refs.exit_categories[reason]
    never_entered = reason in NEVER_ENTERED_REASONS and ctx.chance(0.12)
    delay = rng.randint(20, 60) if never_entered else _delay(ctx)
    low, high = (0, 0) if never_entered else DURATIONS[category]
    duration = rng.randint(low, high)
    slack = (latest_exit - earliest).days - delay - duration
    if slack < 0:  # shorten the accompaniment to fit before the next orientation
        duration = max(low, duration + slack)
        slack = (latest_exit - earliest).days - delay - duration
        if slack < 0:
            return None
    decision = working_day_on_or_after(earliest + timedelta(days=rng.randint(0, slack)))
    timeline = {
        "decision_date": decision,
        "path": PATHS.pick(rng),
        "status": AccompanimentStatus.CLOS.value,
        "exit_reason": reason,
        "category": category,
    }
    if never_entered:
        timeline["exit"] = max(decision, min(decision + timedelta(days=delay), latest_exit))
        timeline["phase"] = Phase.ORIENTATION.value
        return timeline
    entry = working_day_on_or_after(decision + timedelta(days=delay))
    exit_date = min(entry + timedelta(days=duration), latest_exit)
    if exit_date < entry:
        return None
    timeline.update(entry=entry, exit=exit_date)
    if category in EMPLOYMENT_CATEGORIES or reason == "embauche_siae":
        timeline["phase"] = Phase.EMPLOI.value
    elif reason == "formation_qualifiante":
        timeline["phase"] = Phase.FORMATION.value
    else:
        timeline["phase"] = LATER_PHASES.pick(rng)
    duration = (exit_date - entry).days
    if reason == "abandon" and duration > 30:
        timeline["silent_from"] = exit_date - timedelta(days=rng.randint(14, duration - 10))
    elif duration >= 75 and ctx.chance(0.05):
        start = ctx.between(entry + timedelta(days=14), exit_date - timedelta(days=45))
        timeline["pause"] = (start, start + timedelta(days=rng.randint(10, 25)))
    return timeline


def _write_accompaniment(ctx: DemoContext, plan: Plan) -> None:
    refs, writer = ctx.refs, ctx.writer
    decision = plan.decision_date
    writer.add(
        Orientation.__table__,
        {
            "id": plan.orientation_id,
            "person_id": plan.person_id,
            "decision_date": decision,
            "path_id": refs.paths[plan.path],
            "source": "Parcours Solidarités",
            "reference": f"ORI-{decision.year}-{plan.orientation_id:07d}",
        },
    )
    plan.row = writer.add(
        Accompaniment.__table__,
        {
            "id": plan.id,
            "person_id": plan.person_id,
            "counsellor_id": plan.counsellor_id,
            "orientation_id": plan.orientation_id,
            "status": plan.status,
            "phase": plan.phase,
            "entry_date": plan.entry,
            "planned_end": add_months(plan.entry, 6) if plan.entry else None,
            "extension_reason": None,
            "exit_date": plan.exit,
            "exit_reason_id": refs.exit_reasons[plan.exit_reason] if plan.exit_reason else None,
            "follow_ups": ctx.rng.choice(FOLLOW_UPS) if plan.exit else None,
            "cer_pending_reason": None,
            "cer_pending_note": None,
        },
    )
