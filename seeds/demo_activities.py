"""Demo trainings, positionings on opportunities and events, and workshop attendance."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta

from schema.enums import (
    AccompanimentStatus,
    AttendanceStatus,
    Phase,
    PositioningStatus,
    TrainingStatus,
)
from schema.opportunities import Positioning
from schema.trainings import Training
from schema.workshops import Attendance
from seeds.demo_context import DemoContext, Plan, Weighted
from seeds.demo_people import EMPLOYMENT_CATEGORIES
from seeds.names import TRAINING_ORGANISATIONS
from seeds.sectors import NON_QUALIFYING_TRAININGS, SECTORS
from seeds.texts import POSITIONING_NOTES

SCHEMES = Weighted(
    {"prf": 30, "prif": 15, "cpf": 15, "aif": 10, "poei": 10, "poec": 10, "autre": 10}
)
POSITIONING_STATUSES = Weighted(
    {
        PositioningStatus.PROPOSE.value: 15,
        PositioningStatus.CANDIDATURE.value: 25,
        PositioningStatus.ENTRETIEN.value: 15,
        PositioningStatus.RETENU.value: 10,
        PositioningStatus.NON_RETENU.value: 25,
        PositioningStatus.DESISTEMENT.value: 10,
    }
)
PAST_ATTENDANCE = Weighted(
    {
        AttendanceStatus.PRESENT.value: 75,
        AttendanceStatus.ABSENT_EXCUSE.value: 10,
        AttendanceStatus.ABSENT_NON_EXCUSE.value: 15,
    }
)
RETENU = PositioningStatus.RETENU.value
BOOKING_WINDOW = timedelta(
    days=21
)  # open accompaniments are booked on sessions up to 3 weeks ahead


def add_trainings(ctx: DemoContext, plan: Plan) -> tuple[date | None, bool]:
    """A training of the accompaniment, if any: (start of a training followed, certified)."""
    rng, today = ctx.rng, ctx.today
    if plan.entry is None:
        return None, False
    in_training = plan.exit_reason == "formation_qualifiante" or plan.phase == Phase.FORMATION.value
    if not in_training and rng.random() > 0.12:
        return None, False
    last = plan.last_day(today)
    if plan.exit_reason == "formation_qualifiante":
        start = plan.exit + timedelta(days=rng.randint(0, 10))
    else:
        latest = last if plan.exit is not None else last + timedelta(days=60)
        start = ctx.between(min(plan.entry + timedelta(days=20), last), latest)
    qualifying = in_training or rng.random() < 0.5
    sector = SECTORS[plan.sector]
    title = rng.choice(sector.trainings if qualifying else NON_QUALIFYING_TRAININGS)
    end = start + timedelta(days=rng.randint(20, 200))
    if start > today:
        status = TrainingStatus.POSITIONNE if rng.random() < 0.7 else TrainingStatus.INFORMATION
    elif end >= today:
        status = TrainingStatus.ENTRE if rng.random() < 0.92 else TrainingStatus.ABANDON
    elif rng.random() < 0.12:
        status = TrainingStatus.ABANDON
    else:
        status = (
            TrainingStatus.CERTIFIE if qualifying and rng.random() < 0.7 else TrainingStatus.TERMINE
        )
    ctx.writer.add(
        Training.__table__,
        {
            "accompaniment_id": plan.id,
            "scheme_id": ctx.refs.schemes[SCHEMES.pick(rng)],
            "title": title,
            "organisation": rng.choice(TRAINING_ORGANISATIONS),
            "qualifying": qualifying,
            "start_date": start,
            "end_date": end,
            "status": status.value,
        },
    )
    followed = status in (TrainingStatus.ENTRE, TrainingStatus.TERMINE, TrainingStatus.CERTIFIE)
    return (start if followed else None), status == TrainingStatus.CERTIFIE


def add_positionings(ctx: DemoContext, plan: Plan) -> date | None:
    """Positionings on opportunities and events; returns the date a job was obtained, if any."""
    rng, today = ctx.rng, ctx.today
    if plan.entry is None:
        return None
    employed = plan.category in EMPLOYMENT_CATEGORIES or plan.exit_reason == "embauche_siae"
    if employed or plan.phase == Phase.EMPLOI.value:
        count = rng.randint(1, 4)
    else:
        count = 1 if rng.random() < 0.3 else 0
    last = plan.last_day(today)
    offers = (
        ctx.catalogue.opportunities.get(plan.sector) or ctx.catalogue.opportunities["logistique"]
    )
    hired_on = None
    # Distinct offers: a person is never positioned twice on the same offer.
    chosen = rng.sample(offers, min(count, len(offers)))
    count = len(chosen)
    for number, (opportunity_id, employer_id) in enumerate(chosen):
        status = POSITIONING_STATUSES.pick(rng)
        if employed and number == count - 1:
            status = RETENU
        elif status == RETENU and plan.exit is None and rng.random() < 0.5:
            status = PositioningStatus.ENTRETIEN.value
        proposed = ctx.between(plan.entry, last)
        if employed and status == RETENU:
            proposed = ctx.between(max(plan.entry, last - timedelta(days=30)), last)
            plan.employer_id = employer_id
        status_on = None
        if status != PositioningStatus.PROPOSE.value:
            status_on = min(proposed + timedelta(days=rng.randint(2, 30)), last)
        if status == RETENU:
            hired_on = status_on
        _positioning(ctx, plan, status, proposed, status_on, opportunity_id=opportunity_id)
    if rng.random() < 0.12:
        _event_positioning(ctx, plan, last)
    return hired_on


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
        status, status_on = PositioningStatus.PROPOSE.value, None
    else:
        status = ctx.rng.choice((RETENU, RETENU, PositioningStatus.DESISTEMENT.value))
        status_on = event_date
    _positioning(ctx, plan, status, proposed, status_on, event_id=event_id)


def _positioning(
    ctx: DemoContext,
    plan: Plan,
    status: str,
    proposed: date,
    status_on: date | None,
    opportunity_id: int | None = None,
    event_id: int | None = None,
) -> None:
    ctx.writer.add(
        Positioning.__table__,
        {
            "accompaniment_id": plan.id,
            "opportunity_id": opportunity_id,
            "event_id": event_id,
            "status": status,
            "proposed_on": proposed,
            "status_on": status_on,
            "notes": ctx.rng.choice(POSITIONING_NOTES),
        },
    )


def add_attendance(ctx: DemoContext, plan: Plan, booked: set[int]) -> None:
    """Book the accompaniment on about two sessions held while it runs (or soon, if open)."""
    rng, today = ctx.rng, ctx.today
    if plan.entry is None:
        return
    catalogue = ctx.catalogue
    last = plan.exit if plan.exit is not None else today + BOOKING_WINDOW
    if plan.status == AccompanimentStatus.EN_ATTENTE.value:
        last = plan.pause[0]
    first_index = bisect_right(catalogue.session_days, plan.entry.toordinal())
    stop_index = bisect_right(catalogue.session_days, last.toordinal())
    if first_index >= stop_index:
        return
    wanted = rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4))
    for _ in range(wanted):
        for _attempt in range(4):
            slot = catalogue.sessions[rng.randrange(first_index, stop_index)]
            if slot.booked < slot.capacity and slot.id not in booked:
                break
        else:
            continue
        slot.booked += 1
        booked.add(slot.id)
        if slot.starts_at.date() < today:
            status = PAST_ATTENDANCE.pick(rng)
        else:
            status = AttendanceStatus.INSCRIT.value
        signed = status == AttendanceStatus.PRESENT.value and rng.random() < 0.95
        ctx.writer.add(
            Attendance.__table__,
            {
                "session_id": slot.id,
                "person_id": plan.person_id,
                "accompaniment_id": plan.id,
                "status": status,
                "signed": signed,
            },
        )
