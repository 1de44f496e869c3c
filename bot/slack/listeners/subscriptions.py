"""Saved-search buttons: "Get these daily" under an answer, and Unsubscribe / Remove / Undo on
digests, lists, confirmations and the Home tab (all carry the subscription id)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.cards import Action
from bot.slack.listeners.deps import Click, Deps, answering

__all__ = ["register"]

STOP: Click = lambda a, sub_id, user: a.unsubscribe(int(sub_id), user=user)  # noqa: E731


def register(app: AsyncApp, deps: Deps) -> None:
    app.action(Action.UNSUBSCRIBE)(answering(deps, STOP, home=True))
