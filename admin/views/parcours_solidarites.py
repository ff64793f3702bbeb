"""Page « À saisir sur Parcours Solidarités » (R8): what is still to enter, per counsellor, with
« Marquer comme saisi » (bulk) and an export. A counsellor sees and marks only their caseload."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select

from admin import audit, clock
from admin.database import db
from admin.views.pages import SecuredPage
from exports.parcours_solidarites import item_label, pending_sheet
from exports.response import xlsx_download
from schema import Counsellor
from schema.enums import Role
from schema.operations import WorkflowError
from schema.operations.parcours_solidarites import mark_entered
from schema.rules.parcours_solidarites import ENTER_WITHIN_DAYS, pending_select


class ParcoursSolidaritesPage(SecuredPage):
    roles = frozenset({Role.MANAGER, Role.COUNSELLOR})

    def _scope(self) -> tuple[int | None, str]:
        if current_user.role == Role.COUNSELLOR:
            counsellor = current_user.counsellor
            return (counsellor.id if counsellor else -1), "mon portefeuille"
        chosen = request.values.get("conseiller", type=int)
        if chosen:
            name = db.session.scalar(select(Counsellor.display_name).where(Counsellor.id == chosen))
            if name:
                return chosen, name
        return None, "tout le programme"

    @expose("/")
    def index(self) -> Any:
        today = clock.today()
        counsellor_id, scope = self._scope()
        groups: dict[str, list[Any]] = {}
        for row in db.session.execute(pending_select(counsellor_id)):
            groups.setdefault(row.counsellor_name or "Non attribué", []).append(row)
        counsellors = []
        if current_user.role == Role.MANAGER:
            counsellors = db.session.execute(
                select(Counsellor.id, Counsellor.display_name).order_by(Counsellor.display_name)
            ).all()
        return self.render(
            "exports/parcours_solidarites.html",
            groups=groups,
            scope=scope,
            counsellor_id=counsellor_id if current_user.role == Role.MANAGER else None,
            counsellors=counsellors,
            today=today,
            late_after=ENTER_WITHIN_DAYS,
            item_label=item_label,
        )

    @expose("/marquer", methods=("POST",))
    def mark(self) -> Any:
        counsellor_id, _scope = self._scope()
        own = counsellor_id if current_user.role == Role.COUNSELLOR else None
        try:
            marked = mark_entered(
                db.session,
                current_user,
                clock.today(),
                contact_ids=[int(v) for v in request.form.getlist("contact") if v.isdigit()],
                action_ids=[int(v) for v in request.form.getlist("action") if v.isdigit()],
                counsellor_id=own,
            )
        except WorkflowError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            audit.record_all(
                "update",
                (
                    {
                        "entity": entity,
                        "entity_id": item_id,
                        "person_id": person_id,
                        "fields": ["ps_entered_on", "ps_entered_by"],
                    }
                    for entity, item_id, person_id in marked
                ),
            )
            db.session.commit()
            flash(f"{len(marked)} élément(s) marqué(s) comme saisi(s) sur Parcours Solidarités.")
        args = {"conseiller": counsellor_id} if current_user.role == Role.MANAGER else {}
        return redirect(url_for(".index", **{k: v for k, v in args.items() if v}))

    @expose("/export.xlsx")
    def export(self) -> Any:
        today = clock.today()
        counsellor_id, scope = self._scope()
        sheet = pending_sheet(db.session, today, counsellor_id, scope)

        def record(sheets: Any) -> None:
            audit.record_export(
                "À saisir sur Parcours Solidarités", ("Périmètre",), sheets[0].written
            )
            db.session.commit()

        return xlsx_download([sheet], f"a-saisir-parcours-solidarites-{today:%Y%m%d}.xlsx", record)
