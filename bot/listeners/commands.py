"""`/jobs <question>`: ack at once, then answer privately through the command's response URL."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.listeners.deps import Deps, render

__all__ = ["COMMAND", "register"]

COMMAND = "/jobs"


def register(app: AsyncApp, deps: Deps) -> None:
    async def jobs(ack: AsyncAck, respond: AsyncRespond, command: dict[str, Any]) -> None:
        """An empty `/jobs`, `/jobs help` and greetings get the help card (see `Answers`)."""
        await ack()
        answer = await render(deps, deps.answers.respond, str(command.get("text") or ""))
        await respond(response_type="ephemeral", **answer)

    app.command(COMMAND)(jobs)
