"""Digest targets: the settings' channel digest and saved searches, with their schedules."""

from __future__ import annotations

from datetime import date, time

from bot.digests.targets import channel_target, subscription_target
from bot.settings import Settings
from bot.storage import Owner, Subscription
from tests.support.digests import utc


def test_the_channel_target_comes_from_settings() -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        digest_channel="C1",
        digest_time=time(7, 30),
        timezone="Europe/Berlin",
    )

    target = channel_target(settings)

    assert target is not None
    assert (target.key, target.kind, target.channel, target.question) == (
        "channel:C1",
        "channel",
        "C1",
        "",
    )
    assert (target.time, target.timezone, target.subscription_id) == (
        time(7, 30),
        "Europe/Berlin",
        None,
    )


def test_no_channel_digest_without_a_channel() -> None:
    assert channel_target(Settings(_env_file=None)) is None  # type: ignore[call-arg]


def test_a_subscription_posts_to_its_owner_in_its_own_zone_or_the_given_one() -> None:
    created = utc(2026, 1, 1)
    sub = Subscription(7, Owner.user("U1"), "remote sre", time(8, 0), None, "1111100", created)

    target = subscription_target(sub, timezone="America/New_York")
    pinned = subscription_target(
        Subscription(8, Owner.user("U1"), "", time(8, 0), "Asia/Tokyo", "1111111", created),
        timezone="America/New_York",
    )

    assert (target.key, target.channel, target.owner_id, target.kind) == (
        "sub:7",
        "U1",
        "U1",
        "user",
    )
    assert (target.timezone, target.subscription_id) == ("America/New_York", 7)
    assert pinned.timezone == "Asia/Tokyo"
    assert target.runs_on(date(2026, 4, 3)) and not target.runs_on(date(2026, 4, 4))  # Fri, Sat
