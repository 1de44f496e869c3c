"""Saved searches and channel digests: confirmations, the numbered list, and stopping one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ContextBlock,
    Option,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)

from bot.cards.base import (
    Action,
    Message,
    _button,
    _md,
    _say,
    _section,
    _text,
    user_mention,
)
from bot.mrkdwn import escape, truncate

if TYPE_CHECKING:
    from bot.storage import Subscription

__all__ = [
    "CHANNEL_LISTED",
    "LIST_QUESTION",
    "MAX_SUBSCRIPTIONS",
    "already_subscribed_message",
    "channel_digest_message",
    "edit_picker",
    "no_subscription_message",
    "not_a_member_message",
    "not_yours_message",
    "schedule_label",
    "subscribed_message",
    "subscription_updated_message",
    "subscriptions_message",
    "too_many_subscriptions_message",
    "unsubscribed_message",
]

MAX_SUBSCRIPTIONS = 20
"""Saved searches per person (and per channel): enough for anyone, and Home stays small."""
LIST_QUESTION = 100  # characters of a saved question shown in lists
CHANNEL_LISTED = 10
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _question(question: str, *, limit: int = LIST_QUESTION) -> str:
    return _text(" ".join(question.split()), limit) or "all new postings"


def schedule_label(sub: Subscription, *, channel_zone: str = "UTC") -> str:
    """ "daily at 09:00 your time", "on weekdays at 08:00 Europe/Berlin"."""
    if sub.weekdays == "1111111":
        days = "daily"
    elif sub.weekdays == "1111100":
        days = "on weekdays"
    else:
        days = "on " + ", ".join(
            d for d, on in zip(_DAY_NAMES, sub.weekdays, strict=True) if on == "1"
        )
    zone = sub.timezone or ("your time" if sub.owner.kind == "user" else channel_zone)
    return f"{days} at {sub.time:%H:%M} {escape(zone)}"


def _channel(channel_id: str) -> str:
    return f"<#{channel_id}>" if re.fullmatch(r"[CG][A-Z0-9]{2,20}", channel_id) else "the channel"


def subscribed_message(sub: Subscription, *, number: int, channel_zone: str = "UTC") -> Message:
    """Confirms a new saved search, with an Undo (Unsubscribe) button."""
    text = (
        f"✅ Saved search {number}: *{_question(sub.question, limit=300)}*. "
        f"I'll DM you new matches {schedule_label(sub, channel_zone=channel_zone)}. "
        f"`/jobs subscriptions` lists your searches; `/jobs unsubscribe {number}` stops this one."
    )
    undo = ActionsBlock(elements=[_button("Undo", Action.UNSUBSCRIBE, value=str(sub.id))])
    return _say(text, more=(undo,))


def already_subscribed_message(
    sub: Subscription, *, number: int, channel_zone: str = "UTC"
) -> Message:
    when = schedule_label(sub, channel_zone=channel_zone)
    return _say(
        f"You already get *{_question(sub.question, limit=300)}* {when} (saved search {number})."
    )


def too_many_subscriptions_message() -> Message:
    return _say(
        f"That makes more than {MAX_SUBSCRIPTIONS} saved searches, the most I keep. "
        "Stop one first: `/jobs subscriptions` lists them."
    )


def channel_digest_message(sub: Subscription, *, channel_zone: str, created: bool) -> Message:
    """Confirms a channel digest (`/jobs digest #channel …`), or says it already exists."""
    what = (
        f"new jobs matching *{_question(sub.question, limit=300)}*"
        if sub.question
        else "all new jobs"
    )
    when = schedule_label(sub, channel_zone=channel_zone)
    where = _channel(sub.owner.id)
    if not created:
        return _say(f"{where} already gets {what} {when}.")
    text = (
        f"✅ I'll post {what} in {where} {when}. "
        "In a private channel, invite me first: `/invite @jobbot`."
    )
    undo = ActionsBlock(elements=[_button("Undo", Action.UNSUBSCRIBE, value=str(sub.id))])
    return _say(text, more=(undo,))


def subscription_updated_message(sub: Subscription, *, channel_zone: str = "UTC") -> Message:
    """A saved search changed through its modal: what it now is, and when it comes."""
    when = schedule_label(sub, channel_zone=channel_zone)
    return _say(f"Saved search updated: {_question(sub.question)} — {when}.")


def edit_picker(subs: Sequence[Subscription]) -> ActionsBlock | None:
    """One menu to edit any of these saved searches (it opens the modal): a single block,
    however many there are, so lists and Home stay within Slack's block limits."""
    if not subs:
        return None
    options = [
        Option(
            value=str(sub.id),
            text=PlainTextObject(text=truncate(sub.question or "all new postings", 75)),
        )
        for sub in subs[:100]
    ]
    menu = StaticSelectElement(
        action_id=Action.EDIT_SUBSCRIPTION,
        placeholder=PlainTextObject(text="Edit a saved search…"),
        options=options,
    )
    return ActionsBlock(elements=[menu])


