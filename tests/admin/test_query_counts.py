"""List pages issue a bounded number of SQL statements, whatever the number of rows."""

from __future__ import annotations

import pytest

from schema.enums import Role
from tests import factories

ENDPOINTS = (
    "person",
    "accompaniment",
    "contact",
    "orientation",
    "cer",
    "diagnostic",
    "attendance",
    "workshop_session",
    "positioning",
    "training",
    "outcome",
)


def _populate(session, ref, manager_counsellor, n: int) -> None:
    for i in range(n):
        acc = factories.accompaniment(session, manager_counsellor)
        factories.contact(session, acc)
        factories.cer(session, acc)
        factories.diagnostic(session, acc)
        ws = factories.workshop_session(session, ref["workshop"], place=f"Salle {i}")
        factories.attendance(session, ws, acc.person)


def _statements(client, count_queries, endpoint: str, page_size: int) -> int:
    with count_queries() as counter:
        response = client.get(f"/console/{endpoint}/?page_size={page_size}")
    assert response.status_code == 200
    return counter.count


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COUNSELLOR])
def test_list_statement_count_does_not_grow(client, session, login, ref, count_queries, role):
    counsellor = factories.user(session, Role.COUNSELLOR)
    _populate(session, ref, counsellor, 3)
    login(counsellor if role == Role.COUNSELLOR else factories.user(session, role))
    small = {e: _statements(client, count_queries, e, 25) for e in ENDPOINTS}
    _populate(session, ref, counsellor, 30)
    large = {e: _statements(client, count_queries, e, 100) for e in ENDPOINTS}
    assert large == small
    # user loader + count + rows (+ the filter option lists a page renders)
    assert max(small.values()) <= 6, small
