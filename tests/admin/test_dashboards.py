"""Portfolio, programme dashboard, definitions and rule filters: content, roles, scoping and a
bounded number of SQL statements whatever the caseload size."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from markupsafe import escape

from schema import Accompaniment, Contact, Orientation, Person
from schema.enums import Role
from schema.rules.definitions import DEFINITIONS
from tests import factories

TODAY = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def frozen_today(app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", TODAY)


def bulk_caseload(session, counsellor, path, people: int) -> None:
    """``people`` accompaniments in various states, with contacts, added in one flush."""
    rows = []
    for i in range(people):
        person = Person(
            sex="F",
            last_name=f"Masse{i:04d}",
            first_name="Anne",
            birth_date=date(1980, 1, 1),
            caf_number=f"9{i:06d}",
        )
        orientation = Orientation(
            person=person, decision_date=date(2026, 9, 1) + timedelta(days=i % 60), path_id=path.id
        )
        entered = i % 4 != 0
        acc = Accompaniment(
            person=person,
            counsellor_id=counsellor.counsellor.id,
            orientation=orientation,
            status=("en_attente" if i % 7 == 0 else "actif") if entered else "a_contacter",
            entry_date=orientation.decision_date + timedelta(days=10) if entered else None,
        )
        rows += [person, orientation, acc]
        if entered:
            when = datetime(2026, 11, 1, 10) + timedelta(days=i % 14)
            rows.append(
                Contact(
                    accompaniment=acc,
                    planned_at=when,
                    held_at=when,
                    mode="physique",
                    status="honore",
                )
            )
    session.add_all(rows)
    session.flush()


@pytest.mark.parametrize("url", ["/console/portefeuille/", "/console/tableau-de-bord/"])
def test_statement_count_does_not_grow_with_the_caseload(
    client, session, login, ref, count_queries, url
):
    manager = factories.user(session, Role.MANAGER)
    counsellor = factories.user(session, Role.COUNSELLOR)
    login(counsellor if "portefeuille" in url else manager)
    counts = []
    for people in (10, 190):  # 10, then 200 in all
        bulk_caseload(session, counsellor, ref["path"], people)
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
    assert counts[0] <= (8 if "portefeuille" in url else 14), counts


def test_portfolio_rows_and_counts(client, session, login, ref):
    me = factories.user(session, Role.COUNSELLOR)
    other = factories.user(session, Role.COUNSELLOR)
    late = factories.accompaniment(
        session, me, factories.person(session, last_name="Sanscontact"), entry=date(2026, 10, 10)
    )
    factories.contact(session, late, datetime(2026, 11, 2, 10))
    fine = factories.accompaniment(
        session, me, factories.person(session, last_name="Suivie"), entry=date(2026, 10, 10)
    )
    factories.contact(session, fine, datetime(2026, 11, 13, 10))
    paused = factories.accompaniment(
        session, me, factories.person(session, last_name="Pausee"), entry=date(2026, 10, 10)
    )
    paused.status = "en_attente"
    factories.accompaniment(session, other, factories.person(session, last_name="Autrui"))
    session.flush()
    login(me)
    html = client.get("/console/", follow_redirects=True).get_data(as_text=True)
    assert "Mon portefeuille" in html
    assert "SANSCONTACT" in html and "SUIVIE" in html and "AUTRUI" not in html
    active_part, paused_part = html.split("En attente (mise en attente)")
    assert "PAUSEE" in paused_part and "PAUSEE" not in active_part
    # Sorted by urgency: the late one first.
    assert active_part.index("SANSCONTACT") < active_part.index("SUIVIE")
    assert str(escape(DEFINITIONS["contact"].text[:40])) in html  # tooltip

    filtered = client.get("/console/portefeuille/?alerte=r3").get_data(as_text=True)
    assert "SANSCONTACT" in filtered and "SUIVIE" not in filtered and "PAUSEE" not in filtered
    assert "Filtre : <strong>sans contact depuis 7 jours</strong>" in filtered

    # A counsellor cannot look at another counsellor's portfolio.
    spied = client.get(f"/console/portefeuille/?conseiller={other.counsellor.id}")
    assert "AUTRUI" not in spied.get_data(as_text=True)


def test_manager_sees_each_counsellor(client, session, login, ref):
    manager = factories.user(session, Role.MANAGER)
    first = factories.user(session, Role.COUNSELLOR, full_name="Claire V")
    second = factories.user(session, Role.COUNSELLOR, full_name="Karim B")
    factories.accompaniment(session, first, factories.person(session, last_name="Premier"))
    factories.accompaniment(session, second, factories.person(session, last_name="Second"))
    exit_ = factories.accompaniment(session, second, entry=date(2026, 10, 1))
    exit_.status, exit_.exit_date = "clos", date(2026, 11, 5)
    exit_.exit_reason_id = ref["exit_reason"].id
    session.flush()
    login(manager)
    html = client.get("/console/", follow_redirects=True).get_data(as_text=True)
    assert "Tableau de bord du programme" in html
    assert html.count("<svg") == 3
    row = html.split(f'data-counsellor="{second.counsellor.id}"')[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("<")[0].strip() for c in row.split("<td")[1:7]]
    assert cells[2:6] == ["0", "0", "0", "1"]  # to contact, paused, entries, exits of November
    assert "/ 50" in row
    portfolio = client.get(f"/console/portefeuille/?conseiller={first.counsellor.id}")
    text = portfolio.get_data(as_text=True)
    assert "Portefeuille de Claire V" in text and "PREMIER" in text and "SECOND" not in text


@pytest.mark.parametrize(
    ("role", "portfolio", "programme"),
    [
        (Role.COUNSELLOR, 200, 403),
        (Role.MANAGER, 200, 200),
        (Role.FUNDER, 403, 200),
        (Role.BACKOFFICE, 403, 403),
        (Role.ADMIN, 403, 403),
    ],
)
def test_dashboard_roles(client, session, login, ref, role, portfolio, programme):
    login(factories.user(session, role))
    assert client.get("/console/portefeuille/").status_code == portfolio
    assert client.get("/console/tableau-de-bord/").status_code == programme
    definitions = client.get("/console/definitions/")
    assert definitions.status_code == 200
    assert "SMS" in definitions.get_data(as_text=True)


def test_rule_filters_on_the_accompaniment_list(client, session, login, ref):
    me = factories.user(session, Role.COUNSELLOR)
    late = factories.accompaniment(
        session, me, factories.person(session, last_name="Oublie"), entry=date(2026, 10, 10)
    )
    fine = factories.accompaniment(
        session, me, factories.person(session, last_name="Vue"), entry=date(2026, 10, 10)
    )
    factories.contact(session, fine, datetime(2026, 11, 12, 10))
    factories.accompaniment(
        session,
        me,
        factories.person(session, last_name="Nouveau"),
        d0=date(2026, 10, 20),
        entry=None,
    )
    assert late.id
    login(me)
    html = client.get("/console/accompaniment/?flt0_sans_contact_depuis_7_jours_alerte=1")
    text = html.get_data(as_text=True)
    assert "OUBLIE" in text and "VUE" not in text and "NOUVEAU" not in text
    assert f'href="/console/parcours/{late.id}/"' in text  # the list links to the workflow page
    text = client.get("/console/accompaniment/?flt0_1er_rdv_en_retard_alerte=1").get_data(
        as_text=True
    )
    assert "NOUVEAU" in text and "OUBLIE" not in text
    text = client.get("/console/accompaniment/?flt0_cer_manquant_alerte=1").get_data(as_text=True)
    assert "OUBLIE" in text and "VUE" in text and "NOUVEAU" not in text


def test_manager_chooses_whose_portfolio_to_open(client, session, login, ref):
    counsellor = factories.user(session, Role.COUNSELLOR, full_name="Claire V")
    factories.accompaniment(session, counsellor, factories.person(session, last_name="Cachee"))
    login(factories.user(session, Role.MANAGER))
    html = client.get("/console/portefeuille/").get_data(as_text=True)
    assert "Choisissez la conseillère ou le conseiller" in html
    assert "CACHEE" not in html  # no caseload of the whole programme
    link = f'href="/console/portefeuille/?conseiller={counsellor.counsellor.id}"'
    assert link in html and "Claire V" in html


def test_programme_dashboard_pages_counsellors_and_totals_everyone(
    client, session, login, ref, monkeypatch
):
    from admin.views import dashboard

    monkeypatch.setattr(dashboard, "COUNSELLORS_PER_PAGE", 2)
    users = [factories.user(session, Role.COUNSELLOR, full_name=f"Conseil {n}") for n in range(3)]
    for user in users:
        factories.accompaniment(session, user, entry=date(2026, 10, 5))  # R3 late: no contact
    factories.accompaniment(session, None, entry=None)  # not attributed
    login(factories.user(session, Role.MANAGER))
    first = client.get("/console/tableau-de-bord/").get_data(as_text=True)
    second = client.get("/console/tableau-de-bord/?page=1").get_data(as_text=True)
    assert "page 1 sur 2" in first and "page 2 sur 2" in second
    listed = [
        [u.counsellor.id for u in users if f'data-counsellor="{u.counsellor.id}"' in page]
        for page in (first, second)
    ]
    assert listed == [[users[0].counsellor.id, users[1].counsellor.id], [users[2].counsellor.id]]
    for page in (first, second):
        total = page.split('data-counsellor="programme"')[1].split("</tr>")[0]
        assert "3 / " in total  # the active file of all three
        assert '<td data-rule="r3">3' in total
        assert 'data-counsellor=""' in page  # "Non attribué"


def test_a_list_filtered_on_an_alert_is_sorted_by_entry_date(
    client, session, login, ref, count_queries
):
    me = factories.user(session, Role.COUNSELLOR)
    entries = {"Aval": date(2026, 9, 1), "Brise": date(2026, 10, 1), "Cime": date(2026, 10, 1)}
    ids = {}
    for name, entry in entries.items():  # no contact: all three late on the weekly contact
        person = factories.person(session, last_name=name)
        ids[name] = factories.accompaniment(session, me, person, entry=entry).id
    other = factories.user(session, Role.COUNSELLOR)
    factories.accompaniment(session, other, factories.person(session, last_name="Autre"))
    late = "flt0_sans_contact_depuis_7_jours_alerte=1"

    def order(url: str) -> list[str]:
        text = client.get(url).get_data(as_text=True)
        found = {name: text.find(name.upper()) for name in entries if name.upper() in text}
        assert "AUTRE" not in text  # another counsellor's caseload
        return sorted(found, key=found.get)

    login(me)
    # Newest entry first; the same day, the newest accompaniment first (as without the filter).
    newest_first = sorted(entries, key=lambda n: (entries[n], ids[n]), reverse=True)
    with count_queries() as counter:
        assert order(f"/console/accompaniment/?{late}") == newest_first
    assert any("ORDER BY alert_r3.entry_date DESC" in s for s in counter.statements)
    sort = "sort=5"  # the "Entrée (1er RDV)" column
    with count_queries() as counter:
        assert order(f"/console/accompaniment/?{late}&{sort}") == newest_first[::-1]
    assert any("ORDER BY alert_r3.entry_date ASC" in s for s in counter.statements)
    assert order(f"/console/accompaniment/?{late}&{sort}&desc=1") == newest_first
    two = f"{late}&flt1_cer_manquant_alerte=1"  # two alerts: sorted by the accompaniment
    assert order(f"/console/accompaniment/?{two}") == newest_first
    twice = f"{late}&flt1_sans_contact_depuis_7_jours_alerte=1"  # the same one twice
    assert order(f"/console/accompaniment/?{twice}") == newest_first
