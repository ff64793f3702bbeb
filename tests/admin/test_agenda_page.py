"""The agenda pages end to end through the HTTP client: the week, planning from a free slot,
moving (history kept as « reporté »), cancelling, conflicts, stale pages, roles, bad params."""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from schema import AuditLog, Contact
from schema.enums import Role
from schema.operations import agenda as ops
from tests import factories
from tests.conftest import csrf_from

A, M, C, B, F = Role.ADMIN, Role.MANAGER, Role.COUNSELLOR, Role.BACKOFFICE, Role.FUNDER
NOW = datetime(2026, 12, 4, 16, 0)  # a Friday
MONDAY = date(2026, 12, 7)


@pytest.fixture(autouse=True)
def frozen_clock(app, monkeypatch):
    monkeypatch.setitem(app.config, "NOW", NOW)
    monkeypatch.setitem(app.config, "TODAY", NOW.date())


@pytest.fixture
def counsellor(session, ref):
    return factories.user(session, C, full_name="Claire Martin")


@pytest.fixture
def acc(session, counsellor):
    person = factories.person(session, last_name="Bernard", first_name="Lina")
    return factories.accompaniment(session, counsellor, person, d0=date(2026, 12, 1), entry=None)


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour, minute))


def planned(session, acc, counsellor, starts_at, minutes=60, place="Bureau 2") -> Contact:
    return ops.plan_contact(
        session,
        acc,
        starts_at=starts_at,
        duration_minutes=minutes,
        mode="physique",
        place=place,
        by=counsellor,
        now=NOW,
    )


def plan_form(acc, when: str, token: str, **kw) -> dict:
    data = {
        "accompaniment": str(acc.id),
        "starts_at": when,
        "duration_minutes": "45",
        "mode": "telephone",
        "place": "Bureau 3",
        "csrf_token": token,
    }
    data.update(kw)
    return data


def contacts_of(session, acc) -> list[tuple]:
    session.expire_all()
    rows = session.scalars(
        select(Contact).where(Contact.accompaniment_id == acc.id).order_by(Contact.id)
    )
    return [(c.planned_at, c.status, c.mode, c.place, c.duration_minutes) for c in rows]


def audit_actions(session) -> list[tuple]:
    rows = session.scalars(select(AuditLog).where(AuditLog.action.like("agenda_%")))
    return [(a.action, a.entity, a.person_id) for a in rows]


# --- the week -------------------------------------------------------------------------------


def test_counsellor_sees_own_week(client, session, login, ref, counsellor, acc):
    planned(session, acc, counsellor, at(10), place="Bureau 2")
    factories.workshop_session(
        session, ref["workshop"], starts_at=at(14), facilitator="Claire Martin", place="Salle A"
    )
    colleague = factories.user(session, C, full_name="Paul Durand")
    theirs = factories.accompaniment(session, colleague, entry=date(2026, 11, 2))
    planned(session, theirs, colleague, at(11))
    login(counsellor)
    html = client.get(f"/console/agenda/?semaine={MONDAY.isoformat()}").get_data(as_text=True)
    assert "Agenda de Claire Martin" in html
    assert "Semaine du 7 décembre 2026 au 12 décembre 2026" in html
    assert "Lundi 7 décembre" in html and "Samedi 12 décembre" in html
    assert "10:00–11:00</strong> BERNARD Lina" in html
    assert "Entretien physique individuel · Bureau 2" in html
    assert f"14:00–17:00</strong> {ref['workshop'].label}" in html
    assert "Atelier · Salle A" in html
    assert theirs.person.full_name not in html  # a colleague's appointment
    assert 'name="conseiller"' not in html  # no choice for a counsellor
    # a free slot links to the plan form, a taken one does not
    assert 'href="/console/agenda/planifier?debut=2026-12-07T09:00"' in html
    assert "debut=2026-12-07T10:00" not in html
    assert "debut=2026-12-07T08:00" not in html  # outside working hours
    assert "debut=2026-12-12T09:00" not in html  # Saturday: not a working day by default


def test_week_navigation(client, session, login, counsellor):
    login(counsellor)
    html = client.get("/console/agenda/?semaine=2026-12-09").get_data(as_text=True)
    assert "Semaine du 7 décembre 2026" in html  # a Wednesday opens its week
    assert 'id="week-previous" href="/console/agenda/?semaine=2026-11-30"' in html
    assert 'id="week-next" href="/console/agenda/?semaine=2026-12-14"' in html
    assert 'id="week-current" href="/console/agenda/?semaine=2026-11-30"' in html  # NOW's week
    html = client.get("/console/agenda/").get_data(as_text=True)
    assert "Semaine du 30 novembre 2026 au 5 décembre 2026" in html


