"""What `Database` needs from an SQL engine: transactions, reads, bulk inserts, claim leases.

The store's queries are written once, in the SQL that SQLite and PostgreSQL share (`?`
placeholders, `ON CONFLICT DO NOTHING`, `RETURNING`, a `rowid` column for insertion order); an
engine (`bot.storage.sqlite`, `bot.storage.postgres`) runs them and supplies the few pieces the
two spell differently (`any_of`, `insert_rows`). Times are fixed-width UTC ISO text in both, so
rows read back the same whatever the engine.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

__all__ = ["Engine", "Row", "StoreError", "StoreWriteError", "Tx"]


class StoreError(Exception):
    """The database cannot be used (not SQLite, corrupt, from a newer jobbot, no such folder,
    a PostgreSQL server that cannot be reached).

    The message names the path or the server. A file is left exactly as it was.
    """


class StoreWriteError(StoreError):
    """A write failed although the database opened: the disk is full or read-only, the file
    was deleted or replaced while jobbot ran, or the server went away. Reads may still work; the
    message says why."""


class Row(Protocol):
    """A result row: `sqlite3.Row` and `asyncpg.Record` both index by position and by name."""

    def __getitem__(self, key: int | str, /) -> Any: ...


class Tx(ABC):
    """Statements inside one transaction."""

    @abstractmethod
    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; the number of rows it changed."""

    @abstractmethod
    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """The rows a statement returns (a SELECT, or a write with RETURNING)."""

    @abstractmethod
    async def insert_rows(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[str]]
    ) -> int:
        """Insert text rows, skipping those that collide with a key; how many were new."""


class Engine(ABC):
    """One open database: SQLite file or PostgreSQL server."""

    name: str
    """"sqlite" or "postgresql"."""
    leases: bool
    """True when a claim dies with its holder (PostgreSQL: a session lock freed when the holder's
    connection closes); False when only its age says a claim was abandoned (SQLite)."""

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Tx]:
        """One write transaction; commits on success, rolls back on an exception.

        :raises StoreWriteError: the write failed for a reason retrying here cannot fix.
        """

    @abstractmethod
    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """A read outside any write transaction."""

    @abstractmethod
    def any_of(self, values: Iterable[str]) -> tuple[str, Any]:
        """A condition fragment `IN …` / `= ANY (…)` for a column, and its one parameter."""

    @abstractmethod
    async def schema_version(self) -> int: ...

    @abstractmethod
    async def hold(self, key: str) -> bool:
        """Take this process's lease on `key`; False when a live holder has it."""

    @abstractmethod
    async def release(self, key: str) -> None:
        """Give back a lease taken with `hold` (nothing when it is not held)."""

    @abstractmethod
    async def close(self) -> None: ...

    write_problem: str | None = None
    """Why the last write failed, until one succeeds again (None: writing works)."""
