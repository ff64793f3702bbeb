"""Writing the audit trail (who, when, what, from where).

Every module that logs goes through here: ``record`` for any action, ``record_export`` for a
download (what, the names of its filters, how many rows; never the values typed). The caller
commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import insert

from admin.database import db
from schema import AuditLog, User
from schema.base import utcnow

# French labels of the actions the console records; other modules may add codes (shown as is).
ACTION_LABELS: dict[str, str] = {
    "login": "Connexion",
    "login_failed": "Échec de connexion",
    "login_locked": "Connexion refusée (compte verrouillé)",
    "logout": "Déconnexion",
    "password_change": "Changement de mot de passe",
    "password_change_failed": "Échec du changement de mot de passe",
    "create": "Création",
    "update": "Modification",
    "delete": "Suppression",
    "read": "Ouverture d'un dossier",
    "export": "Export",
    "import": "Import",
    "workflow": "Action de suivi",
    "agenda_plan": "Rendez-vous planifié",
    "agenda_move": "Rendez-vous déplacé",
    "agenda_cancel": "Rendez-vous annulé",
    "working_hours": "Horaires de travail",
    "anonymise": "Anonymisation (durée de conservation)",
    "purge_logs": "Purge du journal",
    "backup": "Sauvegarde",
    "restore": "Restauration",
}


def action_label(action: str | None) -> str:
    return ACTION_LABELS.get(action or "", action or "")


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


def describe_filters(filters: Iterable[str] | None, *, searched: bool | None = None) -> str:
    """« filtres : Statut, Conseiller·ère ; recherche : oui »: what narrowed a download.

    Only the names of the filters (a mapping gives its keys), never a value typed or chosen: a
    search or a filter value is often a person's name or number, and the journal is read by
    roles that may not see people. ``searched`` says whether a search was typed (None: the page
    has no search box).
    """
    if isinstance(filters, str):
        filters = (filters,)
    names = list(dict.fromkeys(str(name) for name in filters or ()))
    text = f"filtres : {', '.join(names) if names else 'aucun'}"
    if searched is not None:
        text += f" ; recherche : {'oui' if searched else 'non'}"
    return text


def record_export(
    what: str,
    filters: Iterable[str] | None,
    row_count: int,
    *,
    searched: bool | None = None,
    period: str | None = None,
    via: str | None = None,
    person_id: int | None = None,
) -> AuditLog:
    """Audit a download: what was exported, the names of its filters, how many rows.

    The values of the filters and of the search are never stored (see ``describe_filters``).
    ``period`` is the one value kept, for the reports a period defines (« 11/2026 », « du
    01/01/2026 au 30/11/2026 », « conseiller·ère n° 3 »): built by the caller from dates and
    ids, never from typed text. ``via`` names a channel other than the console (« ligne de
    commande »). The caller commits.
    """
    channel = f" — via {via}" if via else ""
    when = f" — {period}" if period else ""
    return record(
        "export",
        entity=what[:40],
        person_id=person_id,
        detail=(
            f"{what}{when} — {describe_filters(filters, searched=searched)} — "
            f"{row_count} ligne(s){channel}"
        ),
    )


def report_period(first_day: Any, counsellor_id: int | None = None) -> str:
    """The period of a monthly report for its audit entry: « 11/2026, tous » or with the
    counsellor's number."""
    scope = f"conseiller·ère n° {counsellor_id}" if counsellor_id else "tous"
    return f"{first_day:%m/%Y}, {scope}"
