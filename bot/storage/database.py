"""The SQLite connection under `Store`: safe opening, migrations, transactions, timestamps.

`Database.open(path)` checks the file before anything writes to it — a file that is not a healthy
SQLite database raises `StoreError` naming the path and is left byte-identical — then sets WAL
mode and a busy timeout and applies the migrations above `PRAGMA user_version` (`bot.migrations`)
in one IMMEDIATE transaction, so opening is idempotent and two processes starting together are
safe. Subclasses add the typed methods; every write goes through `_tx` (one `BEGIN IMMEDIATE`
transaction), every read through `_fetch`.

Times are stored as fixed-width UTC ISO strings, which compare correctly as text; callers pass
aware datetimes (naive ones raise `ValueError`), which keeps the clock injectable.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, Self, TypeVar, cast

import aiosqlite

from bot.storage.migrations import MIGRATIONS

__all__ = [
    "Database",
    "StoreError",
    "StoreWriteError",
    "changes",
    "stamp",
    "unstamp",
    "unstamp_or_none",
]

BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"

D = TypeVar("D", bound="Database")


class StoreError(Exception):
    """The database cannot be used (not SQLite, corrupt, from a newer jobbot, no such folder).

    The message names the path. The file is left exactly as it was.
    """


class StoreWriteError(StoreError):
    """A write failed although the database opened: the disk is full or read-only, or the file
    was deleted or replaced while jobbot ran. Reads may still work; the message says why."""


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


def _check_header(path: Path) -> bool:
    """True when `path` holds data to check; raise when it cannot be an SQLite database."""
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not an SQLite database file")
    if not path.parent.is_dir():
        # Not created: on a host with a persistent volume, a missing folder means the volume
        # is not mounted, and a database made on the ephemeral disk would vanish.
        raise StoreError(f"{path}: folder {path.parent} does not exist")
    if os.statvfs(path.parent).f_flag & os.ST_RDONLY:
        raise StoreError(f"{path}: is on a read-only file system; jobbot writes its database")
    if not path.exists():
        return False
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the database file: {exc.strerror}") from exc
    if not header:
        return False  # an empty file is an empty SQLite database
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise StoreError(f"{path}: not an SQLite database (unexpected file header)")
    return True


class _Opening(Generic[D]):
    """What `open` returns: await it, or use it as an async context manager."""

    def __init__(self, cls: type[D], path: Path | str) -> None:
        self._cls = cls
        self._path = path
        self._store: D | None = None

    def __await__(self) -> Generator[Any, None, D]:
        return self._cls._connect(self._path).__await__()

    async def __aenter__(self) -> D:
        self._store = await self._cls._connect(self._path)
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
    """An open connection. Create with `await cls.open(path)` or `async with cls.open(path)`.

    Methods on one instance are serialized by a lock, so concurrent coroutines never interleave
    inside each other's transactions on the shared connection.
    """

    def __init__(self, conn: aiosqlite.Connection, path: Path | str) -> None:
        self._conn = conn
        self.path = path
        self._lock = asyncio.Lock()
        self._identity = _identity(path)
        self.write_problem: str | None = None
        """Why the last write failed, until one succeeds again (None: writing works)."""

    # ------------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls: type[D], path: Path | str) -> _Opening[D]:
        """Open (creating if absent) and migrate the database at `path`; ":memory:" works too.

        :raises StoreError: the file is not SQLite, fails `PRAGMA quick_check`, comes from a newer
            jobbot, or its folder does not exist. Nothing is created or written in that case.
        """
        return _Opening(cls, path)

    @classmethod
    async def _connect(cls: type[D], path: Path | str) -> D:
        memory = str(path) == ":memory:"
        has_data = False if memory else _check_header(Path(path))
        try:
            conn = await aiosqlite.connect(str(path), isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the database ({exc})") from exc
        try:
            conn.row_factory = sqlite3.Row
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if has_data:  # checks that only read, before anything writes (journal mode)
                await _quick_check(conn, path)
                await _known_version(conn, path)
            await _while_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"))
            await conn.execute("PRAGMA synchronous = NORMAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await _while_locked(lambda: _migrate(conn, path))
        except sqlite3.Error as exc:
            await conn.close()
            raise StoreError(f"{path}: cannot use the database ({exc})") from exc
        except BaseException:
            await conn.close()
            raise
        return cls(conn, path)

    async def close(self) -> None:
        await self._conn.close()

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
        rows = await self._fetch("PRAGMA user_version")
        return int(rows[0][0])

    # ------------------------------------------------------------------ plumbing

    @asynccontextmanager
    async def _tx(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction; IMMEDIATE takes the write lock up front (no upgrade deadlock).

        :raises StoreWriteError: the write failed (full or read-only disk), or the file is no
            longer the one opened — writing on would go into a deleted file, lost at restart.
        """
        async with self._lock:
            if _identity(self.path) != self._identity:
                self.write_problem = (
                    f"{self.path} was deleted or replaced while jobbot was running; "
                    "restart jobbot to use the file that is there now"
                )
                raise StoreWriteError(self.write_problem)
            try:
                await self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    await self._conn.rollback()
                    raise
                await self._conn.commit()
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise
                self.write_problem = f"cannot write to {self.path}: {exc}"
                raise StoreWriteError(self.write_problem) from exc
            self.write_problem = None

    async def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        async with self._lock:
            rows = await self._conn.execute_fetchall(sql, params)
        return cast(list[sqlite3.Row], list(rows))

    async def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One statement in its own transaction; returns the number of changed rows."""
        async with self._tx() as conn:
            return await changes(conn, sql, params)


def _identity(path: Path | str) -> tuple[int, int] | None:
    """(device, inode) of the database file; None for ":memory:" or a file that is gone."""
    if str(path) == ":memory:":
        return (0, 0)
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


async def _while_locked(step: Callable[[], Awaitable[object]], *, attempts: int = 50) -> None:
    """Run an opening step, retrying while another process holds the lock.

    SQLite answers "database is locked" at once, without waiting out the busy timeout, when two
    connections race to switch a new file to WAL or to take the write lock for migrations; the
    loser simply tries again a moment later (at most ~5 s in all).
    """
    for attempt in range(attempts):
        try:
            await step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            await asyncio.sleep(0.01 * (attempt + 1) if attempt < 10 else 0.1)


async def changes(conn: aiosqlite.Connection, sql: str, params: Sequence[Any]) -> int:
    """Run one statement (inside the caller's transaction); the number of rows it changed."""
    async with conn.execute(sql, params) as cursor:
        return cursor.rowcount


async def _quick_check(conn: aiosqlite.Connection, path: Path | str) -> None:
    try:
        rows = list(await conn.execute_fetchall("PRAGMA quick_check"))
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: the database is corrupt ({exc})") from exc
    problems = [str(r[0]) for r in rows]
    if problems != ["ok"]:
        raise StoreError(f"{path}: the database is corrupt ({'; '.join(problems[:3])})")


async def _known_version(conn: aiosqlite.Connection, path: Path | str) -> int:
    """The schema version; a database from a newer jobbot is refused rather than mangled."""
    rows = list(await conn.execute_fetchall("PRAGMA user_version"))
    version = int(rows[0][0])
    if version > len(MIGRATIONS):
        raise StoreError(
            f"{path}: schema version {version} is newer than this jobbot knows "
            f"({len(MIGRATIONS)}); upgrade jobbot"
        )
    return version


async def _migrate(conn: aiosqlite.Connection, path: Path | str) -> None:
    """Apply the migrations above `user_version`, all in one IMMEDIATE transaction.

    Two processes starting together serialize on the write lock; the second sees the new version
    and applies nothing, so running this any number of times is safe.
    """
    try:
        await conn.execute("BEGIN IMMEDIATE")
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc):
            raise  # another process is migrating: `_while_locked` tries again
        raise StoreError(f"{path}: cannot write to the database ({exc})") from exc
    try:
        version = await _known_version(conn, path)
        for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
            for statement in statements:
                await conn.execute(statement)
            await conn.execute(f"PRAGMA user_version = {number}")
    except BaseException:
        await conn.rollback()
        raise
    await conn.commit()
