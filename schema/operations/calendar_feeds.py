"""Creating, revoking and resolving a counsellor's iCalendar subscription link.

A counsellor has at most one live link: creating a new one revokes the previous one, so a link
that leaked is replaced by asking for a new one. Tokens are random (256 bits, URL-safe) and the
database keeps only their SHA-256.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from schema.accounts import Counsellor
from schema.calendar_feeds import CalendarFeed

TOKEN_BYTES = 32
# A token is URL-safe base64 of 32 bytes: 43 characters. Anything else is not looked up.
TOKEN_LENGTH = 43


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def live_feed(session: Session, counsellor_id: int) -> CalendarFeed | None:
    """The counsellor's link in force, if any."""
    return session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.counsellor_id == counsellor_id, CalendarFeed.revoked_at.is_(None)
        )
    )


def revoke_feed(session: Session, counsellor_id: int, *, now: datetime) -> int:
    """Revoke the counsellor's live link(s); returns how many were revoked."""
    result = session.execute(
        update(CalendarFeed)
        .where(CalendarFeed.counsellor_id == counsellor_id, CalendarFeed.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount or 0


def create_feed(session: Session, counsellor_id: int, *, now: datetime) -> tuple[CalendarFeed, str]:
    """A new link for the counsellor (the previous one revoked) and its token, to show once."""
    revoke_feed(session, counsellor_id, now=now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed = CalendarFeed(counsellor_id=counsellor_id, token_digest=token_digest(token))
    session.add(feed)
    session.flush()
    return feed, token


def counsellor_for_token(session: Session, token: str) -> Counsellor | None:
    """The active counsellor whose live link has this token, else None."""
    if len(token) != TOKEN_LENGTH or not token.isascii():
        return None
    return session.scalar(
        select(Counsellor)
        .join(CalendarFeed, CalendarFeed.counsellor_id == Counsellor.id)
        .where(
            CalendarFeed.token_digest == token_digest(token),
            CalendarFeed.revoked_at.is_(None),
            Counsellor.active.is_(True),
        )
    )
