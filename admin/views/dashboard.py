"""Dashboards: the counsellor's "Mon portefeuille", the programme dashboard, the definitions."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import func, select

from admin import charts, clock
from admin.database import db
from admin.views.pages import SecuredPage
from schema import Counsellor
from schema.enums import AccompanimentStatus, Phase, Role
from schema.placements import placement_counts
from schema.rules import counsellor_counts
from schema.rules.calendar import fr
from schema.rules.capacity import counsellor_loads, listed_counsellors
from schema.rules.caseload import (
    ALERT_STATES,
    RULES,
    RULES_BY_CODE,
    alert_counts,
    caseload,
    planning_counts,
)
from schema.rules.definitions import DEFINITIONS
from schema.rules.first_appointment import Planning, waiting_counts
from schema.rules.states import RuleState
from schema.rules.stored_states import ensure_current
from schema.rules.trends import active_file_per_week, contacts_per_week, delays_over_last_year

M, C, F = Role.MANAGER, Role.COUNSELLOR, Role.FUNDER
COUNSELLORS_PER_PAGE = 50

BADGES = {
    RuleState.OK: "badge-success",
    RuleState.SOON: "badge-warning",
    RuleState.LATE: "badge-danger",
    RuleState.PAUSED: "badge-secondary",
    RuleState.NA: "badge-light",
}


def rule_context() -> dict[str, Any]:
    return {
        "rules": RULES,
        "definitions": DEFINITIONS,
        "badges": BADGES,
        "RuleState": RuleState,
        "status_labels": AccompanimentStatus.labels(),
        "phase_labels": Phase.labels(),
        "fr": fr,
        "Planning": Planning,
    }


class PortfolioView(SecuredPage):
    """One row per open accompaniment of a counsellor with every rule's state; counts per alert
    on top. A counsellor sees their own; the manager chooses whose (the whole programme's
    figures are on the programme dashboard)."""

    roles = frozenset({M, C})

    def _counsellor(self) -> tuple[int | None, str]:
        if Role(current_user.role) == C:
            counsellor = current_user.counsellor
            return (counsellor.id if counsellor else -1), "Mon portefeuille"
        chosen = request.args.get("conseiller", type=int)
        if chosen:
            name = db.session.scalar(select(Counsellor.display_name).where(Counsellor.id == chosen))
            if name:
                return chosen, f"Portefeuille de {name}"
        return None, "Portefeuilles des conseiller·ères"

    @expose("/")
    def index(self) -> Any:
        today = clock.today()
        counsellor_id, title = self._counsellor()
        counsellors = []
        if Role(current_user.role) == M:
            counsellors = db.session.execute(
                select(Counsellor.id, Counsellor.display_name)
                .where(Counsellor.active.is_(True))
                .order_by(Counsellor.display_name, Counsellor.id)
            ).all()
        if counsellor_id is None:
            return self.render(
                "console/portfolio_choice.html",
                title=title,
                today=today,
                counsellors=counsellors,
                programme_url=url_for("programme.index"),
                fr=fr,
            )
        rows = caseload(db.session, today, counsellor_id)
        counts = alert_counts(rows)
        r1_planning = planning_counts(rows)
        rule = RULES_BY_CODE.get(request.args.get("alerte", ""))
        if rule is not None:
            rows = [r for r in rows if r.rules[rule.code].state in rule.alert_states]
        loads = counsellor_loads(db.session, today, counsellor_id)
        load = loads[0] if loads else None
        return self.render(
            "console/portfolio.html",
            title=title,
            today=today,
            active_rows=[r for r in rows if not r.paused],
            paused_rows=[r for r in rows if r.paused],
            counts=counts,
            selected_rule=rule,
            counsellor_id=counsellor_id,
            counsellors=counsellors,
            load=load,
            alert_states=ALERT_STATES,
            r1_planning=r1_planning,
            **rule_context(),
        )


class ProgrammeView(SecuredPage):
    """The manager's and funder's dashboard: per counsellor (a page of them at a time) and
    programme totals, plots. It never counts accompaniments: the figures come from the stored
    read models (counsellor counts, day counts), one row per counsellor or per day."""

    roles = frozenset({M, F})

    def _counsellor_page(self) -> tuple[int, int]:
        """(page, number of pages) of the counsellors' table."""
        listed = listed_counsellors().subquery()
        count = db.session.scalar(select(func.count()).select_from(listed)) or 0
        pages = max(1, -(-count // COUNSELLORS_PER_PAGE))
        return min(max(request.args.get("page", 0, type=int), 0), pages - 1), pages

    @expose("/")
    def index(self) -> Any:
        today = clock.today()
        page, pages = self._counsellor_page()
        ensure_current(db.session, today)
        rows = counsellor_counts.page(db.session, page * COUNSELLORS_PER_PAGE, COUNSELLORS_PER_PAGE)
        unassigned = counsellor_counts.unassigned(db.session)
        if unassigned is not None:
            rows.append(unassigned)
        loads = [load for load, _alerts in rows]
        alerts = {load.counsellor_id: counts for load, counts in rows}
        total, totals = counsellor_counts.programme(db.session)
        active = active_file_per_week(db.session, today, weeks=52)
        delays = delays_over_last_year(db.session, today)
        contacts = contacts_per_week(db.session, today, weeks=26)
        plots = {
            "active": charts.line_chart(
                "File active par semaine sur 12 mois",
                [(f"{monday:%d/%m}", n) for monday, n in active],
                reference=total.capacity,
                reference_label=f"Capacité ({total.capacity})",
                series_label="File active",
                every=8,
            ),
            "delays": charts.bar_chart(
                "Délai orientation → premier rendez-vous (entrées des 12 derniers mois)",
                [(label, [n]) for label, n in delays.buckets()],
                series=["Personnes"],
            ),
            "contacts": charts.bar_chart(
                "Contacts honorés par semaine (26 dernières semaines)",
                [(f"{monday:%d/%m}", [p, o]) for monday, p, o in contacts],
                series=["Entretiens physiques", "Autres contacts"],
                every=4,
            ),
        }
        return self.render(
            "console/programme.html",
            today=today,
            loads=loads,
            total=total,
            alerts=alerts,
            totals=totals,
            delays=delays,
            plots=plots,
            page=page,
            pages=pages,
            can_open_portfolio=Role(current_user.role) == M,
            portfolio_url=url_for("portfolio.index"),
            placement=placement_counts(db.session, today),
            r1_waiting=waiting_counts(db.session),
            **rule_context(),
        )


class DefinitionsView(SecuredPage):
    """The definitions of the rules, in French, for every signed-in user."""

    roles = frozenset(Role)

    @expose("/")
    def index(self) -> Any:
        return self.render("console/definitions.html", definitions=DEFINITIONS)
