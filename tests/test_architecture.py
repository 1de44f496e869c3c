"""The dependency rule: index/ is pure (no Slack, no SQLite, no bot), with a declared surface."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import index

ROOT = Path(__file__).resolve().parents[1]


def test_index_imports_nothing_from_slack_sqlite_or_the_shell() -> None:
    code = (
        "import sys, index, index.search, index.query, index.postings, index.text, index.places\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'slack_sdk', 'slack_bolt', 'aiosqlite', 'sqlite3', 'bot', 'aiohttp'})\n"
        "print(','.join(bad))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert proc.stdout.strip() == ""


def test_index_declares_its_public_names() -> None:
    assert sorted(index.__all__) == sorted(
        ["Hit", "LoadReport", "Posting", "PostingError", "Query", "SearchIndex", "SearchResult",
         "Skipped", "load_postings", "parse_posting", "parse_query"]
    )  # fmt: skip
    for name in index.__all__:
        assert hasattr(index, name)
