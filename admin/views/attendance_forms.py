"""Forms of the attendance pages. Each carries the CSRF token through AdminForm."""

from __future__ import annotations

from wtforms import DateField, IntegerField, SelectField, StringField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from admin.forms import AdminForm

REQUIRED = "Ce champ est obligatoire."


class NewSessionForm(AdminForm):
    """Schedule a séance of a catalogue workshop."""

    workshop_id = SelectField(
        "Atelier", coerce=int, validators=[InputRequired(REQUIRED)], validate_choice=True
    )
    day = DateField(
        "Date",
        format=["%d/%m/%Y", "%Y-%m-%d"],
        validators=[InputRequired(REQUIRED)],
        render_kw={"placeholder": "JJ/MM/AAAA"},
    )
    starts = TimeField("Début", format="%H:%M", validators=[InputRequired(REQUIRED)])
    ends = TimeField("Fin", format="%H:%M", validators=[InputRequired(REQUIRED)])
    place = StringField("Lieu", validators=[InputRequired(REQUIRED), Length(max=200)])
    facilitator = StringField(
        "Animation",
        validators=[Optional(), Length(max=120)],
        render_kw={"list": "counsellor-names", "autocomplete": "off"},
    )
    capacity = IntegerField(
        "Places",
        validators=[
            Optional(),
            NumberRange(min=1, max=500, message="Le nombre de places va de 1 à 500."),
        ],
    )

    # Messages for values that do not parse (WTForms' own ones are in English).
    format_errors = {
        "day": "Date invalide : écrivez-la JJ/MM/AAAA.",
        "starts": "Heure invalide : écrivez-la HH:MM.",
        "ends": "Heure invalide : écrivez-la HH:MM.",
        "capacity": "Indiquez un nombre de places.",
    }

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for name, message in self.format_errors.items():
            field = self[name]
            if field.raw_data and field.raw_data[0] and field.data is None:
                field.errors = [message]
        return ok
