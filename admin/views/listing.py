"""List pages that stay flat at département scale: a capped count, a bounded pager, indexed search.

- Counting every matching row of a table of millions costs as much as reading them: lists count
  at most ``COUNT_CAP`` rows and say "plus de 1 000" beyond; the pager stops there (to reach
  older rows, reverse the sort or filter).
- Search uses indexes: the start of the folded "nom prénom" (``search_key``) or of an identifier
  (CAF number, Parcours Solidarités id…) on every database — a range of the B-tree index on
  SQLite — and, on PostgreSQL, anywhere in the name (``pg_trgm`` trigram index).
- On PostgreSQL the matching rows are found first (``= ANY(ARRAY(SELECT …))``), then the page
  is sorted from them: the cost follows the number of matches. Left to itself, the planner
  tends to walk the list's sort index and test each row, expecting matches spread evenly;
  but the people named alike sit together in name order, and a common surname made it walk
  tens of thousands of rows. Terms shorter than 3 characters (no trigram to search with, so
  possibly most of the table) keep the walk.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, any_, func, literal_column, select
from sqlalchemy.orm import Query

from schema.text import fold

COUNT_CAP = 1_000
# Shortest search term whose matches PostgreSQL finds first (a trigram is 3 characters).
FOUND_FIRST_LENGTH = 3
# Sorts after any character: a prefix range [p, p + MAX_CHAR) holds every string starting with p.
MAX_CHAR = "\U0010ffff"


class MoreThan(int):
    """A count that stopped at its cap: shown as "plus de 1 000"."""

    def __str__(self) -> str:
        return f"plus de {int(self):,}".replace(",", "\u202f")

    def __html__(self) -> str:
        return str(self)


class CappedCountQuery(Query):
    """The count query of a list: ``scalar()`` counts at most COUNT_CAP + 1 rows."""

    def scalar(self) -> int:  # type: ignore[override]
        rows = self.with_entities(literal_column("1")).limit(COUNT_CAP + 1).subquery()
        count = self.session.execute(select(func.count()).select_from(rows)).scalar_one()
        return MoreThan(COUNT_CAP) if count > COUNT_CAP else count


def last_page(page_size: int) -> int:
    """Index of the last page the pager offers (pages are numbered from 0)."""
    return max((COUNT_CAP - 1) // page_size, 0)


def starts_with(column: Any, prefix: str, dialect: str) -> ColumnElement[bool]:
    """``column`` starts with ``prefix``, through an index on either database."""
    if dialect == "sqlite":
        # SQLite's LIKE uses an index only with NOCASE collation: a range on the BINARY one.
        return and_(column >= prefix, column < prefix + MAX_CHAR)
    return column.startswith(prefix, autoescape=True)


def search_criterion(column: Any, search: str, dialect: str) -> ColumnElement[bool]:
    """How one searchable column matches what the user typed."""
    if column.key == "search_key":
        key = fold(search)
        if dialect == "postgresql":
            return column.contains(key, autoescape=True)  # trigram index (migration 0901)
        return starts_with(column, key, dialect)
    return starts_with(column, search.strip(), dialect)


def found_first(search: str, dialect: str) -> bool:
    """Whether the search's matches are found before the page is sorted (PostgreSQL)."""
    return dialect == "postgresql" and len(fold(search)) >= FOUND_FIRST_LENGTH


def one_of(column: Any, rows: Select, first: bool) -> ColumnElement[bool]:
    """``column`` is one of the values ``rows`` selects; found ``first`` as an array."""
    if first:
        return column == any_(func.array(rows.scalar_subquery()))
    return column.in_(rows)


def related_in(
    path: tuple[Any, ...], criterion: ColumnElement[bool], key: Any, first: bool = False
) -> ColumnElement[bool]:
    """``criterion`` on the row reached through ``path`` (many-to-one relationships from the
    listed model, whose primary key is ``key``), as nested ``foreign_key IN (SELECT primary_key
    … WHERE …)``; with ``first``, the innermost rows are found first (:func:`one_of`)."""
    if not path:
        return one_of(key, select(key).where(criterion), True) if first else criterion
    for depth, relationship in enumerate(reversed(path)):
        prop = relationship.property
        (local,) = prop.local_columns
        (remote,) = [r for _l, r in prop.local_remote_pairs]
        criterion = one_of(local, select(remote).where(criterion), first and depth == 0)
    return criterion
