"""Rapprocher l'offre et la demande: people and opportunities ranked against each other.

One SQL statement reads, for every pair (open accompaniment × opportunity) in question, the facts
the ranking weighs: the ROME codes the person aspires to (any diagnostic of the accompaniment),
the person's driving licence and vehicle, the strong barriers still open in the latest
diagnostic, the phase of the pathway, and the opportunity's code, place and hours. ``assess``
turns those facts into a score and the French reasons shown on the pages; rows are sorted by
score (highest first), then name, then id. The same facts and points serve both directions:
``candidates_for`` (an opportunity's "Candidats possibles") and ``offers_for`` (a person's
"Offres possibles").

Who is a candidate: the people whose accompaniment is *actif* (entered and not paused, not
closed), who are not yet positioned on that opportunity. Which offers: the opportunities
*ouvertes* whose end date has not passed, the person is not yet positioned on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, exists, func, literal, or_, select, true
from sqlalchemy.orm import Session

from schema.accounts import Counsellor
from schema.diagnostics import Diagnostic, DiagnosticBarrier, RomeAspiration
from schema.enums import (
    AccompanimentStatus,
    BarrierIntensity,
    BarrierStatus,
    Channel,
    OpportunityStatus,
    Phase,
)
from schema.opportunities import Employer, Opportunity, Positioning
from schema.pathway import Accompaniment
from schema.people import Person
from schema.reference import BarrierFamily

# Points of each criterion (the page's explanation is written from these).
EXACT_CODE = 40
SAME_DOMAIN = 20
PHASE_POINTS = {Phase.EMPLOI.value: 15, Phase.ORIENTATION.value: 0, Phase.FORMATION.value: -10}
LICENCE_AND_VEHICLE = 10
LICENCE_WITHOUT_VEHICLE_UNSERVED = -10
NO_LICENCE_REQUIRED = -30
NO_LICENCE_UNSERVED = -20
MOBILITY_BARRIER = -10
CHILDCARE_BARRIER_SHIFTED = -20
YOUNG_CHILD_SHIFTED = -5
OTHER_STRONG_BARRIER = -5

CHILDCARE = "contraintes_familiales"
MOBILITY = "mobilite"
CANDIDATE_STATUSES = (AccompanimentStatus.ACTIF.value,)
_SEPARATOR = "|"


@dataclass(frozen=True)
class Reason:
    """Why a suggestion ranks where it does; ``warning`` marks a likely blocking barrier."""

    text: str
    points: int
    warning: bool = False


@dataclass(frozen=True)
class Facts:
    """What the ranking weighs for one person and one opportunity."""

    rome_code: str | None
    exact_code: bool
    same_domain: bool
    has_aspirations: bool
    needs_licence: bool
    reachable: bool
    shifted_hours: bool
    driving_licence: bool
    has_vehicle: bool
    children_under_6: int
    phase: str
    strong_barriers: tuple[tuple[str, str], ...]  # (code, label) of the latest diagnostic's


@dataclass(frozen=True)
class Match:
    """One ranked pair: who, which offer, the score and its reasons."""

    accompaniment_id: int
    person_id: int
    person_name: str
    counsellor_name: str | None
    phase: str
    opportunity_id: int
    title: str
    employer_name: str
    channel: str
    rome_code: str | None
    place: str | None
    start_date: date | None
    score: int
    reasons: tuple[Reason, ...]

    @property
    def has_warning(self) -> bool:
        return any(reason.warning for reason in self.reasons)

    @property
    def channel_label(self) -> str:
        return Channel(self.channel).label


def assess(facts: Facts) -> tuple[int, tuple[Reason, ...]]:
    """The score of one pair and its reasons, in the order they are shown."""
    reasons: list[Reason] = []
    code = facts.rome_code
    if code and facts.exact_code:
        reasons.append(Reason(f"Code ROME identique ({code})", EXACT_CODE))
    elif code and facts.same_domain:
        reasons.append(Reason(f"Même domaine ({code[:3]})", SAME_DOMAIN))
    elif code and facts.has_aspirations:
        reasons.append(Reason("Projet professionnel dans un autre domaine", 0))
    elif code:
        reasons.append(Reason("Aucun code ROME au diagnostic", 0))

    phase_points = PHASE_POINTS.get(facts.phase, 0)
    if phase_points:
        reasons.append(Reason(f"Phase {Phase(facts.phase).label.lower()}", phase_points))

    barriers = dict(facts.strong_barriers)
    constrained = facts.needs_licence or not facts.reachable
    if constrained:
        if facts.driving_licence and facts.has_vehicle:
            reasons.append(Reason("Permis B et véhicule", LICENCE_AND_VEHICLE))
        elif facts.driving_licence and not facts.reachable:
            reasons.append(
                Reason(
                    "Permis B sans véhicule : lieu peu desservi", LICENCE_WITHOUT_VEHICLE_UNSERVED
                )
            )
        elif not facts.driving_licence and facts.needs_licence:
            reasons.append(Reason("Pas de permis : permis B exigé", NO_LICENCE_REQUIRED, True))
        elif not facts.driving_licence:
            reasons.append(Reason("Pas de permis : lieu peu desservi", NO_LICENCE_UNSERVED))
        if MOBILITY in barriers:
            reasons.append(Reason("Frein mobilité fort", MOBILITY_BARRIER, True))
    if facts.shifted_hours:
        if CHILDCARE in barriers:
            reasons.append(
                Reason(
                    "Frein garde d'enfants fort : horaires décalés", CHILDCARE_BARRIER_SHIFTED, True
                )
            )
        elif facts.children_under_6:
            reasons.append(
                Reason("Enfant de moins de 6 ans : horaires décalés", YOUNG_CHILD_SHIFTED)
            )
    used = {CHILDCARE} if facts.shifted_hours else set()
    if constrained:
        used.add(MOBILITY)
    others = sorted(label for code_, label in facts.strong_barriers if code_ not in used)
    if others:
        reasons.append(Reason(f"Frein fort : {', '.join(others)}", OTHER_STRONG_BARRIER))
    return sum(reason.points for reason in reasons), tuple(reasons)


def _strong_barriers(text: str | None) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in (text or "").split(_SEPARATOR):
        code, _, label = item.partition(":")
        if code:
            pairs.append((code, label))
    return tuple(sorted(set(pairs)))


def _facts_query() -> Select:
    """Accompaniment × opportunity with every fact, correlated subqueries evaluated by the
    database; the caller adds the WHERE that picks the pairs."""
    of_acc = Diagnostic.accompaniment_id == Accompaniment.id
    aspirations = select(literal(1)).select_from(RomeAspiration).join(Diagnostic).where(of_acc)
    latest = (
        select(Diagnostic.id)
        .where(of_acc)
        .order_by(Diagnostic.done_on.desc(), Diagnostic.id.desc())
        .limit(1)
        .correlate(Accompaniment)  # two levels down: auto-correlation would not reach it
        .scalar_subquery()
    )
    barriers = (
        select(func.aggregate_strings(BarrierFamily.code + ":" + BarrierFamily.label, _SEPARATOR))
        .select_from(DiagnosticBarrier)
        .join(BarrierFamily, BarrierFamily.id == DiagnosticBarrier.barrier_family_id)
        .where(
            DiagnosticBarrier.diagnostic_id == latest,
            DiagnosticBarrier.intensity == BarrierIntensity.FORT,
            DiagnosticBarrier.status != BarrierStatus.LEVE,
        )
        .scalar_subquery()
    )
    domain = func.substr(Opportunity.rome_code, 1, 3)
    return (
        select(
            Accompaniment.id.label("accompaniment_id"),
            Accompaniment.phase,
            Person.id.label("person_id"),
            Person.last_name,
            Person.first_name,
            Person.search_key,
            Person.driving_licence,
            Person.has_vehicle,
            Person.children_under_6,
            Counsellor.display_name.label("counsellor_name"),
            Opportunity.id.label("opportunity_id"),
            Opportunity.title,
            Opportunity.channel,
            Opportunity.rome_code,
            Opportunity.place,
            Opportunity.start_date,
            Opportunity.needs_licence,
            Opportunity.reachable_by_public_transport,
            Opportunity.shifted_hours,
            Employer.name.label("employer_name"),
            exists(aspirations).label("has_aspirations"),
            exists(aspirations.where(RomeAspiration.rome_code == Opportunity.rome_code)).label(
                "exact_code"
            ),
            exists(aspirations.where(func.substr(RomeAspiration.rome_code, 1, 3) == domain)).label(
                "same_domain"
            ),
            barriers.label("strong_barriers"),
        )
        .select_from(Accompaniment)
        .join(Person, Person.id == Accompaniment.person_id)
        .outerjoin(Counsellor, Counsellor.id == Accompaniment.counsellor_id)
        .join(Opportunity, true())
        .join(Employer, Employer.id == Opportunity.employer_id)
        .where(
            Accompaniment.status.in_(CANDIDATE_STATUSES),
            ~exists(
                select(literal(1)).where(
                    Positioning.accompaniment_id == Accompaniment.id,
                    Positioning.opportunity_id == Opportunity.id,
                )
            ),
        )
    )


def _ranked(session: Session, query: Select, limit: int | None, by_person: bool) -> list[Match]:
    matches = []
    keys = {}
    for row in session.execute(query):
        facts = Facts(
            rome_code=row.rome_code,
            exact_code=bool(row.exact_code),
            same_domain=bool(row.same_domain),
            has_aspirations=bool(row.has_aspirations),
            needs_licence=bool(row.needs_licence),
            reachable=bool(row.reachable_by_public_transport),
            shifted_hours=bool(row.shifted_hours),
            driving_licence=bool(row.driving_licence),
            has_vehicle=bool(row.has_vehicle),
            children_under_6=row.children_under_6 or 0,
            phase=row.phase,
            strong_barriers=_strong_barriers(row.strong_barriers),
        )
        score, reasons = assess(facts)
        match = Match(
            accompaniment_id=row.accompaniment_id,
            person_id=row.person_id,
            person_name=f"{row.last_name.upper()} {row.first_name}",
            counsellor_name=row.counsellor_name,
            phase=row.phase,
            opportunity_id=row.opportunity_id,
            title=row.title,
            employer_name=row.employer_name,
            channel=row.channel,
            rome_code=row.rome_code,
            place=row.place,
            start_date=row.start_date,
            score=score,
            reasons=reasons,
        )
        name = row.search_key if by_person else row.title.casefold()
        ident = row.accompaniment_id if by_person else row.opportunity_id
        keys[id(match)] = (-score, name, ident)
        matches.append(match)
    matches.sort(key=lambda m: keys[id(m)])
    return matches if limit is None else matches[:limit]


def candidates_for(
    session: Session,
    opportunity: Opportunity,
    *,
    today: date,
    counsellor_id: int | None = None,
    limit: int | None = None,
) -> list[Match]:
    """The people who could take ``opportunity``, best first (one SQL statement).

    With ``counsellor_id`` only that counsellor's caseload is considered (a counsellor never sees
    another counsellor's people)."""
    query = _facts_query().where(Opportunity.id == opportunity.id)
    if counsellor_id is not None:
        query = query.where(Accompaniment.counsellor_id == counsellor_id)
    return _ranked(session, query, limit, by_person=True)


