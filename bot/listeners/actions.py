"""Buttons on the job cards: Next 5, Share in channel, More like this, Apply.

Every click is acked first (Slack shows a warning icon on unacked buttons, URL buttons included).
Result pages are ephemeral, which `chat.update` cannot edit, so "Next 5" replaces the message
through the click's own response URL.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot import cards
from bot.cards import PageRef
from bot.listeners.deps import Deps, render

__all__ = ["register"]

# chat.postMessage errors that mean "jobbot may not post here", not "jobbot is broken".
CANNOT_POST = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action"})


def register(app: AsyncApp, deps: Deps) -> None:
    answers = deps.answers

    async def next_page(ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any]) -> None:
        await ack()
        page = await render(deps, answers.page, PageRef.decode(action["value"]))
        await respond(replace_original=True, **page)

    async def share(
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        """Post the page in the conversation, attributed to the clicker, and tell them so."""
        await ack()
        ref, channel_id = PageRef.decode(action["value"]), context.channel_id
        shared = await render(deps, answers.shared, ref, user_id=context.user_id or "")
        try:
            await client.chat_postMessage(channel=channel_id or "", **shared)
            done = cards.shared_confirmation(channel_id)
        except SlackApiError as exc:
            if exc.response.get("error") not in CANNOT_POST:
                raise
            done = cards.share_failed_message()
        await respond(response_type="ephemeral", replace_original=False, **done.to_payload())

    async def more_like_this(ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any]) -> None:
        await ack()
        similar = await render(deps, answers.more_like_this, str(action["value"]))
        await respond(response_type="ephemeral", replace_original=False, **similar)

    async def apply(ack: AsyncAck) -> None:
        """A URL button: Slack opens the link; the click only needs its ack."""
        await ack()

    app.action(cards.NEXT_PAGE)(next_page)
    app.action(cards.SHARE)(share)
    app.action(cards.MORE_LIKE_THIS)(more_like_this)
    app.action(cards.APPLY)(apply)
