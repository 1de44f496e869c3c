"""The fakes behave like Slack for the real slack_sdk and slack_bolt clients."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond, AsyncSay
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from . import (
    AUTH_TEST,
    FORM,
    JSON,
    FakeSlackWebAPI,
    event_body,
    interaction_body,
    post_signed,
    sign,
    slash_command_body,
)

SECRET = "test-signing-secret"


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackWebAPI]:
    async with FakeSlackWebAPI() as fake:
        yield fake


def web_client(slack: FakeSlackWebAPI, **options: Any) -> AsyncWebClient:
    return AsyncWebClient(base_url=slack.base_url, token="xoxb-test", **options)


# -- the fake Web API ---------------------------------------------------------------------------


async def test_base_url_is_a_local_api_root_with_trailing_slash(slack: FakeSlackWebAPI) -> None:
    assert slack.base_url.startswith("http://127.0.0.1:")
    assert slack.base_url.endswith("/api/")
    assert slack.url("/response/x") == slack.base_url.removesuffix("api/") + "response/x"


async def test_auth_test_answers_the_bot_identity(slack: FakeSlackWebAPI) -> None:
    response = await web_client(slack).auth_test()

    assert response.data == AUTH_TEST
    [call] = slack.calls_to("auth.test")
    assert call.token == "xoxb-test"
    assert call.headers["authorization"] == "Bearer xoxb-test"


async def test_post_message_is_recorded_with_its_payload(slack: FakeSlackWebAPI) -> None:
    client = web_client(slack)
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}]

    first = await client.chat_postMessage(channel="C1", text="hi", blocks=blocks)
    second = await client.chat_postMessage(channel="C1", text="again")

    [call, _] = slack.calls_to("chat.postMessage")
    assert call.payload == {"channel": "C1", "text": "hi", "blocks": blocks}
    assert call.failed is False
    assert first["channel"] == "C1"
    assert first["message"]["blocks"] == blocks
    assert first["ts"] != second["ts"]


async def test_form_and_query_arguments_are_recorded_too(slack: FakeSlackWebAPI) -> None:
    client = web_client(slack)

    opened = await client.conversations_open(users="U1")
    ephemeral = await client.chat_postEphemeral(channel="C1", user="U1", text="psst")

    assert opened["channel"]["id"] == "DU1"
    assert slack.calls_to("conversations.open")[0].payload == {"users": "U1"}
    assert ephemeral["message_ts"]


async def test_users_info_defaults_to_berlin_and_is_overridable(slack: FakeSlackWebAPI) -> None:
    client = web_client(slack)
    slack.users["U2"] = {"tz": "America/New_York", "tz_offset": -18000}

    default = await client.users_info(user="U1")
    overridden = await client.users_info(user="U2")

    assert (default["user"]["tz"], default["user"]["tz_offset"]) == ("Europe/Berlin", 3600)
    assert (overridden["user"]["tz"], overridden["user"]["tz_offset"]) == (
        "America/New_York",
        -18000,
    )
    assert overridden["user"]["id"] == "U2"


async def test_update_and_home_view_answer_like_slack(slack: FakeSlackWebAPI) -> None:
    client = web_client(slack)
    view = {"type": "home", "blocks": []}

    updated = await client.chat_update(channel="C1", ts="1700000000.000001", text="edited")
    published = await client.views_publish(user_id="U1", view=view)

    assert (updated["channel"], updated["ts"], updated["text"]) == (
        "C1",
        "1700000000.000001",
        "edited",
    )
    assert published["view"]["type"] == "home"
    assert slack.calls_to("views.publish")[0].payload == {"user_id": "U1", "view": view}


async def test_unknown_methods_answer_ok_and_answers_can_be_replaced(
    slack: FakeSlackWebAPI,
) -> None:
    client = web_client(slack)
    slack.answers["chat.getPermalink"] = {"ok": True, "permalink": "https://x/p1"}

    assert (await client.api_call("reactions.add", json={"name": "eyes"}))["ok"] is True
    assert (await client.chat_getPermalink(channel="C1", message_ts="1.2"))["permalink"] == (
        "https://x/p1"
    )


async def test_rate_limit_answers_429_with_retry_after(slack: FakeSlackWebAPI) -> None:
    slack.fail_next("chat.postMessage", retry_after=1)

    with pytest.raises(SlackApiError) as raised:
        await web_client(slack).chat_postMessage(channel="C1", text="hi")

    response = raised.value.response
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert response["error"] == "ratelimited"
    assert [call.failed for call in slack.calls_to("chat.postMessage")] == [True]


async def test_rate_limited_post_is_retried_and_delivered_once(slack: FakeSlackWebAPI) -> None:
    # slack_sdk sleeps Retry-After plus up to 1 s of jitter; 0 keeps the test under a second.
    slack.fail_next("chat.postMessage", status=429, retry_after=0)
    client = web_client(slack, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)])

    response = await client.chat_postMessage(channel="C1", text="hi")

    assert response["ok"] is True
    assert len(slack.calls_to("chat.postMessage")) == 2
    assert len(slack.calls_to("chat.postMessage", failed=False)) == 1


async def test_server_error_surfaces_once_then_calls_succeed(slack: FakeSlackWebAPI) -> None:
    slack.fail_next("chat.postMessage", status=500)
    client = web_client(slack)

    with pytest.raises(SlackApiError) as raised:
        await client.chat_postMessage(channel="C1", text="hi")
    await client.chat_postMessage(channel="C1", text="hi")

    assert raised.value.response.status_code == 500
    assert [call.failed for call in slack.calls_to("chat.postMessage")] == [True, False]


async def test_api_error_is_http_200_with_ok_false(slack: FakeSlackWebAPI) -> None:
    slack.fail_next("chat.postMessage", error="channel_not_found", times=2)
    client = web_client(slack)

    for _ in range(2):
        with pytest.raises(SlackApiError) as raised:
            await client.chat_postMessage(channel="C404", text="hi")
        assert raised.value.response.status_code == 200
        assert raised.value.response["error"] == "channel_not_found"
    assert (await client.chat_postMessage(channel="C1", text="hi"))["ok"] is True


async def test_response_url_posts_are_recorded(slack: FakeSlackWebAPI) -> None:
    url = slack.response_url("r1")

    response = await AsyncWebhookClient(url).send(text="page 2", replace_original=True)

    assert url == slack.url("response/r1")
    assert response.status_code == 200
    [call] = slack.calls_to("response_url:r1")
    assert call.payload == {"text": "page 2", "replace_original": True}


async def test_response_urls_without_a_name_are_distinct(slack: FakeSlackWebAPI) -> None:
    assert slack.response_url() != slack.response_url()


async def test_wait_for_wakes_on_a_later_call(slack: FakeSlackWebAPI) -> None:
    client = web_client(slack)
    waiter = asyncio.create_task(slack.wait_for("chat.postMessage", count=2, timeout=5.0))

    await client.chat_postMessage(channel="C1", text="one")
    assert not waiter.done()
    await client.chat_postMessage(channel="C1", text="two")
    calls = await waiter

    assert [call.payload["text"] for call in calls] == ["one", "two"]


async def test_wait_for_times_out_listing_what_arrived(slack: FakeSlackWebAPI) -> None:
    await web_client(slack).auth_test()

    with pytest.raises(AssertionError) as raised:
        await slack.wait_for("chat.postMessage", timeout=0.05)

    message = str(raised.value)
    assert "expected 1 successful call(s) to 'chat.postMessage' within 0.05s, got 0" in message
    assert "auth.test" in message


# -- signing ------------------------------------------------------------------------------------


def test_sign_matches_slacks_published_example() -> None:
    # https://api.slack.com/authentication/verifying-requests-from-slack
    body = (
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
        "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
        "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2F"
        "commands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
        "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    )

    headers = sign(body, secret="8f742231b10e8888abcd99yyyzzz85a5", timestamp=1531420618)

    assert headers == {
        "X-Slack-Request-Timestamp": "1531420618",
        "X-Slack-Signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    }


@pytest.mark.parametrize(
    "body",
    [
        slash_command_body(text="remote python in Berlin"),
        event_body({"type": "app_mention", "text": "<@UBOT> sre", "user": "U1"}),
        interaction_body({"type": "block_actions", "actions": []}),
        "plain text ünïcode",
    ],
)
@pytest.mark.parametrize(("verifier_secret", "valid"), [(SECRET, True), ("wrong-secret", False)])
def test_signature_verifier_accepts_only_the_right_secret(
    body: bytes | str, verifier_secret: str, valid: bool
) -> None:
    headers = sign(body, secret=SECRET)

    verifier = SignatureVerifier(verifier_secret)
    timestamp, signature = headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]

    assert verifier.is_valid(body, timestamp, signature) is valid


# -- everything together with a real bolt app ---------------------------------------------------


@pytest.fixture
async def bolt(slack: FakeSlackWebAPI) -> AsyncIterator[TestClient[Any, Any]]:
    app = AsyncApp(client=web_client(slack), signing_secret=SECRET)

    @app.command("/jobs")
    async def jobs(ack: AsyncAck, respond: AsyncRespond, command: dict[str, Any]) -> None:
        await ack()
        await respond(text=f"results for {command['text']}")

    @app.event("app_mention")
    async def mention(say: AsyncSay, event: dict[str, Any]) -> None:
        await say(text=f"heard {event['text']}")

    @app.action("next")
    async def next_page(ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        await respond(text="page 2", replace_original=True)

    async with TestClient(TestServer(app.web_app())) as client:
        yield client


async def test_signed_slash_command_reaches_bolt_and_replies_via_response_url(
    slack: FakeSlackWebAPI, bolt: TestClient[Any, Any]
) -> None:
    body = slash_command_body(text="remote sre", response_url=slack.response_url("cmd"))

    status, _, _ = await post_signed(bolt, "/slack/events", body, secret=SECRET, content_type=FORM)

    assert status == 200
    [reply] = await slack.wait_for("response_url:cmd")
    assert reply.payload["text"] == "results for remote sre"
    assert len(slack.calls_to("auth.test")) == 1


async def test_signed_event_reaches_bolt_and_posts_a_message(
    slack: FakeSlackWebAPI, bolt: TestClient[Any, Any]
) -> None:
    event = {
        "type": "app_mention",
        "text": "<@UBOT> sre",
        "user": "U1",
        "channel": "C9",
        "ts": "1.1",
    }
    base_url = str(bolt.make_url("/"))

    status, _, _ = await post_signed(
        base_url, "/slack/events", event_body(event), secret=SECRET, content_type=JSON
    )

    assert status == 200
    [post] = await slack.wait_for("chat.postMessage")
    assert (post.payload["channel"], post.payload["text"]) == ("C9", "heard <@UBOT> sre")


async def test_signed_block_action_reaches_bolt(
    slack: FakeSlackWebAPI, bolt: TestClient[Any, Any]
) -> None:
    payload = {
        "type": "block_actions",
        "team": {"id": "T123"},
        "user": {"id": "U1"},
        "api_app_id": "A1",
        "token": "verification-token",
        "trigger_id": "1.2.trigger",
        "container": {"type": "message", "message_ts": "1.1", "channel_id": "C1"},
        "channel": {"id": "C1"},
        "response_url": slack.response_url("act"),
        "actions": [
            {"type": "button", "action_id": "next", "block_id": "b", "value": "2", "action_ts": "1"}
        ],
    }

    status, _, _ = await post_signed(
        bolt, "/slack/events", interaction_body(payload), secret=SECRET, content_type=FORM
    )

    assert status == 200
    [reply] = await slack.wait_for("response_url:act")
    assert reply.payload == {"text": "page 2", "replace_original": True}


@pytest.mark.parametrize(
    ("secret", "timestamp_offset"), [("wrong-secret", 0), (SECRET, -301)], ids=["secret", "stale"]
)
async def test_bolt_rejects_a_bad_signature_with_401(
    slack: FakeSlackWebAPI, bolt: TestClient[Any, Any], secret: str, timestamp_offset: int
) -> None:
    timestamp = int(time.time()) + timestamp_offset

    status, _, _ = await post_signed(
        bolt,
        "/slack/events",
        slash_command_body(),
        secret=secret,
        content_type=FORM,
        timestamp=timestamp,
    )

    assert status == 401
    assert slack.calls == []
