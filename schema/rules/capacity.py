"""R11 — capacity: 150 people in active file for 3 counsellors (capacity per counsellor).

The active file ("file active") of a counsellor is their accompaniments whose first appointment
is held and which are not closed (status "actif" or "en attente").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from schema.accounts import Counsellor
from schema.enums import AccompanimentStatus
from schema.pathway import Accompaniment
from schema.rules.calendar import month_end, month_start
from schema.rules.states import ENTERED, RuleState

PROGRAMME_CAPACITY = 150
NEAR_FULL_RATIO = 0.9


@dataclass(frozen=True)
class CounsellorLoad:
    counsellor_id: int | None
    name: str
    capacity: int
    active_file: int
    to_contact: int
    paused: int
    entries_month: int
    exits_month: int

    @property
    def state(self) -> RuleState:
        return capacity_state(self.active_file, self.capacity)

    @property
    def percent(self) -> int:
        return round(100 * self.active_file / self.capacity) if self.capacity else 0


def capacity_state(active_file: int, capacity: int) -> RuleState:
    if capacity <= 0:
        return RuleState.NA
    if active_file > capacity:
        return RuleState.LATE
    if active_file >= NEAR_FULL_RATIO * capacity:
        return RuleState.SOON
    return RuleState.OK


def _count(criterion) -> object:
    return func.coalesce(func.sum(case((criterion, 1), else_=0)), 0)


def counsellor_loads(
    session: Session, today: date, counsellor_id: int | None = None
) -> list[CounsellorLoad]:
    """Active file, capacity, entries and exits of the month per counsellor (2 statements).

    Accompaniments without a counsellor are grouped under "Non attribué".
    """
    start, end = month_start(today), month_end(today)
    status = Accompaniment.status
    figures = select(
        Accompaniment.counsellor_id,
        _count(status.in_(ENTERED)),
        _count(status == AccompanimentStatus.A_CONTACTER),
        _count(status == AccompanimentStatus.EN_ATTENTE),
        _count(and_(Accompaniment.entry_date >= start, Accompaniment.entry_date <= end)),
        _count(and_(Accompaniment.exit_date >= start, Accompaniment.exit_date <= end)),
    ).group_by(Accompaniment.counsellor_id)
    people = select(Counsellor.id, Counsellor.display_name, Counsellor.capacity, Counsellor.active)
    if counsellor_id is not None:
        figures = figures.where(Accompaniment.counsellor_id == counsellor_id)
        people = people.where(Counsellor.id == counsellor_id)
    by_counsellor = {row[0]: row[1:] for row in session.execute(figures)}
    loads = []
    for cid, name, capacity, active in session.execute(
        people.order_by(Counsellor.display_name, Counsellor.id)
    ):
        counts = by_counsellor.pop(cid, None)
        if counts is None and not active:
            continue  # a former counsellor with nobody left
        loads.append(CounsellorLoad(cid, name, capacity, *map(int, counts or (0,) * 5)))
    if None in by_counsellor:
        loads.append(CounsellorLoad(None, "Non attribué", 0, *map(int, by_counsellor.pop(None))))
    return loads


def programme_load(loads: list[CounsellorLoad]) -> CounsellorLoad:
    """The whole programme: sums of the counsellors' figures."""
    return CounsellorLoad(
        None,
        "Programme",
        sum(load.capacity for load in loads) or PROGRAMME_CAPACITY,
        *(sum(getattr(load, f) for load in loads) for f in _FIGURES),
    )


_FIGURES = ("active_file", "to_contact", "paused", "entries_month", "exits_month")
