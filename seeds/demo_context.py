"""Shared state of one demo generation: random source, dates, reference ids, writer, plans."""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from schema.enums import OpportunityStatus
from schema.reference import (
    BarrierFamily,
    ContractType,
    EducationLevel,
    ExitReason,
    HousingSituation,
    OrientationPath,
    RomeCode,
    TrainingScheme,
)
from schema.workshops import Workshop
from seeds.bulk import BulkWriter

T = TypeVar("T")


class Weighted(Generic[T]):
    """Fast repeated weighted choice among fixed values."""

    __slots__ = ("_cumulative", "_total", "values")

    def __init__(self, weights: dict[T, float]) -> None:
        self.values = list(weights)
        self._cumulative = list(accumulate(weights.values()))
        self._total = self._cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect_right(self._cumulative, rng.random() * self._total)]


@dataclass(frozen=True)
class References:
    """Ids of the seeded reference rows, by code."""

    barriers: dict[str, int]
    exit_reasons: dict[str, int]
    exit_categories: dict[str, str]  # exit reason code -> ExitCategory value
    contract_types: dict[str, int]
    education_levels: dict[str, int]
    paths: dict[str, int]
    housing: dict[str, int]
    schemes: dict[str, int]
    workshops: dict[str, tuple[int, int]]  # code -> (id, default capacity)
    rome_codes: frozenset[str]

    @classmethod
    def load(cls, session: Session) -> References:
        def ids(model: type) -> dict[str, int]:
            return dict(session.execute(select(model.code, model.id)).all())

        exits = session.execute(select(ExitReason.code, ExitReason.category)).all()
        workshops = session.execute(select(Workshop.code, Workshop.id, Workshop.default_capacity))
        return cls(
            barriers=ids(BarrierFamily),
            exit_reasons=ids(ExitReason),
            exit_categories=dict(exits),
            contract_types=ids(ContractType),
            education_levels=ids(EducationLevel),
            paths=ids(OrientationPath),
            housing=ids(HousingSituation),
            schemes=ids(TrainingScheme),
            workshops={code: (id_, capacity) for code, id_, capacity in workshops},
            rome_codes=frozenset(session.execute(select(RomeCode.code)).scalars()),
        )


@dataclass(slots=True)
class Plan:
    """The timeline of one accompaniment, decided before its rows are written."""

    id: int
    person_id: int
    counsellor_id: int
    user_id: int | None
    orientation_id: int
    decision_date: date
    path: str
    status: str
    phase: str
    sector: str
    entry: date | None = None
    exit: date | None = None
    exit_reason: str | None = None
    category: str | None = None
    pause: tuple[date, date | None] | None = None
    silent_from: date | None = None
    returning: bool = False
    employer_id: int | None = None  # employer of the job found, for the outcome
    row: dict | None = None  # the accompaniment's buffered row (completed by later steps)

    def last_day(self, today: date) -> date:
        """Last day on which something may have been held: exit date, else yesterday."""
        return self.exit if self.exit is not None else date.fromordinal(today.toordinal() - 1)


@dataclass
class SessionSlot:
    """A workshop session as attendance generation sees it."""

    id: int
    starts_at: datetime
    capacity: int
    booked: int = 0


@dataclass(slots=True)
class Offer:
    """An opportunity as positioning generation sees it, with the hires made so far."""

    id: int
    employer_id: int
    contract: str  # contract type code
    contract_type_id: int
    status: str
    start: date
    positions: int
    insertion_hours: int | None  # a clause's hours; None on other channels
    retained: int = 0
    hours_filled: int = 0

    @property
    def hiring(self) -> bool:
        """A position is still free and the offer was not cancelled."""
        return self.status != OpportunityStatus.ANNULEE.value and self.retained < self.positions


@dataclass
class Catalogue:
    employers: dict[str, list[int]] = field(default_factory=dict)  # sector -> ids
    opportunities: dict[str, list[Offer]] = field(default_factory=dict)  # sector -> offers
    # Filled offers that past hires come from, by contract code and by (sector, contract
    # code); those whose positions are all taken are dropped as they are met.
    hiring: dict[object, list[Offer]] = field(default_factory=dict)
    events: list[tuple[int, date]] = field(default_factory=list)
    sessions: list[SessionSlot] = field(default_factory=list)  # sorted by start
    session_days: list[int] = field(default_factory=list)  # ordinal day of each session


@dataclass
class DemoContext:
    rng: random.Random
    today: date
    writer: BulkWriter
    refs: References
    counsellors: list[tuple[int, int | None]]  # (counsellor id, user id)
    catalogue: Catalogue
    syntheses: list[str]
    now: datetime  # when the rows are written: no "recorded at" after it

    def between(self, first: date, last: date) -> date:
        """A random day in [first, last]."""
        return date.fromordinal(self.rng.randint(first.toordinal(), last.toordinal()))

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def entered_on_ps(self, day: date) -> date | None:
        """When what happened on ``day`` was entered on Parcours Solidarités (R8), if it was yet:
        mostly within two days, sometimes within the week, rarely late, very rarely forgotten."""
        rng, draw = self.rng, self.rng.random()
        if draw < 0.01:
            return None
        if draw < 0.76:
            delay = rng.randint(0, 2)
        else:
            delay = rng.randint(3, 7) if draw < 0.97 else rng.randint(8, 20)
        entered = day + timedelta(days=delay)
        return entered if entered <= self.today else None
