"""The stored rule states and day counts: kept equal to a computation from the source rows
through every kind of write, recomputed for another day, rebuilt by the daily command."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from schema import (
    Accompaniment,
    Action,
    Contact,
    CounsellorCounts,
    DailyCounts,
    EntryDelays,
    Positioning,
    RuleStates,
)
from schema.operations.parcours_solidarites import mark_entered
from schema.rule_states import RULE_CODES
from schema.rules import counsellor_counts, daily_counts, stored_states
from schema.rules.capacity import counsellor_loads
from schema.rules.caseload import caseload_select
from schema.rules.states import RuleState
from tests import factories
from tests.matching import helpers as matching

TODAY = date(2026, 11, 16)


@pytest.fixture(autouse=True)
def frozen_today(app, monkeypatch):
    monkeypatch.setitem(app.config, "TODAY", TODAY)


def stored(session) -> dict[int, tuple]:
    rows = session.execute(
        select(
            RuleStates.accompaniment_id,
            RuleStates.computed_on,
            *[stored_states.TABLE.c[code] for code in stored_states.CODES],
        )
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def live(session) -> dict[int, tuple]:
    """The states computed from the source rows, as the portfolio does."""
    sub = caseload_select(TODAY, with_missed_weeks=False).subquery()
    rows = session.execute(select(sub.c.id, *sub.c[stored_states.CODES]))
    return {row[0]: (TODAY, *row[1:]) for row in rows}


def counts(session) -> dict[int, tuple]:
    """The stored counsellor counts, rows of zeros left out."""
    rows = session.execute(select(CounsellorCounts.__table__)).all()
    return {row[0]: tuple(row[1:]) for row in rows if any(row[2:])}


def recounted_counts(session) -> dict[int, tuple]:
    """The same, counted from the accompaniments (capacity.counsellor_loads, as the portfolio
    does) and from the live states."""
    owner = dict(session.execute(select(Accompaniment.id, Accompaniment.counsellor_id)).all())
    result: dict[int, list] = {}
    for load in counsellor_loads(session, TODAY):
        figures = [load.active_file, load.to_contact, load.paused]
        result[load.counsellor_id or 0] = [TODAY, *figures, load.entries_month, load.exits_month]
        result[load.counsellor_id or 0] += [0] * 2 * len(stored_states.CODES)
    for accompaniment_id, states in live(session).items():
        row = result.setdefault(owner[accompaniment_id] or 0, [TODAY] + [0] * 19)
        for index, state in enumerate(states[1:]):
            if state in (RuleState.LATE, RuleState.SOON):
                row[6 + 2 * index + (state == RuleState.SOON)] += 1
    return {key: tuple(row) for key, row in result.items() if any(row[1:])}


def assert_current(session) -> None:
    assert stored(session) == live(session)
    assert counts(session) == recounted_counts(session)
    copied = select(RuleStates.entry_date, Accompaniment.entry_date).join(
        Accompaniment, Accompaniment.id == RuleStates.accompaniment_id
    )
    assert all(copy == source for copy, source in session.execute(copied))


def test_a_column_per_rule():
    assert RULE_CODES == stored_states.CODES


def day_counts(session) -> tuple[list, list]:
    days = session.execute(select(DailyCounts.__table__).order_by(DailyCounts.day)).all()
    delays = session.execute(
        select(EntryDelays.__table__).order_by(EntryDelays.day, EntryDelays.delay_days)
    ).all()
    return [tuple(r) for r in days], [tuple(r) for r in delays]


def recounted(session) -> tuple[list, list]:
    days = session.execute(daily_counts._counts_select(None).order_by("day")).all()
    delays = session.execute(daily_counts._delays_select(None).order_by("entry_date")).all()
    return [tuple(r) for r in days], sorted(tuple(r) for r in delays)


def test_every_kind_of_write_keeps_the_stored_states_current(session, ref):
    counsellor = factories.user(session)
    other = factories.user(session)
    acc = factories.accompaniment(session, counsellor, entry=date(2026, 8, 3))
    waiting = factories.accompaniment(session, counsellor, entry=None, d0=date(2026, 10, 20))
    assert set(stored(session)) == {acc.id, waiting.id}
    assert stored(session)[acc.id][1:] == live(session)[acc.id][1:]
    assert_current(session)
    assert stored(session)[acc.id][stored_states.CODES.index("r3") + 1] == RuleState.LATE

    contact = factories.contact(session, acc, datetime(2026, 11, 13, 10))  # R3, R4, R8
    assert_current(session)
    assert stored(session)[acc.id][stored_states.CODES.index("r3") + 1] == RuleState.OK
    factories.cer(session, acc)  # R2
    factories.diagnostic(session, acc, kind="trois_mois", done_on=date(2026, 11, 3))  # R5
    assert_current(session)

    session.add(  # a pause (R3, R4 suspended)
        Action(
            accompaniment=acc,
            kind="mise_en_attente",
            start_date=date(2026, 11, 14),
            ps_entered_on=date(2026, 11, 14),
        )
    )
    session.flush()
    assert_current(session)
    assert stored(session)[acc.id][stored_states.CODES.index("r4") + 1] == RuleState.PAUSED

    # A workshop presence not linked to an accompaniment counts for the person's (R3).
    ws = factories.workshop_session(session, ref["workshop"], starts_at=datetime(2026, 11, 12))
    factories.attendance(session, ws, waiting.person, status="present")
    assert_current(session)

    waiting.orientation.decision_date = date(2026, 10, 25)  # R1's clock starts later
    session.flush()
    assert_current(session)

    contact.accompaniment = waiting  # moved: both accompaniments change
    waiting.counsellor_id = other.counsellor.id
    session.flush()
    assert_current(session)
    session.delete(contact)
    session.flush()
    assert_current(session)

    acc.status, acc.exit_date = "clos", date(2026, 11, 15)
    acc.exit_reason_id = ref["exit_reason"].id
    session.flush()
    assert set(stored(session)) == {waiting.id}  # closed: no stored states
    assert_current(session)


def test_bulk_marking_on_parcours_solidarites_updates_r8(session, ref):
    counsellor = factories.user(session)
    acc = factories.accompaniment(session, counsellor, entry=date(2026, 10, 5))
    contact = factories.contact(session, acc, datetime(2026, 11, 2, 9))
    r8 = stored_states.CODES.index("r8") + 1
    assert stored(session)[acc.id][r8] == RuleState.LATE
    mark_entered(session, counsellor, TODAY, contact_ids=[contact.id])
    assert_current(session)
    assert stored(session)[acc.id][r8] == RuleState.OK


def test_states_of_another_day_are_recomputed_before_they_are_read(session, ref, count_queries):
    counsellor = factories.user(session)
    acc = factories.accompaniment(session, counsellor, entry=date(2026, 10, 5))
    factories.contact(session, acc, datetime(2026, 11, 11, 9))
    session.execute(update(RuleStates).values(computed_on=date(2026, 11, 10), r3="en_retard"))
    assert stored_states.ensure_current(session, TODAY) is True
    assert_current(session)
    with count_queries() as counter:
        assert stored_states.ensure_current(session, TODAY) is False
    assert counter.count == 1
    # Emptied (a database just upgraded): refilled at the first read.
    session.execute(stored_states.TABLE.delete())
    assert stored_states.ensure_current(session, TODAY) is True
    assert_current(session)
    _total, totals = counsellor_counts.programme(session)
    assert totals.late["r3"] == 0 and totals.soon["r3"] == 1  # last contact 5 days ago
    # The counts alone emptied (the upgrade that created their table): refilled too.
    session.execute(CounsellorCounts.__table__.delete())
    assert stored_states.ensure_current(session, TODAY) is True
    assert counts(session)[counsellor.counsellor.id][1] == 1  # active file


def test_counsellor_counts_of_a_page_the_unassigned_and_the_programme(session, ref):
    first, second = factories.user(session), factories.user(session)
    for n in range(3):
        factories.accompaniment(session, first, entry=date(2026, 10, 1 + n))
    factories.accompaniment(session, second, entry=date(2026, 11, 10))
    factories.accompaniment(session, None, entry=None, d0=date(2026, 10, 1))
    assert_current(session)
    states = live(session).values()
    total, totals = counsellor_counts.programme(session)
    assert (total.active_file, total.to_contact, total.entries_month) == (4, 1, 1)
    assert total.capacity == first.counsellor.capacity + second.counsellor.capacity
    for index, code in enumerate(stored_states.CODES, start=1):
        assert totals.late[code] == sum(1 for s in states if s[index] == RuleState.LATE)
        assert totals.soon[code] == sum(1 for s in states if s[index] == RuleState.SOON)
    assert totals.late["r1"] == 1  # the unassigned one, oriented seven weeks ago
    load, alerts = counsellor_counts.unassigned(session)
    assert (load.name, load.to_contact, alerts.late["r1"]) == ("Non attribué", 1, 1)
    rows = counsellor_counts.page(session, 0, 50)
    by_id = {load.counsellor_id: (load, alerts) for load, alerts in rows}
    assert by_id[first.counsellor.id][0].active_file == 3
    assert by_id[first.counsellor.id][1].late["r3"] == 3
    assert by_id[second.counsellor.id][0].entries_month == 1
    assert [load.counsellor_id for load, _ in counsellor_counts.page(session, 1, 1)] == [
        rows[1][0].counsellor_id
    ]


def test_day_counts_follow_the_writes_and_equal_a_rebuild(session, ref):
    counsellor = factories.user(session)
    acc = factories.accompaniment(
        session, counsellor, entry=date(2026, 10, 5), d0=date(2026, 9, 28)
    )
    first = factories.contact(session, acc, datetime(2026, 10, 20, 9))
    factories.contact(session, acc, datetime(2026, 10, 20, 14), mode="telephone")
    factories.contact(session, acc, datetime(2026, 10, 21, 9), status="absent_excuse")
    incremental = day_counts(session)
    assert incremental == recounted(session)
    days = {row[0]: row[1:] for row in incremental[0]}
    assert days[date(2026, 10, 20)] == (1, 1, 0, 0, 0, 0, 0)
    assert days[date(2026, 10, 5)] == (0, 0, 1, 0, 0, 0, 0)
    assert date(2026, 10, 21) not in days  # not held
    assert incremental[1] == [(date(2026, 10, 5), 7, 1)]

    first.held_at = datetime(2026, 10, 22, 9)  # moved to another day
    acc.orientation.decision_date = date(2026, 9, 30)  # the delay changes
    session.flush()
    assert day_counts(session) == recounted(session)
    acc.status, acc.exit_date = "clos", date(2026, 11, 2)
    acc.exit_reason_id = ref["exit_reason"].id
    session.flush()
    after = day_counts(session)
    assert after == recounted(session)
    assert {row[0]: row[1:] for row in after[0]}[date(2026, 11, 2)] == (0, 0, 0, 1, 0, 0, 0)
    assert after[1] == [(date(2026, 10, 5), 5, 1)]

    session.execute(DailyCounts.__table__.delete())
    assert daily_counts.rebuild(session) == len(after[0])
    assert day_counts(session) == after


def test_day_counts_of_positionings_and_hires(session, ref):
    acc = factories.accompaniment(session, factories.user(session), entry=date(2026, 10, 5))
    offer = matching.opportunity(session, channel="clause", insertion_hours=400)
    positioning = Positioning(accompaniment=acc, opportunity=offer, proposed_on=date(2026, 11, 2))
    session.add(positioning)
    session.flush()
    assert day_counts(session) == recounted(session)
    days = {row[0]: row[1:] for row in day_counts(session)[0]}
    assert days[date(2026, 11, 2)][4:] == (1, 0, 0)  # proposed
    positioning.status, positioning.status_on = "retenu", date(2026, 11, 9)
    positioning.insertion_hours = 350
    session.flush()
    assert day_counts(session) == recounted(session)
    days = {row[0]: row[1:] for row in day_counts(session)[0]}
    assert days[date(2026, 11, 9)][4:] == (0, 1, 350)  # hired, the clause's hours
    offer.channel, offer.insertion_hours = "interim", None  # no longer a clause: the
    session.flush()  # opportunity alone changed, the day of its hires is recomputed
    assert day_counts(session) == recounted(session)
    days = {row[0]: row[1:] for row in day_counts(session)[0]}
    assert days[date(2026, 11, 9)][4:] == (0, 1, 0)
    session.delete(positioning)
    session.flush()
    assert day_counts(session) == recounted(session)
    assert date(2026, 11, 9) not in {row[0] for row in day_counts(session)[0]}


def test_a_write_touching_many_days_is_recomputed_in_chunks(session, ref, monkeypatch):
    monkeypatch.setattr(daily_counts, "CHUNK", 2)
    acc = factories.accompaniment(session, factories.user(session), entry=date(2026, 9, 1))
    start = datetime(2026, 9, 2, 10)
    for n in range(5):
        session.add(
            Contact(
                accompaniment=acc,
                planned_at=start + timedelta(days=n),
                held_at=start + timedelta(days=n),
                mode="visio",
                status="honore",
            )
        )
    session.flush()
    assert day_counts(session) == recounted(session)
    assert len(day_counts(session)[0]) == 6


def test_an_accompaniment_moved_or_deleted_is_recounted_for_both_counsellors(session, ref):
    first, second = factories.user(session), factories.user(session)
    acc = factories.accompaniment(session, first, entry=date(2026, 10, 5))
    assert counts(session)[first.counsellor.id][1] == 1  # active file
    acc.counsellor_id = second.counsellor.id
    session.flush()
    assert_current(session)
    assert first.counsellor.id not in counts(session)
    assert counts(session)[second.counsellor.id][1] == 1
    acc.counsellor_id = None
    session.flush()
    assert_current(session)
    assert set(counts(session)) == {0}  # "Non attribué"
    session.delete(acc)
    session.flush()
    assert_current(session)
    assert counts(session) == {}
