"""Build (or reuse) a benchmark database of a given size with the demo generator.

SQLite databases are cached as files in ``benchmarks/out/`` (one per size and seed) so several
scripts can share them; a PostgreSQL URL is filled when it holds no person yet.

    python benchmarks/dataset.py --people 100000            # SQLite file, prints its URL
    python benchmarks/dataset.py --people 100000 --url postgresql+psycopg://…/bench
"""

from __future__ import annotations

import argparse
import secrets
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from admin.database import make_engine  # noqa: E402
from admin.passwords import hash_password  # noqa: E402
from schema import Counsellor, Person, User, migrate  # noqa: E402
from schema.enums import Role  # noqa: E402
from schema.rules import stored_states  # noqa: E402
from seeds.demo import generate_demo  # noqa: E402
from seeds.reference import load_reference  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
TODAY = date(2026, 11, 27)  # fixed, so every run measures the same data

# Accounts the benchmark scripts sign in with (added to a benchmark database, never elsewhere).
BENCH_PASSWORD = "benchmark-password-only"
MANAGER_EMAIL = "responsable@bench.invalid"
COUNSELLOR_EMAIL = "conseiller{}@bench.invalid"
BACKOFFICE_EMAIL = "accueil@bench.invalid"


def sqlite_url(people: int, seed: int = 1) -> str:
    return f"sqlite:///{OUT / f'bench_{people}_{seed}.sqlite'}"


def schema_url(url: str, schema: str) -> str:
    """``url`` with its search path set to ``schema`` (created when missing): a second dataset
    in the same PostgreSQL database."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    finally:
        engine.dispose()
    query = {"options": f"-csearch_path={schema}"}
    return make_url(url).update_query_dict(query).render_as_string(hide_password=False)


def ensure_dataset(people: int, url: str | None = None, seed: int = 1) -> str:
    """Return the URL of a migrated database holding ``people`` demo people (built if empty)."""
    if url is None:
        OUT.mkdir(parents=True, exist_ok=True)
        url = sqlite_url(people, seed)
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            if session.scalar(select(func.count()).select_from(Person)):
                if ensure_accounts(session):
                    session.execute(text("ANALYZE"))  # a database built elsewhere
                    session.commit()
                # Stored rule states of the benchmarks' day (a database built before them, or
                # for another day): the nightly command's work, not the pages'.
                stored_states.ensure_current(session, TODAY)
                return url
            started = time.perf_counter()
            load_reference(session)
            counts = generate_demo(session, people=people, seed=seed, today=TODAY)
            session.commit()
            ensure_accounts(session)
            # Planner statistics (PostgreSQL's autovacuum would get there; SQLite never does).
            session.execute(text("ANALYZE"))
            session.commit()
            if engine.dialect.name == "postgresql":
                # And the visibility map, so that counts read indexes alone, as they do on a
                # database that autovacuum has been keeping (VACUUM runs outside a transaction).
                with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("VACUUM"))
            took = time.perf_counter() - started
            print(
                f"built {url} in {took:.0f} s: " + ", ".join(f"{k} {v}" for k, v in counts.items())
            )
    finally:
        engine.dispose()
    return url


def ensure_accounts(session: Session, counsellors: int = 20) -> bool:
    """A manager, a back-office account and counsellor accounts linked to the first
    ``counsellors`` counsellors (each holds about 50 open accompaniments); True when added."""
    if session.scalar(select(User.id).where(User.email == MANAGER_EMAIL)):
        return False
    password = hash_password(BENCH_PASSWORD)

    def account(email: str, name: str, role: Role) -> User:
        user = User(
            email=email,
            full_name=name,
            role=role.value,
            password_hash=password,
            session_token=secrets.token_hex(16),
        )
        session.add(user)
        return user

    account(MANAGER_EMAIL, "Responsable (banc d'essai)", Role.MANAGER)
    account(BACKOFFICE_EMAIL, "Accueil (banc d'essai)", Role.BACKOFFICE)
    busiest = session.scalars(
        select(Counsellor)
        .where(Counsellor.user_id.is_(None))
        .order_by(Counsellor.id)
        .limit(counsellors)
    ).all()
    for n, counsellor in enumerate(busiest, start=1):
        counsellor.user = account(
            COUNSELLOR_EMAIL.format(n), counsellor.display_name, Role.COUNSELLOR
        )
    session.commit()
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", default=None, help="database URL (default: cached SQLite file)")
    args = parser.parse_args()
    print(ensure_dataset(args.people, args.url, args.seed))


if __name__ == "__main__":
    main()
