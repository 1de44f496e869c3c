"""The App Home tab: published when someone opens it — their saved searches and saved jobs
(each with Remove) and how to ask — so it never shows "work in progress"."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.listeners.deps import Deps, publish_home

__all__ = ["register"]


def register(app: AsyncApp, deps: Deps) -> None:
    async def home_opened(event: dict[str, Any], client: AsyncWebClient) -> None:
        """Only the Home tab; opening the Messages tab needs no answer."""
        if event.get("tab") == "home" and event.get("user"):
            await publish_home(deps, client, str(event["user"]))

    app.event("app_home_opened")(home_opened)
