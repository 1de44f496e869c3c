"""Direct messages, group DMs and @mentions: any message is a question, answered where it was
asked, and a follow-up ("only remote", "in Berlin instead") refines the previous question there.

A DM or a group DM is answered in the conversation; a mention in a channel is answered in a
thread under it (privately when the answer is personal: saved jobs, saved searches). Edits,
deletions and other subtypes, bot messages and jobbot's own messages are ignored, and a retried
delivery (same `event_id` or `client_msg_id`) is acked but never answered twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import is_personal, parse_command
from bot.slack.listeners.deps import Deps, payload

__all__ = ["is_question", "register", "thread_of"]


def is_question(event: Mapping[str, Any], *, bot_user_id: str | None) -> bool:
    """A plain message written by a person other than jobbot."""
    return (
        not event.get("subtype")
        and not event.get("bot_id")
        and bool(event.get("user"))
        and event.get("user") != bot_user_id
    )


def thread_of(event: Mapping[str, Any]) -> str | None:
    """Where a mention's answer goes: its thread, or a new thread under the mention itself."""
    ts = event.get("thread_ts") or event.get("ts")
    return str(ts) if ts else None


def register(app: AsyncApp, deps: Deps) -> None:
    def new_question(
        event: Mapping[str, Any], body: Mapping[str, Any], context: AsyncBoltContext
    ) -> bool:
        """A person's plain message, delivered for the first time (retries are dropped)."""
        keys = [body.get("event_id"), event.get("client_msg_id")]
        return is_question(event, bot_user_id=context.bot_user_id) and deps.recent.first_time(keys)

    async def message(
        event: dict[str, Any],
        body: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        """Every `message` event lands here, so edits and channel chatter are acked, not 404ed.
        DMs and group DMs are answered in the conversation (a personal answer in a group DM
        only to the asker); a follow-up refines the conversation's previous question."""
        kind = event.get("channel_type")
        if kind not in ("im", "mpim") or not new_question(event, body, context):
            return
        text, user, channel = str(event.get("text") or ""), str(event["user"]), event["channel"]
        thread = event.get("thread_ts")
        said = await deps.assistant.converse(text, user=user, channel=channel, thread=thread)
        answer = await payload(deps, said.message)
        if kind == "mpim" and is_personal(parse_command(text)):
            await client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread, **answer)
        else:
            await client.chat_postMessage(channel=channel, thread_ts=thread, **answer)

    async def mention(
        event: dict[str, Any],
        body: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        if not new_question(event, body, context):
            return
        text, user, channel = str(event.get("text") or ""), str(event["user"]), event["channel"]
        thread = thread_of(event)
        said = await deps.assistant.converse(text, user=user, channel=channel, thread=thread)
        answer = await payload(deps, said.message)
        if is_personal(parse_command(text)):  # "@jobbot saved": for the asker's eyes only
            await client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread, **answer)
        else:
            await client.chat_postMessage(channel=channel, thread_ts=thread, **answer)

    app.event("message")(message)
    app.event("app_mention")(mention)
