"""What the listeners share: their dependencies, and helpers that keep CPU work off the loop."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from slack_bolt.async_app import AsyncAck, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.assistant import Assistant
from bot.cards import Message
from bot.ingest.ads import ChannelAds
from bot.slack.dedupe import Deliveries, RecentKeys
from bot.storage import Store

__all__ = [
    "Click",
    "CpuSlots",
    "Deps",
    "answering",
    "clicked",
    "in_view",
    "payload",
    "private_to_clicker",
    "publish_home",
    "tell",
]

T = TypeVar("T")

CPU_SLOTS = 4
"""Answers rendered at once. Each holds the GIL; with dozens in flight the event loop starves
and acks wait (a 200-request burst: ack p50 about halved with 4 slots, see bot/bench/slack.py)."""


class CpuSlots:
    """Runs CPU work in a worker thread, at most `slots` at once (the `Assistant`'s offload).

    Both searching and Block Kit validation are CPU work; on the event loop they would delay
    every other request's ack, and too many threads at once starve the loop just the same.
    """

    def __init__(self, slots: int = CPU_SLOTS) -> None:
        self._slots = asyncio.Semaphore(slots)

    async def __call__(self, work: Callable[[], T], /) -> T:
        async with self._slots:
            return await asyncio.to_thread(work)


@dataclass(frozen=True, slots=True)
class Deps:
    """Built once by `create_app` and shared by every surface."""

    assistant: Assistant
    cpu: CpuSlots = field(default_factory=CpuSlots)
    recent: Deliveries = field(default_factory=lambda: Deliveries(RecentKeys(), None))
    ads: ChannelAds | None = None
    """The sources file's `slack:` channels (bot.slack.listeners.channel); None: no such source."""

    @property
    def store(self) -> Store | None:
        return self.assistant.store


async def payload(deps: Deps, message: Message) -> dict[str, Any]:
    """The message's validated payload, built off the event loop."""
    return await deps.cpu(message.to_payload)


def clicked(body: Mapping[str, Any]) -> tuple[str, str | None]:
    """(user id, channel id) of a button click; the channel is None on the Home tab."""
    user = body.get("user")
    channel = body.get("channel")
    user_id = str(user.get("id") or "") if isinstance(user, dict) else ""
    channel_id = channel.get("id") if isinstance(channel, dict) else None
    return user_id, (str(channel_id) if channel_id else None)


def private_to_clicker(body: Mapping[str, Any]) -> bool:
    """The click came from a message only the clicker sees: an ephemeral answer or their DM
    with jobbot — never a message others in a channel or thread see too."""
    container = body.get("container")
    if isinstance(container, dict) and container.get("is_ephemeral"):
        return True
    channel = clicked(body)[1]
    return channel is not None and channel.startswith("D")


def in_view(body: Mapping[str, Any]) -> bool:
    """The click came from a view (the Home tab), which has no response URL to answer on."""
    return isinstance(body.get("view"), dict)


async def publish_home(deps: Deps, client: AsyncWebClient, user: str) -> None:
    """(Re)publish the person's Home tab."""
    view = await deps.assistant.home(user=user)
    await client.views_publish(user_id=user, view=view)


async def tell(
    deps: Deps, respond: AsyncRespond, message: Message, *, replace: bool = False
) -> None:
    """Answer a click privately through its response URL: a new message, or in place."""
    await respond(
        response_type="ephemeral", replace_original=replace, **await payload(deps, message)
    )


Click = Callable[[Assistant, str, str], Awaitable[Message]]
"""(assistant, the button's value, the user who clicked) → the answer to that click."""


def answering(
    deps: Deps, click: Click, *, replace: bool = False, home: bool = False
) -> Callable[..., Awaitable[None]]:
    """The one shape of a button's listener: ack, carry out `click` for the clicker, answer
    privately through the click's response URL (in place with `replace`). With `home`, a click
    on the Home tab (which has no response URL) republishes Home instead."""

    async def handler(
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
    ) -> None:
        await ack()
        user = clicked(body)[0]
        answer = await click(deps.assistant, str(action.get("value", "")), user)
        if home and in_view(body):
            await publish_home(deps, client, user)
        else:
            await tell(deps, respond, answer, replace=replace)

    return handler
