"""R8: marking contacts and actions as entered on Parcours Solidarités (date and who), in bulk."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from schema.accounts import User
from schema.contacts import Contact
from schema.operations import WorkflowError
from schema.pathway import Accompaniment, Action
from schema.rules import stored_states


def mark_entered(
    session: Session,
    user: User,
    on: date,
    *,
    contact_ids: Iterable[int] = (),
    action_ids: Iterable[int] = (),
    counsellor_id: int | None = None,
) -> list[tuple[str, int, int]]:
    """Set "saisi sur Parcours Solidarités le ``on`` par ``user``" on the items not yet entered.

    With ``counsellor_id``, every item must belong to that counsellor's caseload. Items already
    entered are left as they are. Returns (entity, id, person id) of the items marked; flushes.
    """
    contact_ids, action_ids = sorted(set(contact_ids)), sorted(set(action_ids))
    if not contact_ids and not action_ids:
        raise WorkflowError("Cochez au moins un contact ou une action à marquer comme saisi.")
    marked: list[tuple[str, int, int]] = []
    touched: set[int] = set()
    for model, ids, entity in ((Contact, contact_ids, "Contact"), (Action, action_ids, "Action")):
        if not ids:
            continue
        rows = session.execute(
            select(
                model.id,
                model.accompaniment_id,
                Accompaniment.person_id,
                Accompaniment.counsellor_id,
                model.ps_entered_on,
            )
            .join(Accompaniment, Accompaniment.id == model.accompaniment_id)
            .where(model.id.in_(ids))
        ).all()
        if len(rows) != len(ids) or (
            counsellor_id is not None and any(r.counsellor_id != counsellor_id for r in rows)
        ):
            raise WorkflowError(
                "Certains éléments cochés sont introuvables ou hors de votre portefeuille : "
                "rien n'a été enregistré."
            )
        todo = [r for r in rows if r.ps_entered_on is None]
        if todo:
            session.execute(
                update(model)
                .where(model.id.in_([r.id for r in todo]), model.ps_entered_on.is_(None))
                .values(ps_entered_on=on, ps_entered_by_id=user.id, version=model.version + 1)
                .execution_options(synchronize_session=False)
            )
        marked += [(entity, r.id, r.person_id) for r in todo]
        touched.update(r.accompaniment_id for r in todo)
    session.flush()
    stored_states.touch(session, accompaniment_ids=touched)  # the UPDATE bypassed the ORM
    return marked
