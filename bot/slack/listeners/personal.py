"""A person's buttons on job cards and lists: Save, Hide (and Undo), 👍/👎, Remove, Next.

Each is one row of a table: what the click does (`Click`), answered by the one listener shape
of `deps.answering`. Remove shows the saved list again in place — or, clicked on the Home tab,
republishes Home.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.assistant import Assistant
from bot.cards import Action, Message
from bot.slack.listeners.deps import Click, Deps, answering

__all__ = ["CARD_CLICKS", "register"]


async def _unsave(assistant: Assistant, posting_id: str, user: str) -> Message:
    await assistant.unsave(posting_id, user=user)
    return await assistant.saved(user=user)


CARD_CLICKS: dict[Action, Click] = {
    Action.SAVE: lambda a, value, user: a.save(value, user=user),
    Action.HIDE: lambda a, value, user: a.hide(value, user=user),
    Action.UNHIDE: lambda a, value, user: a.unhide(value, user=user),
    Action.VOTE_UP: lambda a, value, user: a.vote(value, 1, user=user),
    Action.VOTE_DOWN: lambda a, value, user: a.vote(value, -1, user=user),
}
"""Buttons on a job (their value is the posting id), answered with a new private message; a
digest card's "⋯" menu offers the same through one menu."""


def register(app: AsyncApp, deps: Deps) -> None:
    for action_id, click in CARD_CLICKS.items():
        app.action(action_id)(answering(deps, click))
    saved_page: Click = lambda a, value, user: a.saved(user=user, offset=int(value))  # noqa: E731
    app.action(Action.SAVED_PAGE)(answering(deps, saved_page, replace=True))
    app.action(Action.UNSAVE)(answering(deps, _unsave, replace=True, home=True))
