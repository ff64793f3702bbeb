"""List pages issue a bounded number of SQL statements, whatever the number of rows."""

from __future__ import annotations

import pytest

from schema.enums import Role
from tests import factories

ENDPOINTS = (
    "person",
    "accompaniment",
    "contact",
    "orientation",
    "cer",
    "diagnostic",
    "attendance",
    "workshop_session",
    "positioning",
    "training",
    "outcome",
)


def _populate(session, ref, manager_counsellor, n: int) -> None:
    for i in range(n):
        acc = factories.accompaniment(session, manager_counsellor)
        factories.contact(session, acc)
        factories.cer(session, acc)
        factories.diagnostic(session, acc)
        ws = factories.workshop_session(session, ref["workshop"], place=f"Salle {i}")
        factories.attendance(session, ws, acc.person)


def _statements(client, count_queries, endpoint: str, page_size: int) -> int:
    with count_queries() as counter:
        response = client.get(f"/console/{endpoint}/?page_size={page_size}")
    assert response.status_code == 200
    return counter.count


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COUNSELLOR])
def test_list_statement_count_does_not_grow(client, session, login, ref, count_queries, role):
    counsellor = factories.user(session, Role.COUNSELLOR)
    _populate(session, ref, counsellor, 3)
    login(counsellor if role == Role.COUNSELLOR else factories.user(session, role))
    small = {e: _statements(client, count_queries, e, 25) for e in ENDPOINTS}
    _populate(session, ref, counsellor, 30)
    large = {e: _statements(client, count_queries, e, 100) for e in ENDPOINTS}
    assert large == small
    # user loader + count + rows (+ the filter option lists a page renders)
    assert max(small.values()) <= 6, small


def _agenda_week(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.MANAGER])
def test_agenda_week_statement_count(client, session, login, ref, count_queries, app, role):
    """The week of one counsellor: user, counsellor, (the counsellors' list), working hours,
    planned contacts with their people, facilitated sessions — whatever the data."""
    from datetime import date, datetime, timedelta

    from schema.operations import agenda as agenda_ops

    now = datetime(2026, 12, 4, 16, 0)
    app.config["NOW"] = now
    counsellor = factories.user(session, Role.COUNSELLOR, full_name="Claire Martin")
    colleague = factories.user(session, Role.COUNSELLOR)

    def populate(n: int, first_day: int) -> None:
        for i in range(n):
            for owner in (counsellor, colleague):
                acc = factories.accompaniment(session, owner, entry=date(2026, 11, 2))
                factories.contact(session, acc)  # held, in the past
                day = datetime(2026, 12, 7 + (first_day + i) % 5, 9, 0)
                agenda_ops.plan_contact(
                    session,
                    acc,
                    starts_at=day + timedelta(minutes=30 * ((first_day + i) // 5 % 14)),
                    duration_minutes=30,
                    mode="telephone",
                    place="Bureau",
                    by=owner,
                    now=now,
                )
            factories.workshop_session(
                session,
                ref["workshop"],
                starts_at=datetime(2026, 12, 12, 9 + i % 3, 0),
                facilitator="Claire Martin",
            )

    try:
        populate(2, 0)
        login(counsellor if role == Role.COUNSELLOR else factories.user(session, role))
        cid = counsellor.counsellor.id
        url = f"/console/agenda/?semaine=2026-12-07&conseiller={cid}"
        small = _agenda_week(client, count_queries, url)
        populate(20, 2)
        html = client.get(url).get_data(as_text=True)
        assert html.count('class="ev-block"') == 22  # every appointment of the week is shown
        large = _agenda_week(client, count_queries, url)
    finally:
        app.config.pop("NOW", None)
    assert large == small
    assert small == (4 if role == Role.COUNSELLOR else 6)
