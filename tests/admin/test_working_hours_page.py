"""Référentiels → Horaires: the manager views and edits each counsellor's weekly hours."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import select

from admin.agenda_forms import time_field_name
from schema import AuditLog, CounsellorWorkingHours
from schema.agenda import Period, working_hours
from schema.enums import Role
from schema.operations import WorkflowError
from schema.operations.working_hours import check_periods
from tests import factories
from tests.conftest import csrf_from

A, M, C, B, F = Role.ADMIN, Role.MANAGER, Role.COUNSELLOR, Role.BACKOFFICE, Role.FUNDER


@pytest.fixture
def counsellor(session, ref):
    return factories.user(session, C, full_name="Claire Martin").counsellor


def url(counsellor) -> str:
    return f"/console/horaires/?conseiller={counsellor.id}"


def hours_form(page: str, **values: str) -> dict:
    """Every time field empty but those given (``d0_p0_start="09:00"``), with the page's token."""
    token = page.split('id="token" name="token" type="hidden" value="', 1)[1].split('"', 1)[0]
    counsellor_id = page.split('name="conseiller" value="', 1)[1].split('"', 1)[0]
    data = {
        time_field_name(day, n, end): ""
        for day in range(6)
        for n in range(2)
        for end in ("start", "end")
    }
    data.update(values, token=token, conseiller=counsellor_id, csrf_token=csrf_from(page))
    return data


def stored(session, counsellor) -> list[tuple]:
    session.expire_all()
    return [(p.weekday, p.starts_at, p.ends_at) for p in working_hours(session, counsellor.id)]


@pytest.mark.parametrize(("role", "status"), [(A, 403), (M, 200), (C, 403), (B, 403), (F, 403)])
def test_access_by_role(client, session, login, counsellor, role, status):
    token = login(factories.user(session, role))
    assert client.get(url(counsellor)).status_code == status
    data = {"conseiller": str(counsellor.id), "d0_p0_start": "09:00", "csrf_token": token}
    assert client.post("/console/horaires/", data=data).status_code == status
    assert session.scalars(select(CounsellorWorkingHours)).all() == []


def test_defaults_shown_then_saved(client, session, login, counsellor):
    login(factories.user(session, M))
    page = client.get(url(counsellor)).get_data(as_text=True)
    assert "Horaires de travail de Claire Martin" in page
    assert "Horaires par défaut" in page
    assert 'name="d4_p1_end"' in page and 'value="17:00"' in page
    data = hours_form(
        page,
        d0_p0_start="8:30",
        d0_p0_end="12h00",
        d0_p1_start="14:00",
        d0_p1_end="18:30",
        d5_p0_start="09:00",
        d5_p0_end="12:00",
    )
    response = client.post("/console/horaires/", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    assert stored(session, counsellor) == [
        (0, time(8, 30), time(12, 0)),
        (0, time(14, 0), time(18, 30)),
        (5, time(9, 0), time(12, 0)),
    ]
    entry = session.scalars(select(AuditLog).where(AuditLog.action == "working_hours")).one()
    assert (entry.entity, entry.entity_id) == ("Counsellor", counsellor.id)
    assert entry.detail == (
        "Horaires de Claire Martin : Lundi 08:30–12:00 ; Lundi 14:00–18:30 ; Samedi 09:00–12:00"
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Horaires de Claire Martin enregistrés." in page
    assert "Horaires par défaut" not in page


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"d0_p0_start": "12:00", "d0_p0_end": "09:00"}, "La fin doit être après le début."),
        ({"d0_p0_start": "09:00", "d0_p0_end": "09:00"}, "La fin doit être après le début."),
        ({"d0_p0_start": "09:00"}, "Indiquez le début et la fin de la période."),
        ({"d0_p0_start": "25:00", "d0_p0_end": "26:00"}, "Heure invalide : écrivez-la HH:MM"),
        (
            {
                "d1_p0_start": "09:00",
                "d1_p0_end": "13:00",
                "d1_p1_start": "12:00",
                "d1_p1_end": "17:00",
            },
            "Mardi : les périodes 09:00–13:00 et 12:00–17:00 se chevauchent.",
        ),
        ({}, "Indiquez au moins une période de travail dans la semaine."),
    ],
)
def test_invalid_hours_refused(client, session, login, counsellor, values, message):
    login(factories.user(session, M))
    page = client.get(url(counsellor)).get_data(as_text=True)
    response = client.post("/console/horaires/", data=hours_form(page, **values))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    for value in values.values():
        assert f'value="{value}"' in html  # the user's input is kept
    assert session.scalars(select(CounsellorWorkingHours)).all() == []


def test_stale_page_refused(client, session, login, counsellor):
    login(factories.user(session, M))
    page = client.get(url(counsellor)).get_data(as_text=True)
    session.add(
        CounsellorWorkingHours(
            counsellor_id=counsellor.id, weekday=2, starts_at=time(9), ends_at=time(12)
        )
    )
    session.flush()  # another manager saved meanwhile
    data = hours_form(page, d0_p0_start="09:00", d0_p0_end="12:00")
    response = client.post("/console/horaires/", data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "modifié par quelqu&#39;un d&#39;autre" in html
    assert stored(session, counsellor) == [(2, time(9), time(12))]


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999999999999999999", "424242"])
def test_unknown_counsellor_is_404(client, session, login, value):
    login(factories.user(session, M))
    assert client.get(f"/console/horaires/?conseiller={value}").status_code == 404


def test_choice_lists_counsellors(client, session, login, counsellor):
    login(factories.user(session, M))
    html = client.get("/console/horaires/").get_data(as_text=True)
    assert f'<option value="{counsellor.id}">Claire Martin</option>' in html
    assert 'id="hours-form"' not in html


def test_check_periods_sorts_and_refuses_overlaps():
    periods = [Period(1, time(14), time(17)), Period(0, time(9), time(12))]
    assert check_periods(periods) == sorted(periods, key=lambda p: p.weekday)
    with pytest.raises(WorkflowError, match="se chevauchent"):
        check_periods([Period(0, time(9), time(12)), Period(0, time(11), time(13))])
