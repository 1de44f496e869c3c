"""Shortcuts: "Find jobs" (global: the search modal), and on a message "Find jobs like this"
(its text as a question, answered privately) and "Save this job" (on jobbot's own cards).

Message shortcuts carry a response URL: the answer goes there, ephemeral, to the person alone.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot import cards
from bot.slack.listeners.deps import Deps, tell

__all__ = ["FIND_JOBS", "FIND_LIKE_THIS", "SAVE_THIS_JOB", "register"]

FIND_JOBS = "find_jobs"
FIND_LIKE_THIS = "find_jobs_like_this"
SAVE_THIS_JOB = "save_this_job"


def register(app: AsyncApp, deps: Deps) -> None:
    async def find_jobs(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        view = await deps.cpu(cards.search_modal)
        await client.views_open(trigger_id=str(body["trigger_id"]), view=view)

    async def like_this(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        message = body.get("message") or {}
        user = str((body.get("user") or {}).get("id") or "")
        channel = (body.get("channel") or {}).get("id")
        answer = await deps.assistant.search(
            str(message.get("text") or ""), user=user, channel=channel
        )
        await tell(deps, respond, answer)

    async def save_this(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        message = body.get("message") or {}
        user = str((body.get("user") or {}).get("id") or "")
        ids = cards.posting_ids(message.get("blocks") or [])
        if len(ids) == 1:
            answer = await deps.assistant.save(ids[0], user=user)
        else:
            answer = cards.which_job_message(len(ids))
        await tell(deps, respond, answer)

    app.global_shortcut(FIND_JOBS)(find_jobs)
    app.message_shortcut(FIND_LIKE_THIS)(like_this)
    app.message_shortcut(SAVE_THIS_JOB)(save_this)
