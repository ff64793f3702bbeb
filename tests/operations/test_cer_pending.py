"""Issue 14: a first appointment held with the CER still to sign, and the CER signed later."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from schema import Action, Cer, Contact
from schema.enums import CerPendingReason
from schema.operations import WorkflowError
from schema.operations import cer as cer_ops
from schema.operations import closing as closing_ops
from schema.operations import pathway as ops
from schema.rules.states import RuleState
from tests import factories
from tests.rules.helpers import row_of, state_of

TODAY = date(2026, 11, 16)
HELD_AT = datetime(2026, 11, 12, 9, 30)


@pytest.fixture
def waiting(session, counsellor):
    return factories.accompaniment(session, counsellor, d0=date(2026, 11, 2), entry=None)


def refused(message_part: str):
    return pytest.raises(WorkflowError, match=message_part)


def held_pending(session, counsellor, acc, reason="documents_manquants", note=None):
    return ops.record_first_appointment(
        session,
        acc,
        held_at=HELD_AT,
        by=counsellor,
        today=TODAY,
        cer_pending_reason=reason,
        cer_pending_note=note,
    )


def test_first_appointment_with_the_cer_still_to_sign(session, counsellor, waiting):
    held_pending(session, counsellor, waiting, note=" Attestation CAF à fournir ")
    assert (waiting.status, waiting.entry_date) == ("actif", date(2026, 11, 12))
    assert (waiting.cer_pending_reason, waiting.cer_pending_note) == (
        "documents_manquants",
        "Attestation CAF à fournir",
    )
    assert waiting.planned_end == date(2027, 5, 12)
    assert session.scalars(select(Cer).where(Cer.accompaniment_id == waiting.id)).all() == []
    assert session.scalars(select(Action).where(Action.accompaniment_id == waiting.id)).all() == []
    (contact,) = session.scalars(select(Contact).where(Contact.accompaniment_id == waiting.id))
    assert (contact.held_at, contact.mode, contact.status, contact.created_by_id) == (
        HELD_AT,
        "physique",
        "honore",
        counsellor.id,
    )
    assert state_of(session, waiting, "r1", TODAY) == RuleState.OK
    assert state_of(session, waiting, "r3", TODAY) == RuleState.OK
    assert state_of(session, waiting, "r2", TODAY) == RuleState.LATE
    r2 = row_of(session, waiting, TODAY).rules["r2"]
    assert (r2.due, r2.detail) == (
        date(2026, 11, 12),
        "CER à signer depuis 4 j (documents manquants)",
    )


@pytest.mark.parametrize("reason", [CerPendingReason.DELAI_REFLEXION, "delai_reflexion"])
def test_a_reason_without_a_note(session, counsellor, waiting, reason):
    held_pending(session, counsellor, waiting, reason=reason, note="  ")
    assert (waiting.cer_pending_reason, waiting.cer_pending_note) == ("delai_reflexion", None)


def test_other_reason_needs_its_text(session, counsellor, waiting):
    for note in (None, "   "):
        with refused("Précisez le motif pour lequel le CER reste à signer"):
            held_pending(session, counsellor, waiting, reason="autre", note=note)
    assert waiting.status == "a_contacter"
    held_pending(session, counsellor, waiting, reason="autre", note="Attend l'accord du conjoint")
    assert (waiting.cer_pending_reason, waiting.cer_pending_note) == (
        "autre",
        "Attend l'accord du conjoint",
    )


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Choisissez le motif pour lequel le CER reste à signer"),
        ("oubli", "Motif inconnu « oubli »"),
    ],
)
def test_pending_reason_required(session, counsellor, waiting, reason, message):
    with refused(message):
        held_pending(session, counsellor, waiting, reason=reason)
    assert (waiting.status, waiting.entry_date, waiting.cer_pending_reason) == (
        "a_contacter",
        None,
        None,
    )


@pytest.mark.parametrize(
    "choices",
    [
        {},
        {"cer": ops.CerTerms(), "cer_pending_reason": "delai_reflexion"},
        {"reorientation_reason": "Parcours social", "cer_pending_reason": "delai_reflexion"},
        {"cer": ops.CerTerms(), "reorientation_reason": "Parcours social"},
        {
            "cer": ops.CerTerms(),
            "reorientation_reason": "Parcours social",
            "cer_pending_reason": "autre",
            "cer_pending_note": "x",
        },
    ],
)
def test_exactly_one_choice(session, counsellor, waiting, choices):
    with refused("soit le motif pour lequel le CER reste à signer"):
        ops.record_first_appointment(
            session, waiting, held_at=HELD_AT, by=counsellor, today=TODAY, **choices
        )
    assert waiting.status == "a_contacter"


# --- Signing later -------------------------------------------------------------------------------


def sign(session, counsellor, acc, on: date, today: date = date(2026, 11, 20), **terms):
    return cer_ops.sign_first_cer(
        session, acc, signed_on=on, cer=ops.CerTerms(**terms), by=counsellor, today=today
    )


def test_signing_later(session, counsellor, waiting):
    held_pending(session, counsellor, waiting, reason="autre", note="Attend son conjoint")
    cer = sign(
        session,
        counsellor,
        waiting,
        date(2026, 11, 19),
        end_date=date(2027, 5, 19),
        weekly_hours=12,
        reduced_hours_reason="Garde d'enfant",
        objectives="  Cariste  ",
    )
    assert (cer.kind, cer.signed_on, cer.start_date, cer.end_date) == (
        "premier",
        date(2026, 11, 19),
        date(2026, 11, 19),
        date(2027, 5, 19),
    )
    assert (cer.weekly_hours, cer.reduced_hours_reason, cer.objectives) == (
        12,
        "Garde d'enfant",
        "Cariste",
    )
    assert (waiting.cer_pending_reason, waiting.cer_pending_note) == (None, None)
    assert waiting.entry_date == date(2026, 11, 12)  # the entry stays the first appointment
    assert state_of(session, waiting, "r2", date(2026, 11, 20)) == RuleState.OK
    assert row_of(session, waiting, date(2026, 11, 20)).rules["r2"].detail == "signé"


def test_signing_on_the_first_appointment_day_is_allowed(session, counsellor, waiting):
    held_pending(session, counsellor, waiting)
    assert sign(session, counsellor, waiting, date(2026, 11, 12)).signed_on == date(2026, 11, 12)


@pytest.mark.parametrize(
    ("on", "terms", "message"),
    [
        (date(2026, 11, 11), {}, "ne peut pas précéder le premier rendez-vous \\(12/11/2026\\)"),
        (date(2026, 11, 21), {}, "La date de signature du CER ne peut pas être dans le futur"),
        (date(2026, 11, 19), {"weekly_hours": 10}, "le motif de réduction est obligatoire"),
        (date(2026, 11, 19), {"weekly_hours": 61}, "vont de 0 à 60"),
        (
            date(2026, 11, 19),
            {"end_date": date(2026, 11, 18)},
            "La fin du CER ne peut pas précéder sa signature",
        ),
    ],
)
def test_signing_later_refused(session, counsellor, waiting, on, terms, message):
    held_pending(session, counsellor, waiting)
    with refused(message):
        sign(session, counsellor, waiting, on, **terms)
    assert waiting.cer_pending_reason == "documents_manquants"
    assert session.scalars(select(Cer).where(Cer.accompaniment_id == waiting.id)).all() == []


def test_signing_twice_is_refused(session, counsellor, waiting):
    held_pending(session, counsellor, waiting)
    sign(session, counsellor, waiting, date(2026, 11, 19))
    with refused("Le premier CER est déjà enregistré \\(signé le 19/11/2026\\)"):
        sign(session, counsellor, waiting, date(2026, 11, 20))
    assert len(session.scalars(select(Cer).where(Cer.accompaniment_id == waiting.id)).all()) == 1


def test_signing_needs_the_pending_state(session, counsellor, waiting):
    with refused("premier rendez-vous n'est pas encore enregistré"):
        sign(session, counsellor, waiting, date(2026, 11, 19))
    reoriented = factories.accompaniment(session, counsellor, d0=date(2026, 11, 2), entry=None)
    ops.record_first_appointment(
        session,
        reoriented,
        held_at=HELD_AT,
        by=counsellor,
        today=TODAY,
        reorientation_reason="Parcours social",
    )
    with refused("n'est pas en attente de signature"):
        sign(session, counsellor, reoriented, date(2026, 11, 19))
    signed = factories.accompaniment(session, counsellor, entry=date(2026, 10, 10))
    factories.cer(session, signed)
    with refused("Le premier CER est déjà enregistré \\(signé le 10/10/2026\\)"):
        sign(session, counsellor, signed, date(2026, 11, 19))


def test_signing_while_paused_but_not_once_closed(session, counsellor, waiting, ref):
    held_pending(session, counsellor, waiting)
    ops.pause_accompaniment(
        session,
        waiting,
        start=date(2026, 11, 13),
        reason="Hospitalisation",
        by=counsellor,
        today=TODAY,
    )
    assert sign(session, counsellor, waiting, date(2026, 11, 14)).signed_on == date(2026, 11, 14)

    other = factories.accompaniment(session, counsellor, d0=date(2026, 11, 2), entry=None)
    held_pending(session, counsellor, other)
    closing_ops.close_accompaniment(
        session,
        other,
        exit_reason=ref["exit_reason"],
        exit_date=date(2026, 11, 14),
        follow_ups="Orientation vers France Travail",
        situation=None,
        by=counsellor,
        today=TODAY,
    )
    with refused("Cet accompagnement est clos"):
        sign(session, counsellor, other, date(2026, 11, 15))


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"cer_pending_reason": "oubli"}, "cer_pending_reason_valid"),
        ({"cer_pending_reason": "autre", "cer_pending_note": None}, "cer_pending_other_has_note"),
    ],
)
def test_database_keeps_the_pending_state_coherent(session, counsellor, values, constraint):
    acc = factories.accompaniment(session, counsellor, entry=date(2026, 10, 10))
    nested = session.begin_nested()
    for name, value in values.items():
        setattr(acc, name, value)
    with pytest.raises(IntegrityError, match=constraint):
        session.flush()
    nested.rollback()


def test_database_refuses_a_pending_cer_before_entry(session, counsellor):
    acc = factories.accompaniment(session, counsellor, entry=None)
    nested = session.begin_nested()
    acc.cer_pending_reason = "delai_reflexion"
    with pytest.raises(IntegrityError, match="cer_pending_after_entry"):
        session.flush()
    nested.rollback()
