"""Row scoping: a counsellor reads and writes only their own caseload.

Each model is reached from the accompaniment it belongs to; one function per path, and one
``scope`` entry point used by list, count, details, edit, delete, bulk actions, inline edits and
relation pickers alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, select

from schema import (
    Accompaniment,
    Action,
    Attendance,
    Cer,
    Contact,
    Diagnostic,
    DiagnosticBarrier,
    Orientation,
    OutboxMessage,
    Outcome,
    Person,
    PlanItem,
    Positioning,
    RomeAspiration,
    Training,
    User,
    WorkshopSession,
)
from schema.enums import Role


def caseload_accompaniments(counsellor_id: int):
    return select(Accompaniment.id).where(Accompaniment.counsellor_id == counsellor_id)


def caseload_people(counsellor_id: int):
    return select(Accompaniment.person_id).where(Accompaniment.counsellor_id == counsellor_id)


def caseload_diagnostics(counsellor_id: int):
    return select(Diagnostic.id).where(
        Diagnostic.accompaniment_id.in_(caseload_accompaniments(counsellor_id))
    )


_BY_ACCOMPANIMENT = (
    Cer,
    Action,
    Outcome,
    Contact,
    Diagnostic,
    Training,
    Positioning,
    OutboxMessage,
)
_BY_DIAGNOSTIC = (DiagnosticBarrier, PlanItem, RomeAspiration)


def _by_accompaniment(model: type) -> Callable[[int], ColumnElement[bool]]:
    return lambda cid: model.accompaniment_id.in_(caseload_accompaniments(cid))


def _by_diagnostic(model: type) -> Callable[[int], ColumnElement[bool]]:
    return lambda cid: model.diagnostic_id.in_(caseload_diagnostics(cid))


_RULES: dict[type, Callable[[int], ColumnElement[bool]]] = {
    Accompaniment: lambda cid: Accompaniment.counsellor_id == cid,
    Person: lambda cid: Person.id.in_(caseload_people(cid)),
    Orientation: lambda cid: Orientation.person_id.in_(caseload_people(cid)),
    Attendance: lambda cid: Attendance.person_id.in_(caseload_people(cid)),
    **{model: _by_accompaniment(model) for model in _BY_ACCOMPANIMENT},
    **{model: _by_diagnostic(model) for model in _BY_DIAGNOSTIC},
}


def is_scoped(model: type) -> bool:
    return model in _RULES


def scope_criterion(model: type, user: User) -> ColumnElement[bool] | None:
    """The WHERE criterion limiting ``model`` to what ``user`` may see, or None for everything."""
    if user.role != Role.COUNSELLOR or model not in _RULES:
        return None
    counsellor_id = user.counsellor.id if user.counsellor else -1
    return _RULES[model](counsellor_id)


def apply_scope(query: Any, model: type, user: User) -> Any:
    """Filter a legacy Query or a Select with the user's scope."""
    criterion = scope_criterion(model, user)
    return query if criterion is None else query.filter(criterion)


def sheet_scope(workshop_session: WorkshopSession, user: User) -> ColumnElement[bool] | None:
    """The attendance lines of a séance ``user`` may see and mark, or None for all of them.

    A séance is shared: its facilitator (the counsellor named in "animation"), the back-office
    and the manager take attendance for everyone; any other counsellor sees and marks only the
    people of their own caseload (the others are counted, not named).
    """
    counsellor = user.counsellor if user.role == Role.COUNSELLOR else None
    if counsellor is not None and workshop_session.is_facilitated_by(counsellor.display_name):
        return None
    return scope_criterion(Attendance, user)
