"""bot/slack/middleware.py: an ack once given stays given; verified requests are marked."""

from __future__ import annotations

from slack_bolt.async_app import AsyncBoltContext
from slack_bolt.response import BoltResponse

from bot.slack.middleware import StickyAck, mark_admitted, sticky_ack, was_admitted


def test_an_ack_once_given_cannot_be_taken_back() -> None:
    ack = StickyAck()
    given = BoltResponse(status=200, body="")

    ack.response = given
    ack.response = None  # what bolt 1.30 does when the listener raises after acking

    assert ack.response is given


def test_before_an_ack_the_response_is_empty_and_a_later_one_replaces_it() -> None:
    ack = StickyAck()
    first, second = BoltResponse(status=200, body="a"), BoltResponse(status=200, body="b")

    assert ack.response is None
    ack.response = first
    ack.response = second

    assert ack.response is second


async def test_the_middleware_marks_the_request_and_hands_on() -> None:
    context = AsyncBoltContext()
    called: list[str] = []

    async def next_() -> None:
        called.append("next")

    assert not was_admitted(context)
    await mark_admitted(context, next_)
    await sticky_ack(context, next_)

    assert was_admitted(context) and called == ["next", "next"]
    assert isinstance(context["ack"], StickyAck)
