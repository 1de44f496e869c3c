"""bot/slack/app.py: the factory's wiring, the Web API client, and the one error handler."""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Any

import pytest
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)

import bot.slack.app
from bot import cards
from bot.answers import Answers, Searched
from bot.cards import Message, PageRef
from bot.settings import Settings
from bot.slack.app import create_app, create_client, describe_request
from index import SearchIndex
from tests.support import FakeSlackWebAPI, event_body, slash_command_body
from tests.support.harness import StartApp, block_action, settle, strings_in

SECRET_DETAIL = "index exploded near /srv/secret/path.py"


class BrokenAnswers(Answers):
    """Answers whose every method fails, as a bug deep in search would."""

    def __init__(self) -> None:
        super().__init__(lambda: _no_index())

    def lookup(
        self,
        question: str,
        *,
        offset: int = 0,
        hidden: Collection[str] = (),
        channel: str | None = None,
    ) -> Searched:
        raise RuntimeError(SECRET_DETAIL)

    def page(self, ref: PageRef, *, hidden: Collection[str] = ()) -> Message:
        raise RuntimeError(SECRET_DETAIL)


def _no_index() -> SearchIndex:
    raise AssertionError("not used")


def assert_polite(payload: dict[str, Any]) -> None:
    oops = cards.oops_message()
    assert payload["text"] == oops.text
    assert payload["blocks"] == oops.to_blocks()
    for text in strings_in(payload):
        assert "Traceback" not in text
        assert SECRET_DETAIL not in text
        assert "RuntimeError" not in text


def test_nothing_is_created_at_import_time() -> None:
    from slack_sdk.web.async_client import AsyncWebClient

    made = [v for v in vars(bot.slack.app).values() if isinstance(v, AsyncApp | AsyncWebClient)]
    assert made == []


def test_the_client_uses_the_configured_api_url_and_retries_429_and_connection_errors(
    settings: Settings,
) -> None:
    client = create_client(settings)

    assert client.base_url == settings.slack_api_url
    assert client.token == "xoxb-test"
    kinds = {type(handler): handler for handler in client.retry_handlers}
    assert set(kinds) == {AsyncConnectionErrorRetryHandler, AsyncRateLimitErrorRetryHandler}
    assert kinds[AsyncRateLimitErrorRetryHandler].max_retry_count == 3


def test_without_an_api_url_the_client_talks_to_slack(settings: Settings) -> None:
    client = create_client(settings.model_copy(update={"slack_api_url": None}))

    assert client.base_url == "https://slack.com/api/"


async def test_an_injected_client_is_the_one_the_app_uses(
    settings: Settings, slack: FakeSlackWebAPI
) -> None:
    client = create_client(settings)

    app = create_app(settings, answers=BrokenAnswers(), client=client)

    assert app.client is client


async def test_auth_test_is_called_once_for_many_requests(
    start_app: StartApp, slack: FakeSlackWebAPI
) -> None:
    served = await start_app()
    for n in range(3):
        body = slash_command_body(text="python", response_url=slack.response_url(f"r{n}"))
        assert await served.command(body) == 200
    await slack.wait_for("response_url:r2")

    assert len(slack.calls_to("auth.test")) == 1


# -- the error handler ----------------------------------------------------------------------------


async def test_a_failing_command_gets_the_polite_private_message_and_is_logged(
    start_app: StartApp, slack: FakeSlackWebAPI, caplog: pytest.LogCaptureFixture
) -> None:
    served = await start_app(answers=BrokenAnswers())
    body = slash_command_body(
        text="python jobs", user_id="U77", channel_id="C88", response_url=slack.response_url("c")
    )

    with caplog.at_level(logging.ERROR, logger="jobbot.slack"):
        assert await served.command(body) == 200
        [reply] = await slack.wait_for("response_url:c")

    assert reply.payload["response_type"] == "ephemeral"
    assert_polite(reply.payload)
    [record] = [r for r in caplog.records if r.name == "jobbot.slack"]
    assert "command /jobs" in record.getMessage()
    assert "U77" in record.getMessage() and "C88" in record.getMessage()
    assert "python jobs" not in record.getMessage()
    assert record.exc_info is not None


async def test_a_failing_button_apologises_through_its_response_url(
    start_app: StartApp, slack: FakeSlackWebAPI
) -> None:
    served = await start_app(answers=BrokenAnswers())
    value = PageRef("python", 5).encode()

    reply = await served.click(
        slack, block_action(cards.Action.NEXT_PAGE, value, response_url=slack.response_url("b"))
    )

    assert reply["replace_original"] is False
    assert_polite(reply)


async def test_a_button_failing_right_after_its_ack_stays_acked_and_apologises(
    start_app: StartApp, slack: FakeSlackWebAPI
) -> None:
    # A tampered value fails in the same step as the ack; bolt alone would answer 404 after 3 s.
    served = await start_app()
    click = block_action(cards.Action.NEXT_PAGE, "{not json", response_url=slack.response_url("t"))

    assert_polite(await served.click(slack, click))


@pytest.mark.parametrize(
    ("event", "thread_ts"),
    [
        ({"type": "message", "channel_type": "im", "channel": "D1"}, None),
        ({"type": "app_mention", "channel": "C9", "text": "<@UBOT> python"}, "1700000000.000100"),
    ],
    ids=["dm", "mention"],
)
async def test_a_failing_message_answer_apologises_ephemerally_where_it_was_asked(
    start_app: StartApp, slack: FakeSlackWebAPI, event: dict[str, Any], thread_ts: str | None
) -> None:
    served = await start_app(answers=BrokenAnswers())
    full = {"user": "U1", "text": "python", "ts": "1700000000.000100"} | event

    assert await served.event(event_body(full)) == 200
    [apology] = await slack.wait_for("chat.postEphemeral")
    await settle()

    assert (apology.payload["channel"], apology.payload["user"]) == (event["channel"], "U1")
    assert apology.payload.get("thread_ts") == thread_ts
    assert_polite(apology.payload)
    assert slack.calls_to("chat.postMessage") == []


async def test_when_even_the_apology_fails_the_handler_only_logs(
    start_app: StartApp, slack: FakeSlackWebAPI, caplog: pytest.LogCaptureFixture
) -> None:
    served = await start_app(answers=BrokenAnswers())
    slack.fail_next("chat.postEphemeral", error="channel_not_found")
    dm = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "text": "x"}

    with caplog.at_level(logging.WARNING, logger="jobbot.slack"):
        assert await served.event(event_body(dm)) == 200
        await settle()

    assert [c.failed for c in slack.calls_to("chat.postEphemeral")] == [True]
    assert any("could not tell the user" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"command": "/jobs", "text": "secret words"}, "command /jobs"),
        ({"event": {"type": "message", "channel_type": "im", "text": "hi"}}, "event message/im"),
        (
            {"event": {"type": "message", "subtype": "message_changed"}},
            "event message/message_changed",
        ),
        ({"event": {"type": "app_mention", "text": "<@UBOT> hi"}}, "event app_mention"),
        ({"type": "block_actions", "actions": [{"action_id": "share"}]}, "action share"),
        ({"type": "view_submission"}, "view_submission"),
        ({}, "request"),
    ],
)
def test_describe_request_names_the_surface_without_user_text(
    body: dict[str, Any], expected: str
) -> None:
    assert describe_request(body) == expected
