"""The dashboard's plots: the active file per week and the delays to the first appointment,
for the whole programme (from the stored day counts) and for a counsellor (from the rows)."""

from __future__ import annotations

import statistics
from datetime import date, timedelta

from schema.rules.calendar import week_start
from schema.rules.trends import DelayStats, active_file_per_week, delays_over_last_year
from tests import factories

TODAY = date(2026, 11, 16)  # a Monday


def test_active_file_per_week_for_the_programme_and_a_counsellor(session, ref):
    counsellor = factories.user(session)
    factories.accompaniment(session, counsellor, entry=date(2026, 10, 5), d0=date(2026, 9, 28))
    left = factories.accompaniment(
        session, counsellor, entry=date(2026, 9, 1), d0=date(2026, 8, 25)
    )
    left.status, left.exit_date = "clos", date(2026, 10, 20)
    left.exit_reason_id = ref["exit_reason"].id
    factories.accompaniment(session, counsellor, entry=date(2026, 11, 10), d0=date(2026, 11, 2))
    factories.accompaniment(session, counsellor, entry=None)  # not entered: never counted
    session.flush()
    weeks = dict(active_file_per_week(session, TODAY, weeks=14))
    assert weeks == dict(active_file_per_week(session, TODAY, counsellor.counsellor.id, weeks=14))
    assert len(weeks) == 14 and max(weeks) == week_start(TODAY)
    assert weeks[date(2026, 8, 24)] == 0  # before every entry
    assert weeks[date(2026, 8, 31)] == 1  # entered on Tuesday 1 September
    assert weeks[date(2026, 10, 5)] == 2
    assert weeks[date(2026, 10, 19)] == 2  # left during the week: still counted that week
    assert weeks[date(2026, 10, 26)] == 1
    assert weeks[date(2026, 11, 9)] == weeks[date(2026, 11, 16)] == 2


def test_delays_to_the_first_appointment(session, ref):
    counsellor = factories.user(session)
    for delay in (3, 7, 7, 12, 40):
        entry = TODAY - timedelta(days=20)
        factories.accompaniment(session, counsellor, entry=entry, d0=entry - timedelta(days=delay))
    stats = delays_over_last_year(session, TODAY)
    assert stats.histogram == {3: 1, 7: 2, 12: 1, 40: 1}
    assert stats == delays_over_last_year(session, TODAY, counsellor.counsellor.id)
    assert stats.median == 7 and stats.mean == 69 / 5
    assert stats.buckets()[:2] == [("0–7 j", 3), ("8–15 j", 1)]


def test_median_read_from_the_histogram_is_the_median_of_the_values():
    for histogram in ({5: 1}, {2: 2}, {1: 1, 4: 1}, {1: 3, 9: 1}, {0: 2, 3: 1, 8: 4}, {}):
        values = [d for d, n in sorted(histogram.items()) for _ in range(n)]
        expected = statistics.median(values) if values else None
        assert DelayStats(histogram).median == expected
        assert type(DelayStats(histogram).median) is type(expected)
