"""Helpers for tests of the Slack app: the app served on loopback, requests and clicks as Slack
sends them, and checks on what it sent.

Importable from any test (pytest puts `tests/` on the path); the fixtures live in
`tests/bot/conftest.py`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.slack.health import Health
from tests.support import (
    FORM,
    JSON,
    FakeSlackWebAPI,
    interaction_body,
    post_signed,
    slash_command_body,
)

__all__ = [
    "SECRET",
    "Served",
    "StartApp",
    "assert_valid_blocks",
    "block_action",
    "button_values",
    "card_ids",
    "card_menu_pick",
    "dm",
    "settle",
    "strings_in",
    "valid_home_view",
    "valid_modal",
    "view_submission",
]

SECRET = "test-signing-secret"


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

    async def ask(
        self, slack: FakeSlackWebAPI, text: str, *, name: str, user: str = "U1", channel: str = "C1"
    ) -> dict[str, Any]:
        """`/jobs text` from `user` in `channel` → the one payload posted to its response URL."""
        body = slash_command_body(
            text=text, user_id=user, channel_id=channel, response_url=slack.response_url(name)
        )
        assert await self.command(body) == 200
        [reply] = await slack.wait_for(f"response_url:{name}")
        return reply.payload

    async def click(self, slack: FakeSlackWebAPI, action: dict[str, Any]) -> dict[str, Any]:
        """A click built by `block_action` with a response URL → the payload posted to it."""
        assert await self.interaction(interaction_body(action)) == 200
        name = action["response_url"].rsplit("/", 1)[-1]
        [reply] = await slack.wait_for(f"response_url:{name}")
        return reply.payload


StartApp = Callable[..., Awaitable[Served]]


def block_action(
    action_id: str,
    value: str,
    *,
    user: str = "U1",
    channel: str = "C1",
    response_url: str | None = None,
    home: bool = False,
    block_id: str = "b",
    overflow: bool = False,
    ephemeral: bool = True,
) -> dict[str, Any]:
    """A `block_actions` payload: a button (or, with `overflow`, a "⋯" menu pick) clicked by
    `user` in a message in `channel` — an ephemeral answer unless `ephemeral` is False (a
    message everyone there sees) — or on their Home tab (`home`: no channel, no response URL)."""
    action: dict[str, Any] = {"action_id": action_id, "block_id": block_id, "action_ts": "1"}
    if overflow:
        action |= {"type": "overflow", "selected_option": {"value": value}}
    else:
        action |= {"type": "button", "value": value}
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": {"id": "T123"},
        "user": {"id": user},
        "api_app_id": "A1",
        "token": "verification-token",
        "trigger_id": "1.2.trigger",
        "actions": [action],
    }
    if home:
        payload["container"] = {"type": "view", "view_id": "VHOME"}
        payload["view"] = {"id": "VHOME", "type": "home", "blocks": []}
    else:
        payload["container"] = {
            "type": "message",
            "message_ts": "1.1",
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        }
        payload["channel"] = {"id": channel}
        payload["response_url"] = response_url or "http://127.0.0.1:1/response/unset"
    return payload


def view_submission(
    callback_id: str,
    values: dict[str, dict[str, Any]],
    *,
    user: str = "U1",
    private_metadata: str = "",
) -> dict[str, Any]:
    """A modal's `view_submission`: `values` maps each block id to its element's state (the
    element's action id is "value", as jobbot's modals name it)."""
    return {
        "type": "view_submission",
        "team": {"id": "T123"},
        "user": {"id": user},
        "api_app_id": "A1",
        "token": "verification-token",
        "trigger_id": "1.2.trigger",
        "view": {
            "id": "VMODAL",
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": {block: {"value": state} for block, state in values.items()}},
        },
    }


def valid_modal(view: Any) -> dict[str, Any]:
    """Slack would accept this modal: slack_sdk's View re-parses and checks it."""
    parsed = json.loads(view) if isinstance(view, str) else view
    View(**parsed).validate_json()
    assert parsed["type"] == "modal" and 0 < len(parsed["blocks"]) <= 100
    return dict(parsed)


def dm(text: str, *, ts: str = "1700000000.000100", **extra: Any) -> dict[str, Any]:
    """A direct message from U1 in D1, as the `message` event Slack sends (`extra` overrides)."""
    return {
        "type": "message",
        "channel_type": "im",
        "channel": "D1",
        "user": "U1",
        "text": text,
        "ts": ts,
        "client_msg_id": f"msg-{ts}",
        **extra,
    }


def button_values(blocks: list[dict[str, Any]], action_id: str) -> list[str]:
    """The values of every button with `action_id`, accessories included, in order."""
    found: list[str] = []
    for block in blocks:
        elements = [*block.get("elements", []), block.get("accessory") or {}]
        found += [str(e["value"]) for e in elements if e.get("action_id") == action_id]
    return found


def card_ids(blocks: list[dict[str, Any]]) -> list[str]:
    """The posting ids of an answer's job cards, in order: each card's "⋯" menu carries its id
    in the block id of its Apply row (an overlong id: its More like this button's value)."""
    found: list[str] = []
    for block in blocks:
        if block.get("type") != "actions":
            continue
        for element in block.get("elements", []):
            if element.get("action_id") == "card_menu":
                found.append(str(block["block_id"]).removeprefix("job-"))
            elif element.get("action_id") == "more_like_this":
                found.append(str(element["value"]))
    return found


def card_menu_pick(pick: str, posting_id: str, **options: Any) -> dict[str, Any]:
    """A pick ("more", "save", "hide") from a job card's "⋯" menu, as Slack sends it."""
    return block_action("card_menu", pick, block_id="job-" + posting_id, overflow=True, **options)


async def settle(timeout: float = 10.0) -> None:
    """Wait until the app is idle: every task but this one (bolt's background listeners, the
    replies they send) has finished — and fail if one has not after `timeout` seconds, so that a
    test asserting "nothing was posted" cannot pass merely because a handler was slow.
    """
    others = asyncio.all_tasks() - {asyncio.current_task()}
    if not others:
        return
    _, pending = await asyncio.wait(others, timeout=timeout)
    assert not pending, f"still running after {timeout} s: {sorted(t.get_name() for t in pending)}"


def valid_home_view(view: dict[str, Any]) -> dict[str, Any]:
    """Slack would accept this Home tab: slack_sdk's View re-parses and checks it (1-100 blocks)."""
    View(**view).validate_json()
    assert view["type"] == "home" and 0 < len(view["blocks"]) <= 100
    return view


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
