"""manifest.yml and Procfile: the Slack app they describe is the one the code implements."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from bot.slack.listeners.commands import COMMAND
from bot.slack.server import EVENTS_PATH
from tests.support.paths import SEEDS

ROOT = SEEDS.parent


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "manifest.yml").read_text())
    assert isinstance(data, dict)
    return data


def test_the_slash_command_is_the_one_the_app_registers(manifest: dict[str, Any]) -> None:
    [command] = manifest["features"]["slash_commands"]

    assert command["command"] == COMMAND
    assert command["usage_hint"]
    assert command["url"].endswith(EVENTS_PATH)


def test_events_and_interactivity_share_the_one_request_path(manifest: dict[str, Any]) -> None:
    settings = manifest["settings"]

    assert settings["event_subscriptions"]["request_url"].endswith(EVENTS_PATH)
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["interactivity"]["request_url"].endswith(EVENTS_PATH)
    assert settings["socket_mode_enabled"] is True


def test_dms_work_and_the_home_tab_is_on(manifest: dict[str, Any]) -> None:
    home = manifest["features"]["app_home"]

    assert home["messages_tab_enabled"] is True
    assert home["messages_tab_read_only_enabled"] is False
    assert home["home_tab_enabled"] is True
    assert manifest["features"]["bot_user"]["display_name"]
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) >= {
        "app_mention",
        "message.im",
        "message.mpim",
        "app_home_opened",
    }


def test_job_ads_in_source_channels_arrive_as_they_are_posted(manifest: dict[str, Any]) -> None:
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"message.channels", "message.groups"} <= events
    assert {"channels:history", "groups:history"} <= set(manifest["oauth_config"]["scopes"]["bot"])


def test_the_assistant_side_panel_is_on(manifest: dict[str, Any]) -> None:
    assert manifest["features"]["assistant_view"]["assistant_description"]
    assert "assistant:write" in manifest["oauth_config"]["scopes"]["bot"]
    assert {"assistant_thread_started", "assistant_thread_context_changed"} <= set(
        manifest["settings"]["event_subscriptions"]["bot_events"]
    )


SCOPES_OF_METHOD: dict[str, set[str]] = {
    "chat_postMessage": {"chat:write", "chat:write.public"},
    "chat_postEphemeral": {"chat:write"},
    "chat_update": {"chat:write"},
    "chat_getPermalink": set(),
    "conversations_history": {"channels:history", "groups:history", "im:history", "mpim:history"},
    "conversations_open": {"im:write"},
    "conversations_members": {"channels:read", "groups:read"},
    "users_info": {"users:read"},
    "views_publish": set(),
    "views_open": set(),
    "chat_unfurl": {"links:write"},
}
"""The bot scopes each Web API method jobbot calls needs (from Slack's method reference)."""

_CALL = re.compile(r"\.((?:chat|conversations|users|views|reactions|assistant|apps)_[A-Za-z]+)\(")


def test_the_bot_asks_for_every_scope_the_methods_it_calls_need(manifest: dict[str, Any]) -> None:
    called = {m for path in (ROOT / "bot").rglob("*.py") for m in _CALL.findall(path.read_text())}
    unknown = called - set(SCOPES_OF_METHOD)
    needed = set().union(*(SCOPES_OF_METHOD[m] for m in called & set(SCOPES_OF_METHOD)))
    granted = set(manifest["oauth_config"]["scopes"]["bot"])

    assert unknown == set(), f"add these methods' scopes to SCOPES_OF_METHOD: {unknown}"
    assert needed - granted == set()
    assert {"commands", "app_mentions:read"} <= granted  # the slash command and mentions


def test_procfile_runs_http_as_web_and_socket_mode_as_worker() -> None:
    lines = (ROOT / "Procfile").read_text().splitlines()
    processes = dict(
        line.split(":", 1) for line in lines if line.strip() and not line.startswith("#")
    )

    assert {name: command.strip() for name, command in processes.items()} == {
        "web": "jobbot serve",
        "worker": "jobbot serve",
    }
    assert "SLACK_APP_TOKEN" in (ROOT / "Procfile").read_text()
