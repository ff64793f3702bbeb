"""Lists at scale: a capped count with a bounded pager, indexed search, person history."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import inspect

from admin.views import listing, pathway
from schema.enums import Role
from schema.rules import stored_states
from schema.search_indexes import TRIGRAM_INDEXES
from tests import factories


def test_count_stops_at_the_cap_and_the_pager_with_it(client, session, login, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_CAP", 26)
    for i in range(30):
        factories.person(session, last_name=f"Zola{i:02d}")
    login(factories.user(session, Role.MANAGER))
    page = client.get("/console/person/").get_data(as_text=True)
    assert "plus de 26" in page
    assert "page=1" in page and "page=2" not in page  # 26 rows: two pages of 25
    # A page beyond the cap shows the last page the pager offers (rows 26 to 30).
    deep = client.get("/console/person/?page=40").get_data(as_text=True)
    shown = [i for i in range(30) if f"Zola{i:02d}" in deep]
    assert shown == [25, 26, 27, 28, 29], shown


def test_count_below_the_cap_is_exact(client, session, login):
    for i in range(3):
        factories.person(session, last_name=f"Exact{i}")
    login(factories.user(session, Role.MANAGER))
    page = client.get("/console/person/?search=exact").get_data(as_text=True)
    assert "Liste (3)" in page or "(3)" in page
    assert "plus de" not in page


def test_search_by_start_of_name_and_of_caf_number(client, session, login, database_url):
    factories.person(session, last_name="Lefèvre", first_name="Aïcha", caf_number="7654321")
    factories.person(session, last_name="Dupuis", first_name="Lefevre", caf_number="1111111")
    login(factories.user(session, Role.MANAGER))
    by_name = client.get("/console/person/?search=LEFEVRE AI").get_data(as_text=True)
    assert "Aïcha" in by_name
    assert "Dupuis" not in by_name
    by_caf = client.get("/console/person/?search=76543").get_data(as_text=True)
    assert "Aïcha" in by_caf
    assert "Dupuis" not in by_caf
    inside = client.get("/console/person/?search=lefevre").get_data(as_text=True)
    # Anywhere in the name on PostgreSQL (trigram index), the start of it on SQLite.
    assert ("Dupuis" in inside) == database_url.startswith("postgresql")
    assert "Lefèvre" in inside


def test_search_through_related_people(client, session, login, ref):
    counsellor = factories.user(session, Role.COUNSELLOR)
    acc = factories.accompaniment(
        session, counsellor, factories.person(session, last_name="Quenouille")
    )
    other = factories.accompaniment(session, counsellor)
    factories.contact(session, acc, planned_at=datetime(2026, 11, 2, 9))
    factories.contact(session, other, planned_at=datetime(2026, 11, 3, 9))
    login(factories.user(session, Role.MANAGER))
    page = client.get("/console/contact/?search=quenou").get_data(as_text=True)
    assert "QUENOUILLE" in page
    assert str(other.person.last_name).upper() not in page


def test_migration_head_has_the_indexes_pages_rely_on(engine):
    inspector = inspect(engine)
    names = {
        table: {index["name"] for index in inspector.get_indexes(table)}
        for table in (
            "person",
            "accompaniment",
            "pathway_action",
            "contact",
            "attendance",
            "rule_states",
            "positioning",
        )
    }
    assert {"ix_person_commune_search", "ix_person_search_key", "ix_person_caf"} <= names["person"]
    assert "ix_accompaniment_status_entry" in names["accompaniment"]
    assert "ix_pathway_action_accompaniment_kind" in names["pathway_action"]
    assert {"ix_contact_planned_at", "ix_contact_accompaniment_held"} <= names["contact"]
    assert {"ix_contact_status_planned", "ix_contact_mode_planned"} <= names["contact"]
    held = next(i for i in inspector.get_indexes("contact") if i["name"].endswith("_held"))
    assert held["column_names"] == ["accompaniment_id", "held_at", "planned_at"]
    assert "ix_attendance_person_id" in names["attendance"]
    # The dashboard's alert totals and filters read one index per rule; its hires, one range.
    assert {f"ix_rule_states_{code}" for code in stored_states.CODES} <= names["rule_states"]
    assert {"ix_rule_states_computed_on", "ix_rule_states_counsellor"} <= names["rule_states"]
    assert "ix_positioning_status_status_on" in names["positioning"]
    assert {"daily_counts", "entry_delays", "counsellor_counts"} <= set(inspector.get_table_names())
    # An alert filter's page, in the list's default order, from the rule's index alone.
    for index in inspector.get_indexes("rule_states"):
        if index["name"] in {f"ix_rule_states_{code}" for code in stored_states.CODES}:
            code = index["name"].removeprefix("ix_rule_states_")
            assert index["column_names"] == [code, "entry_date", "accompaniment_id"]
    trigram = set(TRIGRAM_INDEXES) & names["person"]
    if engine.dialect.name == "postgresql":
        assert trigram == set(TRIGRAM_INDEXES)
        with engine.connect() as conn:
            definition = conn.exec_driver_sql(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_person_search_key_trgm'"
            ).scalar_one()
        assert "gin" in definition and "gin_trgm_ops" in definition
    else:
        assert trigram == set()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COUNSELLOR, Role.BACKOFFICE])
def test_person_file_shows_their_history_within_scope(client, session, login, ref, role):
    counsellor = factories.user(session, Role.COUNSELLOR)
    colleague = factories.user(session, Role.COUNSELLOR)
    person = factories.person(session, last_name="Historique")
    old = factories.accompaniment(
        session,
        colleague,
        person,
        status="clos",
        entry=None,
        exit_date=datetime(2026, 3, 1).date(),
        exit_reason_id=ref["exit_reason"].id,
    )
    current = factories.accompaniment(session, counsellor, person)
    factories.contact(session, old, planned_at=datetime(2026, 2, 1, 9), mode="sms_mail")
    for day in range(1, 26):
        factories.contact(session, current, planned_at=datetime(2026, 10, day, 9))
    ws = factories.workshop_session(session, ref["workshop"], place="Salle Jean Bart")
    factories.attendance(session, ws, person, accompaniment_id=current.id)
    login(counsellor if role == Role.COUNSELLOR else factories.user(session, role))
    html = client.get(f"/console/person/details/?id={person.id}").get_data(as_text=True)
    assert 'id="person-history"' in html
    assert "Salle Jean Bart" in html
    assert "25/10/2026 09:00" in html  # the latest contacts
    assert "01/10/2026 09:00" not in html  # beyond the 20 latest
    if role == Role.COUNSELLOR:
        # Only their caseload: not the colleague's accompaniment and its contact.
        assert "(20 plus récents sur 25)" in html
        assert colleague.counsellor.display_name not in html
    else:
        assert "(20 plus récents sur 26)" in html
        assert colleague.counsellor.display_name in html


def _counsellor_filter(app, endpoint: str):
    """(URL argument, filter) of a list's counsellor filter."""
    with app.test_request_context():
        view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == endpoint)
        return next(
            (f"flt0_{key}", flt)
            for key, (_index, flt) in view._filter_args.items()
            if isinstance(flt, pathway.CounsellorFilter)
        )


