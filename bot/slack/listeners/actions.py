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
from bot.cards import Action, PageRef
from bot.slack.listeners.deps import (
    Click,
    Deps,
    answering,
    clicked,
    payload,
    private_to_clicker,
    tell,
)
from bot.slack.listeners.personal import CARD_CLICKS

__all__ = ["register"]

# chat.postMessage errors that mean "jobbot may not post here", not "jobbot is broken".
CANNOT_POST = frozenset({"not_in_channel", "channel_not_found", "is_archived", "restricted_action"})


NEXT_PAGE: Click = lambda a, ref, user: a.page(PageRef.decode(ref), user=user)  # noqa: E731
MORE_LIKE_THIS: Click = lambda a, posting_id, user: a.more_like_this(posting_id, user=user)  # noqa: E731


def register(app: AsyncApp, deps: Deps) -> None:
    assistant = deps.assistant

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

    async def card_menu(
        ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
    ) -> None:
        """A digest card's "⋯" menu: More like this, Save or Hide — the buttons' own clicks."""
        await ack()
        picked = str(action["selected_option"]["value"])
        verb, posting_id = cards.menu_choice(str(action["block_id"]), picked)
        click = MORE_LIKE_THIS if verb == Action.MORE_LIKE_THIS else CARD_CLICKS[Action(verb)]
        await tell(deps, respond, await click(assistant, posting_id, clicked(body)[0]))

    async def next_page(
        ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
    ) -> None:
        """The next page replaces a private answer in place; under an answer others see too (a
        mention's thread, a DM-less channel post) it answers the clicker alone, leaving the
        shared message as it was for everyone."""
        await ack()
        answer = await NEXT_PAGE(assistant, str(action.get("value", "")), clicked(body)[0])
        await tell(deps, respond, answer, replace=private_to_clicker(body))

    async def apply(ack: AsyncAck) -> None:
        """A URL button: Slack opens the link; the click only needs its ack."""
        await ack()

    app.action(Action.NEXT_PAGE)(next_page)
    app.action(Action.SHARE)(share)
    app.action(Action.MORE_LIKE_THIS)(answering(deps, MORE_LIKE_THIS))
    app.action(Action.CARD_MENU)(card_menu)
    app.action(Action.APPLY)(apply)
