"""Who may do what in a workspace, asked of Slack: channel membership and admin rights.

`/jobs digest #channel` posts into a channel every day, so only its members may set one up;
only the person who set it up, or a workspace admin, may change or stop it. Answers are cached
for a few minutes (a busy channel's members are read once, not per click); a "no" is not cached,
so someone who just joined may ask again at once, and a failed lookup answers "no", so a Slack
outage never grants a right.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

__all__ = ["MEMBER_PAGES", "SlackDirectory"]

log = logging.getLogger("jobbot.slack")

MEMBER_PAGES = 20
"""Pages of 1,000 members read at most to find one person (a 20,000-member channel)."""


class SlackDirectory:
    """`bot.assistant.Directory` through `conversations.members` and `users.info`."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        ttl: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._ttl = ttl
        self._clock = clock
        self._members: dict[tuple[str, str], float] = {}  # memberships seen, and when
        self._admins: dict[str, tuple[float, bool]] = {}

    async def is_member(self, user: str, channel: str) -> bool:
        """Whether `user` is in `channel` (False when Slack will not say, e.g. a private
        channel jobbot is not in)."""
        cached = self._members.get((user, channel))
        if cached is not None and self._clock() - cached < self._ttl:
            return True
        cursor: str | None = None
        try:
            for _ in range(MEMBER_PAGES):
                page = await self._client.conversations_members(
                    channel=channel, limit=1000, cursor=cursor
                )
                if user in (page.get("members") or []):
                    self._members[(user, channel)] = self._clock()
                    return True
                cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
                if not cursor:
                    break
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("cannot read the members of %s: %s", channel, exc)
            return False
        return False  # not remembered: someone who joins may ask again at once

    async def timezone(self, user: str) -> str | None:
        """A person's time zone from `users.info` (`tz`), None when Slack will not say."""
        try:
            found = (await self._client.users_info(user=user)).get("user") or {}
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("cannot look up %s: %s", user, exc)
            return None
        zone = found.get("tz")
        return zone if isinstance(zone, str) and zone else None

    async def is_admin(self, user: str) -> bool:
        """Whether `user` is a workspace admin or owner."""
        cached = self._admins.get(user)
        if cached is not None and self._clock() - cached[0] < self._ttl:
            return cached[1]
        try:
            found = (await self._client.users_info(user=user)).get("user") or {}
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("cannot look up %s: %s", user, exc)
            return False
        admin = any(bool(found.get(k)) for k in ("is_admin", "is_owner", "is_primary_owner"))
        self._admins[user] = (self._clock(), admin)
        return admin
