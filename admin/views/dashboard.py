"""Dashboards: the counsellor's "Mon portefeuille", the programme dashboard, the definitions."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select

from admin import charts, clock
from admin.database import db
from admin.views.pages import SecuredPage
from schema import Counsellor
from schema.enums import AccompanimentStatus, Phase, Role
from schema.placements import placement_counts
from schema.rules.calendar import fr
from schema.rules.capacity import counsellor_loads, programme_load
from schema.rules.caseload import (
    ALERT_STATES,
    RULES,
    RULES_BY_CODE,
    alert_counts,
    alert_counts_by_counsellor,
    caseload,
)
from schema.rules.definitions import DEFINITIONS
from schema.rules.states import RuleState
from schema.rules.trends import active_file_per_week, contacts_per_week, delays_over_last_year

M, C, F = Role.MANAGER, Role.COUNSELLOR, Role.FUNDER

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
    }


class PortfolioView(SecuredPage):
    """One row per open accompaniment with every rule's state; counts per alert on top."""

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
        return None, "Portefeuille du programme"

    @expose("/")
    def index(self) -> Any:
        today = clock.today()
        counsellor_id, title = self._counsellor()
        rows = caseload(db.session, today, counsellor_id)
        counts = alert_counts(rows)
        rule = RULES_BY_CODE.get(request.args.get("alerte", ""))
        if rule is not None:
            rows = [r for r in rows if r.rules[rule.code].state in rule.alert_states]
        counsellors = []
        if Role(current_user.role) == M:
            counsellors = db.session.execute(
                select(Counsellor.id, Counsellor.display_name)
                .where(Counsellor.active.is_(True))
                .order_by(Counsellor.display_name, Counsellor.id)
            ).all()
        load = None
        if counsellor_id is not None:
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
            **rule_context(),
        )


class ProgrammeView(SecuredPage):
    """The manager's and funder's dashboard: per counsellor and programme totals, plots."""

    roles = frozenset({M, F})

    @expose("/")
    def index(self) -> Any:
        today = clock.today()
        loads = counsellor_loads(db.session, today)
        total = programme_load(loads)
        alerts = alert_counts_by_counsellor(db.session, today)
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
        totals = {
            "late": {r.code: sum(a.late[r.code] for a in alerts.values()) for r in RULES},
            "soon": {r.code: sum(a.soon[r.code] for a in alerts.values()) for r in RULES},
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
            can_open_portfolio=Role(current_user.role) == M,
            portfolio_url=url_for("portfolio.index"),
            placement=placement_counts(db.session, today),
            **rule_context(),
        )


class DefinitionsView(SecuredPage):
    """The definitions of the rules, in French, for every signed-in user."""

    roles = frozenset(Role)

    @expose("/")
    def index(self) -> Any:
        return self.render("console/definitions.html", definitions=DEFINITIONS)
