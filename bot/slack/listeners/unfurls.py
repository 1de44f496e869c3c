"""Link unfurls: a pasted job URL whose posting is indexed becomes its compact card.

Slack sends `link_shared` for the domains the manifest lists (`unfurl_domains`); jobbot answers
with `chat.unfurl` for the links it knows and leaves the others to Slack.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.listeners.deps import Deps

__all__ = ["MAX_LINKS", "register"]

MAX_LINKS = 5
"""Links of one message looked up (Slack unfurls at most five)."""


def register(app: AsyncApp, deps: Deps) -> None:
    async def link_shared(event: dict[str, Any], client: AsyncWebClient) -> None:
        links = [link for link in event.get("links") or [] if isinstance(link, dict)]
        urls = [str(link["url"]) for link in links[:MAX_LINKS] if link.get("url")]
        found = await deps.assistant.unfurls(urls)
        if not found:
            return
        unfurls = {}
        for url, message in found.items():
            unfurls[url] = {"blocks": await deps.cpu(message.to_blocks)}
        where: dict[str, Any] = {"channel": event.get("channel"), "ts": event.get("message_ts")}
        if event.get("unfurl_id"):  # a link typed in the composer, before the message is sent
            where = {"unfurl_id": event["unfurl_id"], "source": event.get("source", "composer")}
        await client.chat_unfurl(unfurls=unfurls, **where)

    app.event("link_shared")(link_shared)
