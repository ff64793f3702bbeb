"""Concurrent users: the console under gunicorn (4 workers) and 20 simulated users for 60 s.

    python benchmarks/load.py --people 100000                  # SQLite benchmark file
    DATABASE_URL=postgresql+psycopg://…/bench python benchmarks/load.py --people 100000

Each user signs in as one of the benchmark counsellors (their own caseload) and, until the time
is up, opens list pages, person files, creates contacts and saves attendance sheets. Prints the
throughput, p50 / p95 per kind of request and the errors (HTTP 5xx, refused forms, network
errors). Serves on 127.0.0.1 only; stops gunicorn when done. Writes go to the benchmark
database (a few thousand contacts and attendance marks).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dataset import BENCH_PASSWORD, COUNSELLOR_EMAIL, ensure_dataset  # noqa: E402

from admin.database import make_engine  # noqa: E402
from schema import Accompaniment, Attendance, User, WorkshopSession  # noqa: E402
from schema.enums import AccompanimentStatus  # noqa: E402

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
LINE = re.compile(r'name="version-(\d+)" value="(\d+)"')


@dataclass
class Account:
    email: str
    people: list[int]
    accompaniments: list[int]
    sessions: list[int]


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)

    def add(self, kind: str, ms: float, error: str | None = None) -> None:
        with self.lock:
            self.times[kind].append(ms)
            if error:
                self.errors.append(f"{kind}: {error}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def accounts(url: str, users: int) -> list[Account]:
    """The counsellor accounts and, for each, ids within their caseload to work on."""
    engine = make_engine(url)
    result = []
    with Session(engine) as session:
        for n in range(1, users + 1):
            user = session.scalar(select(User).where(User.email == COUNSELLOR_EMAIL.format(n)))
            rows = session.execute(
                select(Accompaniment.id, Accompaniment.person_id).where(
                    Accompaniment.counsellor_id == user.counsellor.id,
                    Accompaniment.status != AccompanimentStatus.CLOS,
                )
            ).all()
            people = [r.person_id for r in rows]
            # Past séances of their people (presence cannot be marked ahead), one user each.
            sessions = session.scalars(
                select(Attendance.session_id)
                .join(WorkshopSession, WorkshopSession.id == Attendance.session_id)
                .where(
                    Attendance.person_id.in_(people),
                    WorkshopSession.starts_at < datetime.now(),
                    WorkshopSession.id % users == n - 1,
                )
                .distinct()
                .order_by(Attendance.session_id)
            ).all()
            result.append(Account(user.email, people, [r.id for r in rows], list(sessions)))
    engine.dispose()
    return result


class User_:
    """One simulated user: a cookie jar, a CSRF token, a random but seeded sequence."""

    def __init__(self, base: str, account: Account, results: Results, seed: int) -> None:
        self.base, self.account, self.results = base, account, results
        self.http = requests.Session()
        self.rng = random.Random(seed)

    def call(self, kind: str, method: str, path: str, expect: int = 200, **kw) -> str:
        started = time.perf_counter()
        error = None
        text = ""
        try:
            response = self.http.request(
                method, self.base + path, allow_redirects=False, timeout=30, **kw
            )
            text = response.text
            if response.status_code != expect:
                error = f"HTTP {response.status_code} on {path}"
        except requests.RequestException as exc:
            error = f"{type(exc).__name__} on {path}"
        self.results.add(kind, (time.perf_counter() - started) * 1000, error)
        return text

    def login(self) -> None:
        page = self.call("connexion", "GET", "/connexion")
        token = CSRF.search(page).group(1)
        self.call(
            "connexion",
            "POST",
            "/connexion",
            expect=302,
            data={"email": self.account.email, "password": BENCH_PASSWORD, "csrf_token": token},
        )

    def run(self, deadline: float) -> None:
        self.login()
        actions = [
            (self.lists, 40),
            (self.person_file, 25),
            (self.new_contact, 15),
            (self.attendance_sheet, 15),
            (self.portfolio, 5),
        ]
        weights = [w for _a, w in actions]
        while time.monotonic() < deadline:
            self.rng.choices([a for a, _w in actions], weights)[0]()

    def lists(self) -> None:
        path = self.rng.choice(
            [
                "/console/person/",
                "/console/accompaniment/",
                "/console/contact/",
                "/console/attendance/",
                f"/console/contact/?page={self.rng.randint(1, 20)}",
            ]
        )
        self.call("liste", "GET", path)

    def person_file(self) -> None:
        person = self.rng.choice(self.account.people)
        self.call("fiche personne", "GET", f"/console/person/details/?id={person}")

    def portfolio(self) -> None:
        self.call("portefeuille", "GET", "/console/portefeuille/")

    def new_contact(self) -> None:
        form = self.call("contact (formulaire)", "GET", "/console/contact/new/")
        match = CSRF.search(form)
        if not match:
            return
        day = time.strftime("%d/%m/%Y")
        self.call(
            "contact (création)",
            "POST",
            "/console/contact/new/",
            expect=302,
            data={
                "csrf_token": match.group(1),
                "accompaniment": str(self.rng.choice(self.account.accompaniments)),
                "planned_at": f"{day} {self.rng.randint(8, 17):02d}:00",
                "mode": "telephone",
                "status": "prevu",
                "version_token": "",
            },
        )

    def attendance_sheet(self) -> None:
        if not self.account.sessions:
            return
        session_id = self.rng.choice(self.account.sessions)
        path = f"/console/emargement/seance/{session_id}"
        sheet = self.call("émargement (feuille)", "GET", path)
        match = CSRF.search(sheet)
        lines = LINE.findall(sheet)
        if not match or not lines:
            return
        data: dict[str, object] = {"csrf_token": match.group(1), "save": "1", "line": []}
        for line, version in lines:
            data["line"].append(line)  # type: ignore[union-attr]
            data[f"version-{line}"] = version
            status = self.rng.choice(["present", "absent_excuse", "inscrit"])
            data[f"status-{line}"] = status
            if status == "present" and self.rng.random() < 0.5:
                data[f"signed-{line}"] = "1"  # only a person present signs
        self.call("émargement (enregistrement)", "POST", path, expect=302, data=data)


def start_server(url: str, port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "load-benchmark-only"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "admin.app:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            requests.get(f"http://127.0.0.1:{port}/connexion", timeout=2)
            return server
        except requests.RequestException:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    env_url = os.environ.get("DATABASE_URL", "")
    url = ensure_dataset(args.people, env_url if env_url.startswith("postgresql") else None)
    users = accounts(url, args.users)
    port = free_port()
    server = start_server(url, port, args.workers)
    results = Results()
    try:
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=User_(f"http://127.0.0.1:{port}", account, results, n).run,
                args=(deadline,),
            )
            for n, account in enumerate(users)
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.seconds + 60)
        took = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    every = [ms for values in results.times.values() for ms in values]
    engine = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(
        f"\n## {engine}, {args.people} people: {args.users} users, {args.workers} gunicorn "
        f"workers, {took:.0f} s"
    )
    print(f"{'requête':32} {'n':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, values in sorted(results.times.items()):
        print(
            f"{kind:32} {len(values):6d} {statistics.median(values):8.0f} "
            f"{percentile(values, 0.95):8.0f}"
        )
    print(
        f"{'toutes':32} {len(every):6d} {statistics.median(every):8.0f} "
        f"{percentile(every, 0.95):8.0f}"
    )
    print(f"débit : {len(every) / took:.1f} requêtes/s ; erreurs : {len(results.errors)}")
    for error in sorted(set(results.errors))[:20]:
        print("  ", error)


if __name__ == "__main__":
    main()
