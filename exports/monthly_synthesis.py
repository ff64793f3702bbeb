"""The synthesis sheet of the monthly report: one line per indicator, with its value, target,
basis of calculation, rule and detail sheet, computed from the summed rows
(``exports.indicators.MonthFigures``)."""

from __future__ import annotations

from dataclasses import dataclass

from exports.indicators import YEARLY_PARTICIPANTS_TARGET, MonthFigures, ratio
from exports.writer import Kind, Typed
from schema.enums import AttendanceStatus, ExitCategory
from schema.rules import capacity, first_appointment


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
    numerator: int | None = None  # a rate's parts, as numbers in their own cells
    denominator: int | None = None


def _n(value: int | None) -> Typed:
    return Typed(value, Kind.INT)


def _pct(value: float | None) -> Typed:
    return Typed(value, Kind.PERCENT)


def _dec(value: float | None) -> Typed:
    return Typed(value, Kind.DECIMAL)


def _of(part: int, whole: int) -> str:
    return f"{part} / {whole}"


FULL = Typed(1.0, Kind.PERCENT)

# The exit rates, over the month's exits. "Sorties positives" is only the rate (every exit whose
# reason counts as positive: employment, training, SIAE); the category of training and SIAE
# exits is named "Sortie vers formation ou SIAE" (schema.enums.ExitCategory).
EMPLOYMENT_RATE = "Taux de retour à l'emploi (emploi durable ou de transition)"
DURABLE_RATE = "Taux de sorties en emploi durable"
TRANSITION_RATE = "Taux de sorties en emploi de transition"
POSITIVE_RATE = "Taux de sorties positives (emploi, formation, SIAE)"
TRAINING_RATE = "Taux de sorties vers formation ou SIAE"


def _rate(
    label: str,
    part: int,
    whole: int,
    target: Typed | None,
    rule: str,
    definition: str,
    sheet: str,
) -> Line:
    """A rate line: the rate, and its numerator and denominator as numbers in their own cells
    (the basis text repeats them)."""
    value, basis = _pct(ratio(part, whole)), _of(part, whole)
    return Line(label, value, target, basis, rule, definition, sheet, part, whole)


def _exit_share(label: str, part: int, exits: int) -> Line:
    """A rate over the month's exits, detailed on the "Sorties" sheet."""
    return _rate(label, part, exits, None, "", "entrees_sorties", "Sorties")


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
            d.count_within(15),
            d.count,
        ),
        Line(
            "Entrées reçues en 30 jours ou moins",
            _pct(d.share_within(30)),
            FULL,
            _of(d.count_within(30), d.count),
            "R1",
            "premier_rdv",
            "Entrées",
            d.count_within(30),
            d.count,
        ),
        _rate(
            "CER signé au premier rendez-vous",
            f.cer_at_first,
            f.cer_eligible,
            FULL,
            "R2",
            "cer_premier_rdv",
            "Entrées",
        ),
        _rate(
            "Semaines-personnes avec un contact",
            f.weeks_with_contact,
            f.weeks_required,
            FULL,
            "R3",
            "semaines_contact",
            "File active",
        ),
        _rate(
            "Personnes ayant tenu leurs entretiens physiques requis",
            f.months_ok,
            f.months_required,
            FULL,
            "R4",
            "mois_entretiens",
            "File active",
        ),
        _rate(
            "Émargement des entretiens physiques",
            f.interviews_signed,
            f.interviews,
            FULL,
            "R7",
            "emargement",
            "Contacts",
        ),
        _rate(
            "Émargement des présences en atelier",
            f.attendances_signed,
            f.attendance_statuses[AttendanceStatus.PRESENT],
            FULL,
            "R7",
            "emargement",
            "Ateliers",
        ),
        _rate(
            "Diagnostics à 3 mois faits à temps",
            f.diagnostics_on_time,
            f.diagnostics_due,
            FULL,
            "R5",
            "diagnostic_a_temps",
            "File active",
        ),
        _rate(
            "Absences non excusées aux rendez-vous",
            missed,
            due,
            None,
            "",
            "absences",
            "Contacts",
        ),
        _rate(
            "Absences non excusées aux ateliers",
            w_missed,
            w_due,
            None,
            "",
            "absences",
            "Ateliers",
        ),
        Line("Sorties du mois", _n(f.exits), None, "", "", "entrees_sorties", "Sorties"),
    ]
    for category in ExitCategory:
        lines.append(
            Line(
                f"Sorties par catégorie : {category.label[0].lower()}{category.label[1:]}",
                _n(cat[category]),
                None,
                _of(cat[category], f.exits),
                "",
                "entrees_sorties",
                "Sorties",
                cat[category],
                f.exits,
            )
        )
    lines += [
        _exit_share(EMPLOYMENT_RATE, f.exits_employment, f.exits),
        _exit_share(DURABLE_RATE, durable, f.exits),
        _exit_share(TRANSITION_RATE, transition, f.exits),
        _exit_share(POSITIVE_RATE, f.exits_positive, f.exits),
        _exit_share(TRAINING_RATE, training, f.exits),
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
