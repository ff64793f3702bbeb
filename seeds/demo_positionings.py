"""Demo positionings on opportunities and events, with their dated steps and the hires made.

What ``schema.operations.positioning`` writes, the demo writes too: a ``PositioningStep`` per
status reached (proposé first, on ``proposed_on``; the current status on ``status_on``; the
steps in between, when taken, on days in between); a retained positioning on an opportunity
records the hire (the offer's contract, a start on or after the day retained, and for a clause
a share of its insertion hours). Jobs never exceed an offer's positions nor a clause's hours,
and an open offer whose positions are all filled is "pourvue" (``mark_filled_offers``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import update

from schema.enums import OpportunityStatus, Phase, PositioningStatus
from schema.opportunities import Opportunity, Positioning, PositioningStep
from seeds.dates import at
from seeds.demo_activities import BOOKING_WINDOW
from seeds.demo_context import DemoContext, Offer, Plan, Weighted
from seeds.demo_pathway import CONTRACT_BY_REASON
from seeds.demo_people import EMPLOYMENT_CATEGORIES
from seeds.texts import POSITIONING_NOTES

P = PositioningStatus
POSITIONING_STATUSES = Weighted(
    {
        P.PROPOSE.value: 15,
        P.CANDIDATURE.value: 25,
        P.ENTRETIEN.value: 15,
        P.RETENU.value: 10,
        P.NON_RETENU.value: 25,
        P.DESISTEMENT.value: 10,
    }
)
# On the way to each status, the steps that may have been recorded (in this order), and how
# often: a step may be skipped, as the console allows.
STEPS_BEFORE: dict[str, tuple[tuple[str, float], ...]] = {
    P.PROPOSE.value: (),
    P.CANDIDATURE.value: (),
    P.ENTRETIEN.value: ((P.CANDIDATURE.value, 0.8),),
    P.RETENU.value: ((P.CANDIDATURE.value, 0.7), (P.ENTRETIEN.value, 0.9)),
    P.NON_RETENU.value: ((P.CANDIDATURE.value, 0.85), (P.ENTRETIEN.value, 0.5)),
    P.DESISTEMENT.value: ((P.CANDIDATURE.value, 0.5), (P.ENTRETIEN.value, 0.2)),
}
RETENU = P.RETENU.value
HIRE_TRIES = 6  # random offers looked at for one close in time to the hire
SELF_FOUND = {"creation_entreprise", "fonction_publique"}  # no employer among the demo's


class Job(NamedTuple):
    """The job a person obtained: the day they were retained (or found it), and its start."""

    found_on: date
    start: date


def add_positionings(ctx: DemoContext, plan: Plan) -> Job | None:
    """Positionings on opportunities and events; returns the job obtained, if any.

    A person who left for a job was retained on a filled ("pourvue") offer of the matching
    contract with a position left (of their sector if possible); when there is none, the job
    was found otherwise (no retained positioning; the outcome names an employer of the sector).
    People still accompanied are sometimes retained on an offer they were positioned on, when a
    position is left; open offers filled that way become "pourvue" at the end."""
    rng, today = ctx.rng, ctx.today
    if plan.entry is None:
        return None
    employed = plan.category in EMPLOYMENT_CATEGORIES or plan.exit_reason == "embauche_siae"
    if employed or plan.phase == Phase.EMPLOI.value:
        count = rng.randint(1, 4)
    else:
        count = 1 if rng.random() < 0.3 else 0
    last = plan.last_day(today)
    catalogue = ctx.catalogue
    sector = plan.sector if plan.sector in catalogue.opportunities else "logistique"
    job = hired = None
    if employed:
        proposed = ctx.between(max(plan.entry, last - timedelta(days=30)), last)
        retained_on = min(proposed + timedelta(days=rng.randint(2, 30)), last)
        contract = CONTRACT_BY_REASON.get(plan.exit_reason)
        hired = _offer_hiring(ctx, (sector, contract), contract, around=retained_on)
        if hired is not None:
            job = _positioning(ctx, plan, RETENU, proposed, retained_on, offer=hired)
            plan.employer_id = hired.employer_id
            count -= 1
        else:
            job = Job(retained_on, plan.exit)
            if contract not in SELF_FOUND and sector in catalogue.employers:
                plan.employer_id = rng.choice(catalogue.employers[sector])
    offers = catalogue.opportunities[sector]
    # Distinct offers: a person is never positioned twice on the same offer.
    sampled = rng.sample(offers, min(count + (hired is not None), len(offers)))
    others = [offer for offer in sampled if offer is not hired]
    for offer in others[:count]:
        status = POSITIONING_STATUSES.pick(rng)
        if status == RETENU and (
            plan.exit is not None or job is not None or not offer.hiring or rng.random() < 0.5
        ):  # retained: once, while the accompaniment runs, on an offer still hiring
            status = P.ENTRETIEN.value if plan.exit is None else P.NON_RETENU.value
        proposed = ctx.between(plan.entry, last)
        status_on = proposed
        if status != P.PROPOSE.value:
            status_on = min(proposed + timedelta(days=rng.randint(2, 30)), last)
        job = _positioning(ctx, plan, status, proposed, status_on, offer=offer) or job
    if rng.random() < 0.12:
        _event_positioning(ctx, plan, last)
    return job


def _offer_hiring(ctx: DemoContext, *pools: object, around: date) -> Offer | None:
    """An offer still hiring from the first pool that has one, preferably one starting between
    a month before and three months after ``around`` (the day the person is retained)."""
    rng, hiring = ctx.rng, ctx.catalogue.hiring
    earliest, latest = around - timedelta(days=90), around + timedelta(days=30)
    for key in pools:
        pool = hiring.get(key)
        found = None
        tries = 0
        while pool and tries < HIRE_TRIES:
            index = rng.randrange(len(pool))
            offer = pool[index]
            if not offer.hiring:  # full: dropped from the pool
                pool[index] = pool[-1]
                pool.pop()
                continue
            tries += 1
            found = found or offer
            if earliest <= offer.start <= latest:
                return offer
        if found is not None:
            return found
    return None


def _event_positioning(ctx: DemoContext, plan: Plan, last: date) -> None:
    events = ctx.catalogue.events
    days = [event_date for _, event_date in events]
    first = bisect_left(days, plan.entry)
    stop = bisect_right(days, last + BOOKING_WINDOW if plan.exit is None else last)
    if first >= stop:
        return
    event_id, event_date = events[ctx.rng.randrange(first, stop)]
    proposed = ctx.between(max(plan.entry, event_date - timedelta(days=30)), min(event_date, last))
    if event_date > ctx.today:
        status, status_on = P.PROPOSE.value, proposed
    else:
        status = ctx.rng.choice((RETENU, RETENU, P.DESISTEMENT.value))
        status_on = event_date
    _positioning(ctx, plan, status, proposed, status_on, event_id=event_id)


def _positioning(
    ctx: DemoContext,
    plan: Plan,
    status: str,
    proposed: date,
    status_on: date,
    offer: Offer | None = None,
    event_id: int | None = None,
) -> Job | None:
    """Write one positioning and its steps; the hire when retained on an offer."""
    rng = ctx.rng
    hire = None
    row = {
        "accompaniment_id": plan.id,
        "opportunity_id": offer.id if offer is not None else None,
        "event_id": event_id,
        "status": status,
        "proposed_on": proposed,
        "status_on": status_on,
        "notes": rng.choice(POSITIONING_NOTES),
        "contract_type_id": None,
        "job_start_date": None,
        "insertion_hours": None,
    }
    if status == RETENU and offer is not None:
        hire = Job(status_on, _job_start(ctx, offer, status_on))
        row["contract_type_id"] = offer.contract_type_id
        row["job_start_date"] = hire.start
        row["insertion_hours"] = _clause_hours(ctx, offer)
        offer.retained += 1
    positioning_id = ctx.writer.add(Positioning.__table__, row)["id"]
    steps = [(P.PROPOSE.value, proposed)]
    if status != P.PROPOSE.value:
        between = [
            step
            for step, share in STEPS_BEFORE[status]
            if offer is not None and rng.random() < share
        ]
        days = sorted(ctx.between(proposed, status_on) for _ in between)
        steps += [*zip(between, days, strict=True), (status, status_on)]
    for step, day in steps:
        ctx.writer.add(
            PositioningStep.__table__,
            {
                "positioning_id": positioning_id,
                "status": step,
                "step_date": day,
                "recorded_by_id": plan.user_id,
                "recorded_at": min(at(day, rng.randint(510, 1050)), ctx.now),
            },
        )
    return hire


def _job_start(ctx: DemoContext, offer: Offer, retained_on: date) -> date:
    """The offer's start when it comes within a month of the day retained, else soon after."""
    if retained_on <= offer.start <= retained_on + timedelta(days=30):
        return offer.start
    return retained_on + timedelta(days=ctx.rng.randint(0, 14))


def _clause_hours(ctx: DemoContext, offer: Offer) -> int | None:
    """A share of a clause's insertion hours, never beyond what is left of them."""
    total = offer.insertion_hours
    if total is None:
        return None
    share = round(total * ctx.rng.uniform(0.5, 1.0) / offer.positions)
    hours = min(share, total - offer.hours_filled)
    offer.hours_filled += hours
    return hours


def mark_filled_offers(ctx: DemoContext) -> int:
    """Open offers whose positions are all taken by retained positionings become "pourvue", as
    ``record_hire`` does; returns how many. Run once every row is written."""
    full = [
        offer
        for offers in ctx.catalogue.opportunities.values()
        for offer in offers
        if offer.status == OpportunityStatus.OUVERTE.value and offer.retained >= offer.positions
    ]
    filled = sorted(offer.id for offer in full)
    table = Opportunity.__table__
    for first in range(0, len(filled), 500):
        ctx.writer.session.execute(
            update(table)
            .where(table.c.id.in_(filled[first : first + 500]))
            .values(status=OpportunityStatus.POURVUE.value, version=table.c.version + 1)
        )
    for offer in full:
        offer.status = OpportunityStatus.POURVUE.value
    return len(filled)
