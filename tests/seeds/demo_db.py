"""The demo database the seed tests read: generated once per test module on a private
in-memory SQLite database."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session

from schema import Base
from seeds.demo import generate_demo
from seeds.reference import load_reference

TODAY = date(2026, 11, 15)
SEED = 3
PEOPLE = 150  # people in the active file


def new_engine() -> Engine:
    try:
        from admin.database import make_engine
    except ImportError:  # the console is optional for the seeds
        engine = create_engine("sqlite://")

        @event.listens_for(engine, "connect")
        def _foreign_keys(dbapi_connection, _record) -> None:
            dbapi_connection.execute("PRAGMA foreign_keys=ON")

    else:
        engine = make_engine("sqlite://")
    Base.metadata.create_all(engine)
    return engine


def generate(seed: int = SEED, people: int = PEOPLE) -> tuple[Engine, Session, dict, dict]:
    engine = new_engine()
    session = Session(engine)
    reference_counts = load_reference(session)
    counts = generate_demo(session, people=people, seed=seed, today=TODAY)
    session.commit()
    return engine, session, reference_counts, counts


def count(session: Session, sql: str, **params: object) -> int:
    return session.execute(text(sql), {"today": TODAY, **params}).scalar_one()
