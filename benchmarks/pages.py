"""Server time and SQL statement count of the console's pages, large database against small.

    python benchmarks/pages.py --people 100000 [--small 1000] [--repeat 15]
    DATABASE_URL=postgresql+psycopg://…/bench python benchmarks/pages.py --people 100000

Both sizes are built (or reused) with the demo generator: SQLite files in ``benchmarks/out/``,
and, when DATABASE_URL names a PostgreSQL database, the large size in its ``public`` schema and
the small one in a ``people_<small>`` schema of the same database. Each page is requested once
to warm up, then ``--repeat`` times through Flask's test client, in process: the figures are
server times (routing, SQL, rendering), not network times.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dataset import (  # noqa: E402
    BENCH_PASSWORD,
    COUNSELLOR_EMAIL,
    MANAGER_EMAIL,
    TODAY,
    ensure_dataset,
    schema_url,
)

from admin.app import create_app  # noqa: E402
from admin.database import db  # noqa: E402
from schema import Accompaniment, Person, User  # noqa: E402

TARGET_MS = 250
TARGET_RATIO = 2.0
MATCH = [""]


@dataclass(frozen=True)
class Figures:
    median_ms: float
    p95_ms: float
    statements: int
    status: int


@dataclass
class Bench:
    """One database: an app, a signed-in test client per account, sample values for URLs."""

    url: str
    app: Any
    clients: dict[str, Any]
    sample: dict[str, Any]
    statements: list[str]


def _login(app: Any, email: str) -> Any:
    client = app.test_client()
    page = client.get("/connexion").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/connexion", data={"email": email, "password": BENCH_PASSWORD, "csrf_token": token}
    )
    if response.status_code != 302:
        raise SystemExit(f"cannot sign in as {email} on the benchmark database")
    return client


def _sample(app: Any) -> dict[str, Any]:
    """Values the URLs need, chosen the same way at every size."""
    with app.app_context():
        s = db.session
        total = s.scalar(select(func.count()).select_from(Person))
        middle = s.execute(
            select(Person.id, Person.last_name, Person.caf_number, Person.commune)
            .where(Person.caf_number.is_not(None))
            .order_by(Person.id)
            .offset(total // 2)
            .limit(1)
        ).one()
        # The person with the most accompaniments and contacts: the heaviest file to open.
        counsellor = s.scalar(select(User).where(User.email == COUNSELLOR_EMAIL.format(1)))
        open_one = s.scalar(
            select(Accompaniment.person_id)
            .where(Accompaniment.counsellor_id == counsellor.counsellor.id)
            .order_by(Accompaniment.id)
            .limit(1)
        )
        db.session.remove()
    return {
        "person_id": middle.id,
        "name": middle.last_name,
        "caf": middle.caf_number,
        "commune": middle.commune,
        "caseload_person_id": open_one,
    }


def open_bench(url: str) -> Bench:
    app = create_app(
        {"DATABASE_URL": url, "TODAY": TODAY, "SECRET_KEY": "benchmark", "SERVER_NAME": None}
    )
    statements: list[str] = []
    with app.app_context():
        event.listen(
            db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]), named=False
        )
    clients = {
        "manager": _login(app, MANAGER_EMAIL),
        "counsellor": _login(app, COUNSELLOR_EMAIL.format(1)),
    }
    return Bench(url, app, clients, _sample(app), statements)


def filter_arg(app: Any, endpoint: str, label: str, operation: str = "vaut") -> str:
    """The URL argument of a list filter, found by its label and operation."""
    with app.test_request_context():
        view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == endpoint)
        for key, (_index, flt) in view._filter_args.items():
            if str(flt.name) == label and str(flt.operation()) == operation:
                return f"flt1_{key}"
    raise KeyError(f"{endpoint}: no filter {label!r} {operation!r}")


def deep_page(bench: Bench, list_url: str) -> str:
    """The last page the pager offers on a list (the pager stops at a bounded number)."""
    html = bench.clients["manager"].get(list_url).get_data(as_text=True)
    pages = [int(p) for p in _PAGE_LINK.findall(html)]
    last = max(pages) if pages else 0
    return f"{list_url}{'&' if '?' in list_url else '?'}page={last}"


_PAGE_LINK = re.compile(r"[?&;]page=(\d+)")


def pages(bench: Bench) -> list[tuple[str, str, str]]:
    """(label, account, URL) of every measured page."""
    s, app = bench.sample, bench.app
    commune = filter_arg(app, "person", "Commune")
    status = filter_arg(app, "accompaniment", "Statut")
    rule = filter_arg(app, "accompaniment", "sans contact depuis 7 jours", "alerte")
    mode = filter_arg(app, "contact", "Mode")
    presence = filter_arg(app, "attendance", "Présence")
    rows = []
    for key, base, flt in (
        ("personnes", "/console/person/", f"{commune}={s['commune']}"),
        ("accompagnements", "/console/accompaniment/", f"{status}=actif"),
        ("accompagnements alerte R3", "/console/accompaniment/", f"{rule}=1"),
        ("contacts", "/console/contact/", f"{mode}=telephone"),
        ("présences", "/console/attendance/", f"{presence}=present"),
    ):
        if key == "accompagnements alerte R3":
            rows.append((key, "manager", f"{base}?{flt}"))
            continue
        rows += [
            (f"{key} : 1re page", "manager", base),
            (f"{key} : filtrée", "manager", f"{base}?{flt}"),
            (f"{key} : recherche nom", "manager", f"{base}?search={s['name']}"),
            (f"{key} : recherche n° CAF", "manager", f"{base}?search={s['caf']}"),
            (f"{key} : page profonde", "manager", deep_page(bench, base)),
        ]
    rows += [
        ("Mon portefeuille (conseiller·ère)", "counsellor", "/console/portefeuille/"),
        ("tableau de bord du programme", "manager", "/console/tableau-de-bord/"),
        (
            "fiche personne (responsable)",
            "manager",
            f"/console/person/details/?id={s['person_id']}",
        ),
        (
            "fiche personne (conseiller·ère)",
            "counsellor",
            f"/console/person/details/?id={s['caseload_person_id']}",
        ),
    ]
    return rows


def measure(bench: Bench, account: str, url: str, repeat: int) -> Figures:
    client = bench.clients[account]
    client.get(url)  # warm-up: caches, compiled statements
    times = []
    counts = []
    status = 200
    for _ in range(repeat):
        bench.statements.clear()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        counts.append(len(bench.statements))
        status = response.status_code if response.status_code != 200 else status
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return Figures(statistics.median(times), p95, max(counts), status)


def report(title: str, large: Bench, small: Bench, repeat: int, people: int) -> list[str]:
    """Print one table; return the pages missing a target."""
    misses = []
    print(f"\n## {title}: {people} people against {small_people(small)} (ms, {repeat} requests)")
    head = f"{'page':44} {'médiane':>8} {'p95':>8} {'SQL':>4} | {'petite':>7} {'SQL':>4} | ratio"
    print(head)
    print("-" * len(head))
    small_pages = {label: url for label, _a, url in pages(small)}
    for label, account, url in pages(large):
        if MATCH[0] not in label:
            continue
        big = measure(large, account, url, repeat)
        ref = measure(small, account, small_pages[label], repeat)
        ratio = big.median_ms / ref.median_ms if ref.median_ms else float("inf")
        flags = []
        if big.median_ms > TARGET_MS:
            flags.append(f"> {TARGET_MS} ms")
        if ratio > TARGET_RATIO:
            flags.append(f"ratio > {TARGET_RATIO:g}")
        if big.statements != ref.statements:
            flags.append("SQL ≠")
        if big.status != 200 or ref.status != 200:
            flags.append(f"HTTP {big.status}/{ref.status}")
        if flags:
            misses.append(f"{title} — {label}: {', '.join(flags)}")
        print(
            f"{label:44} {big.median_ms:8.1f} {big.p95_ms:8.1f} {big.statements:4d} | "
            f"{ref.median_ms:7.1f} {ref.statements:4d} | {ratio:5.2f} {' '.join(flags)}"
        )
    return misses


def small_people(bench: Bench) -> str:
    return bench.sample.get("people_label", "?")


def run(name: str, url_for_size: Callable[[int], str | None], args: Any) -> list[str]:
    benches = []
    for people in (args.people, args.small):
        url = ensure_dataset(people, url_for_size(people))
        bench = open_bench(url)
        bench.sample["people_label"] = str(people)
        benches.append(bench)
    return report(name, benches[0], benches[1], args.repeat, args.people)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--only", choices=("sqlite", "postgresql"), default=None)
    parser.add_argument("--match", default="", help="only the pages whose label contains this")
    args = parser.parse_args()
    MATCH[0] = args.match
    misses = []
    if args.only != "postgresql":
        misses += run("SQLite", lambda people: None, args)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgresql") and args.only != "sqlite":
        misses += run(
            "PostgreSQL",
            lambda people: url if people == args.people else schema_url(url, f"people_{people}"),
            args,
        )
    print("\nTargets met." if not misses else "\nMissed targets:\n  " + "\n  ".join(misses))


if __name__ == "__main__":
    main()
