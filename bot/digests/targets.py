"""Digest targets: where a digest goes, what it asks, and when, in whose time zone.

A target is either the channel digest configured in settings (key "channel:<id>") or a saved
search (key "sub:<subscription id>"). The key names the target in the run log and in the record
of sent postings, so it must never be reused for something else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from zoneinfo import ZoneInfo

from bot.settings import Settings
from bot.storage import EVERY_DAY, OwnerKind, Subscription

__all__ = ["Target", "channel_target", "subscription_target"]


@dataclass(frozen=True, slots=True)
class Target:
    """One digest recipient and its schedule (`weekdays`: 7-char mask, Monday first)."""

    key: str
    kind: OwnerKind
    owner_id: str
    channel: str
    """Where to post: a channel id, or a user id (chat.postMessage then uses the app DM)."""
    question: str
    time: time
    timezone: str
    weekdays: str = EVERY_DAY
    subscription_id: int | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def runs_on(self, day: date) -> bool:
        return self.weekdays[day.weekday()] == "1"


def channel_target(settings: Settings) -> Target | None:
    """The settings' channel digest (every day, all new postings), or None when not configured."""
    channel = settings.digest_channel
    if channel is None:
        return None
    return Target(
        key=f"channel:{channel}",
        kind="channel",
        owner_id=channel,
        channel=channel,
        question="",
        time=settings.digest_time,
        timezone=settings.timezone,
    )


def subscription_target(subscription: Subscription, *, timezone: str) -> Target:
    """A saved search as a target; `timezone` is used when the subscription names none."""
    owner = subscription.owner
    return Target(
        key=subscription.target,
        kind=owner.kind,
        owner_id=owner.id,
        channel=owner.id,
        question=subscription.question,
        time=subscription.time,
        timezone=subscription.timezone or timezone,
        weekdays=subscription.weekdays,
        subscription_id=subscription.id,
    )
