"""The Séances page and a séance's attendance sheet, through the console."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import unescape
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from admin.views.pages import paris_now
from schema import Attendance, AuditLog, WorkshopSession
from schema.enums import Role
from tests import factories

PAST = (paris_now() - timedelta(days=2)).replace(hour=9, minute=30, second=0, microsecond=0)


def sheet_url(ws) -> str:
    return f"/console/emargement/seance/{ws.id}"


def registered(session, ws, names, counsellor=None):
    rows = []
    for name in names:
        acc = factories.accompaniment(
            session, counsellor, factories.person(session, last_name=name)
        )
        rows.append(factories.attendance(session, ws, acc.person, accompaniment=acc))
    return rows


def sheet_data(token, marks, versions=None, **extra):
    """Form data of the sheet: marks is [(attendance, status, signed)]."""
    data = {"csrf_token": token, "line": [a.id for a, _s, _g in marks], **extra}
    for attendance, status, signed in marks:
        data[f"status-{attendance.id}"] = status
        data[f"version-{attendance.id}"] = (versions or {}).get(attendance.id, attendance.version)
        if signed:
            data[f"signed-{attendance.id}"] = "1"
    return data


def statuses(session, ws):
    session.expire_all()
    rows = session.scalars(
        select(Attendance).where(Attendance.session_id == ws.id).order_by(Attendance.id)
    )
    return [(a.status, a.signed) for a in rows]


def test_sessions_page_lists_places_taken_and_creates_a_session(
    client, session, login, ref, count_queries
):
    token = login(factories.user(session, Role.BACKOFFICE))
    ws = factories.workshop_session(session, ref["workshop"], starts_at=PAST, capacity=3)
    registered(session, ws, ["Aubert", "Blanc"])
    html = client.get("/console/emargement/").get_data(as_text=True)
    assert "2 / 3" in html and ref["workshop"].label in html
    with count_queries() as few:
        client.get("/console/emargement/")
    for _ in range(8):
        registered(session, factories.workshop_session(session, ref["workshop"]), ["X", "Y"])
    with count_queries() as many:
        client.get("/console/emargement/")
    assert few.count == many.count

    response = client.post(
        "/console/emargement/seances/nouvelle",
        data={
            "csrf_token": token,
            "workshop_id": ref["workshop"].id,
            "day": "15/12/2026",
            "starts": "09:00",
            "ends": "12:00",
            "place": "Entreprendre Ensemble, Dunkerque",
            "facilitator": "Nadia",
            "capacity": "",
        },
    )
    assert response.status_code == 302
    created = session.scalars(select(WorkshopSession).order_by(WorkshopSession.id.desc())).first()
    assert (created.starts_at, created.ends_at, created.capacity) == (
        datetime(2026, 12, 15, 9, 0),
        datetime(2026, 12, 15, 12, 0),
        ref["workshop"].default_capacity,
    )


def test_new_session_errors_are_french_and_keep_input(client, session, login, ref):
    token = login(factories.user(session, Role.MANAGER))
    response = client.post(
        "/console/emargement/seances/nouvelle",
        data={
            "csrf_token": token,
            "workshop_id": ref["workshop"].id,
            "day": "31/02/2026",
            "starts": "10:00",
            "ends": "09:00",
            "place": "Salle Jean Bart",
        },
    )
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Date invalide : écrivez-la JJ/MM/AAAA." in html
    assert 'value="Salle Jean Bart"' in html
    response = client.post(
        "/console/emargement/seances/nouvelle",
        data={
            "csrf_token": token,
            "workshop_id": ref["workshop"].id,
            "day": "01/12/2026",
            "starts": "10:00",
            "ends": "09:00",
            "place": "Salle Jean Bart",
        },
    )
    assert response.status_code == 400
    assert "La séance doit se terminer après son début." in response.get_data(as_text=True)


def test_register_by_search_then_full(client, session, login, ref):
    token = login(factories.user(session, Role.BACKOFFICE))
    ws = factories.workshop_session(session, ref["workshop"], capacity=1)
    found = factories.accompaniment(
        session, None, factories.person(session, last_name="Lefèvre", caf_number="7654321")
    )
    other = factories.accompaniment(session, None, factories.person(session, last_name="Leroy"))
    html = client.get(f"{sheet_url(ws)}?q=765").get_data(as_text=True)
    assert "LEFÈVRE Élodie" in html and "LEROY" not in html
    html = client.get(f"{sheet_url(ws)}?q=lefe").get_data(as_text=True)
    assert "LEFÈVRE Élodie" in html
    response = client.post(
        f"{sheet_url(ws)}/inscrire",
        data={"csrf_token": token, "accompaniment_id": found.id},
        follow_redirects=True,
    )
    assert "LEFÈVRE Élodie est inscrit·e à la séance." in unescape(response.get_data(as_text=True))
    response = client.post(
        f"{sheet_url(ws)}/inscrire",
        data={"csrf_token": token, "accompaniment_id": other.id},
        follow_redirects=True,
    )
    html = unescape(response.get_data(as_text=True))
    assert "La séance est complète (1 place)" in html
    assert [a.person_id for a in session.scalars(select(Attendance))] == [found.person_id]
    log = session.scalars(select(AuditLog).where(AuditLog.action == "attendance_register")).one()
    assert (log.entity_id, log.person_id) == (
        session.scalar(select(Attendance.id)),
        found.person_id,
    )


def test_mark_all_present_and_re_mark_with_history(client, session, login, ref):
    token = login(factories.user(session, Role.BACKOFFICE, email="accueil@test.fr"))
    ws = factories.workshop_session(session, ref["workshop"], starts_at=PAST)
    a, b, c = registered(session, ws, ["Aubert", "Blanc", "Colin"])
    response = client.post(
        sheet_url(ws),
        data=sheet_data(
            token,
            [(a, "present", True), (b, "absent_excuse", False), (c, "absent_non_excuse", False)],
        ),
    )
    assert response.status_code == 302
    assert statuses(session, ws) == [
        ("present", True),
        ("absent_excuse", False),
        ("absent_non_excuse", False),
    ]
    # "Tous présents": every line present in one click, signatures as ticked.
    response = client.post(
        sheet_url(ws),
        data=sheet_data(
            token,
            [(a, "present", True), (b, "absent_excuse", False), (c, "absent_non_excuse", True)],
            all_present="1",
        ),
        follow_redirects=True,
    )
    assert "Feuille enregistrée : 2 modifications." in response.get_data(as_text=True)
    assert statuses(session, ws) == [("present", True), ("present", False), ("present", True)]
    html = client.get(sheet_url(ws)).get_data(as_text=True)
    history = html[html.index('id="history"') :]
    assert "absent excusé → présent" in history
    assert "absent non excusé → présent, signé" in history
    assert "inscrit → absent excusé" in history
    assert "accueil@test.fr" in history
    logs = session.scalars(
        select(AuditLog)
        .where(AuditLog.action == "attendance_mark", AuditLog.entity_id == b.id)
        .order_by(AuditLog.id)
    ).all()
    assert [(log.fields, log.detail, log.person_id) for log in logs] == [
        ("status", "inscrit → absent excusé", b.person_id),
        ("status", "absent excusé → présent", b.person_id),
    ]


def test_atomic_failure_names_the_line_and_keeps_input(client, session, login, ref):
    token = login(factories.user(session, Role.MANAGER))
    ws = factories.workshop_session(session, ref["workshop"], starts_at=PAST)
    a, b = registered(session, ws, ["Aubert", "Blanc"])
    response = client.post(
        sheet_url(ws),
        data=sheet_data(token, [(a, "present", True), (b, "absent_excuse", True)]),
    )
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Ligne 2 (BLANC Élodie) : seule une personne présente peut avoir signé." in html
    assert statuses(session, ws) == [("inscrit", False), ("inscrit", False)]
    # The user's marks are on screen again.
    line_a = html[html.index(f'id="line-{a.id}"') : html.index(f'id="line-{b.id}"')]
    assert 'value="present" selected' in line_a and "checked" in line_a


def test_stale_save_keeps_both_users_work(client, session, login, ref):
    me = factories.user(session, Role.COUNSELLOR)
    token = login(me)
    ws = factories.workshop_session(session, ref["workshop"], starts_at=PAST)
    a, b = registered(session, ws, ["Aubert", "Blanc"], me)
    seen = {a.id: a.version, b.id: b.version}
    # Someone else saves line b first.
    first = client.post(sheet_url(ws), data=sheet_data(token, [(b, "present", True)]))
    assert first.status_code == 302
    response = client.post(
        sheet_url(ws),
        data=sheet_data(token, [(a, "present", False), (b, "absent_excuse", False)], seen),
    )
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 409
    assert "La feuille a été modifiée par quelqu'un d'autre" in html
    assert "BLANC Élodie" in html
    assert statuses(session, ws) == [("inscrit", False), ("present", True)]
    line_b = html[html.index(f'id="line-{b.id}"') :]
    line_b = line_b[: line_b.index("</tr>")]
    assert 'value="absent_excuse" selected' in line_b  # what this user typed
    assert "actuellement « Présent », signé" in line_b  # what the other saved
    # Saving again after checking goes through with the new version.
    session.expire_all()
    retry = client.post(
        sheet_url(ws),
        data=sheet_data(token, [(a, "present", False), (b, "absent_excuse", False)]),
    )
    assert retry.status_code == 302
    assert statuses(session, ws) == [("present", False), ("absent_excuse", False)]


@pytest.mark.parametrize("size", [5, 60])
def test_sheet_statements_do_not_grow_with_people(client, session, login, ref, count_queries, size):
    token = login(factories.user(session, Role.BACKOFFICE))
    ws = factories.workshop_session(session, ref["workshop"], starts_at=PAST, capacity=60)
    lines = registered(session, ws, [f"Nom{i:02d}" for i in range(size)])
    with count_queries() as counter:
        response = client.get(f"{sheet_url(ws)}?q=nom")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('name="line"') == size
    # session + its lines + registration search + history (+ the logged-in user)
    assert counter.count == 5
    with count_queries() as printing:
        client.get(f"{sheet_url(ws)}/imprimer")
    assert printing.count == 3
    # Saving every line: the user, the séance, its lines, one UPDATE, one audit INSERT, the
    # stored rule states of the people (a DELETE and an INSERT … ON CONFLICT) and the stored
    # counts of their counsellors (a DELETE and an INSERT, after a lock on PostgreSQL).
    with count_queries() as saving:
        response = client.post(
            sheet_url(ws), data=sheet_data(token, [(a, "present", True) for a in lines])
        )
    assert response.status_code == 302
    assert saving.count == 9 + (session.get_bind().dialect.name == "postgresql")
    assert statuses(session, ws) == [("present", True)] * size
    marks = session.scalars(select(AuditLog).where(AuditLog.action == "attendance_mark")).all()
    assert len(marks) == size


def test_xlsx_sheet_read_back(client, session, login, ref):
    login(factories.user(session, Role.BACKOFFICE))
    ws = factories.workshop_session(
        session, ref["workshop"], starts_at=datetime(2026, 11, 5, 9, 30), facilitator="Nadia"
    )
    registered(session, ws, ["Zola", "=cmd", "Aubert"])
    response = client.get(f"{sheet_url(ws)}/feuille.xlsx")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.data)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == (
        "Ensemble vers l'emploi — Entreprendre Ensemble — Département du Nord / FSE+"
    )
    assert values[1][0] == f"Feuille d'émargement — {ref['workshop'].label}"
    assert values[2][0] == "Séance du 05/11/2026 de 09:30 à 12:30"
    assert values[3][0] == "Lieu : Entreprendre Ensemble, Dunkerque"
    assert values[4][0] == "Animation : Nadia"
    header = values.index(["N°", "Nom", "Prénom", "Signature"])
    people = values[header + 1 :]
    assert people == [
        [1, "'=CMD", "Élodie", None],
        [2, "AUBERT", "Élodie", None],
        [3, "ZOLA", "Élodie", None],
    ]
    log = session.scalars(select(AuditLog).where(AuditLog.action == "export")).one()
    assert log.detail == "feuille d'émargement (3 lignes)"


def test_print_view(client, session, login, ref):
    login(factories.user(session, Role.FUNDER))
    ws = factories.workshop_session(session, ref["workshop"], starts_at=PAST)
    registered(session, ws, ["Zola", "Aubert"])
    html = unescape(client.get(f"{sheet_url(ws)}/imprimer").get_data(as_text=True))
    assert "Ensemble vers l'emploi — Entreprendre Ensemble — Département du Nord / FSE+" in html
    assert "@media print" in html and "size: A4" in html
    assert html.index("AUBERT") < html.index("ZOLA")
    assert html.count('<td class="signature"></td>') == 2


def test_funder_reads_but_cannot_mark_or_register(client, session, login, ref):
    token = login(factories.user(session, Role.FUNDER))
    ws = factories.workshop_session(session, ref["workshop"], starts_at=PAST)
    (a,) = registered(session, ws, ["Aubert"])
    html = client.get(sheet_url(ws)).get_data(as_text=True)
    assert "Tous présents" not in html and "Inscrire une personne" not in html
    assert "disabled" in html
    assert "Nouvelle séance" not in client.get("/console/emargement/").get_data(as_text=True)
    assert (
        client.post(sheet_url(ws), data=sheet_data(token, [(a, "present", True)])).status_code
        == 403
    )
    acc = factories.accompaniment(session, None)
    response = client.post(
        f"{sheet_url(ws)}/inscrire", data={"csrf_token": token, "accompaniment_id": acc.id}
    )
    assert response.status_code == 403
    response = client.post("/console/emargement/seances/nouvelle", data={"csrf_token": token})
    assert response.status_code == 403
    assert statuses(session, ws) == [("inscrit", False)]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.MANAGER, 200),
        (Role.COUNSELLOR, 200),
        (Role.BACKOFFICE, 200),
        (Role.FUNDER, 200),
        (Role.ADMIN, 403),
    ],
)
def test_pages_by_role(client, session, login, ref, role, expected):
    ws = factories.workshop_session(session, ref["workshop"], starts_at=PAST)
    login(factories.user(session, role))
    for url in ("/console/emargement/", sheet_url(ws), f"{sheet_url(ws)}/imprimer"):
        assert client.get(url).status_code == expected, url


def test_anonymous_goes_to_login(client, session, ref):
    ws = factories.workshop_session(session, ref["workshop"])
    for url in ("/console/emargement/", sheet_url(ws), "/console/entretiens/"):
        response = client.get(url)
        assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_counsellor_registers_only_their_caseload(client, session, login, ref):
    me = factories.user(session, Role.COUNSELLOR)
    other = factories.user(session, Role.COUNSELLOR)
    token = login(me)
    ws = factories.workshop_session(session, ref["workshop"])
    mine = factories.accompaniment(session, me, factories.person(session, last_name="Mien"))
    theirs = factories.accompaniment(session, other, factories.person(session, last_name="Mieux"))
    html = client.get(f"{sheet_url(ws)}?q=mie").get_data(as_text=True)
    assert "MIEN Élodie" in html and "MIEUX" not in html
    response = client.post(
        f"{sheet_url(ws)}/inscrire",
        data={"csrf_token": token, "accompaniment_id": theirs.id},
        follow_redirects=True,
    )
    assert "Cet accompagnement est introuvable." in response.get_data(as_text=True)
    assert session.scalars(select(Attendance)).all() == []
    client.post(
        f"{sheet_url(ws)}/inscrire", data={"csrf_token": token, "accompaniment_id": mine.id}
    )
    assert [a.person_id for a in session.scalars(select(Attendance))] == [mine.person_id]


def test_crud_attendance_creation_respects_capacity(client, session, login, ref):
    token = login(factories.user(session, Role.BACKOFFICE))
    ws = factories.workshop_session(session, ref["workshop"], capacity=1)
    registered(session, ws, ["Aubert"])
    late = factories.person(session, last_name="Tardif")
    response = client.post(
        "/console/attendance/new/",
        data={"csrf_token": token, "session": ws.id, "person": late.id, "status": "inscrit"},
        follow_redirects=True,
    )
    assert "La séance est complète (1 place)" in response.get_data(as_text=True)
    assert len(session.scalars(select(Attendance)).all()) == 1
