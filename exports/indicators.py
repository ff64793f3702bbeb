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

from exports.writer import Kind, Typed
from schema.enums import ActionKind, AttendanceStatus, ContactStatus, ExitCategory
from schema.rules import capacity, first_appointment
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
        self.months_required += r.month_required
        self.months_ok += bool(r.month_ok)
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
            self.pauses_ongoing += r.end_date is None or r.end_date >= self.as_of
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


@dataclass(frozen=True)
class Line:
    """One line of the synthesis."""

    label: str
    value: Typed
    target: Typed | None = None
    basis: str = ""
    rule: str = ""
    definition: str = ""
    sheet: str = ""


def _n(value: int | None) -> Typed:
    return Typed(value, Kind.INT)


def _pct(value: float | None) -> Typed:
    return Typed(value, Kind.PERCENT)


def _dec(value: float | None) -> Typed:
    return Typed(value, Kind.DECIMAL)


def _of(part: int, whole: int) -> str:
    return f"{part} / {whole}"


FULL = Typed(1.0, Kind.PERCENT)


def synthesis(
    f: MonthFigures, participants_ytd: int, file_target: int = capacity.PROGRAMME_CAPACITY
) -> list[Line]:
    """The synthesis lines, in the order of the report."""
    d = f.delay_stats
    missed, due = f.no_shows
    w_missed, w_due = f.workshop_no_shows
    cat = f.exit_categories
    durable = cat[ExitCategory.EMPLOI_DURABLE]
    transition = cat[ExitCategory.EMPLOI_TRANSITION]
    training = cat[ExitCategory.SORTIE_POSITIVE]
    lines = [
        Line(
            "File active en fin de mois",
            _n(f.at_end),
            _n(file_target),
            "",
            "R11",
            "file_active_mois",
            "File active",
        ),
        Line(
            "File active moyenne du mois",
            _dec(f.average_file),
            _n(file_target),
            f"{f.file_days} jours-personnes / {f.elapsed_days} jours",
            "R11",
            "file_active_mois",
            "File active",
        ),
        Line(
            "Personnes accompagnées dans le mois",
            _n(len(f.people)),
            None,
            f"{f.active_rows} parcours",
            "R11",
            "file_active_mois",
            "File active",
        ),
        Line("Entrées du mois", _n(f.entries), None, "", "", "entrees_sorties", "Entrées"),
        Line(
            "Délai orientation → 1er rendez-vous : médiane (jours)",
            _dec(d.median),
            _n(first_appointment.DELAY_DAYS),
            f"{d.count} entrées avec D0",
            "R1",
            "premier_rdv",
            "Entrées",
        ),
        Line(
            "Délai orientation → 1er rendez-vous : moyenne (jours)",
            _dec(d.mean),
            _n(first_appointment.DELAY_DAYS),
            f"{d.count} entrées avec D0",
            "R1",
            "premier_rdv",
            "Entrées",
        ),
        Line(
            "Entrées reçues en 15 jours ou moins",
            _pct(d.share_within(15)),
            FULL,
            _of(d.count_within(15), d.count),
            "R1",
            "premier_rdv",
            "Entrées",
        ),
        Line(
            "Entrées reçues en 30 jours ou moins",
            _pct(d.share_within(30)),
            FULL,
            _of(d.count_within(30), d.count),
            "R1",
            "premier_rdv",
            "Entrées",
        ),
        Line(
            "CER signé au premier rendez-vous",
            _pct(ratio(f.cer_at_first, f.cer_eligible)),
            FULL,
            _of(f.cer_at_first, f.cer_eligible),
            "R2",
            "cer_premier_rdv",
            "Entrées",
        ),
        Line(
            "Semaines-personnes avec un contact",
            _pct(ratio(f.weeks_with_contact, f.weeks_required)),
            FULL,
            _of(f.weeks_with_contact, f.weeks_required),
            "R3",
            "semaines_contact",
            "File active",
        ),
        Line(
            "Mois-personnes avec au moins 2 entretiens physiques",
            _pct(ratio(f.months_ok, f.months_required)),
            FULL,
            _of(f.months_ok, f.months_required),
            "R4",
            "mois_entretiens",
            "File active",
        ),
        Line(
            "Émargement des entretiens physiques",
            _pct(ratio(f.interviews_signed, f.interviews)),
            FULL,
            _of(f.interviews_signed, f.interviews),
            "R7",
            "emargement",
            "Contacts",
        ),
        Line(
            "Émargement des présences en atelier",
            _pct(ratio(f.attendances_signed, f.attendance_statuses[AttendanceStatus.PRESENT])),
            FULL,
            _of(f.attendances_signed, f.attendance_statuses[AttendanceStatus.PRESENT]),
            "R7",
            "emargement",
            "Ateliers",
        ),
        Line(
            "Diagnostics à 3 mois faits à temps",
            _pct(ratio(f.diagnostics_on_time, f.diagnostics_due)),
            FULL,
            _of(f.diagnostics_on_time, f.diagnostics_due),
            "R5",
            "diagnostic_a_temps",
            "File active",
        ),
        Line(
            "Absences non excusées aux rendez-vous",
            _pct(ratio(missed, due)),
            None,
            _of(missed, due),
            "",
            "absences",
            "Contacts",
        ),
        Line(
            "Absences non excusées aux ateliers",
            _pct(ratio(w_missed, w_due)),
            None,
            _of(w_missed, w_due),
            "",
            "absences",
            "Ateliers",
        ),
        Line("Sorties du mois", _n(f.exits), None, "", "", "entrees_sorties", "Sorties"),
    ]
    for category in ExitCategory:
        lines.append(
            Line(
                f"Sorties — {category.label.lower()}",
                _n(cat[category]),
                None,
                _of(cat[category], f.exits),
                "",
                "entrees_sorties",
                "Sorties",
            )
        )
    lines += [
        Line(
            "Retour à l'emploi (emploi durable + transition)",
            _pct(ratio(f.exits_employment, f.exits)),
            None,
            _of(f.exits_employment, f.exits),
            "",
            "entrees_sorties",
            "Sorties",
        ),
        Line(
            "Dont emploi durable",
            _pct(ratio(durable, f.exits)),
            None,
            _of(durable, f.exits),
            "",
            "entrees_sorties",
            "Sorties",
        ),
        Line(
            "Dont emploi de transition",
            _pct(ratio(transition, f.exits)),
            None,
            _of(transition, f.exits),
            "",
            "entrees_sorties",
            "Sorties",
        ),
        Line(
            "Sorties positives (emploi, formation qualifiante, SIAE)",
            _pct(ratio(f.exits_positive, f.exits)),
            None,
            _of(f.exits_positive, f.exits),
            "",
            "entrees_sorties",
            "Sorties",
        ),
        Line(
            "Dont formation qualifiante ou SIAE",
            _pct(ratio(training, f.exits)),
            None,
            _of(training, f.exits),
            "",
            "entrees_sorties",
            "Sorties",
        ),
        Line(
            "Durée moyenne des parcours clos dans le mois (jours)",
            _dec(f.mean_exit_days),
            None,
            f"{len(f.exit_days)} parcours",
            "R6",
            "entrees_sorties",
            "Sorties",
        ),
        Line(
            "Mises en attente commencées dans le mois",
            _n(f.pauses_started),
            None,
            "",
            "R9",
            "mises_en_attente_ep",
            "Actions",
        ),
        Line(
            "Mises en attente en cours à la date du rapport",
            _n(f.pauses_ongoing),
            None,
            "",
            "R9",
            "mises_en_attente_ep",
            "Actions",
        ),
        Line(
            "Saisines de l'équipe pluridisciplinaire",
            _n(f.ep_referrals),
            None,
            "",
            "R9",
            "mises_en_attente_ep",
            "Actions",
        ),
        Line(
            "Décisions de l'équipe pluridisciplinaire",
            _n(f.ep_decisions),
            None,
            "",
            "R9",
            "mises_en_attente_ep",
            "Actions",
        ),
        Line(
            "Alertes en retard à la date du rapport",
            _n(f.alerts_late),
            None,
            "",
            "",
            "alertes",
            "Alertes",
        ),
        Line(
            "Alertes bientôt dues à la date du rapport",
            _n(f.alerts_soon),
            None,
            "",
            "",
            "alertes",
            "Alertes",
        ),
        Line(
            "Participants depuis le début de l'année",
            _n(participants_ytd),
            _n(YEARLY_PARTICIPANTS_TARGET),
            "",
            "",
            "participant_fse",
            "",
        ),
    ]
    return lines
