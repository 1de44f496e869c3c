"""The connection under `Store`: opening the engine a target names, transactions, timestamps.

`Database.open(target)` opens PostgreSQL for a `postgresql://…` URL (`bot.storage.postgres`) and
SQLite for anything else — a path, `sqlite:path` or ":memory:" (`bot.storage.sqlite`) — and
migrates it. Subclasses add the typed methods, written once for both engines: every write goes
through `_tx` (one transaction), every read through `_fetch`.

Times are stored as fixed-width UTC ISO strings, which compare correctly as text; callers pass
aware datetimes (naive ones raise `ValueError`), which keeps the clock injectable.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Generator, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

from bot.storage.engine import Engine, Row, StoreError, StoreWriteError, Tx
from bot.storage.postgres import PostgresEngine, is_postgres_url
from bot.storage.sqlite import SqliteEngine

__all__ = [
    "Database",
    "StoreError",
    "StoreWriteError",
    "sqlite_path",
    "stamp",
    "unstamp",
    "unstamp_or_none",
]

D = TypeVar("D", bound="Database")


def stamp(value: datetime) -> str:
    """An aware datetime as fixed-width UTC text (sorts and compares correctly in SQL)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one (UTC)")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def unstamp_or_none(value: str | None) -> datetime | None:
    """`stamp`'s inverse for nullable columns."""
    return None if value is None else datetime.fromisoformat(value)


def unstamp(value: str) -> datetime:
    """`stamp`'s inverse: an aware UTC datetime."""
    return datetime.fromisoformat(value)


def sqlite_path(target: Path | str) -> Path | str | None:
    """The SQLite file a target names (`sqlite:` prefix dropped); None for a PostgreSQL URL."""
    if is_postgres_url(target):
        return None
    text = str(target)
    if text.startswith("sqlite:"):
        rest = text.removeprefix("sqlite:").removeprefix("//")
        return rest if rest == ":memory:" else Path(rest)
    return target


class _Opening(Generic[D]):
    """What `open` returns: await it, or use it as an async context manager."""

    def __init__(self, cls: type[D], target: Path | str) -> None:
        self._cls = cls
        self._target = target
        self._store: D | None = None

    def __await__(self) -> Generator[Any, None, D]:
        return self._cls._connect(self._target).__await__()

    async def __aenter__(self) -> D:
        self._store = await self._cls._connect(self._target)
        return self._store

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._store is not None:
            await self._store.close()


class Database:
    """An open database. Create with `await cls.open(target)` or `async with cls.open(target)`."""

    def __init__(self, engine: Engine, path: Path | str) -> None:
        self._engine = engine
        self.path = path
        """The SQLite file, or the PostgreSQL URL without its password."""

    @property
    def engine(self) -> str:
        """ "sqlite" or "postgresql"."""
        return self._engine.name

    @property
    def write_problem(self) -> str | None:
        """Why the last write failed, until one succeeds again (None: writing works)."""
        return self._engine.write_problem

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls: type[D], target: Path | str) -> _Opening[D]:
        """Open (creating if absent) and migrate the database `target` names.

        :raises StoreError: an SQLite file that is not SQLite, fails `PRAGMA quick_check`, comes
            from a newer jobbot, or whose folder does not exist (nothing is created or written);
            a PostgreSQL server that cannot be reached or holds a newer schema.
        """
        return _Opening(cls, target)

    @classmethod
    async def _connect(cls: type[D], target: Path | str) -> D:
        path = sqlite_path(target)
        if path is None:
            server = await PostgresEngine.connect(str(target))
            return cls(server, server.path)
        return cls(await SqliteEngine.connect(path), path)

    async def close(self) -> None:
        await self._engine.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def schema_version(self) -> int:
        return await self._engine.schema_version()

    async def ping(self, *, timeout: float = 2.0) -> str | None:
        """None when the database answers a trivial query within `timeout` seconds; else why
        not (for `/readyz`)."""
        try:
            async with asyncio.timeout(timeout):
                await self._engine.fetch("SELECT 1")
        except TimeoutError:
            return f"{self.path}: no answer within {timeout:g} s"
        except (StoreError, OSError, sqlite3.Error) as exc:
            return f"{self.path}: {exc}"
        return None

    # ------------------------------------------------------------------ plumbing

    def _tx(self) -> AbstractAsyncContextManager[Tx]:
        """One write transaction.

        :raises StoreWriteError: the write failed (full or read-only disk, a file deleted or
            replaced, a server gone).
        """
        return self._engine.transaction()

    async def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return await self._engine.fetch(sql, params)

    async def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One statement in its own transaction; returns the number of changed rows."""
        async with self._tx() as tx:
            return await tx.execute(sql, params)
