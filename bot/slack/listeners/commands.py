"""`/jobs …`: ack at once, then answer privately through the command's response URL."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.slack.listeners.deps import Deps, payload

__all__ = ["COMMAND", "register"]

COMMAND = "/jobs"


def register(app: AsyncApp, deps: Deps) -> None:
    async def jobs(ack: AsyncAck, respond: AsyncRespond, command: dict[str, Any]) -> None:
        """A question, a subcommand (`subscribe`, `saved`, …), or help (see `Assistant.reply`)."""
        await ack()
        answer = await deps.assistant.reply(
            str(command.get("text") or ""),
            user=str(command.get("user_id") or ""),
            channel=command.get("channel_id"),
        )
        await respond(response_type="ephemeral", **await payload(deps, answer))

    app.command(COMMAND)(jobs)