def offers_for(
    session: Session, accompaniment: Accompaniment, *, today: date, limit: int | None = None
) -> list[Match]:
    """The open opportunities that could suit the person, best first (one SQL statement).
    Empty when the accompaniment is not active."""
    query = _facts_query().where(
        Accompaniment.id == accompaniment.id,
        Opportunity.status == OpportunityStatus.OUVERTE,
        or_(Opportunity.end_date.is_(None), Opportunity.end_date >= today),
    )
    return _ranked(session, query, limit, by_person=False)


def explanation() -> list[str]:
    """The ranking, in French, for the pages ("Comment sont classés les candidats")."""
    return [
        f"Projet : code ROME identique à celui de l'offre +{EXACT_CODE} ; même domaine "
        f"(lettre et deux premiers chiffres, ex. K22) +{SAME_DOMAIN}. Les codes viennent des "
        "souhaits (aspirations) saisis dans les diagnostics de l'accompagnement.",
        f"Phase du parcours : emploi +{PHASE_POINTS[Phase.EMPLOI.value]} ; formation "
        f"{PHASE_POINTS[Phase.FORMATION.value]} (la personne est en formation).",
        f"Mobilité, quand l'offre exige le permis ou que le lieu est peu desservi : permis B et "
        f"véhicule +{LICENCE_AND_VEHICLE} ; permis sans véhicule, lieu peu desservi "
        f"{LICENCE_WITHOUT_VEHICLE_UNSERVED} ; pas de permis, lieu peu desservi "
        f"{NO_LICENCE_UNSERVED} ; pas de permis alors qu'il est exigé {NO_LICENCE_REQUIRED} ; "
        f"frein mobilité fort {MOBILITY_BARRIER}.",
        f"Horaires décalés : frein « garde d'enfants » fort {CHILDCARE_BARRIER_SHIFTED} ; "
        f"enfant de moins de 6 ans {YOUNG_CHILD_SHIFTED}.",
        f"Autres freins forts non levés du dernier diagnostic {OTHER_STRONG_BARRIER}. "
        "Les freins probablement bloquants sont signalés en rouge.",
        "À score égal : ordre alphabétique, puis ordre de création. Seules les personnes en "
        "accompagnement actif (ni en attente, ni closes) et pas encore positionnées sur l'offre "
        "sont proposées ; un·e conseiller·ère ne voit que ses propres accompagnements.",
    ]
