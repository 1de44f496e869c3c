"""The SQLite engine (aiosqlite): one file, WAL, every write one `BEGIN IMMEDIATE` transaction.

`SqliteEngine.connect(path)` checks the file before anything writes to it — a file that is not a
healthy SQLite database raises `StoreError` naming the path and is left byte-identical — then
sets WAL mode and a busy timeout and applies the migrations above `PRAGMA user_version`
(`bot.storage.migrations`) in one IMMEDIATE transaction, so opening is idempotent and two
processes starting together are safe.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, cast

import aiosqlite

from bot.storage.engine import Engine, Row, StoreError, StoreWriteError, Tx
from bot.storage.migrations import MIGRATIONS

__all__ = ["SqliteEngine"]

BUSY_TIMEOUT_MS = 5000
SQLITE_MAGIC = b"SQLite format 3\x00"


class _SqliteTx(Tx):
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        async with self._conn.execute(sql, params) as cursor:
            return cursor.rowcount

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return cast(list[Row], list(await self._conn.execute_fetchall(sql, params)))

    async def insert_rows(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[str]]
    ) -> int:
        marks = ", ".join("?" for _ in columns)
        before = self._conn.total_changes
        await self._conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT DO NOTHING",
            rows,
        )
        return self._conn.total_changes - before


class SqliteEngine(Engine):
    """An open SQLite file. Calls on one instance are serialized by a lock, so concurrent
    coroutines never interleave inside each other's transactions on the shared connection."""

    name = "sqlite"
    leases = False

    def __init__(self, conn: aiosqlite.Connection, path: Path | str) -> None:
        self._conn = conn
        self.path = path
        self._lock = asyncio.Lock()
        self._identity = _identity(path)
        self.write_problem = None

    @classmethod
    async def connect(cls, path: Path | str) -> SqliteEngine:
        """Open (creating if absent) and migrate the database at `path`; ":memory:" works too.

        :raises StoreError: the file is not SQLite, fails `PRAGMA quick_check`, comes from a newer
            jobbot, or its folder does not exist. Nothing is created or written in that case.
        """
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

    async def schema_version(self) -> int:
        rows = await self.fetch("PRAGMA user_version")
        return int(rows[0][0])

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """IMMEDIATE takes the write lock up front (no upgrade deadlock).

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
                    yield _SqliteTx(self._conn)
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

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        async with self._lock:
            rows = await self._conn.execute_fetchall(sql, params)
        return cast(list[Row], list(rows))

    def any_of(self, values: Iterable[str]) -> tuple[str, Any]:
        return "IN (SELECT value FROM json_each(?))", json.dumps(list(values))

    async def hold(self, key: str) -> bool:
        return True  # a claim's age is its lease here (`leases` is False)

    async def release(self, key: str) -> None:
        return None


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
