"""Journal d'audit: what is recorded, read-only page, Paris times, filters, export, purge."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from schema import AuditLog
from schema.audit import purge_cutoff
from schema.base import utcnow
from schema.enums import Role
from tests import factories
from tests.security.records import form_values


def _entries(session, **where):
    query = select(AuditLog).order_by(AuditLog.id)
    for key, value in where.items():
        query = query.where(getattr(AuditLog, key) == value)
    return session.scalars(query).all()


def test_what_is_recorded(client, session, login, ref):
    counsellor = factories.user(session, Role.COUNSELLOR)
    acc = factories.accompaniment(session, counsellor)
    token = login(counsellor)
    assert _entries(session, action="login", user_id=counsellor.id)[0].ip == "127.0.0.1"
    client.get(f"/console/person/details/?id={acc.person_id}")
    client.get(f"/console/person/edit/?id={acc.person_id}")
    reads = _entries(session, action="read", person_id=acc.person_id)
    assert [r.user_id for r in reads] == [counsellor.id, counsellor.id]
    values = form_values(
        client.get(f"/console/person/edit/?id={acc.person_id}").get_data(as_text=True)
    )
    values.update(phone="0611223344", commune="Gravelines")
    assert client.post(f"/console/person/edit/?id={acc.person_id}", data=values).status_code == 302
    update = _entries(session, action="update", entity="Person")[0]
    assert update.fields == "commune, phone" and "0611223344" not in (update.detail or "")
    client.post("/deconnexion", data={"csrf_token": token})
    assert _entries(session, action="logout", user_id=counsellor.id)
    client.post(
        "/connexion", data={"email": counsellor.email, "password": "non", "csrf_token": token}
    )
    assert _entries(session, action="login_failed", entity_id=counsellor.id)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MANAGER, 200),
        (Role.ADMIN, 200),
        (Role.COUNSELLOR, 403),
        (Role.BACKOFFICE, 403),
        (Role.FUNDER, 403),
    ],
)
def test_journal_readers(client, session, login, role, status):
    login(factories.user(session, role))
    assert client.get("/console/audit_log/").status_code == status
    assert client.get("/console/audit_log/export.xlsx").status_code == status


def test_journal_is_read_only(client, session, login):
    manager = factories.user(session, Role.MANAGER)
    token = login(manager)
    entry = _entries(session, action="login")[0]
    assert client.get("/console/audit_log/new/").status_code == 403
    assert client.get(f"/console/audit_log/edit/?id={entry.id}").status_code == 403
    response = client.post("/console/audit_log/delete/", data={"id": entry.id, "csrf_token": token})
    assert response.status_code == 403
    response = client.post(
        "/console/audit_log/action/",
        data={"action": "delete", "rowid": entry.id, "csrf_token": token},
    )
    assert response.status_code == 403
    assert session.get(AuditLog, entry.id) is not None


def _seed_entries(session, person_a, person_b, manager):
    # 22:30 UTC on 1 July is 00:30 on 2 July in Paris (summer time).
    session.add_all(
        [
            AuditLog(
                at=datetime(2026, 7, 1, 22, 30),
                user_id=manager.id,
                user_label=manager.email,
                action="read",
                entity="Person",
                entity_id=person_a.id,
                person_id=person_a.id,
                ip="10.0.0.7",
            ),
            AuditLog(
                at=datetime(2026, 7, 1, 9, 0),
                user_id=None,
                user_label=None,
                action="export",
                entity="Accompagnements",
                detail="Accompagnements — filtres : aucun ; recherche : non — 12 ligne(s)",
            ),
            AuditLog(
                at=datetime(2026, 1, 15, 11, 0),  # winter: Paris = UTC + 1
                user_id=manager.id,
                user_label=manager.email,
                action="update",
                entity="Contact",
                entity_id=3,
                person_id=person_b.id,
                fields="synthesis",
            ),
        ]
    )
    session.flush()


def test_times_in_paris_and_filters(client, session, login):
    manager = factories.user(session, Role.MANAGER)
    a = factories.person(session, last_name="Lemaire")
    b = factories.person(session, last_name="Vasseur")
    _seed_entries(session, a, b, manager)
    login(manager)
    page = client.get("/console/audit_log/?flt0_action_equals=read").get_data(as_text=True)
    assert "02/07/2026 00:30:00" in page and "Ouverture d&#39;un dossier" in page
    assert "15/01/2026 12:00:00" not in page

    def ids(query: str) -> set[str]:
        text = client.get(f"/console/audit_log/?{query}").get_data(as_text=True)
        return {
            label
            for label in ("02/07/2026 00:30:00", "01/07/2026 11:00:00", "15/01/2026 12:00:00")
            if label in text
        }

    assert ids(f"flt0_personne_n_equals={a.id}") == {"02/07/2026 00:30:00"}
    assert ids("flt0_personne_nom_commence_par=vass") == {"15/01/2026 12:00:00"}
    assert ids(f"flt0_utilisateurrice_equals={manager.id}") == {
        "02/07/2026 00:30:00",
        "15/01/2026 12:00:00",
    }
    assert ids("flt0_action_equals=export") == {"01/07/2026 11:00:00"}
    # Paris days: 2 July starts at 22:00 UTC on 1 July.
    assert ids("flt0_date_partir_du=2026-07-02") == {"02/07/2026 00:30:00"}
    assert ids("flt0_date_partir_du=2026-07-01&flt1_date_jusquau_inclus=2026-07-01") == {
        "01/07/2026 11:00:00"
    }
    assert ids("flt0_date_jusquau_inclus=2026-06-30") == {"15/01/2026 12:00:00"}


def test_export_follows_filters_and_is_audited(client, session, login, count_queries):
    manager = factories.user(session, Role.MANAGER)
    a = factories.person(session, last_name="Lemaire")
    b = factories.person(session, last_name="Vasseur")
    _seed_entries(session, a, b, manager)
    login(manager)
    with count_queries() as counter:
        response = client.get(
            f"/console/audit_log/export.xlsx?flt0_utilisateurrice_equals={manager.id}"
            "&flt1_date_jusquau_inclus=2026-10-31"
        )
    assert response.status_code == 200
    assert "journal-audit.xlsx" in response.headers["Content-Disposition"]
    assert counter.count <= 8
    sheet = load_workbook(BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Date (heure de Paris)", "Utilisateur·rice", "Adresse IP", "Action")
    assert rows[1][0] == datetime(2026, 7, 2, 0, 30)
    assert rows[1][1:4] == (manager.email, "10.0.0.7", "Ouverture d'un dossier")
    assert rows[2][0] == datetime(2026, 1, 15, 12, 0) and rows[2][7] == "synthesis"
    assert len(rows) == 3
    export = _entries(session, action="export", user_id=manager.id)[-1]
    assert export.entity == "Journal d'audit"
    assert "2 ligne(s)" in export.detail and "Utilisateur·rice" in export.detail


def test_record_export_helper(app, session):
    from flask_login import login_user

    from admin import audit
    from admin.database import db

    manager = factories.user(session, Role.MANAGER)
    with app.test_request_context(environ_base={"REMOTE_ADDR": "192.0.2.4"}):
        login_user(manager)
        entry = audit.record_export("Accompagnements", {"Statut": "actif"}, 42)
        searched = audit.record_export("Personnes", ["Nom", "Statut", "Nom"], 3, searched=True)
        db.session.commit()
    stored = session.get(AuditLog, entry.id)
    assert stored.action == "export" and stored.user_id == manager.id and stored.ip == "192.0.2.4"
    # A mapping of filters to values gives its names only: the values are never stored.
    assert stored.detail == "Accompagnements — filtres : Statut — 42 ligne(s)"
    assert session.get(AuditLog, searched.id).detail == (
        "Personnes — filtres : Nom, Statut ; recherche : oui — 3 ligne(s)"
    )


def test_purge_logs_dry_run_then_apply(app, session):
    now = utcnow()
    cutoff = purge_cutoff(now)
    session.add_all(
        [
            AuditLog(at=cutoff - timedelta(days=1), action="login"),
            AuditLog(at=cutoff - timedelta(days=400), action="read", person_id=1),
            AuditLog(at=cutoff + timedelta(days=1), action="login"),
        ]
    )
    session.flush()
    total = session.scalar(select(func.count()).select_from(AuditLog))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["purge-logs"])
    assert result.exit_code == 0, result.output
    assert ": 2." in result.output and "Simulation" in result.output
    assert "Connexion : 1" in result.output and "Ouverture d'un dossier : 1" in result.output
    assert session.scalar(select(func.count()).select_from(AuditLog)) == total
    result = runner.invoke(args=["purge-logs", "--apply"])
    assert result.exit_code == 0, result.output
    assert "2 entrée(s) supprimée(s)." in result.output
    session.expire_all()
    remaining = session.scalars(select(AuditLog.action).where(AuditLog.at < cutoff)).all()
    assert remaining == []
    assert session.scalar(select(func.count()).select_from(AuditLog)) == total - 2 + 1  # + purge
    assert _entries(session, action="purge_logs")


def test_journal_page_statements_do_not_grow_with_rows(client, session, login, count_queries):
    manager = factories.user(session, Role.MANAGER)
    login(manager)

    def statements(n: int) -> int:
        session.add_all(
            AuditLog(at=datetime(2026, 7, 1, 9, i), action="read", person_id=i, user_id=manager.id)
            for i in range(n)
        )
        session.flush()
        with count_queries() as counter:
            assert client.get("/console/audit_log/?page_size=100").status_code == 200
        return counter.count

    assert statements(3) == statements(60)
