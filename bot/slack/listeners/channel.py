"""Job ads in the sources file's `slack:` channels, as they are posted (`message.channels`,
`message.groups`): a new ad becomes a posting at once and its poster reads "Indexed as …" with
a Remove button; an edit updates the posting, a deletion archives it. Other messages, bot
messages and thread replies are acked and left alone (bot.ingest.ads decides)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.cards import Action
from bot.cards.ingest import (
    ad_gone_message,
    ad_removed_message,
    indexed_message,
    not_your_ad_message,
)
from bot.ingest.ads import AdRef, ChannelAds
from bot.ingest.channel import permalink_of
from bot.slack.directory import SlackDirectory
from bot.slack.listeners.deps import Deps, clicked, payload, tell

__all__ = ["register"]


def register(app: AsyncApp, deps: Deps) -> None:
    ads = deps.ads
    if ads is None:
        return
    watched: ChannelAds = ads

    async def in_a_source_channel(event: dict[str, Any]) -> bool:
        return watched.watches(event.get("channel"))

    async def message(event: dict[str, Any], client: AsyncWebClient) -> None:
        channel, subtype = str(event["channel"]), event.get("subtype")
        if subtype == "message_deleted":
            await watched.deleted(channel=channel, ts=str(event.get("deleted_ts")))
            return
        edited = subtype == "message_changed"
        said = event.get("message") if edited else event
        if not isinstance(said, dict):
            return
        ts = str(said.get("ts"))
        outcome = await watched.message(
            said,
            channel=channel,
            edited=edited,
            permalink=lambda: permalink_of(client, channel, ts),
        )
        if outcome.what == "new" and outcome.record is not None and said.get("user"):
            job = outcome.record
            card = indexed_message(
                job.title, job.company, job.location, ref=AdRef(channel, ts).encode()
            )
            await client.chat_postEphemeral(
                channel=channel, user=str(said["user"]), **await payload(deps, card)
            )

    async def remove(
        ack: AsyncAck,
        respond: AsyncRespond,
        action: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
    ) -> None:
        await ack()
        user = clicked(body)[0]
        try:
            ref = AdRef.decode(str(action.get("value", "")))
        except ValueError:
            await tell(deps, respond, ad_gone_message())
            return
        done = await watched.remove(
            ref, user=user, is_admin=lambda: SlackDirectory(client).is_admin(user)
        )
        if done.what == "removed":
            await tell(deps, respond, ad_removed_message(done.title, done.company), replace=True)
        else:
            refused = done.what == "refused"
            await tell(deps, respond, not_your_ad_message() if refused else ad_gone_message())

    app.event("message", matchers=[in_a_source_channel])(message)
    app.action(Action.REMOVE_AD)(remove)
