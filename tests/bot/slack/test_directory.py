"""bot/slack/directory.py: channel membership and admin rights, read from the fake Web API;
a "yes" is remembered for a while, a "no" and a failure never are."""

from __future__ import annotations

from bot.slack.directory import SlackDirectory
from tests.support import FakeSlackWebAPI
from tests.support.digests import client_for


async def test_a_member_is_found_and_remembered_for_the_ttl(slack: FakeSlackWebAPI) -> None:
    now = [0.0]
    slack.members["C1"] = ["U1", "U2"]
    directory = SlackDirectory(client_for(slack), ttl=60, clock=lambda: now[0])

    first = await directory.is_member("U2", "C1")
    slack.members["C1"] = ["U1"]  # U2 left, but the answer is still fresh
    cached = await directory.is_member("U2", "C1")
    now[0] = 61
    expired = await directory.is_member("U2", "C1")

    assert (first, cached, expired) == (True, True, False)
    assert len(slack.calls_to("conversations.members")) == 2


async def test_a_no_is_asked_again_so_someone_who_just_joined_gets_in(
    slack: FakeSlackWebAPI,
) -> None:
    slack.members["C1"] = ["U1"]
    directory = SlackDirectory(client_for(slack))

    before = await directory.is_member("U9", "C1")
    slack.members["C1"].append("U9")
    after = await directory.is_member("U9", "C1")

    assert (before, after) == (False, True)


async def test_when_slack_cannot_say_the_answer_is_no(slack: FakeSlackWebAPI) -> None:
    slack.fail_next("conversations.members", error="not_in_channel")
    slack.fail_next("users.info", status=500)
    directory = SlackDirectory(client_for(slack))

    assert await directory.is_member("U1", "GPRIVATE") is False
    assert await directory.is_admin("U1") is False


async def test_admins_and_owners_are_admins(slack: FakeSlackWebAPI) -> None:
    slack.admins.add("UADMIN")
    slack.users["UOWNER"] = {"is_owner": True}
    directory = SlackDirectory(client_for(slack))

    assert await directory.is_admin("UADMIN") and await directory.is_admin("UOWNER")
    assert not await directory.is_admin("U1")
