"""The French forms of the agenda: plan, move and cancel an appointment; a week of working
hours."""

from __future__ import annotations

import re
from datetime import time

from wtforms import DateTimeField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from admin.forms import AdminForm
from admin.workflow_forms import DATETIME_ATTRS, DATETIME_FORMATS, REQUIRED
from schema.agenda import DEFAULT_DURATION_MINUTES, MAX_DURATION_MINUTES
from schema.enums import ContactMode
from schema.operations.agenda import MIN_DURATION_MINUTES
from schema.working_hours import WEEKDAY_LABELS

DURATION_MESSAGE = f"Entre {MIN_DURATION_MINUTES} et {MAX_DURATION_MINUTES} minutes."


def _starts_at() -> DateTimeField:
    return DateTimeField(
        "Date et heure",
        format=DATETIME_FORMATS,
        validators=[InputRequired(REQUIRED)],
        render_kw=DATETIME_ATTRS,
    )


class AppointmentForm(AdminForm):
    """When, how long, how and where: shared by planning and moving."""

    starts_at = _starts_at()
    duration_minutes = IntegerField(
        "Durée (minutes)",
        default=DEFAULT_DURATION_MINUTES,
        validators=[
            InputRequired(REQUIRED),
            NumberRange(MIN_DURATION_MINUTES, MAX_DURATION_MINUTES, DURATION_MESSAGE),
        ],
    )
    mode = SelectField("Mode", choices=ContactMode.choices(), default=ContactMode.PHYSIQUE.value)
    place = StringField(
        "Lieu",
        validators=[Optional(), Length(max=200, message="200 caractères au plus.")],
        render_kw={"placeholder": "Bureau, adresse, numéro de visio…"},
    )


class PlanForm(AppointmentForm):
    accompaniment = SelectField(
        "Personne",
        choices=[],
        validate_choice=True,
        validators=[InputRequired("Choisissez la personne.")],
    )


class MoveForm(AppointmentForm):
    """The version of the appointment the user saw: a stale page is refused."""

    version = HiddenField()


class CancelForm(AdminForm):
    version = HiddenField()


TIME_RE = re.compile(r"^([01]?\d|2[0-3])[:hH]([0-5]\d)$")
PERIODS_PER_DAY = 2


def parse_time(raw: str | None) -> time | None:
    """« 9:00 », « 09:00 » or « 9h00 » as a time, None when empty; ValueError otherwise."""
    text = (raw or "").strip()
    if not text:
        return None
    match = TIME_RE.match(text)
    if match is None:
        raise ValueError(text)
    return time(int(match.group(1)), int(match.group(2)))


def _time_check(_form: AdminForm, field: StringField) -> None:
    try:
        parse_time(field.data)
    except ValueError as exc:
        raise ValidationError("Heure invalide : écrivez-la HH:MM (par exemple 09:00).") from exc


def time_field_name(weekday: int, period: int, end: str) -> str:
    return f"d{weekday}_p{period}_{end}"


class WorkingHoursForm(AdminForm):
    """A week of working periods: two per day (morning, afternoon), Monday to Saturday; the
    token of the rows the form was built from (a page saved by someone else meanwhile is
    refused)."""

    token = HiddenField()


for _weekday in range(len(WEEKDAY_LABELS)):
    for _period in range(PERIODS_PER_DAY):
        for _end, _label in (("start", "Début"), ("end", "Fin")):
            setattr(
                WorkingHoursForm,
                time_field_name(_weekday, _period, _end),
                StringField(
                    f"{WEEKDAY_LABELS[_weekday]}, période {_period + 1} : {_label.lower()}",
                    validators=[Optional(), Length(max=5), _time_check],
                    render_kw={"placeholder": "HH:MM", "size": 5, "autocomplete": "off"},
                ),
            )
