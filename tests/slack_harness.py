"""Helpers for tests of the Slack app: the app served on loopback, and checks on what it sent.

Importable from any test (pytest puts `tests/` on the path); the fixtures live in
`tests/bot/conftest.py`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fakes import FORM, JSON, post_signed
from slack_bolt.async_app import AsyncApp
from slack_sdk.models.blocks import Block

from bot.server import Health

__all__ = [
    "SECRET",
    "SEEDS",
    "SKETCH_ID",
    "Served",
    "StartApp",
    "assert_valid_blocks",
    "settle",
    "strings_in",
]

SECRET = "test-signing-secret"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SKETCH_ID = "000_8087e78698fd4dbe"


@dataclass
class Served:
    """The real app behind its aiohttp server, and ways to talk to it like Slack does."""

    url: str
    app: AsyncApp
    health: Health

    async def post(
        self,
        body: bytes,
        *,
        content_type: str,
        secret: str = SECRET,
        timestamp: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> int:
        status, _, _ = await post_signed(
            self.url,
            "/slack/events",
            body,
            secret=secret,
            content_type=content_type,
            timestamp=timestamp,
            extra_headers=headers,
        )
        return status

    async def command(self, body: bytes, **options: Any) -> int:
        return await self.post(body, content_type=FORM, **options)

    async def event(self, body: bytes, **options: Any) -> int:
        return await self.post(body, content_type=JSON, **options)

    async def interaction(self, body: bytes, **options: Any) -> int:
        return await self.post(body, content_type=FORM, **options)


StartApp = Callable[..., Awaitable[Served]]


async def settle(timeout: float = 5.0) -> None:
    """Wait until the app is idle: every task but this one (bolt's background listeners, the
    replies they send) has finished. Lets a test assert that nothing was posted, without sleeping.
    """
    others = asyncio.all_tasks() - {asyncio.current_task()}
    if others:
        await asyncio.wait(others, timeout=timeout)


def assert_valid_blocks(blocks: list[dict[str, Any]]) -> None:
    """Slack would accept these blocks: slack_sdk re-parses and validates every one."""
    assert 0 < len(blocks) <= 50
    parsed = Block.parse_all(blocks)
    assert len(parsed) == len(blocks)
    for block in parsed:
        assert block is not None
        block.validate_json()


def strings_in(value: Any, *, skip: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every string anywhere in a JSON-like payload, except under the keys in `skip`."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from strings_in(item, skip=skip)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item, skip=skip)
