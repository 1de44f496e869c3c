"""Slack's assistant side panel (bolt's `AsyncAssistant`).

A new thread gets a greeting and suggested prompts (the person's saved searches first, then the
workspace's popular questions). Each message shows "Searching…" while jobbot works, answers in
the thread, and titles the thread with the question; a follow-up ("only remote", "in Berlin
instead", "more senior"…) refines the thread's previous question, as in DMs and mention threads.
The panel's view context is not used: a question is about jobs, not the channel on screen.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncAssistant, AsyncBoltContext
from slack_bolt.context.say.async_say import AsyncSay
from slack_bolt.context.set_status.async_set_status import AsyncSetStatus
from slack_bolt.context.set_suggested_prompts.async_set_suggested_prompts import (
    AsyncSetSuggestedPrompts,
)
from slack_bolt.context.set_title.async_set_title import AsyncSetTitle
from slack_sdk.errors import SlackApiError

from bot import cards
from bot.slack.listeners.deps import Deps, payload
from bot.slack.listeners.messages import is_question

__all__ = ["register"]

log = logging.getLogger("jobbot.slack.assistant")


async def _decoration(call: Awaitable[Any]) -> None:
    """A status or a title is decoration: where Slack refuses it (a DM thread that is no
    assistant thread, an older client), the answer is still given."""
    try:
        await call
    except SlackApiError as exc:
        log.info("assistant thread decoration refused: %s", exc.response.get("error"))


def register(app: AsyncApp, deps: Deps) -> None:
    panel = AsyncAssistant()

    @panel.thread_started
    async def started(
        event: dict[str, Any], say: AsyncSay, set_suggested_prompts: AsyncSetSuggestedPrompts
    ) -> None:
        user = str(event.get("assistant_thread", {}).get("user_id") or "")
        await say(**await payload(deps, cards.greeting_message()))
        await set_suggested_prompts(prompts=await deps.assistant.prompts(user=user))

    @panel.thread_context_changed
    async def context_changed() -> None:
        """Acked: jobbot keeps no per-thread view context (see the module docstring)."""

    @panel.user_message
    async def message(
        event: dict[str, Any],
        body: dict[str, Any],
        context: AsyncBoltContext,
        say: AsyncSay,
        set_status: AsyncSetStatus,
        set_title: AsyncSetTitle,
    ) -> None:
        keys = [body.get("event_id"), event.get("client_msg_id")]
        if not is_question(event, bot_user_id=context.bot_user_id):
            return
        if not deps.recent.first_time(keys):
            return
        await _decoration(set_status(cards.SEARCHING))
        said = await deps.assistant.converse(
            str(event.get("text") or ""),
            user=str(event["user"]),
            channel=str(event["channel"]),
            thread=str(event["thread_ts"]),
        )
        await say(**await payload(deps, said.message))
        if said.question is not None:
            await _decoration(set_title(cards.thread_title(said.question)))

    app.assistant(panel)
