"""Demo contacts of an accompaniment: about one a week, of every mode and status, dated coherently.

Rules kept: no contact before the orientation decision; the first contact held is the first
appointment, on the entry date; nothing held today or later; nothing after the exit date; no
contact during a pause; no contact held after ``silent_from`` (only missed attempts).
"""

from __future__ import annotations

from datetime import date, timedelta

from schema.contacts import Contact
from schema.enums import AccompanimentStatus, ContactMode, ContactStatus
from seeds.dates import at, working_day_on_or_after, working_day_on_or_before
from seeds.demo_context import DemoContext, Plan, Weighted
from seeds.texts import ACCOMPANYING_TEXTS, FIRST_INTERVIEW, SHORT_MESSAGES

PHYSIQUE = ContactMode.PHYSIQUE.value
TELEPHONE = ContactMode.TELEPHONE.value
SMS_MAIL = ContactMode.SMS_MAIL.value
ACCOMPAGNEMENT = ContactMode.ACCOMPAGNEMENT.value
HONORE = ContactStatus.HONORE.value
PREVU = ContactStatus.PREVU.value

MODES = Weighted(
    {PHYSIQUE: 45, TELEPHONE: 28, SMS_MAIL: 12, ContactMode.VISIO.value: 8, ACCOMPAGNEMENT: 7}
)
OUTCOMES = Weighted(
    {
        HONORE: 82,
        ContactStatus.ABSENT_EXCUSE.value: 5,
        ContactStatus.ABSENT_NON_EXCUSE.value: 6,
        ContactStatus.ANNULE.value: 4,
        ContactStatus.REPORTE.value: 3,
    }
)
MISSED = Weighted(
    {
        ContactStatus.ABSENT_NON_EXCUSE.value: 60,
        ContactStatus.ANNULE.value: 15,
        ContactStatus.REPORTE.value: 25,
    }
)
SLOTS = tuple(range(9 * 60, 17 * 60, 30))  # 9:00 to 16:30
DURATIONS = {
    PHYSIQUE: (30, 45, 45, 60, 60, 90),
    TELEPHONE: (10, 15, 15, 20, 30),
    ContactMode.VISIO.value: (30, 45, 60),
    ACCOMPAGNEMENT: (90, 120, 180, 240),
    SMS_MAIL: (None,),
}
SIGNED_SHARE = {PHYSIQUE: 0.93, ACCOMPAGNEMENT: 0.85}


class _ContactWriter:
    """Writes the contacts of one accompaniment."""

    __slots__ = ("ctx", "plan", "table", "today")

    def __init__(self, ctx: DemoContext, plan: Plan) -> None:
        self.ctx, self.plan, self.today = ctx, plan, ctx.today
        self.table = Contact.__table__

    def add(self, day: date, mode: str, status: str, synthesis: str | None = None) -> None:
        rng = self.ctx.rng
        planned_at = at(day, rng.choice(SLOTS))
        user_id = self.plan.user_id
        row = {
            "accompaniment_id": self.plan.id,
            "planned_at": planned_at,
            "held_at": None,
            "mode": mode,
            "status": status,
            "duration_minutes": None,
            "synthesis": None,
            "signed": False,
            "ps_entered_on": None,
            "ps_entered_by_id": None,
            "created_by_id": user_id,
        }
        if status == HONORE:
            row["held_at"] = planned_at
            row["duration_minutes"] = rng.choice(DURATIONS[mode])
            row["synthesis"] = synthesis or self._synthesis(mode)
            row["signed"] = rng.random() < SIGNED_SHARE.get(mode, 0.0)
            entered = self.ctx.entered_on_ps(day)
            if entered is not None:
                row["ps_entered_on"] = entered
                row["ps_entered_by_id"] = user_id
        self.ctx.writer.add(self.table, row)

    def _synthesis(self, mode: str) -> str:
        rng = self.ctx.rng
        if mode == SMS_MAIL:
            return rng.choice(SHORT_MESSAGES)
        if mode == ACCOMPAGNEMENT:
            return rng.choice(ACCOMPANYING_TEXTS)
        return rng.choice(self.ctx.syntheses)


def add_contacts(ctx: DemoContext, plan: Plan) -> None:
    writer = _ContactWriter(ctx, plan)
    if plan.entry is None:
        _before_entry(ctx, plan, writer)
        return
    rng, today = ctx.rng, ctx.today
    decision, entry = plan.decision_date, plan.entry
    gap = (entry - decision).days
    if gap >= 3 and rng.random() < 0.25:
        day = working_day_on_or_before(decision + timedelta(days=rng.randint(1, gap - 1)))
        writer.add(day, PHYSIQUE, MISSED.pick(rng))
    writer.add(entry, PHYSIQUE, HONORE, FIRST_INTERVIEW)

    last = plan.last_day(today)
    pause_start, pause_end = plan.pause or (None, None)
    silent_from = plan.silent_from
    day = entry + timedelta(days=rng.randint(3, 8))
    while day <= last:
        weekday = day.weekday()
        if weekday > 4:
            day += timedelta(days=7 - weekday)
            continue
        if (
            pause_start is not None
            and pause_start <= day
            and (pause_end is None or day <= pause_end)
        ):
            if pause_end is None:
                break
            day = pause_end + timedelta(days=rng.randint(1, 4))
            continue
        if silent_from is not None and day > silent_from:
            if rng.random() < 0.5:
                writer.add(day, TELEPHONE if rng.random() < 0.6 else PHYSIQUE, MISSED.pick(rng))
            day += timedelta(days=rng.randint(5, 10))
            continue
        writer.add(day, MODES.pick(rng), OUTCOMES.pick(rng))
        day += timedelta(days=rng.randint(2, 3) if rng.random() < 0.3 else rng.randint(4, 7))

    if plan.exit is None:
        _next_appointment(ctx, plan, writer, pause_end)


def _next_appointment(
    ctx: DemoContext, plan: Plan, writer: _ContactWriter, pause_end: date | None
) -> None:
    rng, today = ctx.rng, ctx.today
    if plan.status == AccompanimentStatus.EN_ATTENTE.value:
        if pause_end is not None:
            writer.add(working_day_on_or_after(pause_end + timedelta(days=1)), PHYSIQUE, PREVU)
    elif rng.random() < 0.85:
        day = working_day_on_or_after(today + timedelta(days=rng.randint(0, 10)))
        writer.add(day, MODES.pick(rng), PREVU)


def _before_entry(ctx: DemoContext, plan: Plan, writer: _ContactWriter) -> None:
    """First appointments not held yet (to contact), or never held (closed without entry)."""
    rng, today = ctx.rng, ctx.today
    decision = plan.decision_date
    last = plan.exit if plan.exit is not None else today - timedelta(days=1)
    span = (last - decision).days
    if span >= 3 and rng.random() < (0.9 if plan.exit else 0.45):
        day = working_day_on_or_before(decision + timedelta(days=rng.randint(2, span)))
        writer.add(day, PHYSIQUE, MISSED.pick(rng))
    if plan.exit is None and rng.random() < 0.7:
        day = working_day_on_or_after(today + timedelta(days=rng.randint(1, 10)))
        writer.add(day, PHYSIQUE, PREVU)
