"""Who sees and marks whom on a séance's sheet.

A séance is shared: its facilitator, the back-office and the manager take attendance for
everyone; any other counsellor sees and marks only their own caseload, the others counted.
"""

from __future__ import annotations

from datetime import timedelta
from html import unescape
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from admin.views.pages import paris_now
from schema import Attendance, AuditLog
from schema.enums import Role
from tests import factories

PAST = (paris_now() - timedelta(days=2)).replace(hour=9, minute=30, second=0, microsecond=0)
ALL = ["AUBERT", "BLANC", "CARPENTIER"]


@pytest.fixture
def shared(session, ref):
    """A past séance facilitated by Nadia Lemaire with three people: one followed by "me", one
    by another counsellor, one by nobody yet."""
    me = factories.user(session, Role.COUNSELLOR, full_name="Paul Martin")
    other = factories.user(session, Role.COUNSELLOR, full_name="Inès Roussel")
    facilitator = factories.user(session, Role.COUNSELLOR, full_name="Nadia Lemaire")
    ws = factories.workshop_session(
        session, ref["workshop"], starts_at=PAST, facilitator=" nadia LEMAIRE "
    )
    lines = {}
    for name, follower in (("Aubert", me), ("Blanc", other), ("Carpentier", None)):
        acc = factories.accompaniment(session, follower, factories.person(session, last_name=name))
        lines[name] = factories.attendance(session, ws, acc.person, accompaniment=acc)
    return {"ws": ws, "me": me, "other": other, "facilitator": facilitator, "lines": lines}


def url(ws, suffix: str = "") -> str:
    return f"/console/emargement/seance/{ws.id}{suffix}"


def names_on(text: str) -> list[str]:
    return [name for name in ALL if name in text]


def workbook_text(content: bytes) -> str:
    sheet = load_workbook(BytesIO(content)).active
    return " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)


def mark_data(token: str, attendances, status: str = "present") -> dict:
    data = {"csrf_token": token, "line": [a.id for a in attendances]}
    for a in attendances:
        data[f"status-{a.id}"] = status
        data[f"version-{a.id}"] = a.version
        data[f"signed-{a.id}"] = "1"
    return data


def marks(session, ws) -> dict[str, str]:
    session.expire_all()
    rows = session.scalars(select(Attendance).where(Attendance.session_id == ws.id))
    return {a.person.last_name.upper(): a.status for a in rows}


@pytest.mark.parametrize("role", [Role.MANAGER, Role.BACKOFFICE, Role.FUNDER, "facilitator"])
def test_shared_roles_see_everyone_on_screen_paper_and_file(client, session, login, shared, role):
    user = shared["facilitator"] if role == "facilitator" else factories.user(session, role)
    login(user)
    ws = shared["ws"]
    html = unescape(client.get(url(ws)).get_data(as_text=True))
    assert names_on(html) == ALL
    assert "3 / 12 places" in html and 'id="hidden-count"' not in html
    printed = unescape(client.get(url(ws, "/imprimer")).get_data(as_text=True))
    assert names_on(printed) == ALL and "Personnes inscrites : 3" in printed
    assert names_on(workbook_text(client.get(url(ws, "/feuille.xlsx")).data)) == ALL


