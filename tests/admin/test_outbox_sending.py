"""Delivering the outbox through a real SMTP server started by the test (aiosmtpd, localhost)."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from admin.senders import LogSender, SmtpSender, masked, sender_from_config
from schema import OutboxMessage
from schema.enums import Role
from schema.operations import agenda as ops
from schema.outbox_delivery import claim_due, send_due
from tests import factories

NOW = datetime(2026, 12, 4, 16, 0)  # Paris time when the appointment is planned
NOW_UTC = datetime(2026, 12, 4, 15, 0)
REMINDER_UTC = datetime(2026, 12, 6, 9, 0)  # Sunday 10:00 in Paris
GATEWAY = "sms.passerelle.test"


class Collector:
    """aiosmtpd handler keeping what it received: (envelope recipients, parsed message)."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd hook name
        self.received.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Collector, int]]:
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield collector, controller.port
    finally:
        controller.stop()


def _sender(port: int, **kw) -> SmtpSender:
    values = {
        "host": "127.0.0.1",
        "port": port,
        "starttls": False,
        "mail_from": "rdv@entreprendre-ensemble.test",
        "sms_gateway_domain": GATEWAY,
    }
    values.update(kw)
    return SmtpSender(**values)


@pytest.fixture
def planned(session, ref):
    counsellor = factories.user(session, Role.COUNSELLOR)
    person = factories.person(session, phone="06 01 02 03 04", email="elodie@example.fr")
    acc = factories.accompaniment(session, counsellor, person, d0=date(2026, 12, 1), entry=None)
    contact = ops.plan_contact(
        session,
        acc,
        starts_at=datetime(2026, 12, 7, 9, 30),
        duration_minutes=60,
        mode="physique",
        place="Bureau 2",
        by=counsellor,
        now=NOW,
    )
    session.commit()
    return contact


def _rows(session):
    session.expire_all()
    return [
        (m.kind, m.channel, m.status, m.attempts, m.sent_at)
        for m in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    ]


def test_due_messages_go_through_smtp(session, planned, smtp_server):
    collector, port = smtp_server
    report = send_due(session, _sender(port), NOW_UTC)
    assert (report.sent, report.retried, report.failed) == (2, 0, 0)
    assert _rows(session) == [
        ("invitation", "sms", "envoye", 1, NOW_UTC),
        ("invitation", "email", "envoye", 1, NOW_UTC),
        ("rappel", "sms", "a_envoyer", 0, None),
        ("rappel", "email", "a_envoyer", 0, None),
    ]
    (sms_to, sms), (email_to, email) = collector.received
    assert sms_to == [f"33601020304@{GATEWAY}"]
    assert email_to == ["elodie@example.fr"]
    assert email["From"] == "rdv@entreprendre-ensemble.test"
    assert email["Subject"] == "Votre rendez-vous du lundi 07/12/2026"
    assert "vous avez rendez-vous le lundi 07/12/2026 à 09:30, au lieu suivant : Bureau 2." in (
        email.get_payload(decode=True).decode()
    )
    assert "Dupont" not in sms.get_payload(decode=True).decode()

    # Nothing more before the reminder's time; the reminders at Sunday 10:00.
    assert send_due(session, _sender(port), REMINDER_UTC - timedelta(minutes=1)).sent == 0
    assert send_due(session, _sender(port), REMINDER_UTC).sent == 2
    assert [row[2] for row in _rows(session)] == ["envoye"] * 4
    assert len(collector.received) == 4
    assert collector.received[3][1]["Subject"] == "Rappel : votre rendez-vous de demain"


def test_a_claimed_message_is_not_claimed_again(session, planned):
    first = claim_due(session, NOW_UTC)
    assert [(m.kind, m.channel, m.attempts) for m in first] == [
        ("invitation", "sms", 1),
        ("invitation", "email", 1),
    ]
    # A second worker running at the same time finds nothing to send.
    assert claim_due(session, NOW_UTC + timedelta(minutes=1)) == []


