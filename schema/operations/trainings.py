"""Trainings (formations) of a person: recorded, then moved through information → positionné →
entré → terminé / certifié (or abandon). Entering a qualifying training moves the pathway to the
"formation" phase; a certification sets ``Outcome.qualification_obtained`` and
``Outcome.qualification_obtained_on`` — the FSE+ result EECR03 "qualification obtenue" is read
from those two fields.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from schema.accounts import User
from schema.enums import AccompanimentStatus, Phase, TrainingStatus
from schema.operations.checks import is_open, not_in_future, optional_text, require, required_text
from schema.pathway import Accompaniment, Outcome
from schema.reference import TrainingScheme
from schema.rules.calendar import fr
from schema.trainings import Training

T = TrainingStatus
TRANSITIONS: dict[str, tuple[TrainingStatus, ...]] = {
    T.INFORMATION: (T.POSITIONNE, T.ENTRE, T.ABANDON),
    T.POSITIONNE: (T.ENTRE, T.ABANDON),
    T.ENTRE: (T.TERMINE, T.CERTIFIE, T.ABANDON),
    T.TERMINE: (T.CERTIFIE,),
    T.ABANDON: (),
    T.CERTIFIE: (),
}
INITIAL = (T.INFORMATION, T.POSITIONNE)


def next_statuses(training: Training) -> tuple[TrainingStatus, ...]:
    return TRANSITIONS[TrainingStatus(training.status)]


def add_training(
    session: Session,
    accompaniment: Accompaniment,
    *,
    scheme: TrainingScheme | None,
    title: str,
    qualifying: bool,
    by: User,
    today: date,
    organisation: str | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    status: TrainingStatus | str = T.INFORMATION,
) -> Training:
    """A training the person is informed about or positioned on."""
    is_open(accompaniment)
    require(scheme is not None, "Le dispositif de formation est obligatoire.")
    require(scheme.active, f"Le dispositif « {scheme.label} » n'est plus utilisé.")
    require(
        status in (s.value for s in INITIAL),
        "Une formation s'enregistre au stade « information » ou « positionné » ; "
        "son entrée s'enregistre ensuite.",
    )
    require(
        end_date is None or start_date is None or end_date >= start_date,
        "La fin de la formation ne peut pas précéder son début.",
    )
    training = Training(
        accompaniment=accompaniment,
        scheme=scheme,
        title=required_text(title, "L'intitulé de la formation", 200),
        organisation=optional_text(organisation, "L'organisme", 200),
        qualifying=bool(qualifying),
        start_date=start_date,
        end_date=end_date,
        status=TrainingStatus(status).value,
        status_on=today,
    )
    session.add(training)
    session.flush()
    return training


def change_training_status(
    session: Session,
    training: Training,
    *,
    status: TrainingStatus | str,
    on: date,
    by: User,
    today: date,
) -> list[str]:
    """Move the training to ``status`` on ``on``; returns what followed, in French."""
    require(status in TrainingStatus.labels(), "Statut de formation inconnu.")
    status = TrainingStatus(status)
    current = TrainingStatus(training.status)
    accompaniment = training.accompaniment
    if status != T.CERTIFIE:  # a certification may come after the exit (FSE+ results)
        is_open(accompaniment)
    require(
        status in TRANSITIONS[current],
        f"Une formation « {current.label.lower()} » ne peut pas passer à "
        f"« {status.label.lower()} ».",
    )
    not_in_future(on, today, "La date")
    require(
        training.status_on is None or on >= training.status_on,
        f"La date ne peut pas précéder celle du statut actuel ({fr(training.status_on)}).",
    )
    require(
        status != T.CERTIFIE or training.qualifying,
        "Seule une formation qualifiante peut être certifiée.",
    )
    effects: list[str] = []
    training.status = status.value
    training.status_on = on
    if status == T.ENTRE and training.start_date is None:
        training.start_date = on
    if status in (T.TERMINE, T.CERTIFIE, T.ABANDON) and training.end_date is None:
        training.end_date = max(on, training.start_date or on)
    if (
        status == T.ENTRE
        and training.qualifying
        and accompaniment.status in (AccompanimentStatus.ACTIF, AccompanimentStatus.EN_ATTENTE)
        and accompaniment.phase != Phase.FORMATION
    ):
        accompaniment.phase = Phase.FORMATION.value
        effects.append("Le parcours passe en phase « Formation ».")
    if status == T.CERTIFIE:
        outcome = session.scalar(
            select(Outcome).where(Outcome.accompaniment_id == accompaniment.id)
        )
        if outcome is None:
            outcome = Outcome(accompaniment=accompaniment)
            session.add(outcome)
        outcome.qualification_obtained = True
        outcome.qualification_obtained_on = on
        effects.append("Qualification obtenue enregistrée (indicateur FSE+).")
    session.flush()
    return effects
