"""Server time and SQL statement count of a counsellor's agenda week, large database against
small.

    python benchmarks/agenda_week.py --people 100000 [--small 1000] [--repeat 15]
    DATABASE_URL=postgresql+psycopg://…/bench python benchmarks/agenda_week.py --people 100000

Same databases as ``benchmarks/pages.py`` (the demo generator; SQLite files in
``benchmarks/out/``, PostgreSQL in DATABASE_URL and a ``people_<small>`` schema). The week of
the benchmark day and the next one, seen by the counsellor and by the manager and back-office
choosing that counsellor; then the plan form of a free slot.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
# The project first, this folder last: benchmarks/exports.py must not shadow the exports package.
sys.path[:] = [
    str(ROOT),
    *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"),
    str(ROOT / "benchmarks"),
]
importlib.import_module("exports.list_export")  # before pages.py puts this folder first

from dataset import (  # noqa: E402
    BACKOFFICE_EMAIL,
    COUNSELLOR_EMAIL,
    TODAY,
    ensure_dataset,
    schema_url,
)
from pages import Bench, _login, measure, open_bench  # noqa: E402

from admin.database import db  # noqa: E402
from schema import User  # noqa: E402

TARGET_MS = 250
THIS_WEEK = TODAY - timedelta(days=TODAY.weekday())
NEXT_WEEK = THIS_WEEK + timedelta(days=7)


def agenda_pages(bench: Bench) -> list[tuple[str, str, str]]:
    with bench.app.app_context():
        user = db.session.scalar(select(User).where(User.email == COUNSELLOR_EMAIL.format(1)))
        cid = user.counsellor.id
        db.session.remove()
    slot = f"{NEXT_WEEK.isoformat()}T09:00"
    week = "/console/agenda/?semaine="
    return [
        ("semaine en cours (conseiller·ère)", "counsellor", f"{week}{THIS_WEEK}"),
        ("semaine suivante (conseiller·ère)", "counsellor", f"{week}{NEXT_WEEK}"),
        (
            "semaine suivante (responsable)",
            "manager",
            f"{week}{NEXT_WEEK}&conseiller={cid}",
        ),
        (
            "semaine suivante (accueil)",
            "backoffice",
            f"{week}{NEXT_WEEK}&conseiller={cid}",
        ),
        ("formulaire de planification", "counsellor", f"/console/agenda/planifier?debut={slot}"),
    ]


def bench_for(people: int, url: str | None) -> Bench:
    bench = open_bench(ensure_dataset(people, url))
    bench.clients["backoffice"] = _login(bench.app, BACKOFFICE_EMAIL)
    return bench


def run(title: str, large: Bench, small: Bench, args: argparse.Namespace) -> list[str]:
    misses = []
    print(f"\n## {title}: {args.people} people against {args.small} (ms, {args.repeat} requests)")
    head = f"{'page':38} {'médiane':>8} {'p95':>8} {'SQL':>4} | {'petite':>7} {'SQL':>4} | ratio"
    print(head)
    print("-" * len(head))
    small_urls = {label: url for label, _account, url in agenda_pages(small)}
    for label, account, url in agenda_pages(large):
        big = measure(large, account, url, args.repeat)
        ref = measure(small, account, small_urls[label], args.repeat)
        ratio = big.median_ms / ref.median_ms if ref.median_ms else float("inf")
        flags = []
        if big.median_ms > TARGET_MS:
            flags.append(f"> {TARGET_MS} ms")
        if big.statements != ref.statements:
            flags.append("SQL ≠")
        if big.status != 200 or ref.status != 200:
            flags.append(f"HTTP {big.status}/{ref.status}")
        if flags:
            misses.append(f"{title} — {label}: {', '.join(flags)}")
        print(
            f"{label:38} {big.median_ms:8.1f} {big.p95_ms:8.1f} {big.statements:4d} | "
            f"{ref.median_ms:7.1f} {ref.statements:4d} | {ratio:5.2f} {' '.join(flags)}"
        )
    return misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--only", choices=("sqlite", "postgresql"), default=None)
    args = parser.parse_args()
    misses = []
    if args.only != "postgresql":
        large, small = bench_for(args.people, None), bench_for(args.small, None)
        misses += run("SQLite", large, small, args)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgresql") and args.only != "sqlite":
        large = bench_for(args.people, url)
        small = bench_for(args.small, schema_url(url, f"people_{args.small}"))
        misses += run("PostgreSQL", large, small, args)
    print("\nTargets met." if not misses else "\nMissed targets:\n  " + "\n  ".join(misses))


if __name__ == "__main__":
    main()