def test_three_failed_tries_then_failure(session, planned):
    down = _sender(_free_port())  # nothing listens there
    report = send_due(session, down, NOW_UTC)
    assert (report.sent, report.retried) == (0, 2)
    rows = _rows(session)
    assert rows[0][:4] == ("invitation", "sms", "a_envoyer", 1)
    message = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).first()
    assert message.last_error.startswith("ConnectionRefusedError")
    # Not retried within 10 minutes, then retried; the third failure is final.
    assert send_due(session, down, NOW_UTC + timedelta(minutes=5)).retried == 0
    assert send_due(session, down, NOW_UTC + timedelta(minutes=10)).retried == 2
    report = send_due(session, down, NOW_UTC + timedelta(minutes=20))
    assert (report.failed, report.retried) == (2, 0)
    assert [row[2:4] for row in _rows(session)[:2]] == [("echec", 3), ("echec", 3)]
    assert send_due(session, down, NOW_UTC + timedelta(minutes=40)).failed == 0


def test_sms_without_gateway_is_an_error(session, planned, smtp_server):
    collector, port = smtp_server
    report = send_due(session, _sender(port, sms_gateway_domain=None), NOW_UTC)
    assert (report.sent, report.retried) == (1, 1)
    sms = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "sms")).first()
    assert sms.last_error == (
        "SendError : SMS_GATEWAY_DOMAIN n'est pas configuré : SMS non envoyé."
    )
    assert [to for to, _ in collector.received] == [["elodie@example.fr"]]


def test_reminder_of_an_appointment_no_longer_planned_is_cancelled(session, planned):
    planned.status = "honore"
    planned.held_at = planned.planned_at
    session.commit()
    report = send_due(session, LogSender(), REMINDER_UTC)
    assert (report.sent, report.cancelled) == (2, 2)
    assert [row[:3] for row in _rows(session)] == [
        ("invitation", "sms", "journalise"),
        ("invitation", "email", "journalise"),
        ("rappel", "sms", "annule"),
        ("rappel", "email", "annule"),
    ]


def test_log_sender_masks_the_recipient(session, planned, caplog):
    with caplog.at_level(logging.INFO, logger="ensemble.outbox"):
        send_due(session, LogSender(), NOW_UTC)
    assert "pour 06******04 :" in caplog.text
    assert "pour e***@example.fr :" in caplog.text
    assert "0601020304" not in caplog.text
    assert masked("elodie@example.fr") == "e***@example.fr"


def test_sender_from_configuration():
    assert isinstance(sender_from_config({}), LogSender)
    sender = sender_from_config(
        {
            "MESSAGE_SENDER": "smtp",
            "SMTP_HOST": "smtp.example.test",
            "SMTP_PORT": "2525",
            "SMTP_STARTTLS": False,
            "MAIL_FROM": "rdv@example.test",
            "SMS_GATEWAY_DOMAIN": GATEWAY,
        }
    )
    assert (sender.host, sender.port, sender.starttls, sender.sms_gateway_domain) == (
        "smtp.example.test",
        2525,
        False,
        GATEWAY,
    )
    with pytest.raises(ValueError, match="SMTP_HOST, MAIL_FROM"):
        sender_from_config({"MESSAGE_SENDER": "smtp"})
    with pytest.raises(ValueError, match="SMTP_PORT='x'"):
        sender_from_config(
            {"MESSAGE_SENDER": "smtp", "SMTP_HOST": "h", "MAIL_FROM": "a@b", "SMTP_PORT": "x"}
        )
    with pytest.raises(ValueError, match="« log » ou « smtp »"):
        sender_from_config({"MESSAGE_SENDER": "pigeon"})


def test_outbox_send_command(app, session, planned, smtp_server):
    collector, port = smtp_server
    runner = app.test_cli_runner()
    settings = {
        "MESSAGE_SENDER": "smtp",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
        "SMTP_STARTTLS": False,
        "MAIL_FROM": "rdv@entreprendre-ensemble.test",
        "SMS_GATEWAY_DOMAIN": GATEWAY,
    }
    previous = {key: app.config.get(key) for key in settings}
    app.config.update(settings)
    try:
        result = runner.invoke(args=["outbox", "send"])
    finally:
        app.config.update(previous)
    # The invitations are due (planned in the past of the real clock); reminders are too.
    assert result.exit_code == 0, result.output
    assert "Messages envoyés : 4 ; à réessayer : 0 ; en échec : 0" in result.output
    assert len(collector.received) == 4


def test_outbox_send_command_refuses_an_incomplete_configuration(app, session):
    app.config["MESSAGE_SENDER"] = "smtp"
    try:
        result = app.test_cli_runner().invoke(args=["outbox", "send"])
    finally:
        app.config["MESSAGE_SENDER"] = "log"
    assert result.exit_code == 1
    assert "MESSAGE_SENDER=smtp demande aussi SMTP_HOST, MAIL_FROM." in result.output
