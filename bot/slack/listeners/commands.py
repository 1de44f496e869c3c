"""`/jobs …`: ack at once, then answer privately through the command's response URL."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import OpenForm, parse_command
from bot.slack.listeners.deps import Deps, payload
from bot.slack.listeners.modals import open_subscription_form

__all__ = ["COMMAND", "register"]

COMMAND = "/jobs"


def register(app: AsyncApp, deps: Deps) -> None:
    async def jobs(
        ack: AsyncAck, respond: AsyncRespond, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """A question, a subcommand (`subscribe`, `saved`, …), or help (see `Assistant.reply`);
        a bare `subscribe` or `digest` opens its modal (typed ones keep working)."""
        await ack()
        form = parse_command(str(command.get("text") or ""))
        if isinstance(form, OpenForm) and command.get("trigger_id"):
            channel = str(command.get("channel_id") or "")
            refused = await open_subscription_form(
                deps, client, trigger_id=str(command["trigger_id"]),
                user=str(command.get("user_id") or ""),
                channel=channel if form.name == "digest" and channel[:1] in ("C", "G") else None,
            )  # fmt: skip
            if refused is not None:
                await respond(response_type="ephemeral", **await payload(deps, refused))
            return
        answer = await deps.assistant.reply(
            str(command.get("text") or ""),
            user=str(command.get("user_id") or ""),
            channel=command.get("channel_id"),
        )
        await respond(response_type="ephemeral", **await payload(deps, answer))

    app.command(COMMAND)(jobs)
