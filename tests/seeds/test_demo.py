"""The demo generator: coherent dates, plausible mix, determinism, valid reference data.

Each coherence rule is one SQL query counting the rows that break it; it must count zero.
The data is generated once for the module on a private in-memory SQLite database.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from schema import Accompaniment, Contact, Counsellor, ExitReason, Orientation, Person, Workshop
from schema.enums import (
    AccompanimentStatus,
    ActionKind,
    AttendanceStatus,
    Channel,
    ContactMode,
    ContactStatus,
    DiagnosticKind,
    ExitCategory,
    PositioningStatus,
    TrainingStatus,
)
from schema.opportunities import Opportunity, PositioningStep
from schema.text import person_search_key
from seeds.demo import generate_demo
from seeds.reference import load_reference
from tests.seeds.demo_db import PEOPLE, SEED, TODAY, generate, new_engine
from tests.seeds.demo_db import count as _count
from tests.seeds.placement_rules import PLACEMENT_RULES

_JOIN = """
    FROM contact c
    JOIN accompaniment a ON a.id = c.accompaniment_id
    JOIN orientation o ON o.id = a.orientation_id
"""
_FIRST_HELD = """
    SELECT accompaniment_id, min(date(held_at)) AS first_held
    FROM contact WHERE status = 'honore' GROUP BY accompaniment_id
