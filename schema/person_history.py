"""A person's history for their file (details page): accompaniments, latest contacts and
workshop attendances, with totals. Four statements whatever the length of the history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from schema.attendance_queries import person_attendances, person_interviews
from schema.contacts import Contact
from schema.pathway import Accompaniment
from schema.workshops import Attendance

# Rows shown per section; the totals say how many more there are.
LATEST = 20

Scope = Callable[[Any, type], Any]


@dataclass
class PersonHistory:
    accompaniments: list[Accompaniment] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    contacts_total: int = 0
    attendances: list[Attendance] = field(default_factory=list)
    attendances_total: int = 0


def person_history(
    session: Session,
    person_id: int,
    scope: Scope,
    *,
    with_accompaniments: bool = True,
    with_contacts: bool = True,
    with_attendances: bool = True,
) -> PersonHistory:
    """The history a user may read: ``scope(query, Model)`` applies their row scope, the flags
    their areas."""
    history = PersonHistory()
    if with_accompaniments:
        query = (
            select(Accompaniment)
            .options(joinedload(Accompaniment.counsellor), joinedload(Accompaniment.orientation))
            .where(Accompaniment.person_id == person_id)
            .order_by(Accompaniment.id.desc())
        )
        history.accompaniments = list(session.scalars(scope(query, Accompaniment)).unique())
    totals: list[Any] = []
    if with_contacts:
        contacts: Select = scope(person_interviews(person_id), Contact)
        history.contacts = list(session.scalars(contacts.limit(LATEST)).unique())
        count = (
            select(func.count(Contact.id))
            .join(Contact.accompaniment)
            .where(Accompaniment.person_id == person_id)
        )
        totals.append(scope(count, Contact).scalar_subquery())
    if with_attendances:
        attendances: Select = scope(person_attendances(person_id), Attendance)
        history.attendances = list(session.scalars(attendances.limit(LATEST)).unique())
        count = select(func.count(Attendance.id)).where(Attendance.person_id == person_id)
        totals.append(scope(count, Attendance).scalar_subquery())
    if totals:
        values = iter(session.execute(select(*totals)).one())
        if with_contacts:
            history.contacts_total = next(values)
        if with_attendances:
            history.attendances_total = next(values)
    return history
