"""What the listeners share: their dependencies, and `render`, which keeps CPU work off the loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ParamSpec

from bot.cards import Message
from bot.dedupe import RecentKeys
from bot.dispatch import Answers

__all__ = ["Deps", "render"]

P = ParamSpec("P")

CPU_SLOTS = 4
"""Answers rendered at once. Each holds the GIL; with dozens in flight the event loop starves
and acks wait (a 200-request burst: ack p50 about halved with 4 slots, see bot/bench_slack.py)."""


@dataclass(frozen=True, slots=True)
class Deps:
    """Built once by `create_app` and shared by every surface."""

    answers: Answers
    store: object | None = None
    recent: RecentKeys = field(default_factory=RecentKeys)
    cpu_slots: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(CPU_SLOTS))


async def render(
    deps: Deps, answer: Callable[P, Message], /, *args: P.args, **kwargs: P.kwargs
) -> dict[str, Any]:
    """Call an `Answers` method and build its validated payload in a worker thread.

    Both searching and Block Kit validation are CPU work; on the event loop they would delay
    every other request's ack, and too many threads at once starve the loop just the same.
    """
    async with deps.cpu_slots:
        return await asyncio.to_thread(lambda: answer(*args, **kwargs).to_payload())
