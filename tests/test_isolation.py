"""Each test runs in a transaction rolled back at its end, even when the test commits."""

from sqlalchemy import func, select

from schema import Person
from tests import factories

MARK = "Isolement"


def test_commit_inside_a_test_is_rolled_back_afterwards(session):
    factories.person(session, last_name=MARK)
    session.commit()
    assert session.scalar(select(func.count()).where(Person.last_name == MARK)) == 1


def test_previous_test_left_nothing(session):
    assert session.scalar(select(func.count()).where(Person.last_name == MARK)) == 0
