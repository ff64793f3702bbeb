"""Build (or reuse) a benchmark database of a given size with the demo generator.

SQLite databases are cached as files in ``benchmarks/out/`` (one per size and seed) so several
scripts can share them; a PostgreSQL URL is filled when it holds no person yet.

    python benchmarks/dataset.py --people 100000            # SQLite file, prints its URL
    python benchmarks/dataset.py --people 100000 --url postgresql+psycopg://…/bench
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from admin.database import make_engine  # noqa: E402
from schema import Person, migrate  # noqa: E402
from seeds.demo import generate_demo  # noqa: E402
from seeds.reference import load_reference  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
TODAY = date(2026, 11, 27)  # fixed, so every run measures the same data


def sqlite_url(people: int, seed: int = 1) -> str:
    return f"sqlite:///{OUT / f'bench_{people}_{seed}.sqlite'}"


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
                return url
            started = time.perf_counter()
            load_reference(session)
            counts = generate_demo(session, people=people, seed=seed, today=TODAY)
            session.commit()
            if engine.dialect.name == "postgresql":
                session.execute(text("ANALYZE"))
                session.commit()
            took = time.perf_counter() - started
            print(
                f"built {url} in {took:.0f} s: " + ", ".join(f"{k} {v}" for k, v in counts.items())
            )
    finally:
        engine.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", default=None, help="database URL (default: cached SQLite file)")
    args = parser.parse_args()
    print(ensure_dataset(args.people, args.url, args.seed))


if __name__ == "__main__":
    main()
