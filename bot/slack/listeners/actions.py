"""Buttons under an answer: Next 5, Share in channel, More like this, Apply, and the "⋯" menu
of digest cards.

Every click is acked first (Slack shows a warning icon on unacked buttons, URL buttons included).
Result pages are ephemeral, which `chat.update` cannot edit, so "Next 5" replaces the message
through the click's own response URL. Every answer leaves out the clicker's hidden jobs.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot import cards
from bot.cards import PageRef
from bot.slack.listeners.deps import Deps, clicked, payload, tell

__all__ = ["register"]

# chat.postMessage errors that mean "jobbot may not post here", not "jobbot is broken".
CANNOT_POST = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action"})


def register(app: AsyncApp, deps: Deps) -> None:
    assistant = deps.assistant

    async def next_page(
        ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
    ) -> None:
        await ack()
        page = await assistant.page(PageRef.decode(action["value"]), user=clicked(body)[0])
        await tell(deps, respond, page, replace=True)

    async def share(
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        """Post the page in the conversation, attributed to the clicker, and tell them so —
        only in the conversation the answer was given in."""
        await ack()
        ref, channel_id = PageRef.decode(action["value"]), context.channel_id
        if not channel_id or (ref.channel is not None and ref.channel != channel_id):
            await tell(deps, respond, cards.share_failed_message())
            return
        shared = await assistant.shared(ref, user=context.user_id or "")
        try:
            await client.chat_postMessage(channel=channel_id, **await payload(deps, shared))
            done = cards.shared_confirmation(channel_id)
        except SlackApiError as exc:
            if exc.response.get("error") not in CANNOT_POST:
                raise
            done = cards.share_failed_message()
        await tell(deps, respond, done)

    async def more_like_this(
        ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
    ) -> None:
        await ack()
        similar = await assistant.more_like_this(str(action["value"]), user=clicked(body)[0])
        await tell(deps, respond, similar)

    async def card_menu(
        ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
    ) -> None:
        """A digest card's "⋯" menu: More like this, Save or Hide."""
        await ack()
        picked = str(action["selected_option"]["value"])
        verb, posting_id = cards.menu_choice(str(action["block_id"]), picked)
        user = clicked(body)[0]
        if verb == cards.Action.SAVE:
            answer = await assistant.save(posting_id, user=user)
        elif verb == cards.Action.HIDE:
            answer = await assistant.hide(posting_id, user=user)
        else:
            answer = await assistant.more_like_this(posting_id, user=user)
        await tell(deps, respond, answer)

    async def apply(ack: AsyncAck) -> None:
        """A URL button: Slack opens the link; the click only needs its ack."""
        await ack()

    app.action(cards.Action.NEXT_PAGE)(next_page)
    app.action(cards.Action.SHARE)(share)
    app.action(cards.Action.MORE_LIKE_THIS)(more_like_this)
    app.action(cards.Action.CARD_MENU)(card_menu)
    app.action(cards.Action.APPLY)(apply)
