"""The monthly report's indicators, each computed from the built rows of one detail sheet (so the
synthesis reconciles with the sheets) and named after its definition in
``schema.rules.definitions``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from schema.enums import ActionKind, AttendanceStatus, ContactStatus
from schema.rules.states import RuleState
from schema.rules.trends import DelayStats

YEARLY_PARTICIPANTS_TARGET = 300


def tapped(rows: Iterable[Any], add: Callable[[Any], None]) -> Iterator[Any]:
    """Yield the rows, adding each to the figures on the way (one pass: sums = sheet rows)."""
    for row in rows:
        add(row)
        yield row


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class MonthFigures:
    """Sums over the detail sheets' rows."""

    start: date
    as_of: date
    elapsed_days: int
    active_rows: int = 0
    people: set[int] = field(default_factory=set)
    at_end: int = 0
    file_days: int = 0
    weeks_required: int = 0
    weeks_with_contact: int = 0
    months_required: int = 0
    months_ok: int = 0
    diagnostics_due: int = 0
    diagnostics_on_time: int = 0
    entries: int = 0
    delays: Counter = field(default_factory=Counter)
    cer_eligible: int = 0
    cer_at_first: int = 0
    exits: int = 0
    exit_categories: Counter = field(default_factory=Counter)
    exits_employment: int = 0
    exits_positive: int = 0
    exit_days: list[int] = field(default_factory=list)
    contact_statuses: Counter = field(default_factory=Counter)
    interviews: int = 0
    interviews_signed: int = 0
    attendance_statuses: Counter = field(default_factory=Counter)
    attendances_signed: int = 0
    pauses_started: int = 0
    pauses_ongoing: int = 0
    ep_referrals: int = 0
    ep_decisions: int = 0
    alerts_late: int = 0
    alerts_soon: int = 0

    def add_active(self, r: Any) -> None:
        self.active_rows += 1
        self.people.add(r.person_id)
        self.at_end += r.in_file_at_end
        self.file_days += r.days_in_file
        self.weeks_required += r.weeks_required
        self.weeks_with_contact += r.weeks_with_contact
        self.months_required += r.physical_respected is not None
        self.months_ok += bool(r.physical_respected)
        self.diagnostics_due += r.diagnostic_due is not None
        self.diagnostics_on_time += bool(r.diagnostic_on_time)

    def add_entry(self, r: Any) -> None:
        self.entries += 1
        if r.delay_days is not None:
            self.delays[r.delay_days] += 1
        if r.cer_at_first is not None:
            self.cer_eligible += 1
            self.cer_at_first += r.cer_at_first

    def add_exit(self, r: Any) -> None:
        self.exits += 1
        self.exit_categories[r.category_code] += 1
        self.exits_employment += r.is_employment
        self.exits_positive += r.is_positive
        if r.duration_days is not None:
            self.exit_days.append(r.duration_days)

    def add_contact(self, r: Any) -> None:
        self.contact_statuses[r.status_code] += 1
        self.interviews += r.physical_held
        self.interviews_signed += r.physical_held and r.signed

    def add_workshop(self, r: Any) -> None:
        self.attendance_statuses[r.status_code] += 1
        self.attendances_signed += r.present and r.signed

    def add_action(self, r: Any) -> None:
        in_month = self.start <= r.start_date <= self.as_of
        if r.kind_code == ActionKind.MISE_EN_ATTENTE:
            self.pauses_started += in_month
            self.pauses_ongoing += r.end_date is None or r.end_date > self.as_of
        else:
            self.ep_referrals += in_month
            self.ep_decisions += r.decision_date is not None and (
                self.start <= r.decision_date <= self.as_of
            )

    def add_alert(self, r: Any) -> None:
        self.alerts_late += r.state_code == RuleState.LATE
        self.alerts_soon += r.state_code == RuleState.SOON

    def adder(self, sheet: str) -> Callable[[Any], None]:
        """The function adding one row of the detail sheet ``sheet``."""
        return {
            "File active": self.add_active,
            "Entrées": self.add_entry,
            "Sorties": self.add_exit,
            "Contacts": self.add_contact,
            "Ateliers": self.add_workshop,
            "Actions": self.add_action,
            "Alertes": self.add_alert,
        }[sheet]

    # --- Derived figures ----------------------------------------------------------------------
    @property
    def average_file(self) -> float | None:
        return self.file_days / self.elapsed_days if self.elapsed_days else None

    @property
    def delay_stats(self) -> DelayStats:
        return DelayStats(dict(self.delays))

    @property
    def no_shows(self) -> tuple[int, int]:
        c = self.contact_statuses
        missed = c[ContactStatus.ABSENT_NON_EXCUSE]
        due = c[ContactStatus.HONORE] + c[ContactStatus.ABSENT_EXCUSE] + missed
        return missed, due

    @property
    def workshop_no_shows(self) -> tuple[int, int]:
        a = self.attendance_statuses
        missed = a[AttendanceStatus.ABSENT_NON_EXCUSE]
        return missed, a[AttendanceStatus.PRESENT] + a[AttendanceStatus.ABSENT_EXCUSE] + missed

    @property
    def mean_exit_days(self) -> float | None:
        return sum(self.exit_days) / len(self.exit_days) if self.exit_days else None
