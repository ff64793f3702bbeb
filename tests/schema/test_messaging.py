"""Messages written when an appointment is planned, moved or cancelled (schema.messaging)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from schema import OutboxMessage
from schema.enums import Role
from schema.messaging import mobile_number, reminder_due
from schema.operations import agenda as ops
from schema.retention import anonymise
from tests import factories

NOW = datetime(2026, 12, 4, 16, 0)  # Friday, Paris time (15:00 UTC)
MONDAY_930 = datetime(2026, 12, 7, 9, 30)
TUESDAY_14 = datetime(2026, 12, 8, 14, 0)


@pytest.fixture
def counsellor(session, ref):
    return factories.user(session, Role.COUNSELLOR, full_name="Claire Martin")


def _acc(session, counsellor, **person):
    p = factories.person(session, **person)
    return factories.accompaniment(session, counsellor, p, d0=date(2026, 12, 1), entry=None)


def _plan(session, acc, counsellor, starts_at=MONDAY_930, now=NOW, mode="physique"):
    return ops.plan_contact(
        session,
        acc,
        starts_at=starts_at,
        duration_minutes=60,
        mode=mode,
        place="12 rue de la Paix, Dunkerque",
        by=counsellor,
        now=now,
    )


def _messages(session, acc):
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.accompaniment_id == acc.id)
        .order_by(OutboxMessage.id)
    )
    return [(m.kind, m.channel, m.status, m.due_at, m.recipient, m.contact_id) for m in rows]


def test_mobile_numbers_are_recognised():
    assert mobile_number("06 01 02 03 04") == "0601020304"
    assert mobile_number("+33 7.12.34.56.78") == "0712345678"
    assert mobile_number("0033612345678") == "0612345678"
    assert mobile_number("03 28 00 00 00") is None  # landline
    assert mobile_number("06 01") is None
    assert mobile_number(None) is None


def test_reminder_is_the_day_before_at_ten_paris_time():
    # Winter: Paris is UTC+1; summer: UTC+2.
    assert reminder_due(datetime(2026, 12, 7, 9, 30)) == datetime(2026, 12, 6, 9, 0)
    assert reminder_due(datetime(2026, 7, 1, 15, 0)) == datetime(2026, 6, 30, 8, 0)


def test_planning_writes_an_invitation_and_a_reminder(session, counsellor):
    acc = _acc(session, counsellor, phone="06 11 22 33 44", email="elodie@example.fr")
    contact = _plan(session, acc, counsellor)
    now_utc = datetime(2026, 12, 4, 15, 0)
    sunday_10_paris = datetime(2026, 12, 6, 9, 0)
    assert _messages(session, acc) == [
        ("invitation", "sms", "a_envoyer", now_utc, "0611223344", contact.id),
        ("invitation", "email", "a_envoyer", now_utc, "elodie@example.fr", contact.id),
        ("rappel", "sms", "a_envoyer", sunday_10_paris, "0611223344", contact.id),
        ("rappel", "email", "a_envoyer", sunday_10_paris, "elodie@example.fr", contact.id),
    ]
    sms = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.accompaniment_id == acc.id, OutboxMessage.channel == "sms"
        )
    ).first()
    assert sms.body == (
        "Entreprendre Ensemble : vous avez rendez-vous le lundi 07/12/2026 à 09:30, au lieu "
        "suivant : 12 rue de la Paix, Dunkerque. En cas d'empêchement, merci de nous prévenir."
    )
    assert sms.subject is None
    assert acc.person.last_name not in sms.body and "Élodie" not in sms.body
    email = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.accompaniment_id == acc.id,
            OutboxMessage.channel == "email",
            OutboxMessage.kind == "rappel",
        )
    ).one()
    assert email.subject == "Rappel : votre rendez-vous de demain"
    assert "rappel de votre rendez-vous demain, le lundi 07/12/2026 à 09:30" in email.body


def test_no_reminder_when_its_moment_is_past(session, counsellor):
    acc = _acc(session, counsellor)
    # Planned on Monday at 11:00 for Tuesday: the reminder (Monday 10:00) is already past.
    _plan(session, acc, counsellor, TUESDAY_14, now=datetime(2026, 12, 7, 11, 0))
    assert [m[:3] for m in _messages(session, acc)] == [("invitation", "sms", "a_envoyer")]


def test_telephone_appointment_text(session, counsellor):
    acc = _acc(session, counsellor)
    _plan(session, acc, counsellor, mode="telephone")
    body = session.scalars(
        select(OutboxMessage.body).where(OutboxMessage.accompaniment_id == acc.id)
    ).first()
    assert "par téléphone : votre conseiller·ère vous appellera" in body


def test_moving_reschedules_the_reminder(session, counsellor):
    acc = _acc(session, counsellor)
    contact = _plan(session, acc, counsellor)
    reminder_id = session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.contact_id == contact.id, OutboxMessage.kind == "rappel"
        )
    )
    moved = ops.move_contact(
        session,
        contact,
        starts_at=TUESDAY_14,
        duration_minutes=60,
        place="Bureau 3",
        by=counsellor,
        now=datetime(2026, 12, 5, 9, 0),
    )
    assert _messages(session, acc) == [
        # The invitation not sent yet would announce the old time: the move replaces it.
        ("invitation", "sms", "annule", datetime(2026, 12, 4, 15, 0), "0601020304", contact.id),
        ("rappel", "sms", "a_envoyer", datetime(2026, 12, 7, 9, 0), "0601020304", moved.id),
        ("deplacement", "sms", "a_envoyer", datetime(2026, 12, 5, 8, 0), "0601020304", moved.id),
    ]
    reminder = session.get(OutboxMessage, reminder_id)
    assert "le mardi 08/12/2026 à 14:00, au lieu suivant : Bureau 3" in reminder.body
    move = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.kind == "deplacement", OutboxMessage.contact_id == moved.id
        )
    ).one()
    assert move.body.startswith(
        "Entreprendre Ensemble : votre rendez-vous du lundi 07/12/2026 à 09:30 est déplacé "
        "le mardi 08/12/2026 à 14:00, au lieu suivant : Bureau 3."
    )


def test_moving_too_late_for_a_reminder_cancels_it(session, counsellor):
    acc = _acc(session, counsellor)
    contact = _plan(session, acc, counsellor, TUESDAY_14)
    ops.move_contact(
        session,
        contact,
        starts_at=datetime(2026, 12, 7, 16, 0),
        duration_minutes=60,
        place="Bureau 3",
        by=counsellor,
        now=datetime(2026, 12, 7, 11, 0),
    )
    assert [m[:3] for m in _messages(session, acc)] == [
        ("invitation", "sms", "annule"),
        ("rappel", "sms", "annule"),
        ("deplacement", "sms", "a_envoyer"),
    ]


def test_cancelling_cancels_the_reminder(session, counsellor):
    acc = _acc(session, counsellor)
    contact = _plan(session, acc, counsellor)
    ops.cancel_contact(session, contact, by=counsellor, now=datetime(2026, 12, 5, 9, 0))
    assert [m[:4] for m in _messages(session, acc)] == [
        ("invitation", "sms", "annule", datetime(2026, 12, 4, 15, 0)),
        ("rappel", "sms", "annule", datetime(2026, 12, 6, 9, 0)),
        ("annulation", "sms", "a_envoyer", datetime(2026, 12, 5, 8, 0)),
    ]
    body = session.scalars(
        select(OutboxMessage.body).where(OutboxMessage.kind == "annulation")
    ).one()
    assert body.startswith(
        "Entreprendre Ensemble : votre rendez-vous le lundi 07/12/2026 à 09:30 est annulé."
    )


def test_a_sent_invitation_stays_sent_when_cancelled(session, counsellor):
    acc = _acc(session, counsellor)
    contact = _plan(session, acc, counsellor)
    invitation = session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "invitation")
    ).one()
    invitation.status = "envoye"
    session.flush()
    ops.cancel_contact(session, contact, by=counsellor, now=NOW)
    assert [m[:3] for m in _messages(session, acc)] == [
        ("invitation", "sms", "envoye"),
        ("rappel", "sms", "annule"),
        ("annulation", "sms", "a_envoyer"),
    ]


def test_letter_when_no_mobile_nor_email(session, counsellor):
    acc = _acc(
        session,
        counsellor,
        last_name="Lefebvre",
        first_name="Marc",
        phone="03 28 11 22 33",
        email=None,
        address="4 place Jean Bart",
    )
    contact = _plan(session, acc, counsellor)
    address = "LEFEBVRE Marc\n4 place Jean Bart\n59140 Dunkerque"
    assert _messages(session, acc) == [
        ("invitation", "courrier", "a_imprimer", datetime(2026, 12, 4, 15, 0), address, contact.id)
    ]
    letter = session.scalars(
        select(OutboxMessage).where(OutboxMessage.contact_id == contact.id)
    ).one()
    assert letter.subject == "Votre rendez-vous du lundi 07/12/2026"
    assert letter.body.startswith(
        "Madame, Monsieur,\n\nEntreprendre Ensemble : vous avez rendez-vous"
    )
    ops.cancel_contact(session, contact, by=counsellor, now=datetime(2026, 12, 5, 9, 0))
    assert [m[:3] for m in _messages(session, acc)] == [
        ("invitation", "courrier", "annule"),
        ("annulation", "courrier", "a_imprimer"),
    ]


def test_letter_without_address_says_it_is_missing(session, counsellor):
    acc = _acc(session, counsellor, last_name="Roux", phone=None, address=None)
    _plan(session, acc, counsellor)
    assert (
        _messages(session, acc)[0][4]
        == "ROUX Élodie\n59140 Dunkerque\n(adresse postale à compléter)"
    )


def test_opt_out_gets_letters_only(session, counsellor):
    acc = _acc(
        session,
        counsellor,
        email="refus@example.fr",
        address="1 rue Thiers",
        messages_opt_out=True,
    )
    contact = _plan(session, acc, counsellor)
    ops.move_contact(
        session,
        contact,
        starts_at=TUESDAY_14,
        duration_minutes=60,
        place="Bureau 3",
        by=counsellor,
        now=datetime(2026, 12, 5, 9, 0),
    )
    assert [m[:3] for m in _messages(session, acc)] == [
        ("invitation", "courrier", "annule"),
        ("deplacement", "courrier", "a_imprimer"),
    ]


def test_anonymising_a_person_deletes_their_messages(session, counsellor):
    gone = _acc(session, counsellor)
    kept = _acc(session, counsellor)
    _plan(session, gone, counsellor)
    _plan(session, kept, counsellor, TUESDAY_14)
    assert anonymise(session, [gone.person_id], now=datetime(2026, 12, 5, 9, 0)) == 1
    assert _messages(session, gone) == []
    assert [m[:2] for m in _messages(session, kept)] == [("invitation", "sms"), ("rappel", "sms")]
