"""The small French forms of the accompaniment's workflow actions."""

from __future__ import annotations

from wtforms import (
    DateField,
    DateTimeField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import TextInput

from admin.forms import AdminForm
from schema.contacts import SYNTHESIS_HELP, SYNTHESIS_MAX_LENGTH
from schema.enums import CerPendingReason, ContactMode, Phase, Sex, Situation

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
REQUIRED = "Ce champ est obligatoire."
DATE_ATTRS = {"placeholder": "JJ/MM/AAAA", "autocomplete": "off"}
DATETIME_ATTRS = {"placeholder": "JJ/MM/AAAA HH:MM", "autocomplete": "off"}


def date_field(label: str, required: bool = True) -> DateField:
    # A text input: browsers refuse JJ/MM/AAAA in <input type="date"> and show it empty.
    return DateField(
        label,
        widget=TextInput(),
        format=DATE_FORMATS,
        validators=[InputRequired(REQUIRED)] if required else [Optional()],
        render_kw=DATE_ATTRS,
    )


def text_field(label: str, required: bool = True, max_length: int = 500) -> StringField:
    first = InputRequired(REQUIRED) if required else Optional()
    return StringField(label, validators=[first, Length(max=max_length)])


class WorkflowForm(AdminForm):
    """Carries the version of the accompaniment the user saw (stale pages are refused)."""

    version = HiddenField()


def cer_term_fields() -> tuple[DateField, IntegerField, StringField, TextAreaField]:
    """The terms of a first CER (end, weekly hours, reason for fewer hours, objectives): the
    same fields on the first-appointment form and on the later signature's."""
    return (
        date_field("Fin du CER", required=False),
        IntegerField(
            "Heures d'activité par semaine",
            validators=[Optional(), NumberRange(0, 60, "Entre 0 et 60 heures.")],
        ),
        text_field("Motif de réduction (moins de 15 h)", required=False),
        TextAreaField("Objectifs du CER", validators=[Optional(), Length(max=4000)]),
    )


class FirstAppointmentForm(WorkflowForm):
    held_at = DateTimeField(
        "Premier rendez-vous tenu le",
        format=DATETIME_FORMATS,
        validators=[InputRequired(REQUIRED)],
        render_kw=DATETIME_ATTRS,
    )
    # Shown (and required) only while the person's sex is unknown: see ``ask_sex``.
    sex = SelectField(
        "Sexe de la personne",
        choices=[("", "— Choisir —"), *Sex.choices()],
        description="Pas encore renseigné (liste d'orientation importée sans lui).",
        validators=[InputRequired(REQUIRED)],
    )

    def ask_sex(self, unknown: bool) -> None:
        """Keep the sex field only when the person's sex is unknown."""
        if not unknown:
            del self.sex

    outcome = RadioField(
        "Au premier rendez-vous",
        choices=[
            ("cer", "Le CER est signé"),
            ("reorientation", "La personne est réorientée (pas de CER)"),
            ("pending", "Le CER reste à signer (signature plus tard)"),
        ],
        default="cer",
        validators=[InputRequired(REQUIRED)],
    )
    cer_end, weekly_hours, reduced_hours_reason, objectives = cer_term_fields()
    reorientation_reason = text_field("Motif de la réorientation", required=False)
    cer_pending_reason = SelectField(
        "Motif du CER restant à signer",
        choices=[("", "— Choisir —"), *CerPendingReason.choices()],
        validators=[Optional()],
    )
    cer_pending_note = StringField(
        "Précision (obligatoire pour « autre motif »)",
        description="Faits objectifs, sans donnée de santé ni jugement.",
        validators=[Optional(), Length(max=500)],
    )


class FirstCerForm(WorkflowForm):
    """The CER left to sign at the first appointment, signed later."""

    signed_on = date_field("CER signé le")
    cer_end, weekly_hours, reduced_hours_reason, objectives = cer_term_fields()


class ContactForm(WorkflowForm):
    held_at = DateTimeField(
        "Contact du",
        format=DATETIME_FORMATS,
        validators=[InputRequired(REQUIRED)],
        render_kw=DATETIME_ATTRS,
    )
    mode = SelectField("Mode", choices=ContactMode.choices(), validators=[InputRequired()])
    duration_minutes = IntegerField(
        "Durée (minutes)", validators=[Optional(), NumberRange(0, 1440, "Entre 0 et 1440.")]
    )
    synthesis = TextAreaField(
        "Synthèse",
        description=SYNTHESIS_HELP,
        validators=[Optional(), Length(max=SYNTHESIS_MAX_LENGTH)],
    )


class PauseForm(WorkflowForm):
    start = date_field("En attente à partir du")
    reason = text_field("Motif de la mise en attente")


class ResumeForm(WorkflowForm):
    on = date_field("Reprise le")
    outcome = text_field("Commentaire", required=False)


class EpReferralForm(WorkflowForm):
    on = date_field("Saisine le")
    reason = text_field("Motif de la saisine")


class EpDecisionForm(WorkflowForm):
    referral_id = HiddenField()
    decided_on = date_field("Décision du")
    decision = text_field("Décision de l'EP")


class PhaseForm(WorkflowForm):
    phase = SelectField("Nouvelle phase", choices=Phase.choices(), validators=[InputRequired()])


class ExtensionForm(WorkflowForm):
    new_end = date_field("Nouvelle fin prévue")
    reason = text_field("Motif de la prolongation")


class CloseForm(WorkflowForm):
    exit_date = date_field("Date de sortie")
    exit_reason = SelectField("Motif de sortie", coerce=str, validators=[InputRequired(REQUIRED)])
    situation = SelectField(
        "Situation à la sortie",
        choices=[("", "— Non connue —"), *Situation.choices()],
        validators=[Optional()],
    )
    contract_type = SelectField("Type de contrat (si emploi)", coerce=str)
    job_start_date = date_field("Début du contrat", required=False)
    follow_ups = TextAreaField(
        "Suites préconisées",
        validators=[InputRequired(REQUIRED), Length(max=4000)],
        description="Obligatoire : ce qui est recommandé à la personne et aux partenaires.",
    )


class ReopenForm(WorkflowForm):
    reason = text_field("Motif de la réouverture")
