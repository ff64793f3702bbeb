"""Writing the audit trail (who, when, what, from where)."""

from __future__ import annotations

from collections.abc import Iterable

from flask import has_request_context, request
from flask_login import current_user

from admin.database import db
from schema import AuditLog, User


def record(
    action: str,
    *,
    entity: str | None = None,
    entity_id: int | None = None,
    person_id: int | None = None,
    fields: Iterable[str] | None = None,
    detail: str | None = None,
    user: User | None = None,
) -> AuditLog:
    """Add an audit entry to the current session (the caller commits)."""
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    entry = AuditLog(
        user_id=user.id if user else None,
        user_label=user.email if user else None,
        ip=request.remote_addr if has_request_context() else None,
        action=action,
        entity=entity,
        entity_id=entity_id,
        person_id=person_id,
        fields=", ".join(sorted(fields)) if fields else None,
        detail=detail,
    )
    db.session.add(entry)
    return entry
