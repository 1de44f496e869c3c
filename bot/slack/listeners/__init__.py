"""Slack surfaces, one module each; `register` wires them all into an app."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.listeners import (
    actions,
    assistant,
    channel,
    commands,
    home,
    messages,
    modals,
    personal,
    shortcuts,
    subscriptions,
    unfurls,
)
from bot.slack.listeners.deps import CpuSlots, Deps

__all__ = ["CpuSlots", "Deps", "register"]


def register(app: AsyncApp, deps: Deps) -> None:
    """Register every listener jobbot has."""
    assistant.register(app, deps)  # a middleware: before `messages` sees DM threads
    commands.register(app, deps)
    actions.register(app, deps)
    personal.register(app, deps)
    subscriptions.register(app, deps)
    channel.register(app, deps)  # before `messages`, which takes every other message event
    messages.register(app, deps)
    home.register(app, deps)
    modals.register(app, deps)
    unfurls.register(app, deps)
    shortcuts.register(app, deps)
