"""« Mon agenda dans Outlook »: creating, replacing and revoking the secret feed URL."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import icalendar
import pytest
from sqlalchemy import func, select

from admin import clock
from schema import AuditLog, CalendarFeed
from schema.enums import Role
from tests import factories
from tests.conftest import csrf_from

PAGE = "/console/abonnement-agenda/"
URL_RE = re.compile(r'value="(http://localhost/agenda/[A-Za-z0-9_-]{43}\.ics)"')


def _create(client, token: str) -> str:
    response = client.post(PAGE + "creer", data={"csrf_token": token})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Copiez-le maintenant" in html
    return URL_RE.search(html).group(1).removeprefix("http://localhost")


def test_a_counsellor_subscribes_and_the_feed_lists_their_appointment(
    app, client, login, session, ref
):
    user = factories.user(session)
    acc = factories.accompaniment(session, user)
    with app.app_context():
        day = clock.today() + timedelta(days=3)
    factories.contact(
        session,
        acc,
        datetime.combine(day, datetime.min.time()).replace(hour=10),
        held_at=None,
        status="prevu",
        synthesis=None,
    )
    token = login(user)
    home = client.get("/console/", follow_redirects=True).get_data(as_text=True)
    assert "Mon agenda dans Outlook" in home

    feed_path = _create(client, token)
    client.get("/deconnexion")  # the calendar client has no session
    response = client.get(feed_path)

    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    events = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert [e.decoded("DTSTART").replace(tzinfo=None) for e in events] == [
        datetime.combine(day, datetime.min.time()).replace(hour=10)
    ]
    digest = session.scalar(select(CalendarFeed.token_digest))
    assert digest not in feed_path and len(digest) == 64  # only the digest is stored
    actions = session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert "calendar_feed_create" in actions


def test_a_new_link_replaces_the_old_one_and_revoking_stops_the_feed(client, login, session, ref):
    user = factories.user(session)
    token = login(user)
    first = _create(client, token)
    second = _create(client, token)

    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200

    page = client.get(PAGE).get_data(as_text=True)
    assert "Lien en service depuis le" in page
    assert second not in page  # shown once, at creation only
    response = client.post(PAGE + "revoquer", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert client.get(second).status_code == 404
    assert session.scalar(select(func.count()).where(CalendarFeed.revoked_at.is_(None))) == 0
    assert "Vous n'avez pas de lien" in client.get(PAGE).get_data(as_text=True)


def test_a_deactivated_counsellor_feed_stops(client, login, session, ref):
    user = factories.user(session)
    path = _create(client, login(user))
    user.counsellor.active = False
    session.flush()

    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/agenda/x.ics", "/agenda/" + "a" * 43 + ".ics", "/agenda/" + "é" * 43 + ".ics"],
)
def test_unknown_or_malformed_tokens_are_404(client, session, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("role", [Role.MANAGER, Role.BACKOFFICE, Role.ADMIN, Role.FUNDER])
def test_only_counsellors_have_the_page(client, login, session, ref, role):
    token = login(factories.user(session, role))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE + "creer", data={"csrf_token": token}).status_code == 403
    assert session.scalar(select(func.count()).select_from(CalendarFeed)) == 0


def test_a_post_without_csrf_writes_nothing(client, login, session, ref):
    login(factories.user(session))
    assert client.post(PAGE + "creer").status_code == 400
    assert session.scalar(select(func.count()).select_from(CalendarFeed)) == 0


def test_the_feed_is_dated_from_the_console_clock(app, client, login, session, ref):
    user = factories.user(session)
    acc = factories.accompaniment(session, user)
    factories.contact(
        session, acc, datetime(2026, 1, 5, 9), held_at=None, status="prevu", synthesis=None
    )
    path = _create(client, login(user))
    app.config["TODAY"] = date(2026, 1, 2)
    try:
        events = icalendar.Calendar.from_ical(client.get(path).data).walk("VEVENT")
    finally:
        app.config.pop("TODAY")
    assert len(events) == 1
