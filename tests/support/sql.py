"""Read a jobbot database straight from its file or server, as an outside tool would: what the
store wrote is checked without going back through the store's own readers."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import asyncpg

from bot.storage import sqlite_path

__all__ = ["pragma", "rows", "table_rows"]


def rows(database: Path | str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Every row `sql` selects from the SQLite file at `database` (WAL included)."""
    with sqlite3.connect(database) as conn:
        found = conn.execute(sql, params).fetchall()
    conn.close()
    return found


async def table_rows(database: Path | str, sql: str) -> list[tuple[Any, ...]]:
    """Every row `sql` (no parameters) selects, from an SQLite file or a PostgreSQL URL."""
    path = sqlite_path(database)
    if path is not None:
        return rows(path, sql)
    conn = await asyncpg.connect(str(database))
    try:
        return [tuple(record) for record in await conn.fetch(sql)]
    finally:
        await conn.close()


def pragma(database: Path | str, name: str) -> object:
    """The value of `PRAGMA name` in the SQLite file at `database`."""
    return rows(database, f"PRAGMA {name}")[0][0]
