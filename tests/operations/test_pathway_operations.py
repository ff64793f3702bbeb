"""Workflow operations: allowed and refused cases, who did it, what changed."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from schema import Action, Cer, Contact, Outcome
from schema.enums import Role
from schema.operations import WorkflowError
from schema.operations import closing as closing_ops
from schema.operations import pathway as ops
from schema.rules.states import RuleState
from tests import factories
from tests.rules.helpers import state_of

TODAY = date(2026, 11, 16)


@pytest.fixture
def waiting(session, counsellor):
    return factories.accompaniment(session, counsellor, d0=date(2026, 11, 2), entry=None)


@pytest.fixture
def active(session, counsellor):
    return factories.accompaniment(session, counsellor, entry=date(2026, 10, 10))


def refused(message_part: str):
    return pytest.raises(WorkflowError, match=message_part)


def test_first_appointment_with_cer(session, counsellor, waiting):
    ops.record_first_appointment(
        session,
        waiting,
        held_at=datetime(2026, 11, 12, 9, 30),
        by=counsellor,
        today=TODAY,
        cer=ops.CerTerms(end_date=date(2027, 5, 12), weekly_hours=20, objectives="Cariste"),
    )
    assert (waiting.status, waiting.entry_date) == ("actif", date(2026, 11, 12))
    assert waiting.planned_end == date(2027, 5, 12)
    (cer,) = session.scalars(select(Cer).where(Cer.accompaniment_id == waiting.id))
    assert (cer.kind, cer.signed_on, cer.weekly_hours) == ("premier", date(2026, 11, 12), 20)
    (contact,) = session.scalars(select(Contact).where(Contact.accompaniment_id == waiting.id))
    assert (contact.mode, contact.status, contact.created_by_id) == (
        "physique",
        "honore",
        counsellor.id,
    )
    assert state_of(session, waiting, "r1", TODAY) == RuleState.OK
    assert state_of(session, waiting, "r2", TODAY) == RuleState.OK
    assert state_of(session, waiting, "r3", TODAY) == RuleState.OK


def test_first_appointment_with_reorientation(session, counsellor, waiting):
    ops.record_first_appointment(
        session,
        waiting,
        held_at=datetime(2026, 11, 12, 9, 30),
        by=counsellor,
        today=TODAY,
        reorientation_reason="Parcours social : problème de logement",
    )
    (action,) = session.scalars(select(Action).where(Action.accompaniment_id == waiting.id))
    assert (action.kind, action.created_by_id) == ("reorientation", counsellor.id)
    assert state_of(session, waiting, "r2", TODAY) == RuleState.OK


@pytest.mark.parametrize(
    ("held_at", "kwargs", "message"),
    [
        (datetime(2026, 11, 17, 9), {"cer": ops.CerTerms()}, "dans le futur"),
        (datetime(2026, 11, 1, 9), {"cer": ops.CerTerms()}, "précéder la décision d'orientation"),
        (datetime(2026, 11, 12, 9), {"cer": ops.CerTerms(weekly_hours=10)}, "motif de réduction"),
        (datetime(2026, 11, 12, 9), {"reorientation_reason": "  "}, "motif de réorientation"),
        (datetime(2026, 11, 12, 9), {}, "soit la signature du CER"),
    ],
)
def test_first_appointment_refused(session, counsellor, waiting, held_at, kwargs, message):
    with refused(message):
        ops.record_first_appointment(
            session, waiting, held_at=held_at, by=counsellor, today=TODAY, **kwargs
        )
    assert waiting.status == "a_contacter"


def test_first_appointment_only_once(session, counsellor, active):
    with refused("déjà enregistré"):
        ops.record_first_appointment(
            session,
            active,
            held_at=datetime(2026, 11, 12, 9),
            by=counsellor,
            today=TODAY,
            cer=ops.CerTerms(),
        )


def test_pause_and_resume(session, counsellor, active):
    pause = ops.pause_accompaniment(
        session,
        active,
        start=date(2026, 11, 2),
        reason="Hospitalisation",
        by=counsellor,
        today=TODAY,
    )
    assert (active.status, pause.kind, pause.created_by_id) == (
        "en_attente",
        "mise_en_attente",
        counsellor.id,
    )
    assert state_of(session, active, "r3", TODAY) == RuleState.PAUSED
    with refused("Seul un accompagnement actif"):
        ops.pause_accompaniment(
            session, active, start=date(2026, 11, 3), reason="x", by=counsellor, today=TODAY
        )
    with refused("précéder le début de la mise en attente"):
        ops.resume_accompaniment(session, active, on=date(2026, 11, 1), by=counsellor, today=TODAY)
    ops.resume_accompaniment(session, active, on=date(2026, 11, 13), by=counsellor, today=TODAY)
    assert (active.status, pause.end_date) == ("actif", date(2026, 11, 13))
    assert state_of(session, active, "r3", TODAY) == RuleState.OK
    with refused("n'est pas en attente"):
        ops.resume_accompaniment(session, active, on=TODAY, by=counsellor, today=TODAY)


@pytest.mark.parametrize(
    ("start", "reason", "message"),
    [
        (date(2026, 11, 2), "", "motif de la mise en attente est obligatoire"),
        (date(2026, 10, 1), "Santé", "précéder l'entrée"),
        (date(2026, 11, 20), "Santé", "dans le futur"),
    ],
)
def test_pause_refused(session, counsellor, active, start, reason, message):
    with refused(message):
        ops.pause_accompaniment(
            session, active, start=start, reason=reason, by=counsellor, today=TODAY
        )
    assert active.status == "actif"


def test_pause_needs_an_entered_accompaniment(session, counsellor, waiting):
    with refused("premier rendez-vous n'est pas encore enregistré"):
        ops.pause_accompaniment(
            session, waiting, start=TODAY, reason="Santé", by=counsellor, today=TODAY
        )


def test_ep_referral_then_decision(session, counsellor, active):
    referral = ops.refer_to_ep(
        session,
        active,
        on=date(2026, 11, 3),
        reason="Absences répétées",
        by=counsellor,
        today=TODAY,
    )
    with refused("attend déjà sa décision"):
        ops.refer_to_ep(session, active, on=TODAY, reason="Autre", by=counsellor, today=TODAY)
    with refused("précéder la saisine"):
        ops.record_ep_decision(
            session,
            referral,
            decision="Maintien",
            decided_on=date(2026, 11, 2),
            by=counsellor,
            today=TODAY,
        )
    ops.record_ep_decision(
        session,
        referral,
        decision="Maintien dans le parcours",
        decided_on=date(2026, 11, 10),
        by=counsellor,
        today=TODAY,
    )
    assert (referral.decision_date, referral.created_by_id) == (date(2026, 11, 10), counsellor.id)
    with refused("déjà enregistrée"):
        ops.record_ep_decision(
            session, referral, decision="x", decided_on=TODAY, by=counsellor, today=TODAY
        )


def test_phase_and_extension(session, counsellor, active, waiting):
    ops.change_phase(session, active, phase="emploi", by=counsellor)
    assert active.phase == "emploi"
    with refused("déjà en phase « Emploi »"):
        ops.change_phase(session, active, phase="emploi", by=counsellor)
    with refused("pas encore enregistré"):
        ops.change_phase(session, waiting, phase="emploi", by=counsellor)
    with refused("motif de prolongation est obligatoire"):
        ops.extend_accompaniment(
            session, active, new_end=date(2027, 6, 1), reason=" ", by=counsellor
        )
    with refused("après la fin prévue actuelle"):
        ops.extend_accompaniment(
            session, active, new_end=date(2027, 3, 1), reason="Formation", by=counsellor
        )
    ops.extend_accompaniment(
        session, active, new_end=date(2027, 6, 1), reason="Formation qualifiante", by=counsellor
    )
    assert (active.planned_end, active.extension_reason) == (
        date(2027, 6, 1),
        "Formation qualifiante",
    )


def test_record_contact(session, counsellor, active):
    contact = ops.record_contact(
        session,
        active,
        held_at=datetime(2026, 11, 16, 11),
        mode="telephone",
        by=counsellor,
        today=TODAY,
    )
    assert (contact.status, contact.created_by_id) == ("honore", counsellor.id)
    with refused("dans le futur"):
        ops.record_contact(
            session,
            active,
            held_at=datetime(2026, 11, 17, 11),
            mode="telephone",
            by=counsellor,
            today=TODAY,
        )


def close(session, acc, by, **overrides):
    values = {
        "exit_reason": overrides.pop("exit_reason"),
        "exit_date": date(2026, 11, 13),
        "follow_ups": "Suivi par France Travail ; atelier CV.",
        "situation": "emploi",
        "by": by,
        "today": TODAY,
    }
    values.update(overrides)
    return closing_ops.close_accompaniment(session, acc, **values)


def test_close_ends_the_pause_and_records_the_outcome(session, counsellor, active, ref):
    pause = ops.pause_accompaniment(
        session, active, start=date(2026, 11, 2), reason="Santé", by=counsellor, today=TODAY
    )
    outcome = close(session, active, counsellor, exit_reason=ref["exit_reason"])
    assert (active.status, active.exit_date, active.exit_reason_id) == (
        "clos",
        date(2026, 11, 13),
        ref["exit_reason"].id,
    )
    assert active.follow_ups == "Suivi par France Travail ; atelier CV."
    assert (outcome.situation_4_weeks, outcome.situation_4_weeks_on) == (
        "emploi",
        date(2026, 11, 13),
    )
    assert pause.end_date == date(2026, 11, 13)
    assert all(
        state_of(session, active, code, TODAY) == RuleState.NA
        for code in ("r1", "r2", "r3", "r4", "r5", "r6", "r8")
    )
    with refused("est clos depuis le 13/11/2026"):
        close(session, active, counsellor, exit_reason=ref["exit_reason"])


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"follow_ups": "   "}, "suites préconisées sont obligatoires"),
        ({"exit_date": date(2026, 10, 1)}, "précéder l'entrée"),
        ({"exit_date": date(2026, 11, 30)}, "dans le futur"),
        ({"situation": "lune"}, "Situation à la sortie inconnue"),
    ],
)
def test_close_refused(session, counsellor, active, ref, overrides, message):
    with refused(message):
        close(session, active, counsellor, exit_reason=ref["exit_reason"], **overrides)
    assert active.status == "actif"
    assert session.scalar(select(Outcome).where(Outcome.accompaniment_id == active.id)) is None


def test_reopen(session, counsellor, active, ref):
    manager = factories.user(session, Role.MANAGER)
    close(session, active, counsellor, exit_reason=ref["exit_reason"])
    with refused("Seul·e un·e responsable"):
        closing_ops.reopen_accompaniment(
            session, active, reason="Erreur", by=counsellor, today=TODAY
        )
    with refused("dans les 30 jours"):
        closing_ops.reopen_accompaniment(
            session, active, reason="Erreur", by=manager, today=date(2026, 12, 14)
        )
    closing_ops.reopen_accompaniment(
        session, active, reason="Clôture par erreur", by=manager, today=date(2026, 12, 13)
    )
    assert (active.status, active.exit_date, active.exit_reason_id) == ("actif", None, None)
    # Closed again: the outcome row is updated, not duplicated.
    close(session, active, counsellor, exit_reason=ref["exit_reason"], situation="formation")
    outcomes = session.scalars(select(Outcome).where(Outcome.accompaniment_id == active.id)).all()
    assert [o.situation_4_weeks for o in outcomes] == ["formation"]


def test_reopen_refused_when_another_is_open(session, counsellor, active, ref):
    manager = factories.user(session, Role.MANAGER)
    close(session, active, counsellor, exit_reason=ref["exit_reason"])
    factories.accompaniment(session, counsellor, active.person, entry=None)
    with refused("déjà un autre accompagnement en cours"):
        closing_ops.reopen_accompaniment(session, active, reason="Erreur", by=manager, today=TODAY)


def test_first_appointment_asks_the_unknown_sex_and_stores_it(session, counsellor):
    person = factories.person(session, sex=None)  # imported from a list without "Sexe"
    waiting = factories.accompaniment(session, counsellor, person, d0=date(2026, 11, 2), entry=None)
    held = {"held_at": datetime(2026, 11, 12, 9, 30), "by": counsellor, "today": TODAY}
    with refused("Le sexe de la personne n'est pas encore renseigné : indiquez-le."):
        ops.record_first_appointment(session, waiting, cer=ops.CerTerms(), **held)
    with refused("Sexe inconnu « Z » \\(F, H ou X attendu\\)."):
        ops.record_first_appointment(session, waiting, cer=ops.CerTerms(), sex="Z", **held)
    assert (waiting.status, person.sex) == ("a_contacter", None)
    ops.record_first_appointment(session, waiting, cer=ops.CerTerms(), sex="H", **held)
    assert (waiting.status, waiting.entry_date, person.sex) == ("actif", date(2026, 11, 12), "H")


def test_first_appointment_keeps_a_known_sex(session, counsellor, waiting):
    ops.record_first_appointment(
        session,
        waiting,
        held_at=datetime(2026, 11, 12, 9, 30),
        by=counsellor,
        today=TODAY,
        reorientation_reason="Parcours social",
    )
    assert waiting.person.sex == "F"
