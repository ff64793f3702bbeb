"""The small French forms of positionings and trainings."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from admin.forms import AdminForm
from admin.workflow_forms import REQUIRED, date_field, text_field
from schema.operations.closing import FOLLOW_UPS_MAX_LENGTH
from schema.operations.positioning import NOTES_MAX_LENGTH
from schema.operations.trainings import INITIAL


class PositionForm(AdminForm):
    """One click "Positionner": who, on what (the opportunity is in the URL)."""

    accompaniment_id = HiddenField(validators=[InputRequired(REQUIRED)])
    back = HiddenField()  # "offre" or "parcours": the page to return to


class StepForm(AdminForm):
    """A positioning's next step: its date and a note."""

    version = HiddenField()
    on = date_field("Date")
    notes = TextAreaField(
        "Notes",
        validators=[Optional(), Length(max=NOTES_MAX_LENGTH)],
        description="Faits objectifs : la personne peut demander à lire ce texte.",
    )


class HireForm(AdminForm):
    """ "Retenu": the hire, and whether the person leaves the programme with it."""

    version = HiddenField()
    on = date_field("Retenu·e le")
    contract_type = SelectField("Type de contrat", coerce=str, validators=[Optional()])
    job_start_date = date_field("Début du contrat", required=False)
    insertion_hours = IntegerField(
        "Heures d'insertion réalisées (clause)",
        validators=[Optional(), NumberRange(0, 100000, "Un nombre d'heures positif.")],
        description="Heures de la clause d'insertion que ce recrutement permet de réaliser.",
    )
    leaves = BooleanField("La personne sort du programme avec cet emploi (clore l'accompagnement)")
    exit_reason = SelectField("Motif de sortie", coerce=str, validators=[Optional()])
    exit_date = date_field("Date de sortie", required=False)
    follow_ups = TextAreaField(
        "Suites préconisées",
        validators=[Optional(), Length(max=FOLLOW_UPS_MAX_LENGTH)],
        description="Obligatoires pour clore : ce qui est recommandé à la personne et aux "
        "partenaires.",
    )


class TrainingForm(AdminForm):
    scheme = SelectField("Dispositif", coerce=str, validators=[InputRequired(REQUIRED)])
    title = text_field("Formation", max_length=200)
    organisation = text_field("Organisme", required=False, max_length=200)
    qualifying = BooleanField("Formation qualifiante")
    start_date = date_field("Début", required=False)
    end_date = date_field("Fin", required=False)
    status = SelectField(
        "Statut",
        choices=[(s.value, s.label) for s in INITIAL],
        validators=[InputRequired(REQUIRED)],
    )


class TrainingStatusForm(AdminForm):
    version = HiddenField()
    on = date_field("Date")
