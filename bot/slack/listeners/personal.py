"""A person's buttons on job cards and lists: Save, Hide (and Undo), 👍/👎, Remove, Next.

Answers go privately through the click's response URL. A Remove clicked on the Home tab (which
has no response URL) republishes Home instead.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot import cards
from bot.slack.listeners.deps import Deps, clicked, in_view, publish_home, tell

__all__ = ["register"]


def register(app: AsyncApp, deps: Deps) -> None:
    assistant = deps.assistant

    async def save(
        ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
    ) -> None:
        await ack()
        await tell(deps, respond, await assistant.save(action["value"], user=clicked(body)[0]))

    async def hide(
        ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
    ) -> None:
        await ack()
        await tell(deps, respond, await assistant.hide(action["value"], user=clicked(body)[0]))

    async def unhide(
        ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
    ) -> None:
        await ack()
        await tell(deps, respond, await assistant.unhide(action["value"], user=clicked(body)[0]))

    async def vote_up(
        ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
    ) -> None:
        await ack()
        thanks = await assistant.vote(action["value"], 1, user=clicked(body)[0])
        await tell(deps, respond, thanks)

    async def vote_down(
        ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
    ) -> None:
        await ack()
        thanks = await assistant.vote(action["value"], -1, user=clicked(body)[0])
        await tell(deps, respond, thanks)

    async def unsave(
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
    ) -> None:
        """Remove a saved job: the list (or Home) is shown again without it."""
        await ack()
        user = clicked(body)[0]
        await assistant.unsave(action["value"], user=user)
        if in_view(body):
            await publish_home(deps, client, user)
        else:
            await tell(deps, respond, await assistant.saved(user=user), replace=True)

    async def saved_page(
        ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
    ) -> None:
        await ack()
        page = await assistant.saved(user=clicked(body)[0], offset=int(action["value"]))
        await tell(deps, respond, page, replace=True)

    app.action(cards.SAVE)(save)
    app.action(cards.HIDE)(hide)
    app.action(cards.UNHIDE)(unhide)
    app.action(cards.VOTE_UP)(vote_up)
    app.action(cards.VOTE_DOWN)(vote_down)
    app.action(cards.UNSAVE)(unsave)
    app.action(cards.SAVED_PAGE)(saved_page)
