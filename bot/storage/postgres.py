"""The PostgreSQL engine (asyncpg): a connection pool shared by the store, and one connection
that holds this process's digest claims as session advisory locks.

Several jobbot processes share one server. Migrations run under a transaction-scoped advisory
lock, so replicas starting together apply each step once. A claim is held as
`pg_try_advisory_lock` on the lease connection: when a process dies its connection closes, the
server frees the lock at once, and another process may take the run over — no waiting out a
stale-claim timeout, and a live but slow worker never loses its claim.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bot.storage.engine import Engine, Row, StoreError, StoreWriteError, Tx
from bot.storage.migrations import POSTGRES_MIGRATIONS

__all__ = ["PostgresEngine", "is_postgres_url", "redacted"]

MIGRATION_LOCK = 0x6A6F62626F74  # "jobbot": one advisory lock id for schema changes
POOL_SIZE = 10

_WRITE_FAILURES: tuple[type[BaseException], ...] = (
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,  # a connection the server dropped mid-use
    asyncpg.exceptions.InsufficientResourcesError,  # disk full, out of memory
    asyncpg.exceptions.ReadOnlySQLTransactionError,  # a standby, or a read-only default
    asyncpg.exceptions.OperatorInterventionError,  # shutting down, cannot connect now
)


def is_postgres_url(target: object) -> bool:
    """True for `postgresql://…` and `postgres://…` (anything else is an SQLite path)."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


@lru_cache(maxsize=512)
def numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1, $2, …` (quoted text left alone)."""
    count = 0

    def number(match: re.Match[str]) -> str:
        nonlocal count
        if match.group(0) != "?":
            return match.group(0)
        count += 1
        return f"${count}"

    return re.sub(r"'(?:[^']|'')*'|\"[^\"]*\"|\?", number, sql)


def _count(status: str) -> int:
    """Rows changed, from a command status such as "UPDATE 2" or "INSERT 0 1"."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class _PostgresTx(Tx):
    def __init__(self, conn: Any) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        return _count(await self._conn.execute(numbered(sql), *params))

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return cast(list[Row], await self._conn.fetch(numbered(sql), *params))

    async def insert_rows(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[str]]
    ) -> int:
        # One statement however many rows: the columns travel as arrays and are unnested.
        values = list(rows)
        if not values:
            return 0
        arrays = [list(column) for column in zip(*values, strict=True)]
        unnest = ", ".join(f"${n}::text[]" for n in range(1, len(columns) + 1))
        status = await self._conn.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM unnest({unnest})"
            " ON CONFLICT DO NOTHING",
            *arrays,
        )
        return _count(status)


class PostgresEngine(Engine):
    """A pool on one PostgreSQL database, and the lease connection for digest claims."""

    name = "postgresql"
    leases = True

    def __init__(self, pool: Any, lease: Any, url: str) -> None:
        self._pool = pool
        self._lease = lease
        self._lease_lock = asyncio.Lock()
        self._held: set[str] = set()
        self.url = url
        self.path = redacted(url)
        self.write_problem = None

    @classmethod
    async def connect(cls, url: str) -> PostgresEngine:
        """Connect and migrate.

        :raises StoreError: the server cannot be reached or refuses, or the schema comes from
            a newer jobbot.
        """
        shown = redacted(url)
        try:
            pool = await asyncpg.create_pool(url, min_size=1, max_size=POOL_SIZE)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            raise StoreError(f"{shown}: cannot connect to PostgreSQL ({exc})") from exc
        try:
            async with pool.acquire() as conn:
                await _migrate(conn, shown)
            lease = await asyncpg.connect(url)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            await pool.close()
            raise StoreError(f"{shown}: cannot use the database ({exc})") from exc
        except BaseException:
            await pool.close()
            raise
        return cls(pool, lease, url)

    async def close(self) -> None:
        self._held.clear()
        await self._lease.close()
        await self._pool.close()

    async def schema_version(self) -> int:
        rows = await self.fetch("SELECT version FROM jobbot_schema")
        return int(rows[0][0])

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        try:
            async with self._pool.acquire() as conn, conn.transaction():
                yield _PostgresTx(conn)
        except _WRITE_FAILURES as exc:
            self.write_problem = f"cannot write to {self.path}: {exc}"
            raise StoreWriteError(self.write_problem) from exc
        self.write_problem = None

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """:raises StoreError: the server cannot be reached or refuses."""
        try:
            async with self._pool.acquire() as conn:
                return cast(list[Row], await conn.fetch(numbered(sql), *params))
        except _WRITE_FAILURES as exc:
            raise StoreError(f"cannot read from {self.path}: {exc}") from exc

    def any_of(self, values: Iterable[str]) -> tuple[str, Any]:
        return "= ANY (?::text[])", list(values)

    async def hold(self, key: str) -> bool:
        async with self._lease_lock:
            if key in self._held:
                return False  # this process already works on it
            if self._lease.is_closed():
                # The server dropped the lease connection, and with it every lock it held.
                self._held.clear()
                self._lease = await asyncpg.connect(self.url)
            got = await self._lease.fetchval(
                "SELECT pg_try_advisory_lock(hashtextextended($1, 0))", key
            )
            if got:
                self._held.add(key)
            return bool(got)

    async def release(self, key: str) -> None:
        async with self._lease_lock:
            if key not in self._held:
                return
            self._held.discard(key)
            if not self._lease.is_closed():
                await self._lease.execute("SELECT pg_advisory_unlock(hashtextextended($1, 0))", key)


async def _migrate(conn: Any, shown: str) -> None:
    """Apply the migrations above the recorded version in one transaction, under an advisory
    lock: replicas starting together wait for each other and apply each step once."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
        await conn.execute("CREATE TABLE IF NOT EXISTS jobbot_schema (version integer NOT NULL)")
        version = await conn.fetchval("SELECT version FROM jobbot_schema")
        if version is None:
            await conn.execute("INSERT INTO jobbot_schema (version) VALUES (0)")
            version = 0
        if version > len(POSTGRES_MIGRATIONS):
            raise StoreError(
                f"{shown}: schema version {version} is newer than this jobbot knows "
                f"({len(POSTGRES_MIGRATIONS)}); upgrade jobbot"
            )
        for number, statements in enumerate(POSTGRES_MIGRATIONS[version:], start=version + 1):
            for statement in statements:
                await conn.execute(statement)
            await conn.execute("UPDATE jobbot_schema SET version = $1", number)
