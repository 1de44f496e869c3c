"""Fixtures for ingest: the fake job boards and a pass runner pointed at them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.ingest import BoardUrls, PassReport, parse_sources, run_pass
from tests.support.job_boards import FakeJobBoards

RunPass = Callable[..., Awaitable[PassReport]]


@pytest.fixture
async def boards() -> AsyncIterator[FakeJobBoards]:
    async with FakeJobBoards() as fake:
        yield fake


@pytest.fixture
def postings(tmp_path: Path) -> Path:
    folder = tmp_path / "postings"
    folder.mkdir()
    return folder


@pytest.fixture
def ingest(boards: FakeJobBoards, postings: Path) -> RunPass:
    """Run one pass of a sources file's text against the fake boards, into `postings`."""

    async def run(text: str, **options: object) -> PassReport:
        config = parse_sources(text)
        urls = BoardUrls(boards.base_url, boards.base_url, boards.base_url)
        kwargs: dict = {"root": postings, "urls": urls, "backoff": 0.01, **options}
        return await run_pass(config, **kwargs)

    return run


def posting_files(root: Path) -> dict[str, str]:
    """Every visible posting file under `root` (relative path → text)."""
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*.md"))
        if not any(part.startswith(".") for part in p.relative_to(root).parts)
    }
