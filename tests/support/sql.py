"""Read a jobbot database straight from its file, as an outside tool would: what the store
wrote is checked without going back through the store's own readers."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

__all__ = ["pragma", "rows"]


def rows(database: Path | str, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Every row `sql` selects from the SQLite file at `database` (WAL included)."""
    with sqlite3.connect(database) as conn:
        found = conn.execute(sql, params).fetchall()
    conn.close()
    return found


def pragma(database: Path | str, name: str) -> object:
    """The value of `PRAGMA name` in the SQLite file at `database`."""
    return rows(database, f"PRAGMA {name}")[0][0]