@pytest.mark.parametrize(
    "value", ["demain", "2026-13-01", "9999-12-31", "0001-01-01", "2026-12-07%00", "x" * 300]
)
def test_malformed_week_gives_current_week(client, session, login, counsellor, value):
    login(counsellor)
    response = client.get(f"/console/agenda/?semaine={value}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Semaine invalide (attendu : AAAA-MM-JJ)" in html
    assert "Semaine du 30 novembre 2026" in html


def test_manager_chooses_a_counsellor(client, session, login, counsellor, acc):
    planned(session, acc, counsellor, at(10))
    login(factories.user(session, M))
    html = client.get("/console/agenda/").get_data(as_text=True)
    assert "Choisissez la conseillère ou le conseiller" in html
    assert f'<option value="{counsellor.counsellor.id}">Claire Martin</option>' in html
    cid = counsellor.counsellor.id
    html = client.get(f"/console/agenda/?conseiller={cid}&semaine=2026-12-07").get_data(
        as_text=True
    )
    assert "Agenda de Claire Martin" in html and "BERNARD Lina" in html
    assert f"/console/agenda/planifier?debut=2026-12-07T09:00&amp;conseiller={cid}" in html


@pytest.mark.parametrize("value", ["abc", "-3", "0", "99999999999999999999", "424242"])
def test_unknown_counsellor_is_404(client, session, login, value):
    login(factories.user(session, B))
    assert client.get(f"/console/agenda/?conseiller={value}").status_code == 404
    assert client.get(f"/console/agenda/planifier?conseiller={value}").status_code == 404


@pytest.mark.parametrize(("role", "status"), [(A, 403), (M, 200), (C, 200), (B, 200), (F, 403)])
def test_access_by_role(client, session, login, counsellor, acc, role, status):
    contact = planned(session, acc, counsellor, at(10))
    login(counsellor if role == C else factories.user(session, role))
    assert client.get("/console/agenda/").status_code == status
    assert client.get(f"/console/agenda/rendez-vous/{contact.id}/").status_code == status


def test_counsellor_cannot_open_a_colleagues_appointment(client, session, login, counsellor):
    colleague = factories.user(session, C)
    theirs = factories.accompaniment(session, colleague, entry=date(2026, 11, 2))
    contact = planned(session, theirs, colleague, at(10))
    token = login(counsellor)
    assert client.get(f"/console/agenda/rendez-vous/{contact.id}/").status_code == 404
    response = client.post(
        f"/console/agenda/rendez-vous/{contact.id}/annuler",
        data={"version": str(contact.version), "csrf_token": token},
    )
    assert response.status_code == 404
    assert contacts_of(session, theirs)[0][1] == "prevu"


# --- planning -------------------------------------------------------------------------------


def test_plan_from_a_free_slot(client, session, login, ref, counsellor, acc):
    closed = factories.accompaniment(
        session,
        counsellor,
        status="clos",
        exit_date=date(2026, 11, 1),
        exit_reason_id=ref["exit_reason"].id,
    )
    login(counsellor)
    page = client.get("/console/agenda/planifier?debut=2026-12-07T09:00")
    html = page.get_data(as_text=True)
    assert 'value="07/12/2026 09:00"' in html  # prefilled
    assert f'<option value="{acc.id}">BERNARD Lina — à contacter</option>' in html
    assert f'value="{closed.id}"' not in html
    response = client.post(
        "/console/agenda/planifier",
        data=plan_form(acc, "07/12/2026 09:00", csrf_from(html)),
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/console/agenda/?semaine=2026-12-07")
    assert contacts_of(session, acc) == [(at(9), "prevu", "telephone", "Bureau 3", 45)]
    assert audit_actions(session) == [("agenda_plan", "Contact", acc.person_id)]
    week = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Rendez-vous planifié le 07/12/2026 à 09:00." in week
    assert "09:00–09:45</strong> BERNARD Lina" in week


def test_backoffice_plans_for_a_counsellor(client, session, login, counsellor, acc):
    token = login(factories.user(session, B))
    cid = counsellor.counsellor.id
    response = client.post(
        "/console/agenda/planifier",
        data=plan_form(acc, "2026-12-08T14:00", token, conseiller=str(cid)),
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"?semaine=2026-12-07&conseiller={cid}")
    assert contacts_of(session, acc) == [(at(14, day=date(2026, 12, 8)), "prevu", *_TEL)]


_TEL = ("telephone", "Bureau 3", 45)


def test_conflict_is_refused_with_input_kept(client, session, login, counsellor, acc):
    other = factories.accompaniment(session, counsellor, entry=date(2026, 11, 2))
    planned(session, other, counsellor, at(10))
    token = login(counsellor)
    response = client.post(
        "/console/agenda/planifier",
        data=plan_form(acc, "07/12/2026 10:30", token, place="Salle du fond"),
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert (
        "Conflit d&#39;agenda : Claire Martin a déjà le rendez-vous de "
        f"{other.person.full_name} de 10:00 à 11:00 le 07/12/2026." in html
    )
    assert 'value="07/12/2026 10:30"' in html and 'value="Salle du fond"' in html
    assert f'<option selected value="{acc.id}">' in html
    assert contacts_of(session, acc) == []
    assert audit_actions(session) == []


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        ("07/12/2026 08:00", "en dehors des horaires de travail de Claire Martin"),
        ("12/12/2026 10:00", "en dehors des horaires de travail"),
        ("04/12/2026 09:00", "ne peut pas être planifié dans le passé"),
    ],
)
def test_refused_slots(client, session, login, counsellor, acc, starts_at, message):
    token = login(counsellor)
    response = client.post("/console/agenda/planifier", data=plan_form(acc, starts_at, token))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert contacts_of(session, acc) == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("starts_at", "lundi prochain", "Le formulaire contient des erreurs"),
        ("duration_minutes", "0", "Entre 5 et 480 minutes."),
        ("duration_minutes", "beaucoup", "Le formulaire contient des erreurs"),
        ("mode", "pigeon", "Le formulaire contient des erreurs"),
        ("accompaniment", "99999999999999999999", "Le formulaire contient des erreurs"),
        ("accompaniment", "", "Choisissez la personne."),
    ],
)
def test_malformed_plan_form(client, session, login, counsellor, acc, field, value, message):
    token = login(counsellor)
    data = plan_form(acc, "07/12/2026 09:00", token, **{field: value})
    response = client.post("/console/agenda/planifier", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert contacts_of(session, acc) == []


def test_person_of_another_caseload_refused(client, session, login, counsellor, acc):
    colleague = factories.user(session, C)
    theirs = factories.accompaniment(session, colleague, entry=date(2026, 11, 2))
    token = login(factories.user(session, M))
    data = plan_form(theirs, "07/12/2026 09:00", token, conseiller=str(counsellor.counsellor.id))
    response = client.post("/console/agenda/planifier", data=data)
    assert response.status_code == 200
    assert contacts_of(session, theirs) == []


def test_plan_without_csrf_is_refused(client, session, login, counsellor, acc):
    login(counsellor)
    response = client.post(
        "/console/agenda/planifier", data=plan_form(acc, "07/12/2026 09:00", "forged")
    )
    assert response.status_code in (200, 400)
    assert contacts_of(session, acc) == []


def test_funder_cannot_plan(client, session, login, counsellor, acc):
    token = login(factories.user(session, F))
    cid = str(counsellor.counsellor.id)
    response = client.post(
        "/console/agenda/planifier",
        data=plan_form(acc, "07/12/2026 09:00", token, conseiller=cid),
    )
    assert response.status_code == 403
    assert contacts_of(session, acc) == []


# --- moving and cancelling ------------------------------------------------------------------


def move_form(contact, starts_at: str, token: str, **kw) -> dict:
    data = {
        "starts_at": starts_at,
        "duration_minutes": "60",
        "mode": contact.mode,
        "place": contact.place or "",
        "version": str(contact.version),
        "csrf_token": token,
    }
    data.update(kw)
    return data


def test_move_keeps_history(client, session, login, counsellor, acc):
    contact = planned(session, acc, counsellor, at(10))
    login(counsellor)
    page = client.get(f"/console/agenda/rendez-vous/{contact.id}/").get_data(as_text=True)
    assert "07/12/2026 de 10:00 à 11:00" in page
    assert 'value="07/12/2026 10:00"' in page  # the move form starts from the appointment
    response = client.post(
        f"/console/agenda/rendez-vous/{contact.id}/deplacer",
        data=move_form(contact, "08/12/2026 11:00", csrf_from(page)),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith("/console/agenda/?semaine=2026-12-07")
    assert contacts_of(session, acc) == [
        (at(10), "reporte", "physique", "Bureau 2", 60),
        (at(11, day=date(2026, 12, 8)), "prevu", "physique", "Bureau 2", 60),
    ]
    moved = session.scalars(select(Contact).where(Contact.status == "prevu")).one()
    assert moved.rescheduled_from_id == contact.id
    assert audit_actions(session) == [("agenda_move", "Contact", acc.person_id)]
    page = client.get(f"/console/agenda/rendez-vous/{moved.id}/").get_data(as_text=True)
    assert "le rendez-vous du 07/12/2026 à 10:00</a> (reporté)" in page
    old = client.get(f"/console/agenda/rendez-vous/{contact.id}/").get_data(as_text=True)
    assert "Ce rendez-vous n'est plus prévu" in old and 'id="move-form"' not in old


def test_move_conflict_keeps_input(client, session, login, counsellor, acc, ref):
    contact = planned(session, acc, counsellor, at(10))
    factories.workshop_session(
        session, ref["workshop"], starts_at=at(14), facilitator="Claire Martin"
    )
    token = login(counsellor)
    response = client.post(
        f"/console/agenda/rendez-vous/{contact.id}/deplacer",
        data=move_form(contact, "07/12/2026 15:00", token, place="Ailleurs"),
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Conflit d&#39;agenda : Claire Martin a déjà la séance" in html
    assert 'value="07/12/2026 15:00"' in html and 'value="Ailleurs"' in html
    assert contacts_of(session, acc) == [(at(10), "prevu", "physique", "Bureau 2", 60)]


def test_stale_move_is_refused(client, session, login, counsellor, acc):
    contact = planned(session, acc, counsellor, at(10))
    token = login(counsellor)
    seen = move_form(contact, "07/12/2026 11:00", token)
    contact.place = "Bureau 9"  # someone else saved it meanwhile
    session.flush()
    response = client.post(f"/console/agenda/rendez-vous/{contact.id}/deplacer", data=seen)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "modifié par quelqu&#39;un d&#39;autre pendant votre saisie" in html
    assert 'value="07/12/2026 11:00"' in html
    assert contacts_of(session, acc) == [(at(10), "prevu", "physique", "Bureau 9", 60)]


def test_cancel(client, session, login, counsellor, acc):
    contact = planned(session, acc, counsellor, at(10))
    token = login(factories.user(session, B))
    response = client.post(
        f"/console/agenda/rendez-vous/{contact.id}/annuler",
        data={"version": str(contact.version), "csrf_token": token},
    )
    assert response.status_code == 302
    cid = counsellor.counsellor.id
    assert response.headers["Location"].endswith(f"?semaine=2026-12-07&conseiller={cid}")
    assert contacts_of(session, acc) == [(at(10), "annule", "physique", "Bureau 2", 60)]
    assert audit_actions(session) == [("agenda_cancel", "Contact", acc.person_id)]
    week = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Rendez-vous du 07/12/2026 à 10:00 annulé." in week
    assert "BERNARD Lina" not in week


def test_stale_cancel_is_refused(client, session, login, counsellor, acc):
    contact = planned(session, acc, counsellor, at(10))
    token = login(counsellor)
    version = str(contact.version)
    contact.duration_minutes = 30
    session.flush()
    response = client.post(
        f"/console/agenda/rendez-vous/{contact.id}/annuler",
        data={"version": version, "csrf_token": token},
    )
    assert response.status_code == 200
    assert "modifié par quelqu&#39;un d&#39;autre" in response.get_data(as_text=True)
    assert contacts_of(session, acc)[0][1] == "prevu"


@pytest.mark.parametrize("contact_id", ["0", "abc", "99999999999999999999", "424242"])
def test_unknown_appointment_is_404(client, session, login, counsellor, contact_id):
    token = login(counsellor)
    assert client.get(f"/console/agenda/rendez-vous/{contact_id}/").status_code == 404
    response = client.post(
        f"/console/agenda/rendez-vous/{contact_id}/deplacer", data={"csrf_token": token}
    )
    assert response.status_code == 404


def test_drag_and_drop_markup(client, session, login, counsellor, acc):
    contact = planned(session, acc, counsellor, at(10))
    past = factories.contact(
        session, acc, datetime(2026, 12, 4, 10, 0), held_at=None, status="prevu", synthesis=None
    )
    login(counsellor)
    html = client.get("/console/agenda/?semaine=2026-11-30").get_data(as_text=True)
    assert f'id="appointment-{past.id}"' in html
    assert f'data-move-url="/console/agenda/rendez-vous/{past.id}/deplacer"' not in html
    html = client.get("/console/agenda/?semaine=2026-12-07").get_data(as_text=True)
    assert f'data-move-url="/console/agenda/rendez-vous/{contact.id}/deplacer"' in html
    assert f'data-version="{contact.version}" data-duration="60" data-mode="physique"' in html
    assert 'data-start="2026-12-07T09:00"' in html
    assert 'id="agenda-csrf"' in html and "agenda.js" in html


@pytest.mark.parametrize("value", ["demain", "2026-12-07T25:00", "99999-01-01T10:00", ""])
def test_malformed_slot_leaves_the_date_empty(client, session, login, counsellor, acc, value):
    login(counsellor)
    response = client.get(f"/console/agenda/planifier?debut={value}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(r'<input[^>]* id="starts_at"[^>]* value=""', html)


def test_counsellor_ignores_the_counsellor_param(client, session, login, counsellor, acc):
    colleague = factories.user(session, C, full_name="Paul Durand")
    login(counsellor)
    cid = colleague.counsellor.id
    html = client.get(f"/console/agenda/?conseiller={cid}").get_data(as_text=True)
    assert "Agenda de Claire Martin" in html and "Paul Durand" not in html
