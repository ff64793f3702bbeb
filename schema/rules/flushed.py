"""What an ORM flush wrote: the objects it added, changed for real or deleted, and the values an
attribute had before and after. Shared by the hooks that keep the stored read models current
(``stored_states``, ``daily_counts``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session


def flushed(session: Session) -> Iterator[Any]:
    """The objects the flush added, deleted or changed (a merely touched object is left out)."""
    yield from session.new
    yield from session.deleted
    for obj in session.dirty:
        if session.is_modified(obj):
            yield obj


def values(obj: Any, key: str, *, keep_none: bool = False) -> set[Any]:
    """The attribute's values now and, when the flush changed it, before (None left out unless
    ``keep_none``: an unassigned counsellor is a value)."""
    history = inspect(obj).attrs[key].history
    found = {*history.added, *history.unchanged, *history.deleted} or {getattr(obj, key)}
    return found if keep_none else found - {None}


def changed(obj: Any, key: str) -> bool:
    """The flush changed the attribute."""
    return inspect(obj).attrs[key].history.has_changes()