"""
COHERENCE_RULES = {
    "contact_before_decision": f"""
        SELECT count(*) {_JOIN}
        WHERE date(c.planned_at) < o.decision_date OR date(c.held_at) < o.decision_date""",
    "entry_before_decision": """
        SELECT count(*) FROM accompaniment a JOIN orientation o ON o.id = a.orientation_id
        WHERE a.entry_date < o.decision_date OR a.exit_date < o.decision_date""",
    "on_rsa_after_orientation": """
        SELECT count(*) FROM orientation o JOIN person p ON p.id = o.person_id
        WHERE p.rsa_since IS NULL OR p.rsa_since > o.decision_date""",
    "orientation_of_another_person": """
        SELECT count(*) FROM accompaniment a JOIN orientation o ON o.id = a.orientation_id
        WHERE o.person_id <> a.person_id""",
    "first_held_contact_not_on_entry": f"""
        SELECT count(*) FROM accompaniment a LEFT JOIN ({_FIRST_HELD}) f
            ON f.accompaniment_id = a.id
        WHERE (a.entry_date IS NOT NULL AND (f.first_held IS NULL OR f.first_held <> a.entry_date))
           OR (a.entry_date IS NULL AND f.first_held IS NOT NULL)""",
    "exit_before_entry": "SELECT count(*) FROM accompaniment WHERE exit_date < entry_date",
    "exit_in_future": "SELECT count(*) FROM accompaniment WHERE exit_date > :today",
    "held_in_future": "SELECT count(*) FROM contact WHERE date(held_at) > :today",
    "held_without_honoured_status": """
        SELECT count(*) FROM contact WHERE held_at IS NOT NULL AND status <> 'honore'""",
    "contact_after_exit": f"""
        SELECT count(*) {_JOIN}
        WHERE a.status = 'clos'
          AND (date(c.planned_at) > a.exit_date OR date(c.held_at) > a.exit_date)""",
    "held_contact_during_pause": """
        SELECT count(*) FROM contact c
        JOIN pathway_action p ON p.accompaniment_id = c.accompaniment_id
        WHERE p.kind = 'mise_en_attente' AND c.held_at IS NOT NULL
          AND date(c.held_at) BETWEEN p.start_date AND coalesce(p.end_date, :today)""",
    "paused_without_pause_covering_today": """
        SELECT count(*) FROM accompaniment a
        WHERE a.status = 'en_attente' AND NOT EXISTS (
            SELECT 1 FROM pathway_action p
            WHERE p.accompaniment_id = a.id AND p.kind = 'mise_en_attente'
              AND p.start_date <= :today AND (p.end_date IS NULL OR p.end_date >= :today))""",
    "closed_without_follow_ups": """
        SELECT count(*) FROM accompaniment WHERE status = 'clos' AND follow_ups IS NULL""",
    "outcome_of_open_accompaniment": """
        SELECT count(*) FROM outcome x JOIN accompaniment a ON a.id = x.accompaniment_id
        WHERE a.status <> 'clos' OR x.job_start_date < a.entry_date
           OR x.situation_4_weeks_on > :today OR x.situation_6_months_on > :today""",
    "cer_outside_accompaniment": """
        SELECT count(*) FROM cer c JOIN accompaniment a ON a.id = c.accompaniment_id
        WHERE c.signed_on < a.entry_date OR c.signed_on > :today OR c.signed_on > a.exit_date
           OR c.start_date < a.entry_date OR a.entry_date IS NULL""",
    "diagnostic_outside_accompaniment": """
        SELECT count(*) FROM diagnostic d JOIN accompaniment a ON a.id = d.accompaniment_id
        WHERE d.done_on < a.entry_date OR d.done_on > :today OR d.done_on > a.exit_date
           OR a.entry_date IS NULL""",
    "attendance_outside_accompaniment": """
        SELECT count(*) FROM attendance t
        JOIN workshop_session s ON s.id = t.session_id
        JOIN accompaniment a ON a.id = t.accompaniment_id
        WHERE t.person_id <> a.person_id OR date(s.starts_at) < a.entry_date
           OR date(s.starts_at) > a.exit_date
           OR (t.status <> 'inscrit' AND date(s.starts_at) >= :today)
           OR (t.status = 'inscrit' AND date(s.starts_at) < :today)""",
    "session_over_capacity": """
        SELECT count(*) FROM workshop_session s
        WHERE s.capacity < (SELECT count(*) FROM attendance t WHERE t.session_id = s.id)""",
    "positioning_outside_accompaniment": """
        SELECT count(*) FROM positioning p JOIN accompaniment a ON a.id = p.accompaniment_id
        WHERE p.proposed_on < a.entry_date OR p.proposed_on > :today
           OR p.proposed_on > a.exit_date OR p.status_on < p.proposed_on
           OR p.status_on > :today OR a.entry_date IS NULL""",
    "action_before_decision": """
        SELECT count(*) FROM pathway_action p
        JOIN accompaniment a ON a.id = p.accompaniment_id
        JOIN orientation o ON o.id = a.orientation_id
        WHERE p.start_date < o.decision_date OR p.decision_date < p.start_date
           OR p.decision_date > :today OR p.ps_entered_on > :today""",
    "contact_entered_on_ps_before_held": """
        SELECT count(*) FROM contact
        WHERE ps_entered_on < date(held_at) OR ps_entered_on > :today
           OR (ps_entered_on IS NOT NULL AND held_at IS NULL)""",
    "open_accompaniment_with_exit_reason": """
        SELECT count(*) FROM accompaniment WHERE status <> 'clos' AND exit_reason_id IS NOT NULL""",
    "a_contacter_with_entry_date": """
        SELECT count(*) FROM accompaniment
        WHERE status = 'a_contacter' AND entry_date IS NOT NULL""",
    "cer_pending_with_a_first_cer": """
        SELECT count(*) FROM accompaniment a JOIN cer c ON c.accompaniment_id = a.id
        WHERE a.cer_pending_reason IS NOT NULL AND c.kind = 'premier'""",
    "cer_pending_not_active": """
        SELECT count(*) FROM accompaniment
        WHERE cer_pending_reason IS NOT NULL AND status <> 'actif'""",
    "planned_contact_in_past": """
        SELECT count(*) FROM contact WHERE status = 'prevu' AND date(planned_at) < :today""",
    **PLACEMENT_RULES,
}


def test_foreign_keys_were_enforced(db: Session) -> None:
    assert db.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert db.execute(text("PRAGMA foreign_key_check")).all() == []


@pytest.mark.parametrize("rule", COHERENCE_RULES)
def test_coherence_rule_has_no_violation(db: Session, rule: str) -> None:
    assert _count(db, COHERENCE_RULES[rule]) == 0


def test_planned_end_is_entry_plus_six_months(db: Session) -> None:
    rows = db.execute(
        select(Accompaniment.entry_date, Accompaniment.planned_end).where(
            Accompaniment.entry_date.is_not(None)
        )
    ).all()
    assert rows
    for entry, planned_end in rows:
        year, month = divmod(entry.month + 5, 12)
        year += entry.year
        month += 1
        expected = date(year, month, min(entry.day, calendar.monthrange(year, month)[1]))
        assert planned_end == expected, entry
    assert (
        _count(
            db,
            "SELECT count(*) FROM accompaniment WHERE entry_date IS NULL "
            "AND planned_end IS NOT NULL",
        )
        == 0
    )


def test_plausible_mix(db: Session) -> None:
    late = _count(
        db,
        "SELECT count(*) FROM accompaniment a JOIN orientation o ON o.id = a.orientation_id "
        "WHERE a.status = 'a_contacter' AND o.decision_date < :limit",
        limit=TODAY - timedelta(days=15),
    )
    silent = _count(
        db,
        "SELECT count(*) FROM accompaniment a WHERE a.status = 'actif' AND "
        "(SELECT max(date(held_at)) FROM contact c WHERE c.accompaniment_id = a.id) <= :limit",
        limit=TODAY - timedelta(days=10),
    )
    paused = _count(db, "SELECT count(*) FROM accompaniment WHERE status = 'en_attente'")
    without_cer = _count(
        db,
        "SELECT count(*) FROM accompaniment a WHERE a.status = 'actif' "
        "AND NOT EXISTS (SELECT 1 FROM cer WHERE cer.accompaniment_id = a.id)",
    )
    not_signed = _count(db, "SELECT count(*) FROM cer WHERE not_signed_reason IS NOT NULL")
    at_first = _count(
        db,
        "SELECT count(*) FROM cer c JOIN accompaniment a ON a.id = c.accompaniment_id "
        "WHERE c.signed_on = a.entry_date",
    )
    cers = _count(db, "SELECT count(*) FROM cer")
    qpv = _count(db, "SELECT count(*) FROM person WHERE qpv")
    assert late >= 1
    assert silent >= 1
    assert paused >= 1
    assert without_cer >= 1
    assert not_signed >= 1
    assert at_first > cers / 2  # most CERs are signed at the first appointment
    assert 0 < qpv < _count(db, "SELECT count(*) FROM person")


def test_exits_in_every_recent_month(db: Session) -> None:
    months = set(
        db.scalars(text("SELECT DISTINCT strftime('%Y-%m', exit_date) FROM accompaniment"))
    )
    for back in range(1, 7):  # the six months before the current one (monthly report)
        year, month = divmod(TODAY.year * 12 + TODAY.month - 1 - back, 12)
        assert f"{year}-{month + 1:02d}" in months


def test_every_exit_category_is_present(db: Session) -> None:
    categories = db.scalars(
        select(ExitReason.category)
        .join(Accompaniment, Accompaniment.exit_reason_id == ExitReason.id)
        .where(Accompaniment.status == AccompanimentStatus.CLOS.value)
        .distinct()
    ).all()
    assert set(categories) == {category.value for category in ExitCategory}


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT DISTINCT mode FROM contact", {m.value for m in ContactMode}),
        ("SELECT DISTINCT status FROM contact", {s.value for s in ContactStatus}),
        ("SELECT DISTINCT status FROM positioning", {s.value for s in PositioningStatus}),
        ("SELECT DISTINCT channel FROM opportunity", {c.value for c in Channel}),
        ("SELECT DISTINCT status FROM attendance", {s.value for s in AttendanceStatus}),
        ("SELECT DISTINCT status FROM positioning_step", {s.value for s in PositioningStatus}),
        ("SELECT DISTINCT status FROM training", {s.value for s in TrainingStatus}),
        ("SELECT DISTINCT kind FROM diagnostic", {k.value for k in DiagnosticKind}),
        ("SELECT DISTINCT kind FROM pathway_action", {k.value for k in ActionKind}),
        (
            "SELECT DISTINCT status FROM accompaniment",
            {s.value for s in AccompanimentStatus},
        ),
        (
            "SELECT DISTINCT cer_pending_reason FROM accompaniment"
            " WHERE cer_pending_reason IS NOT NULL",
            {"documents_manquants", "delai_reflexion"},
        ),
    ],
)
def test_every_value_is_represented(db: Session, sql: str, expected: set[str]) -> None:
    assert set(db.scalars(text(sql)).all()) == expected


def test_caseload_of_three_counsellors(db: Session) -> None:
    assert db.scalar(select(func.count()).select_from(Counsellor)) == 3
    open_counts = db.execute(
        select(Accompaniment.counsellor_id, func.count())
        .where(Accompaniment.status != AccompanimentStatus.CLOS.value)
        .group_by(Accompaniment.counsellor_id)
    ).all()
    total = sum(count for _, count in open_counts)
    assert total == PEOPLE  # 150 people in the active file
    assert len(open_counts) == 3
    assert all(count == PEOPLE / 3 for _, count in open_counts)  # dealt in turn
    closed = _count(db, "SELECT count(*) FROM accompaniment WHERE status = 'clos'")
    assert 0.4 * PEOPLE <= closed <= 0.7 * PEOPLE  # 300 participants a year for 150 in file


def test_returned_counts_match_tables(demo) -> None:
    db, _, counts = demo
    assert PEOPLE < counts["person"] < counts["accompaniment"] < 1.7 * PEOPLE
    for table, count in counts.items():
        assert _count(db, f"SELECT count(*) FROM {table}") == count, table
    contacts_per_accompaniment = counts["contact"] / counts["accompaniment"]
    assert 10 <= contacts_per_accompaniment <= 30


def test_people_rows(db: Session) -> None:
    people = db.execute(
        select(
            Person.last_name,
            Person.first_name,
            Person.search_key,
            Person.postal_code,
            Person.birth_date,
            func.min(Orientation.decision_date),
        )
        .join(Orientation, Orientation.person_id == Person.id)
        .group_by(Person.id)
    ).all()
    assert len(people) == _count(db, "SELECT count(*) FROM person")
    for last_name, first_name, search_key, postal_code, birth_date, first_decision in people:
        assert search_key == person_search_key(last_name, first_name)
        assert re.fullmatch(r"59\d{3}", postal_code)
        adult_on = birth_date.replace(year=birth_date.year + 18, day=min(birth_date.day, 28))
        assert adult_on <= first_decision
    assert _count(db, "SELECT count(*) FROM person WHERE version <> 1 OR created_at IS NULL") == 0


def test_load_reference_is_idempotent(demo) -> None:
    db, first_counts, _ = demo
    tables = list(first_counts)
    before = {table: _count(db, f"SELECT count(*) FROM {table}") for table in tables}
    assert load_reference(db) == first_counts
    db.flush()
    after = {table: _count(db, f"SELECT count(*) FROM {table}") for table in tables}
    assert after == before == first_counts
    assert db.scalar(select(func.count()).select_from(Workshop)) >= 10
    db.rollback()


def test_same_seed_gives_same_data() -> None:
    def snapshot(seed: int) -> tuple[list, list]:
        engine, session, _, _ = generate(seed=seed, people=40)
        try:
            names = session.execute(
                select(Person.last_name, Person.first_name).order_by(Person.id)
            ).all()
            dates = session.execute(
                select(Contact.planned_at, Contact.held_at).order_by(Contact.id)
            ).all()
            offers = session.execute(
                select(
                    Opportunity.status,
                    Opportunity.needs_licence,
                    Opportunity.reachable_by_public_transport,
                    Opportunity.shifted_hours,
                ).order_by(Opportunity.id)
            ).all()
            steps = session.execute(
                select(PositioningStep.status, PositioningStep.step_date).order_by(
                    PositioningStep.id
                )
            ).all()
            return names, dates + offers + steps
        finally:
            session.close()
            engine.dispose()

    first, again, other = snapshot(SEED), snapshot(SEED), snapshot(SEED + 1)
    assert first == again
    assert first != other


def test_existing_counsellors_are_reused() -> None:
    engine = new_engine()
    with Session(engine) as session:
        session.add_all([Counsellor(display_name="Conseillère A"), Counsellor(display_name="B")])
        session.flush()
        counts = generate_demo(session, people=30, seed=SEED, today=TODAY)
        assert "counsellor" not in counts
        used = session.scalars(select(Accompaniment.counsellor_id).distinct()).all()
        assert sorted(used) == sorted(session.scalars(select(Counsellor.id)).all())
    engine.dispose()


def test_demo_raises_and_clears_every_rule_alert(db: Session) -> None:
    """The caseload shows, for every programme rule, people in order and people to act on."""
    from schema.rules.caseload import ALERT_STATES, RULES, caseload_select
    from schema.rules.states import RuleState

    rows = db.execute(caseload_select(TODAY)).all()
    assert len(rows) == PEOPLE
    for rule in RULES:
        states = [getattr(row, rule.code) for row in rows]
        assert RuleState.OK.value in states, rule.code
        assert any(state in {s.value for s in ALERT_STATES} for state in states), rule.code
        assert states.count(RuleState.LATE.value) < len(rows) / 4, rule.code


def test_planner_statistics_are_gathered(db: Session) -> None:
    # The rows go in as bulk INSERTs: without statistics the rule states' refresh that ends the
    # generation was planned as over empty tables (hours at 100 000 people on PostgreSQL).
    indexed = _count(db, "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'contact'")
    assert indexed >= 3