def test_other_counsellor_sees_only_their_people_the_rest_counted(client, session, login, shared):
    login(shared["me"])
    ws = shared["ws"]
    html = unescape(client.get(url(ws)).get_data(as_text=True))
    assert names_on(html) == ["AUBERT"]
    assert "3 / 12 places" in html
    assert "2 autres personnes inscrites, suivies par d'autres conseillers" in html
    printed = unescape(client.get(url(ws, "/imprimer")).get_data(as_text=True))
    assert names_on(printed) == ["AUBERT"]
    assert "Personnes inscrites : 3" in printed
    others = "2 autres personnes inscrites, suivies par d'autres conseillers (non nommées)."
    assert others in printed
    content = client.get(url(ws, "/feuille.xlsx")).data
    text = workbook_text(content)
    assert names_on(text) == ["AUBERT"]
    assert "2 autres personnes inscrites" in text
    sheet = load_workbook(BytesIO(content)).active
    numbered = [row for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert [(row[0], row[1]) for row in numbered] == [(1, "AUBERT")]
    export = session.scalars(
        select(AuditLog).where(AuditLog.action == "export", AuditLog.entity_id == ws.id)
    ).one()
    assert export.detail == "feuille d'émargement (1 lignes)"


def test_counsellor_with_nobody_registered_reads_a_plain_sentence(client, session, login, ref):
    me = factories.user(session, Role.COUNSELLOR)
    ws = factories.workshop_session(session, ref["workshop"], starts_at=PAST)
    acc = factories.accompaniment(session, None, factories.person(session, last_name="Blanc"))
    factories.attendance(session, ws, acc.person, accompaniment=acc)
    login(me)
    html = unescape(client.get(url(ws)).get_data(as_text=True))
    assert "Aucune personne de votre portefeuille n'est inscrite à cette séance." in html
    assert "1 autre personne inscrite, suivie par un autre conseiller" in html
    assert "BLANC" not in html and "Enregistrer</button>" not in html


def test_other_counsellor_marks_their_people_only(client, session, login, shared):
    token = login(shared["me"])
    ws, lines = shared["ws"], shared["lines"]
    refused = client.post(url(ws), data=mark_data(token, [lines["Aubert"], lines["Blanc"]]))
    assert refused.status_code == 400
    html = unescape(refused.get_data(as_text=True))
    assert "La feuille contient une ligne qui n'est plus inscrite à cette séance" in html
    assert "BLANC" not in html
    assert marks(session, ws) == dict.fromkeys(ALL, "inscrit")
    alone = client.post(url(ws), data=mark_data(token, [lines["Blanc"]]))
    assert alone.status_code == 400
    assert marks(session, ws) == dict.fromkeys(ALL, "inscrit")
    # "Tous présents" sets the lines of the sheet the counsellor was shown, no others.
    client.post(url(ws), data={**mark_data(token, [lines["Aubert"]], "inscrit"), "all_present": 1})
    assert marks(session, ws) == {"AUBERT": "present", "BLANC": "inscrit", "CARPENTIER": "inscrit"}


def test_facilitator_marks_everyone_and_history_is_scoped(client, session, login, shared):
    ws, lines = shared["ws"], shared["lines"]
    token = login(shared["facilitator"])
    response = client.post(url(ws), data=mark_data(token, list(lines.values())))
    assert response.status_code == 302
    assert marks(session, ws) == dict.fromkeys(ALL, "present")
    history = unescape(client.get(url(ws)).get_data(as_text=True))
    history = history[history.index('id="history"') :]
    assert names_on(history) == ALL
    client.post("/deconnexion", data={"csrf_token": token})
    login(shared["me"])
    history = unescape(client.get(url(ws)).get_data(as_text=True))
    history = history[history.index('id="history"') :]
    assert names_on(history) == ["AUBERT"]


def test_facilitator_name_must_match_a_whole_display_name(client, session, login, ref):
    nadia = factories.user(session, Role.COUNSELLOR, full_name="Nadia")
    ws = factories.workshop_session(
        session, ref["workshop"], starts_at=PAST, facilitator="Nadia Lemaire"
    )
    acc = factories.accompaniment(session, None, factories.person(session, last_name="Blanc"))
    factories.attendance(session, ws, acc.person, accompaniment=acc)
    login(nadia)
    assert "BLANC" not in unescape(client.get(url(ws)).get_data(as_text=True))


def test_funder_reads_but_cannot_mark(client, session, login, shared):
    token = login(factories.user(session, Role.FUNDER))
    ws, lines = shared["ws"], shared["lines"]
    response = client.post(url(ws), data=mark_data(token, [lines["Aubert"]]))
    assert response.status_code == 403
    assert marks(session, ws) == dict.fromkeys(ALL, "inscrit")


def test_animation_offers_counsellor_names_and_the_named_one_marks_everyone(
    client, session, login, ref, shared
):
    token = login(factories.user(session, Role.BACKOFFICE))
    html = unescape(client.get("/console/emargement/").get_data(as_text=True))
    datalist = html[html.index('<datalist id="counsellor-names">') :]
    datalist = datalist[: datalist.index("</datalist>")]
    assert '<option value="Nadia Lemaire">' in datalist and 'value="Paul Martin"' in datalist
    response = client.post(
        "/console/emargement/seances/nouvelle",
        data={
            "csrf_token": token,
            "workshop_id": ref["workshop"].id,
            "day": PAST.strftime("%d/%m/%Y"),
            "starts": "14:00",
            "ends": "16:00",
            "place": "Salle 3",
            "facilitator": "Paul Martin",
        },
    )
    assert response.status_code == 302
    ws_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    for line in shared["lines"].values():
        factories.attendance(session, session.get(type(shared["ws"]), ws_id), line.person)
    client.post("/deconnexion", data={"csrf_token": token})
    login(shared["me"])
    html = unescape(client.get(f"/console/emargement/seance/{ws_id}").get_data(as_text=True))
    assert names_on(html) == ALL and 'id="hidden-count"' not in html
