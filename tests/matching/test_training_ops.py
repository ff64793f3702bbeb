"""Training operations: statuses with dates, phase "formation", qualification obtained."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from schema import Outcome
from schema.operations import WorkflowError, closing
from schema.operations import trainings as ops
from tests import factories
from tests.matching import helpers

TODAY = date(2026, 11, 16)


@pytest.fixture
def acc(session, counsellor):
    return factories.accompaniment(session, counsellor, entry=date(2026, 10, 10))


def add(session, acc, counsellor, qualifying=True, **kw):
    return ops.add_training(
        session,
        acc,
        scheme=helpers.scheme(session),
        title="Titre professionnel agent de propreté",
        organisation="AFPA Dunkerque",
        qualifying=qualifying,
        by=counsellor,
        today=date(2026, 11, 2),
        **kw,
    )


def test_entering_a_qualifying_training_sets_the_formation_phase(session, counsellor, acc):
    training = add(session, acc, counsellor)
    assert (training.status, training.status_on) == ("information", date(2026, 11, 2))
    assert (
        ops.change_training_status(
            session, training, status="positionne", on=date(2026, 11, 5), by=counsellor, today=TODAY
        )
        == []
    )
    effects = ops.change_training_status(
        session, training, status="entre", on=date(2026, 11, 12), by=counsellor, today=TODAY
    )
    assert effects == ["Le parcours passe en phase « Formation »."]
    assert (training.status, training.start_date, acc.phase) == (
        "entre",
        date(2026, 11, 12),
        "formation",
    )


def test_non_qualifying_training_keeps_the_phase(session, counsellor, acc):
    training = add(session, acc, counsellor, qualifying=False)
    ops.change_training_status(
        session, training, status="entre", on=TODAY, by=counsellor, today=TODAY
    )
    assert acc.phase == "orientation"
    with pytest.raises(WorkflowError, match="Seule une formation qualifiante peut être certifiée"):
        ops.change_training_status(
            session, training, status="certifie", on=TODAY, by=counsellor, today=TODAY
        )


def test_certification_feeds_qualification_obtained_even_after_exit(session, counsellor, acc):
    training = add(session, acc, counsellor)
    ops.change_training_status(
        session, training, status="entre", on=date(2026, 11, 3), by=counsellor, today=TODAY
    )
    closing.close_accompaniment(
        session,
        acc,
        exit_reason=helpers.exit_reason(session, "formation_qualifiante"),
        exit_date=date(2026, 11, 5),
        follow_ups="Suivi par l'organisme",
        situation="formation",
        by=counsellor,
        today=TODAY,
    )
    with pytest.raises(WorkflowError, match="clos depuis le 05/11/2026"):
        ops.change_training_status(
            session, training, status="abandon", on=TODAY, by=counsellor, today=TODAY
        )
    effects = ops.change_training_status(
        session, training, status="certifie", on=TODAY, by=counsellor, today=TODAY
    )
    assert effects == ["Qualification obtenue enregistrée (indicateur FSE+)."]
    outcome = session.scalar(select(Outcome).where(Outcome.accompaniment_id == acc.id))
    assert (outcome.qualification_obtained, outcome.qualification_obtained_on) == (True, TODAY)
    assert outcome.situation_4_weeks == "formation"
    assert training.end_date == TODAY


def test_certification_before_exit_survives_the_closing(session, counsellor, acc):
    training = add(session, acc, counsellor)
    for status in ("entre", "termine", "certifie"):
        ops.change_training_status(
            session, training, status=status, on=TODAY, by=counsellor, today=TODAY
        )
    closing.close_accompaniment(
        session,
        acc,
        exit_reason=helpers.exit_reason(session, "cdi"),
        exit_date=TODAY,
        follow_ups="Aucune",
        situation="emploi",
        by=counsellor,
        today=TODAY,
    )
    outcome = session.scalar(select(Outcome).where(Outcome.accompaniment_id == acc.id))
    assert (outcome.qualification_obtained, outcome.situation_4_weeks) == (True, "emploi")


def test_refusals(session, counsellor, acc):
    with pytest.raises(WorkflowError, match="L'intitulé de la formation est obligatoire"):
        ops.add_training(
            session,
            acc,
            scheme=helpers.scheme(session),
            title=" ",
            qualifying=True,
            by=counsellor,
            today=TODAY,
        )
    with pytest.raises(WorkflowError, match="ne peut pas précéder son début"):
        add(session, acc, counsellor, start_date=date(2027, 1, 10), end_date=date(2027, 1, 1))
    with pytest.raises(WorkflowError, match="son entrée s'enregistre ensuite"):
        add(session, acc, counsellor, status="entre")
    training = add(session, acc, counsellor)
    with pytest.raises(WorkflowError, match="« information » ne peut pas passer à « terminé »"):
        ops.change_training_status(
            session, training, status="termine", on=TODAY, by=counsellor, today=TODAY
        )
    with pytest.raises(WorkflowError, match="précéder celle du statut actuel \\(02/11/2026\\)"):
        ops.change_training_status(
            session, training, status="entre", on=date(2026, 11, 1), by=counsellor, today=TODAY
        )
