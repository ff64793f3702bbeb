"""The pages the benchmarks measure issue the same number of SQL statements at two sizes.

``benchmarks/pages.py`` times them at 100 000 people; this pins their statement counts on a
small database: first page, filtered, searched (name, CAF number) and deep pages of the lists,
the portfolio, the programme dashboard and a person's file.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from schema.enums import Role
from tests import factories

TODAY = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def frozen_today(app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", TODAY)


def populate(session, ref, counsellor, n: int) -> None:
    """``n`` people with an accompaniment, contacts and a workshop attendance each."""
    for i in range(n):
        person = factories.person(session, last_name=f"Martin{i:03d}", commune="Gravelines")
        acc = factories.accompaniment(session, counsellor, person)
        for days in (3, 10):
            when = datetime(2026, 11, 1, 10) + timedelta(days=days + i % 3)
            factories.contact(session, acc, planned_at=when, held_at=when, status="honore")
        factories.cer(session, acc)
        ws = factories.workshop_session(session, ref["workshop"], place=f"Salle {i}")
        factories.attendance(session, ws, person, accompaniment_id=acc.id)


def pages(person_id: int) -> dict[str, str]:
    return {
        "people": "/console/person/",
        "people filtered": "/console/person/?flt1_commune_equals=Gravelines",
        "people name": "/console/person/?search=martin0",
        "people caf": "/console/person/?search=100",
        "people deep": "/console/person/?page=3&page_size=25",
        "accompaniments": "/console/accompaniment/",
        "accompaniments filtered": "/console/accompaniment/?flt1_statut_equals=actif",
        "accompaniments rule": "/console/accompaniment/?flt1_sans_contact_depuis_7_jours_alerte=1",
        "accompaniments name": "/console/accompaniment/?search=martin",
        "accompaniments caf": "/console/accompaniment/?search=100",
        "accompaniments deep": "/console/accompaniment/?page=3",
        "contacts": "/console/contact/",
        "contacts filtered": "/console/contact/?flt1_mode_equals=physique",
        "contacts name": "/console/contact/?search=martin",
        "contacts caf": "/console/contact/?search=100",
        "contacts deep": "/console/contact/?page=3",
        "attendance": "/console/attendance/",
        "attendance filtered": "/console/attendance/?flt1_prsence_equals=inscrit",
        "attendance name": "/console/attendance/?search=martin",
        "attendance caf": "/console/attendance/?search=100",
        "attendance deep": "/console/attendance/?page=3",
        "person file": f"/console/person/details/?id={person_id}",
        "portfolio": "/console/portefeuille/",
        "dashboard": "/console/tableau-de-bord/",
    }


def statements(client, count_queries, urls: dict[str, str], role: Role) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        if role == Role.COUNSELLOR and name == "dashboard":
            continue
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = counter.count
    return counts


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COUNSELLOR])
def test_statement_counts_do_not_grow(client, session, login, ref, count_queries, role):
    counsellor = factories.user(session, Role.COUNSELLOR)
    populate(session, ref, counsellor, 2)
    first = factories.person(session, last_name="Martin999")
    acc = factories.accompaniment(session, counsellor, first)
    factories.contact(session, acc)
    login(counsellor if role == Role.COUNSELLOR else factories.user(session, role))
    small = statements(client, count_queries, pages(first.id), role)
    populate(session, ref, counsellor, 30)
    for _ in range(25):
        factories.contact(session, acc)
    large = statements(client, count_queries, pages(first.id), role)
    assert large == small
    # Lists: user + count + rows (+ a filter's option list); person file: user, person, audit
    # entry, its history (4); dashboard: its aggregates.
    assert max(v for k, v in small.items() if k not in ("person file", "dashboard")) <= 6, small
    assert small["person file"] <= 10, small
