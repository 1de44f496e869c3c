"""Fixtures for the digests' tests: where their SQLite file goes."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A path for a fresh SQLite database (the store creates it on first open)."""
    return tmp_path / "jobbot.sqlite3"
