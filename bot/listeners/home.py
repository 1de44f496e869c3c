"""The App Home tab: publish the help card when someone opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot import cards
from bot.listeners.deps import Deps

__all__ = ["register"]


def register(app: AsyncApp, deps: Deps) -> None:
    async def home_opened(event: dict[str, Any], client: AsyncWebClient) -> None:
        """Only the Home tab; opening the Messages tab needs no answer."""
        if event.get("tab") == "home" and event.get("user"):
            await client.views_publish(user_id=event["user"], view=cards.home_view())

    app.event("app_home_opened")(home_opened)
