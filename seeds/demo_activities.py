"""Demo trainings and workshop attendance."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta

from schema.enums import AccompanimentStatus, AttendanceStatus, Phase, TrainingStatus
from schema.trainings import Training
from schema.workshops import Attendance
from seeds.demo_context import DemoContext, Plan, Weighted
from seeds.names import TRAINING_ORGANISATIONS
from seeds.sectors import NON_QUALIFYING_TRAININGS, SECTORS

BOOKING_WINDOW = timedelta(days=21)  # open accompaniments are booked up to 3 weeks ahead
SCHEMES = Weighted(
    {"prf": 30, "prif": 15, "cpf": 15, "aif": 10, "poei": 10, "poec": 10, "autre": 10}
)
PAST_ATTENDANCE = Weighted(
    {
        AttendanceStatus.PRESENT.value: 75,
        AttendanceStatus.ABSENT_EXCUSE.value: 10,
        AttendanceStatus.ABSENT_NON_EXCUSE.value: 15,
    }
)


def add_trainings(ctx: DemoContext, plan: Plan) -> tuple[date | None, date | None]:
    """A training of the accompaniment, if any: (start of a training followed, day certified).

    Its status and ``status_on`` follow what the console allows: changes are recorded while the
    accompaniment is open, only a certification may come after the exit; a training that ended
    after the exit therefore stays "entré" unless it was certified."""
    rng, today = ctx.rng, ctx.today
    if plan.entry is None:
        return None, None
    in_training = plan.exit_reason == "formation_qualifiante" or plan.phase == Phase.FORMATION.value
    if not in_training and rng.random() > 0.12:
        return None, None
    last = plan.last_day(today)
    if plan.exit_reason == "formation_qualifiante":  # entered just before the exit
        start = ctx.between(max(plan.entry, plan.exit - timedelta(days=10)), plan.exit)
    else:
        latest = last if plan.exit is not None else last + timedelta(days=60)
        start = ctx.between(min(plan.entry + timedelta(days=20), last), latest)
    qualifying = in_training or rng.random() < 0.5
    sector = SECTORS[plan.sector]
    title = rng.choice(sector.trainings if qualifying else NON_QUALIFYING_TRAININGS)
    end = start + timedelta(days=rng.randint(20, 200))
    recordable = max(start, last)  # last day a change other than certification is recorded
    if start > today:  # informed or positioned, before the start
        status = TrainingStatus.POSITIONNE if rng.random() < 0.7 else TrainingStatus.INFORMATION
        status_on = ctx.between(max(plan.entry, start - timedelta(days=60)), last)
    elif end >= today:
        if rng.random() < 0.92:
            status, status_on = TrainingStatus.ENTRE, start
        else:
            status, status_on = TrainingStatus.ABANDON, ctx.between(start, recordable)
    elif rng.random() < 0.12:
        status, status_on = TrainingStatus.ABANDON, ctx.between(start, min(end, recordable))
    elif qualifying and rng.random() < 0.7:
        status = TrainingStatus.CERTIFIE
        status_on = min(end + timedelta(days=rng.randint(0, 30)), today)
    elif end <= recordable:
        status, status_on = TrainingStatus.TERMINE, end
    else:
        status, status_on = TrainingStatus.ENTRE, start
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
            "status_on": status_on,
        },
    )
    followed = status in (TrainingStatus.ENTRE, TrainingStatus.TERMINE, TrainingStatus.CERTIFIE)
    return (start if followed else None), (status_on if status == TrainingStatus.CERTIFIE else None)


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
