"""bot/slack/middleware.py: an ack once given stays given; verified requests are marked; answers
through a response URL are retried, and logged when lost."""

from __future__ import annotations

import logging

import pytest
from slack_bolt.async_app import AsyncBoltContext
from slack_bolt.response import BoltResponse

from bot.slack.middleware import (
    RESPONSE_URL_RETRIES,
    StickyAck,
    mark_admitted,
    sticky_ack,
    was_admitted,
)
from tests.support import FakeSlackWebAPI, slash_command_body
from tests.support.harness import Served, settle


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


async def test_an_answer_whose_response_url_fails_for_a_while_is_retried_and_delivered_once(
    served: Served, slack: FakeSlackWebAPI
) -> None:
    """Before: a 500 or 429 from the response URL dropped the answer without a retry or a log."""
    slack.fail_next("response_url:r", status=500, times=2)
    slack.fail_next("response_url:r", status=429, retry_after=0)

    reply = await served.ask(slack, "remote SRE jobs with Terraform", name="r")

    assert reply["blocks"]
    assert len(slack.calls_to("response_url:r", failed=True)) == 3
    assert len(slack.calls_to("response_url:r", failed=False)) == 1


async def test_an_answer_that_cannot_be_delivered_is_logged_without_its_text(
    served: Served, slack: FakeSlackWebAPI, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fail_next("response_url:gone", status=500, times=RESPONSE_URL_RETRIES + 1)
    body = slash_command_body(text="secret question", response_url=slack.response_url("gone"))

    with caplog.at_level(logging.WARNING, logger="jobbot.slack"):
        assert await served.command(body) == 200
        await settle()

    [lost] = [r for r in caplog.records if "answer was lost" in r.getMessage()]
    assert "500" in lost.getMessage() and "secret question" not in lost.getMessage()
    assert len(slack.calls_to("response_url:gone")) == RESPONSE_URL_RETRIES + 1
