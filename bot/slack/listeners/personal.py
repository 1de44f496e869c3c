"""A person's buttons on job cards and lists: Save, Hide (and Undo), 👍/👎, Remove, Next.

Most are one mechanism: ack, carry out the click with the button's value for the person who
clicked, answer privately through the click's response URL (`CLICKS`). Remove differs only in
where its answer goes: the list again in place, or the Home tab republished (a view has no
response URL).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.assistant import Assistant
from bot.cards import Action, Message
from bot.slack.listeners.deps import Deps, clicked, in_view, publish_home, tell

__all__ = ["CLICKS", "register"]

Click = Callable[[Assistant, str, str], Awaitable[Message]]
"""(assistant, the button's value, the user who clicked) → the private answer."""

CLICKS: dict[Action, Click] = {
    Action.SAVE: lambda a, value, user: a.save(value, user=user),
    Action.HIDE: lambda a, value, user: a.hide(value, user=user),
    Action.UNHIDE: lambda a, value, user: a.unhide(value, user=user),
    Action.VOTE_UP: lambda a, value, user: a.vote(value, 1, user=user),
    Action.VOTE_DOWN: lambda a, value, user: a.vote(value, -1, user=user),
}
"""Buttons answered with a new private message."""

PAGES: dict[Action, Click] = {
    Action.SAVED_PAGE: lambda a, value, user: a.saved(user=user, offset=int(value)),
}
"""Buttons whose answer replaces the message they are on."""


def register(app: AsyncApp, deps: Deps) -> None:
    def answering(click: Click, *, replace: bool) -> Callable[..., Awaitable[None]]:
        async def handler(
            ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
        ) -> None:
            await ack()
            answer = await click(deps.assistant, str(action["value"]), clicked(body)[0])
            await tell(deps, respond, answer, replace=replace)

        return handler

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
        await deps.assistant.unsave(str(action["value"]), user=user)
        if in_view(body):
            await publish_home(deps, client, user)
        else:
            await tell(deps, respond, await deps.assistant.saved(user=user), replace=True)

    for action_id, click in CLICKS.items():
        app.action(action_id)(answering(click, replace=False))
    for action_id, click in PAGES.items():
        app.action(action_id)(answering(click, replace=True))
    app.action(Action.UNSAVE)(unsave)