def _subscription_line(sub: Subscription, label: str, *, channel_zone: str) -> SectionBlock:
    text = f"{label}*{_question(sub.question)}* — {schedule_label(sub, channel_zone=channel_zone)}"
    return _section(text, accessory=_button("Remove", Action.UNSUBSCRIBE, value=str(sub.id)))


def subscriptions_message(
    mine: Sequence[Subscription],
    channel_subs: Sequence[Subscription] = (),
    *,
    channel_id: str | None = None,
    channel_zone: str = "UTC",
) -> Message:
    """A person's saved searches, numbered as `/jobs unsubscribe <n>` counts them (each with a
    Remove button), then the digests of the channel it was asked in."""
    blocks: list[Block] = []
    if mine:
        blocks.append(_section("*Your saved searches* (new matches by DM):"))
        blocks += [
            _subscription_line(sub, f"{n}. ", channel_zone=channel_zone)
            for n, sub in enumerate(mine, 1)
        ]
        picker = edit_picker(mine)
        if picker is not None:
            blocks.append(picker)
        blocks.append(ContextBlock(elements=[_md("Stop one with `/jobs unsubscribe &lt;n&gt;`.")]))
    else:
        blocks.append(
            _section(
                "You have no saved searches yet. Try `/jobs subscribe remote python`, "
                "or press *Get these daily* under an answer."
            )
        )
    if channel_subs and channel_id:
        blocks.append(_section(f"*Daily digests in {_channel(channel_id)}:*"))
        blocks += [
            _subscription_line(sub, "", channel_zone=channel_zone)
            for sub in channel_subs[:CHANNEL_LISTED]
        ]
        if len(channel_subs) > CHANNEL_LISTED:
            blocks.append(_section(f"and {len(channel_subs) - CHANNEL_LISTED} more"))
    text = f"You have {len(mine)} saved search{'es' if len(mine) != 1 else ''}."
    return Message(text=text, blocks=tuple(blocks))


def unsubscribed_message(sub: Subscription) -> Message:
    if sub.owner.kind == "channel":
        return _say(
            f"Stopped the daily digest of *{_question(sub.question)}* in {_channel(sub.owner.id)}."
        )
    return _say(f"Stopped *{_question(sub.question)}*: no more daily DMs for it.")


def not_a_member_message(channel_id: str) -> Message:
    """`/jobs digest #channel` by someone who is not in that channel."""
    return _say(
        f"Only members of {_channel(channel_id)} can set up its daily digest. Join it first — "
        "and for a private channel, invite me too: `/invite @jobbot`."
    )


def not_yours_message(sub: Subscription) -> Message:
    """Stopping a digest someone else set up (and not being an admin)."""
    who = user_mention(sub.created_by) or "the person who set it up"
    return _say(f"Only {who} or a workspace admin can change or stop this digest.")


def no_subscription_message(number: int | None = None) -> Message:
    if number is None:
        return _say("That saved search is already gone.")
    return _say(f"You have no saved search number {number}. `/jobs subscriptions` lists them.")
