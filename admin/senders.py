"""The senders of the outbox (schema.outbox_delivery): chosen by ``MESSAGE_SENDER``.

- ``log`` (default): writes each message to the application log and marks it « journalisé »
  — nothing leaves the machine (demos, tests, a site without an SMTP relay).
- ``smtp``: e-mails through an SMTP relay (``SMTP_HOST``, ``SMTP_PORT``, ``SMTP_USER``,
  ``SMTP_PASSWORD``, ``SMTP_STARTTLS``, ``MAIL_FROM``); SMS go through an e-mail-to-SMS gateway
  as an e-mail to ``<number>@SMS_GATEWAY_DOMAIN`` (number as 33612345678).
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from schema.outbox import MessageChannel, MessageStatus, OutboxMessage
from schema.outbox_delivery import Sender, SendError

log = logging.getLogger("ensemble.outbox")


def masked(recipient: str) -> str:
    """« 06******44 », « e***@example.fr »: enough to recognise, not to copy."""
    if "@" in recipient:
        local, _, domain = recipient.partition("@")
        return f"{local[:1]}***@{domain}"
    return f"{recipient[:2]}{'*' * max(len(recipient) - 4, 0)}{recipient[-2:]}"


class LogSender:
    """Logs the message and marks it « journalisé » (nothing is sent)."""

    delivered_status = MessageStatus.JOURNALISE

    def send(self, message: OutboxMessage) -> None:
        log.info(
            "Message %s (%s, %s) pour %s : %s",
            message.id,
            message.kind,
            message.channel,
            masked(message.recipient),
            message.body,
        )

    def close(self) -> None:
        pass


def sms_address(number: str, domain: str) -> str:
    """0612345678 → 33612345678@domain (international form without « + »)."""
    international = "33" + number[1:] if number.startswith("0") else number.lstrip("+")
    return f"{international}@{domain}"


class SmtpSender:
    """E-mails (and SMS as e-mails to a gateway) through one SMTP connection per run."""

    delivered_status = MessageStatus.ENVOYE

    def __init__(
        self,
        *,
        host: str,
        port: int = 587,
        user: str | None = None,
        password: str | None = None,
        starttls: bool = True,
        mail_from: str,
        sms_gateway_domain: str | None = None,
        timeout: float = 30,
    ) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.user, self.password, self.starttls = user, password, starttls
        self.mail_from = mail_from
        self.sms_gateway_domain = sms_gateway_domain
        self._smtp: smtplib.SMTP | None = None

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            if self.port == 465:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
            if self.user:
                smtp.login(self.user, self.password or "")
            self._smtp = smtp
        return self._smtp

    def _envelope(self, message: OutboxMessage) -> EmailMessage:
        if message.channel == MessageChannel.SMS:
            if not self.sms_gateway_domain:
                raise SendError("SMS_GATEWAY_DOMAIN n'est pas configuré : SMS non envoyé.")
            to = sms_address(message.recipient, self.sms_gateway_domain)
        elif message.channel == MessageChannel.EMAIL:
            to = message.recipient
        else:
            raise SendError("Un courrier s'imprime et se poste : il ne s'envoie pas.")
        email = EmailMessage()
        email["From"] = self.mail_from
        email["To"] = to
        email["Subject"] = message.subject or "Entreprendre Ensemble"
        email["Date"] = formatdate(localtime=False)
        email["Message-ID"] = make_msgid(domain=self.mail_from.rpartition("@")[2] or None)
        email.set_content(message.body)
        return email

    def send(self, message: OutboxMessage) -> None:
        email = self._envelope(message)
        try:
            self._connection().send_message(email)
        except (smtplib.SMTPException, OSError):
            self.close()  # the next message reconnects
            raise

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._smtp = None


def sender_from_config(config: Mapping[str, Any]) -> Sender:
    """The sender named by ``MESSAGE_SENDER`` (see admin/config.py); refuses an incomplete one."""
    kind = (config.get("MESSAGE_SENDER") or "log").lower()
    if kind == "log":
        return LogSender()
    if kind != "smtp":
        raise ValueError(f"MESSAGE_SENDER={kind!r} : choisissez « log » ou « smtp ».")
    missing = [key for key in ("SMTP_HOST", "MAIL_FROM") if not config.get(key)]
    if missing:
        raise ValueError(f"MESSAGE_SENDER=smtp demande aussi {', '.join(missing)}.")
    port = str(config.get("SMTP_PORT") or "587")
    if not port.isdigit():
        raise ValueError(f"SMTP_PORT={port!r} : un numéro de port est attendu (587, 465, 25).")
    return SmtpSender(
        host=config["SMTP_HOST"],
        port=int(port),
        user=config.get("SMTP_USER") or None,
        password=config.get("SMTP_PASSWORD") or None,
        starttls=bool(config.get("SMTP_STARTTLS", True)),
        mail_from=config["MAIL_FROM"],
        sms_gateway_domain=config.get("SMS_GATEWAY_DOMAIN") or None,
    )
