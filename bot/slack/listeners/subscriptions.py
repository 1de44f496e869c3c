"""Saved-search buttons: "Get these daily" under an answer, and Unsubscribe / Remove / Undo on
digests, lists, confirmations and the Home tab (all carry the subscription id)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot import cards
from bot.slack.listeners.deps import Deps, clicked, in_view, publish_home, tell

__all__ = ["register"]


def register(app: AsyncApp, deps: Deps) -> None:
    assistant = deps.assistant

    async def subscribe(
        ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
    ) -> None:
        """ "Get these daily": the answer's question becomes a saved search (09:00, their zone)."""
        await ack()
        done = await assistant.subscribe(str(action["value"]), user=clicked(body)[0])
        await tell(deps, respond, done)

    async def unsubscribe(
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
    ) -> None:
        await ack()
        user = clicked(body)[0]
        done = await assistant.unsubscribe(int(action["value"]), user=user)
        if in_view(body):
            await publish_home(deps, client, user)
        else:
            await tell(deps, respond, done)

    app.action(cards.Action.SUBSCRIBE)(subscribe)
    app.action(cards.Action.UNSUBSCRIBE)(unsubscribe)
