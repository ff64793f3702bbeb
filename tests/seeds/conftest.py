"""Fixtures of the seed tests: the demo database, generated once per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from tests.seeds.demo_db import generate


@pytest.fixture(scope="module")
def demo() -> Iterator[tuple[Session, dict, dict]]:
    engine, session, reference_counts, counts = generate()
    yield session, reference_counts, counts
    session.close()
    engine.dispose()


@pytest.fixture(scope="module")
def db(demo) -> Session:
    return demo[0]
