"""Modals: a saved search's settings — "Get these daily", a bare `/jobs subscribe` or
`/jobs digest`, and "Edit a saved search…" on the list and Home — and the "Find jobs" form.

A modal opens within 3 s of its trigger, so the listener acks, builds the form (one
`users.info` for the time zone) and calls `views.open` at once. A submission is acked with the
errors Slack shows next to the fields, or plainly, and the result is sent to the person by DM.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import cards
from bot.cards import Action, Message, SubscriptionForm
from bot.slack.listeners.deps import Deps, clicked, payload, publish_home

__all__ = ["open_subscription_form", "register"]


async def open_subscription_form(
    deps: Deps,
    client: AsyncWebClient,
    *,
    trigger_id: str,
    user: str,
    question: str = "",
    subscription_id: int | None = None,
    channel: str | None = None,
) -> Message | None:
    """Open the saved-search modal; the answer to give instead when it cannot be edited."""
    form = await deps.assistant.subscription_form(
        user=user, question=question, subscription_id=subscription_id, channel=channel
    )
    if not isinstance(form, SubscriptionForm):
        return form
    await client.views_open(
        trigger_id=trigger_id, view=await deps.cpu(lambda: cards.subscription_modal(form))
    )
    return None


def register(app: AsyncApp, deps: Deps) -> None:
    async def get_daily(
        ack: AsyncAck, action: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """ "Get these daily" under an answer: the modal, with the answer's question."""
        await ack()
        user = clicked(body)[0]
        await open_subscription_form(
            deps, client, trigger_id=str(body["trigger_id"]), user=user,
            question=str(action.get("value") or ""),
        )  # fmt: skip

    async def edit(
        ack: AsyncAck, action: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """ "Edit a saved search…": the modal, prefilled — for those who may change it."""
        await ack()
        user = clicked(body)[0]
        picked = str((action.get("selected_option") or {}).get("value") or "")
        if not picked.isdigit():
            return
        refused = await open_subscription_form(
            deps, client, trigger_id=str(body["trigger_id"]), user=user,
            subscription_id=int(picked),
        )  # fmt: skip
        if refused is not None:
            await client.chat_postMessage(channel=user, **await payload(deps, refused))

    async def saved_form(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        values = (view.get("state") or {}).get("values") or {}
        form = cards.read_subscription_form(values, str(view.get("private_metadata") or ""))
        if not isinstance(form, SubscriptionForm):
            await ack(response_action="errors", errors=form)
            return
        await ack()
        user = str(body["user"]["id"])
        answer = await deps.assistant.save_form(form, user=user)
        await client.chat_postMessage(channel=user, **await payload(deps, answer))
        await publish_home(deps, client, user)

    async def searched(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """The "Find jobs" form: its fields as one question, answered by DM."""
        values = (view.get("state") or {}).get("values") or {}
        question = cards.read_search_form(values).question()
        if not question:
            await ack(response_action="errors", errors={"words": "Tell me what to look for."})
            return
        await ack()
        user = str(body["user"]["id"])
        said = await deps.assistant.converse(question, user=user, channel=user)
        await client.chat_postMessage(channel=user, **await payload(deps, said.message))

    async def search_button(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        """The Home tab's Search button."""
        await ack()
        await client.views_open(trigger_id=str(body["trigger_id"]), view=cards.search_modal())

    app.action(Action.SUBSCRIBE)(get_daily)
    app.action(Action.EDIT_SUBSCRIPTION)(edit)
    app.action(Action.OPEN_SEARCH)(search_button)
    app.view(cards.SUBSCRIPTION_VIEW)(saved_form)
    app.view(cards.SEARCH_VIEW)(searched)
