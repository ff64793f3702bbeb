"""Configuration read from the environment; secrets never live in the code."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else generated once into the instance folder."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def default_database_url(instance_path: Path) -> str:
    return f"sqlite:///{instance_path / 'ensemble.sqlite'}"


def load_config(instance_path: Path) -> dict[str, Any]:
    session_hours = float(os.environ.get("SESSION_HOURS", "8"))
    scheme = os.environ.get("PREFERRED_URL_SCHEME", "http")
    secure_cookies = os.environ.get("SESSION_COOKIE_SECURE") == "1" or scheme == "https"
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or default_database_url(instance_path),
        "SQL_ECHO": os.environ.get("SQL_ECHO") == "1",
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure cookies when served over HTTPS (SESSION_COOKIE_SECURE=1 or
        # PREFERRED_URL_SCHEME=https); behind a proxy, set TRUSTED_PROXY_COUNT too.
        "PREFERRED_URL_SCHEME": scheme,
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "TRUSTED_PROXY_COUNT": int(os.environ.get("TRUSTED_PROXY_COUNT", "0")),
        "SESSION_HOURS": session_hours,
        "PERMANENT_SESSION_LIFETIME": int(session_hours * 3600),
        "PAGE_SIZE": int(os.environ.get("PAGE_SIZE", "25")),
        "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
        # The structure named on convocation letters, and where first appointments take place.
        "STRUCTURE_NAME": os.environ.get("STRUCTURE_NAME", "Entreprendre Ensemble"),
        "STRUCTURE_ADDRESS": os.environ.get("STRUCTURE_ADDRESS", "59140 Dunkerque"),
        "STRUCTURE_PHONE": os.environ.get("STRUCTURE_PHONE", ""),
        "STRUCTURE_PLACE": os.environ.get("STRUCTURE_PLACE", "Entreprendre Ensemble, Dunkerque"),
        **_message_settings(),
    }


def _message_settings() -> dict[str, Any]:
    """The outbox's sender (admin/senders.py): ``log`` unless MESSAGE_SENDER=smtp."""
    return {
        "MESSAGE_SENDER": os.environ.get("MESSAGE_SENDER", "log"),
        "SMTP_HOST": os.environ.get("SMTP_HOST", ""),
        "SMTP_PORT": os.environ.get("SMTP_PORT", "587"),
        "SMTP_USER": os.environ.get("SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": os.environ.get("SMTP_STARTTLS", "1").lower() not in ("0", "false", "non"),
        "MAIL_FROM": os.environ.get("MAIL_FROM", ""),
        "SMS_GATEWAY_DOMAIN": os.environ.get("SMS_GATEWAY_DOMAIN", ""),
    }
