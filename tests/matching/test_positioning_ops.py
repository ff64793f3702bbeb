"""Positioning operations: proposal, dated steps, refusals, and "retenu" → hire → exit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from schema import Outcome, PositioningStep
from schema.operations import WorkflowError
from schema.operations import positioning as ops
from tests import factories
from tests.matching import helpers

TODAY = date(2026, 11, 16)


@pytest.fixture
def acc(session, counsellor):
    return factories.accompaniment(session, counsellor, entry=date(2026, 10, 10))


@pytest.fixture
def offer(session):
    return helpers.opportunity(session, positions=2)


def refused(part: str):
    return pytest.raises(WorkflowError, match=part)


def steps(session, positioning):
    return session.execute(
        select(PositioningStep.status, PositioningStep.step_date, PositioningStep.recorded_by_id)
        .where(PositioningStep.positioning_id == positioning.id)
        .order_by(PositioningStep.id)
    ).all()


def test_steps_are_dated_and_kept(session, counsellor, acc, offer):
    p = ops.position(session, acc, opportunity=offer, by=counsellor, today=date(2026, 11, 2))
    assert (p.status, p.proposed_on, p.status_on) == (
        "propose",
        date(2026, 11, 2),
        date(2026, 11, 2),
    )
    ops.move_positioning(
        session, p, status="candidature", on=date(2026, 11, 4), by=counsellor, today=TODAY
    )
    ops.move_positioning(
        session,
        p,
        status="entretien",
        on=date(2026, 11, 10),
        by=counsellor,
        today=TODAY,
        notes="Entretien chez l'employeur à 14 h",
    )
    ops.move_positioning(
        session, p, status="non_retenu", on=date(2026, 11, 13), by=counsellor, today=TODAY
    )
    assert (p.status, p.status_on, p.notes) == (
        "non_retenu",
        date(2026, 11, 13),
        "Entretien chez l'employeur à 14 h",
    )
    assert steps(session, p) == [
        ("propose", date(2026, 11, 2), counsellor.id),
        ("candidature", date(2026, 11, 4), counsellor.id),
        ("entretien", date(2026, 11, 10), counsellor.id),
        ("non_retenu", date(2026, 11, 13), counsellor.id),
    ]
    with refused("« non retenu » ne peut pas passer à « entretien »"):
        ops.move_positioning(session, p, status="entretien", on=TODAY, by=counsellor, today=TODAY)


def test_refusals(session, counsellor, acc, offer):
    p = ops.position(session, acc, opportunity=offer, by=counsellor, today=date(2026, 11, 10))
    with refused("déjà positionnée sur cette offre"):
        ops.position(session, acc, opportunity=offer, by=counsellor, today=TODAY)
    with refused("ne peut pas être dans le futur"):
        ops.move_positioning(
            session, p, status="candidature", on=date(2026, 11, 17), by=counsellor, today=TODAY
        )
    with refused("ne peut pas précéder l'étape précédente « proposé » \\(10/11/2026\\)"):
        ops.move_positioning(
            session, p, status="candidature", on=date(2026, 11, 9), by=counsellor, today=TODAY
        )
    with refused("Pour « Retenu », enregistrez l'embauche"):
        ops.move_positioning(session, p, status="retenu", on=TODAY, by=counsellor, today=TODAY)
    closed = helpers.opportunity(session, title="Cariste", status="annulee")
    with refused("L'offre « Cariste » n'est plus ouverte \\(annulée\\)"):
        ops.position(session, acc, opportunity=closed, by=counsellor, today=TODAY)
    newcomer = factories.accompaniment(session, counsellor, entry=None)
    with refused("premier rendez-vous n'est pas encore enregistré"):
        ops.position(session, newcomer, opportunity=offer, by=counsellor, today=TODAY)


def test_retained_without_leaving_records_the_hire(session, counsellor, acc, offer):
    p = ops.position(session, acc, opportunity=offer, by=counsellor, today=date(2026, 11, 2))
    cdd = helpers.contract(session, "cdd_moins_6_mois")
    ops.record_hire(
        session,
        p,
        on=date(2026, 11, 12),
        by=counsellor,
        today=TODAY,
        hire=ops.Hire(contract_type=cdd, job_start_date=date(2026, 12, 1)),
    )
    assert (p.status, p.status_on, p.contract_type, p.job_start_date) == (
        "retenu",
        date(2026, 11, 12),
        cdd,
        date(2026, 12, 1),
    )
    assert acc.status == "actif"
    assert session.scalar(select(Outcome).where(Outcome.accompaniment_id == acc.id)) is None
    assert offer.status == "ouverte"  # one of two positions filled
    other = factories.accompaniment(session, counsellor, entry=date(2026, 10, 1))
    second = ops.position(session, other, opportunity=offer, by=counsellor, today=TODAY)
    ops.record_hire(session, second, on=TODAY, by=counsellor, today=TODAY, hire=ops.Hire())
    assert offer.status == "pourvue"


def test_retained_and_leaving_closes_through_the_follow_up_operation(
    session, counsellor, acc, offer
):
    p = ops.position(session, acc, opportunity=offer, by=counsellor, today=date(2026, 11, 2))
    cdi = helpers.contract(session, "cdi")
    reason = ops.exit_reason_for(session, cdi)
    assert reason.code == "cdi"
    ops.record_hire(
        session,
        p,
        on=date(2026, 11, 13),
        by=counsellor,
        today=TODAY,
        hire=ops.Hire(contract_type=cdi, job_start_date=date(2026, 11, 23)),
        leaving=ops.Leaving(
            exit_reason=reason, exit_date=date(2026, 11, 13), follow_ups="Suivi dans l'emploi"
        ),
    )
    assert (acc.status, acc.exit_date, acc.exit_reason, acc.follow_ups) == (
        "clos",
        date(2026, 11, 13),
        reason,
        "Suivi dans l'emploi",
    )
    outcome = session.scalar(select(Outcome).where(Outcome.accompaniment_id == acc.id))
    assert (
        outcome.contract_type,
        outcome.employer,
        outcome.job_start_date,
        outcome.situation_4_weeks,
        outcome.situation_4_weeks_on,
    ) == (cdi, offer.employer, date(2026, 11, 23), "emploi", date(2026, 11, 13))


def test_leaving_is_refused_as_a_whole(session, counsellor, acc, offer):
    p = ops.position(session, acc, opportunity=offer, by=counsellor, today=date(2026, 11, 2))
    leaving = ops.Leaving(
        exit_reason=helpers.exit_reason(session, "cdi"), exit_date=TODAY, follow_ups="  "
    )
    with refused("Les suites préconisées sont obligatoires"):
        ops.record_hire(
            session,
            p,
            on=TODAY,
            by=counsellor,
            today=TODAY,
            leaving=leaving,
            hire=ops.Hire(contract_type=helpers.contract(session, "cdi")),
        )
    assert p.status == "propose" and acc.status == "actif"
    with refused("indiquez le type de contrat"):
        ops.record_hire(
            session,
            p,
            on=TODAY,
            by=counsellor,
            today=TODAY,
            hire=ops.Hire(),
            leaving=ops.Leaving(exit_reason=leaving.exit_reason, exit_date=TODAY, follow_ups="x"),
        )


def test_clause_hours(session, counsellor, acc):
    clause = helpers.opportunity(
        session,
        channel="clause",
        public_contract="Rénovation du Palais des Arts",
        insertion_hours=400,
        positions=3,
    )
    p = ops.position(session, acc, opportunity=clause, by=counsellor, today=TODAY)
    ops.record_hire(
        session,
        p,
        on=TODAY,
        by=counsellor,
        today=TODAY,
        hire=ops.Hire(
            contract_type=helpers.contract(session, "cdd_moins_6_mois"), insertion_hours=300
        ),
    )
    assert ops.clause_hours_filled(session, clause) == 300
    other = factories.accompaniment(session, counsellor, entry=date(2026, 10, 1))
    q = ops.position(session, other, opportunity=clause, by=counsellor, today=TODAY)
    with refused("La clause porte 400 h d'insertion, dont 300 h déjà réalisées"):
        ops.record_hire(
            session, q, on=TODAY, by=counsellor, today=TODAY, hire=ops.Hire(insertion_hours=150)
        )
    plain = helpers.opportunity(session)
    r = ops.position(session, other, opportunity=plain, by=counsellor, today=TODAY)
    with refused("ne concernent que les offres en clause d'insertion"):
        ops.record_hire(
            session, r, on=TODAY, by=counsellor, today=TODAY, hire=ops.Hire(insertion_hours=10)
        )