def _counsellor_options(page: str):
    data = json.loads(
        page.split('<div id="filter-groups-data" class="d-none">', 1)[1].split("<")[0]
    )
    (counsellor,) = data["Conseiller·ère"]
    return counsellor["options"]


@pytest.mark.parametrize("endpoint", ["accompaniment", "contact"])
def test_counsellor_filter_lists_a_few_counsellors_and_takes_a_name_beyond(
    app, client, session, login, ref, monkeypatch, endpoint
):
    first = factories.user(session, Role.COUNSELLOR, full_name="Claire Vandenberghe")
    second = factories.user(session, Role.COUNSELLOR, full_name="Karim Benali")
    for user, name in ((first, "Premiere"), (second, "Seconde")):
        acc = factories.accompaniment(session, user, factories.person(session, last_name=name))
        factories.contact(session, acc)
    login(factories.user(session, Role.MANAGER))
    url = f"/console/{endpoint}/"
    options = _counsellor_options(client.get(url).get_data(as_text=True))
    assert [label for _id, label in options] == ["Claire Vandenberghe", "Karim Benali"]

    arg, flt = _counsellor_filter(app, endpoint)
    monkeypatch.setattr(flt.options, "max_choices", 1)  # a département: more than it lists
    page = client.get(url).get_data(as_text=True)
    assert _counsellor_options(page) is None  # too many to list: a text box
    by_name = client.get(f"{url}?{arg}=benal").get_data(as_text=True)
    assert "SECONDE" in by_name and "PREMIERE" not in by_name
    by_number = client.get(f"{url}?{arg}={first.counsellor.id}").get_data(as_text=True)
    assert "PREMIERE" in by_number and "SECONDE" not in by_number


def test_the_page_rows_are_read_by_their_keys_alone(client, session, login, ref, count_queries):
    counsellor = factories.user(session, Role.COUNSELLOR)
    acc = factories.accompaniment(session, counsellor)
    for day, mode in ((2, "telephone"), (3, "physique"), (4, "telephone")):
        factories.contact(session, acc, planned_at=datetime(2026, 11, day, 9), mode=mode)
    login(factories.user(session, Role.MANAGER))
    with count_queries() as counter:
        page = client.get("/console/contact/?flt1_mode_equals=telephone").get_data(as_text=True)
    assert page.count("Téléphone") >= 2 and "04/11/2026" in page and "03/11/2026" not in page
    (rows,) = [s for s in counter.statements if " IN (SELECT anon_1.id" in s]
    # The filter is applied once, to the keys of the page: the rows statement has no other.
    assert rows.count("contact.mode =") == 1


@pytest.mark.parametrize(("search", "found_first"), [("quenou", True), ("qu", False)])
def test_postgresql_finds_the_matches_of_a_search_first(
    client, session, login, ref, count_queries, database_url, search, found_first
):
    counsellor = factories.user(session, Role.COUNSELLOR)
    acc = factories.accompaniment(
        session, counsellor, factories.person(session, last_name="Quenouille")
    )
    factories.contact(session, acc, planned_at=datetime(2026, 11, 2, 9))
    factories.contact(session, factories.accompaniment(session, counsellor))
    login(factories.user(session, Role.MANAGER))
    for url in ("/console/contact/", "/console/person/"):
        with count_queries() as counter:
            page = client.get(f"{url}?search={search}").get_data(as_text=True)
        assert "quenouille" in page.lower()
        (keys,) = [s for s in counter.statements if " IN (SELECT anon_1.id" in s]
        expected = found_first and database_url.startswith("postgresql")
        assert ("= ANY (array((SELECT" in keys) == expected, keys
