"""Writing the audit trail (who, when, what, from where)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import insert

from admin.database import db
from schema import AuditLog, User
from schema.base import utcnow


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


def record_all(action: str, entries: Iterable[dict[str, Any]]) -> int:
    """Add many audit entries of one action in a single INSERT (pages that save many rows).

    Each entry gives ``entity``, ``entity_id``, ``person_id``, ``fields`` and ``detail``.
    """
    user = current_user if has_request_context() and current_user.is_authenticated else None
    rows = [
        {
            "at": utcnow(),
            "user_id": user.id if user else None,
            "user_label": user.email if user else None,
            "ip": request.remote_addr if has_request_context() else None,
            "action": action,
            "entity": entry.get("entity"),
            "entity_id": entry.get("entity_id"),
            "person_id": entry.get("person_id"),
            "fields": ", ".join(sorted(entry["fields"])) if entry.get("fields") else None,
            "detail": entry.get("detail"),
        }
        for entry in entries
    ]
    if rows:
        db.session.execute(insert(AuditLog), rows)
    return len(rows)
