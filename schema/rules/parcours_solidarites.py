"""R8 — interview syntheses and all news are entered on Parcours Solidarités.

What is still to enter: the held contacts and the actions of the accompaniment with no "saisi sur
Parcours Solidarités le". An item waiting more than 7 days is late.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, Select, func, literal, or_, select, union_all

from schema.contacts import Contact
from schema.enums import ContactStatus
from schema.pathway import Accompaniment, Action
from schema.rules.sql import as_date
from schema.rules.states import CLOSED, Facts, Row, Rule, RuleState, state_case

ENTER_WITHIN_DAYS = 7


def contacts_to_enter() -> ColumnElement[bool]:
    return (Contact.status == ContactStatus.HONORE) & Contact.ps_entered_on.is_(None)


def actions_to_enter() -> ColumnElement[bool]:
    return Action.ps_entered_on.is_(None)


def facts(today: date) -> dict[str, ColumnElement]:
    of_contact = Contact.accompaniment_id == Accompaniment.id
    of_action = Action.accompaniment_id == Accompaniment.id
    return {
        "ps_contacts": select(func.count(Contact.id))
        .where(of_contact, contacts_to_enter())
        .scalar_subquery(),
        "ps_contacts_oldest": select(func.min(as_date(Contact.held_at)))
        .where(of_contact, contacts_to_enter())
        .scalar_subquery(),
        "ps_actions": select(func.count(Action.id))
        .where(of_action, actions_to_enter())
        .scalar_subquery(),
        "ps_actions_oldest": select(func.min(Action.start_date))
        .where(of_action, actions_to_enter())
        .scalar_subquery(),
    }


def state(f: Facts, today: date) -> ColumnElement[str]:
    late_before = today - timedelta(days=ENTER_WITHIN_DAYS)
    return state_case(
        (f.status == CLOSED, RuleState.NA),
        (f.ps_contacts + f.ps_actions == 0, RuleState.OK),
        (
            or_(f.ps_contacts_oldest < late_before, f.ps_actions_oldest < late_before),
            RuleState.LATE,
        ),
        default=RuleState.SOON,
    )


def pending(row: Row) -> int:
    return (row.ps_contacts or 0) + (row.ps_actions or 0)


def oldest(row: Row) -> date | None:
    days = [d for d in (row.ps_contacts_oldest, row.ps_actions_oldest) if d]
    return min(days) if days else None


RULE = Rule(
    code="r8",
    label="Parcours Solidarités",
    alert_label="synthèses à saisir",
    definition="parcours_solidarites",
    state=state,
    due=lambda row, today: (
        oldest(row) + timedelta(days=ENTER_WITHIN_DAYS)
        if pending(row) and row.r8 != RuleState.NA
        else None
    ),
    detail=lambda row, today: f"{pending(row)} à saisir" if pending(row) else "",
    alert_states=(RuleState.SOON, RuleState.LATE),
)


def pending_select(counsellor_id: int | None = None) -> Select:
    """Everything still to enter on Parcours Solidarités (R8), one row per contact or action,
    per counsellor then oldest first: (kind, item_id, accompaniment_id, person_id, last_name,
    first_name, caf_number, counsellor_id, counsellor_name, day, what)."""
    from schema.accounts import Counsellor
    from schema.people import Person

    def scoped(query: Select) -> Select:
        query = query.join(Person, Person.id == Accompaniment.person_id).outerjoin(
            Counsellor, Counsellor.id == Accompaniment.counsellor_id
        )
        if counsellor_id is not None:
            query = query.where(Accompaniment.counsellor_id == counsellor_id)
        return query

    people = (
        Person.last_name,
        Person.first_name,
        Person.caf_number,
        Accompaniment.counsellor_id,
        Counsellor.display_name.label("counsellor_name"),
    )
    contacts = scoped(
        select(
            literal("contact").label("kind"),
            Contact.id.label("item_id"),
            Accompaniment.id.label("accompaniment_id"),
            Accompaniment.person_id.label("person_id"),
            *people,
            as_date(Contact.held_at).label("day"),
            Contact.mode.label("what"),
        )
        .select_from(Contact)
        .join(Accompaniment, Accompaniment.id == Contact.accompaniment_id)
        .where(contacts_to_enter())
    )
    actions = scoped(
        select(
            literal("action").label("kind"),
            Action.id.label("item_id"),
            Accompaniment.id.label("accompaniment_id"),
            Accompaniment.person_id.label("person_id"),
            *people,
            Action.start_date.label("day"),
            Action.kind.label("what"),
        )
        .select_from(Action)
        .join(Accompaniment, Accompaniment.id == Action.accompaniment_id)
        .where(actions_to_enter())
    )
    both = union_all(contacts, actions).subquery("to_enter")
    return select(both).order_by(
        both.c.counsellor_name, both.c.day, both.c.last_name, both.c.kind, both.c.item_id
    )
