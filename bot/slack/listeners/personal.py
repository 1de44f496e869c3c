"""A person's buttons on job cards and lists: Save, Hide (and Undo), 👍/👎 (Slack's feedback
buttons, and the older cards' buttons), Remove, Next.

Each is one row of a table: what the click does (`Click`), answered by the one listener shape
of `deps.answering`. Remove shows the saved list again in place — or, clicked on the Home tab,
republishes Home.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot import cards
from bot.assistant import Assistant
from bot.cards import Action, Message
from bot.slack.listeners.deps import Click, Deps, answering, clicked, private_to_clicker, tell

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
    async def feedback(
        ack: AsyncAck, respond: AsyncRespond, action: dict[str, Any], body: dict[str, Any]
    ) -> None:
        """Slack's 👍/👎 buttons: recorded, and acknowledged on the card itself — in place, where
        only the clicker sees the message (elsewhere the pressed button shows it to them)."""
        await ack()
        posting_id, vote = cards.feedback_choice(str(action["block_id"]), str(action["value"]))
        problem = await deps.assistant.feedback(posting_id, vote, user=clicked(body)[0])
        if problem is not None:
            await tell(deps, respond, problem)
            return
        message = body.get("message")
        if not private_to_clicker(body) or not isinstance(message, dict):
            return
        blocks = await deps.cpu(
            lambda: cards.feedback_noted(message.get("blocks") or [], action["block_id"], vote)
        )
        if blocks is not None:
            text = str(message.get("text") or "")
            await respond(replace_original=True, text=text, blocks=blocks)

    app.action(Action.FEEDBACK)(feedback)
    for action_id, click in CARD_CLICKS.items():
        # Unhide is on the Home tab too, which has no response URL: Home is republished.
        app.action(action_id)(answering(deps, click, home=action_id == Action.UNHIDE))
    saved_page: Click = lambda a, value, user: a.saved(user=user, offset=int(value))  # noqa: E731
    app.action(Action.SAVED_PAGE)(answering(deps, saved_page, replace=True))
    app.action(Action.UNSAVE)(answering(deps, _unsave, replace=True, home=True))
