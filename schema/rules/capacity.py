"""R11 — capacity: 150 people in active file for 3 counsellors (capacity per counsellor).

The active file ("file active") of a counsellor is their accompaniments whose first appointment
is held and which are not closed (status "actif" or "en attente").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, case, func, or_, select
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


def _figures(today: date) -> list:
    start, end = month_start(today), month_end(today)
    status = Accompaniment.status
    return [
        _count(status.in_(ENTERED)),
        _count(status == AccompanimentStatus.A_CONTACTER),
        _count(status == AccompanimentStatus.EN_ATTENTE),
        _count(and_(Accompaniment.entry_date >= start, Accompaniment.entry_date <= end)),
        _count(and_(Accompaniment.exit_date >= start, Accompaniment.exit_date <= end)),
    ]


def listed_counsellors() -> Select:
    """The counsellors the dashboards list, by name: the active ones, and former ones who still
    hold open accompaniments."""
    still_holding = (
        select(Accompaniment.id)
        .where(
            Accompaniment.counsellor_id == Counsellor.id,
            Accompaniment.status != AccompanimentStatus.CLOS,
        )
        .exists()
    )
    return (
        select(Counsellor.id, Counsellor.display_name, Counsellor.capacity)
        .where(or_(Counsellor.active.is_(True), still_holding))
        .order_by(Counsellor.display_name, Counsellor.id)
    )


def counsellor_loads(
    session: Session,
    today: date,
    counsellor_id: int | None = None,
    *,
    counsellor_ids: Sequence[int] | None = None,
    unassigned: bool = True,
) -> list[CounsellorLoad]:
    """Active file, capacity, entries and exits of the month per counsellor, counted from the
    accompaniments (2 statements): every listed counsellor, or ``counsellor_id``, or the
    ``counsellor_ids``. The programme dashboard reads the stored counts instead
    (:mod:`schema.rules.counsellor_counts`).

    Accompaniments without a counsellor are grouped under "Non attribué" (unless a counsellor
    or ids are given, or ``unassigned`` is False).
    """
    if counsellor_id is not None:
        counsellor_ids, unassigned = [counsellor_id], False
    if counsellor_ids is not None:
        unassigned = False
    figures = select(Accompaniment.counsellor_id, *_figures(today)).group_by(
        Accompaniment.counsellor_id
    )
    people = listed_counsellors()
    if counsellor_ids is not None:
        figures = figures.where(Accompaniment.counsellor_id.in_(counsellor_ids))
        people = people.where(Counsellor.id.in_(counsellor_ids))
    elif not unassigned:
        figures = figures.where(Accompaniment.counsellor_id.is_not(None))
    by_counsellor = {row[0]: row[1:] for row in session.execute(figures)}
    loads = [
        CounsellorLoad(cid, name, capacity, *map(int, by_counsellor.pop(cid, None) or (0,) * 5))
        for cid, name, capacity in session.execute(people)
    ]
    if unassigned and None in by_counsellor:
        loads.append(_unassigned(by_counsellor.pop(None)))
    return loads


def _unassigned(counts: Sequence[int]) -> CounsellorLoad:
    return CounsellorLoad(None, "Non attribué", 0, *map(int, counts))
