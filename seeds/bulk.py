"""Buffered bulk inserts with ids allocated up front, for generating large volumes quickly."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from schema.base import Base

SQLITE_CACHE_KIB = 256 * 1024
Batch = list[tuple[Table, list[dict]]]


class BulkWriter:
    """Collects rows per table and inserts them chunk by chunk.

    Ids are allocated here (max(id) + 1 onwards) so children can reference parents before
    anything is inserted. Buffers are written in the metadata's dependency order, so a flush
    is valid as soon as every buffered child has its parent buffered or already inserted.
    Technical columns (``version``, ``created_at``, ``updated_at``) are filled in when the table
    has them. Rows go in with ``executemany`` Core inserts; on PostgreSQL with psycopg 3 they are
    streamed with ``COPY`` from a second thread while the next chunk is being generated.
    """

    def __init__(self, session: Session, now: datetime, batch_size: int = 5000) -> None:
        self.session = session
        self.batch_size = batch_size
        self.counts: Counter[str] = Counter()
        self._tables = list(Base.metadata.sorted_tables)
        self._buffers: dict[str, list[dict]] = {table.name: [] for table in self._tables}
        self._technical = {table.name: _technical_values(table, now) for table in self._tables}
        self._next_ids = {
            table.name: (session.execute(select(func.max(table.c.id))).scalar() or 0) + 1
            for table in self._tables
            if "id" in table.c
        }
        dialect = session.get_bind().dialect
        self._postgresql = dialect.name == "postgresql"
        self._copier: _BackgroundCopy | None = None
        if self._postgresql and dialect.driver == "psycopg":
            driver_connection = session.connection().connection.driver_connection
            self._copier = _BackgroundCopy(driver_connection, dialect.identifier_preparer.quote)
        self._sqlite_cache: int | None = None
        if dialect.name == "sqlite":  # index pages of millions of rows: a bigger page cache
            self._sqlite_cache = session.execute(text("PRAGMA cache_size")).scalar()
            session.execute(text(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}"))

    def new_id(self, table: Table) -> int:
        next_id = self._next_ids[table.name]
        self._next_ids[table.name] = next_id + 1
        return next_id

    def add(self, table: Table, row: dict) -> dict:
        """Buffer ``row`` (given an id when it has none) and return it."""
        if "id" not in row:
            row["id"] = self.new_id(table)
        row.update(self._technical[table.name])
        self._buffers[table.name].append(row)
        return row

    def flush(self) -> None:
        """Insert every buffered row, parents first."""
        batch: Batch = []
        for table in self._tables:
            rows = self._buffers[table.name]
            if rows:
                batch.append((table, rows))
                self._buffers[table.name] = []
                self.counts[table.name] += len(rows)
        if self._copier is not None:
            self._copier.submit(batch)
            return
        for table, rows in batch:
            for start in range(0, len(rows), self.batch_size):
                self.session.execute(insert(table), rows[start : start + self.batch_size])

    def close(self) -> None:
        """Wait for rows still being copied; give the connection back its settings."""
        if self._copier is not None:
            self._copier.wait()
        if self._sqlite_cache is not None:
            self.session.execute(text(f"PRAGMA cache_size = {int(self._sqlite_cache)}"))
            self._sqlite_cache = None

    def finish(self) -> dict[str, int]:
        """Flush, move PostgreSQL sequences past the ids used, return rows inserted per table."""
        self.flush()
        self.close()
        if self._postgresql:
            for name in self.counts:
                self.session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f'(SELECT max(id) FROM "{name}"))'
                    )
                )
        return {name: count for name, count in self.counts.items() if count}


class _BackgroundCopy:
    """Streams batches with PostgreSQL ``COPY`` in a thread, one batch at a time, in order."""

    def __init__(self, connection: Any, quote: Callable[[str], str]) -> None:
        self._connection = connection  # psycopg 3 connection, inside the session's transaction
        self._quote = quote
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def submit(self, batch: Batch) -> None:
        self.wait()
        self._thread = threading.Thread(target=self._run, args=(batch,), name="seeds-copy")
        self._thread.start()

    def wait(self) -> None:
        """Wait for the batch under way; re-raise its error here, in the generating thread."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _run(self, batch: Batch) -> None:
        try:
            for table, rows in batch:
                self._copy(table, rows)
        except BaseException as error:  # handed over to wait()
            self._error = error

    def _copy(self, table: Table, rows: list[dict]) -> None:
        columns = list(rows[0])
        quote = self._quote
        statement = (
            f"COPY {quote(table.name)} ({', '.join(quote(name) for name in columns)}) FROM STDIN"
        )
        with self._connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[name] for name in columns])


def _technical_values(table: Table, now: datetime) -> dict:
    values: dict = {}
    if "version" in table.c:
        values["version"] = 1
    for name in ("created_at", "updated_at"):
        if name in table.c:
            values[name] = now
    return values
