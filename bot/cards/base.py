"""What every card is built from: the `Message` and `PageRef` values, Slack's limits, the action
ids the listeners register, escaping and truncation, and the heading every job card starts with.

Blocks are built with `slack_sdk.models.blocks`, whose `to_dict()` validates Slack's limits; every
string from a posting or a question is escaped (`bot.mrkdwn`) and cut to its limit with "…"
before it gets there, so a message can never be rejected for length or carry a ping or a link
that did not come from a safe posting URL.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextActionsBlock,
    FeedbackButtonObject,
    FeedbackButtonsElement,
    ImageElement,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    PlainTextObject,
    SectionBlock,
)

from bot.mrkdwn import escape, link, safe_url, truncate
from index import Posting, pay_label

__all__ = [
    "FEEDBACK_BLOCK_PREFIX",
    "MAX_BLOCKS",
    "MAX_BLOCK_ID",
    "MAX_BUTTON_TEXT",
    "MAX_BUTTON_VALUE",
    "MAX_HEADER",
    "MAX_ID_VALUE",
    "MAX_LINKED_URL",
    "MAX_SECTION",
    "MAX_SUMMARY",
    "MAX_TAGS",
    "MENU_BLOCK_PREFIX",
    "PAGE_SIZE",
    "WORKPLACE_BADGE",
    "Action",
    "Message",
    "PageRef",
    "card_menu",
    "feedback_block",
    "feedback_choice",
    "logo_of",
    "menu_choice",
    "plain_fallback",
    "posted_ago",
    "posted_label",
    "posting_ids",
    "summary_of",
    "user_mention",
]

PAGE_SIZE = 5
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_SUMMARY = 300
MAX_TAGS = 5
MAX_BLOCKS = 50


class Action(StrEnum):
    """Every `action_id` a card carries and a listener registers: one table, so the cards and
    the handlers cannot drift apart."""

    APPLY = "apply"
    MORE_LIKE_THIS = "more_like_this"
    NEXT_PAGE = "next_page"
    SHARE = "share"
    UNSUBSCRIBE = "unsubscribe"
    SUBSCRIBE = "subscribe"
    SAVE = "save"
    UNSAVE = "unsave"
    HIDE = "hide"
    UNHIDE = "unhide"
    VOTE_UP = "vote_up"
    VOTE_DOWN = "vote_down"
    CARD_MENU = "card_menu"
    FEEDBACK = "feedback"
    EDIT_SUBSCRIPTION = "edit_subscription"
    OPEN_SEARCH = "open_search"
    SAVED_PAGE = "saved_page"
    REMOVE_AD = "remove_ad"


MAX_ID_VALUE = 255
"""Save, Hide and 👍/👎 carry the posting id; ids longer than this (never seen in practice: ids are
relative paths) get no such buttons, so five cards stay well under Slack's message size."""

MAX_LINKED_URL = 1500
"""Longer posting URLs are not linked, so a section can never be cut inside a link token."""

WORKPLACE_BADGE = {"remote": "🌍 Remote", "hybrid": "🏠 Hybrid", "onsite": "🏢 On-site"}


@dataclass(frozen=True, slots=True)
class Message:
    """A Slack message: the plain `text` fallback (notifications, screen readers) and blocks."""

    text: str
    blocks: tuple[Block, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_blocks(self) -> list[dict[str, Any]]:
        """Blocks as dicts, validated by slack_sdk (raises on any limit that slipped through)."""
        return [block.to_dict() for block in self.blocks]

    def to_payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.to_blocks(), **self.extra}


@dataclass(frozen=True, slots=True)
class PageRef:
    """What a "Next 5" or "Share" button needs to reproduce a result page, and the conversation
    the answer was given in (Share posts there and nowhere else)."""

    question: str
    offset: int
    channel: str | None = None

    def encode(self) -> str:
        """JSON within a button value's 2000 characters: an absurdly long question is shortened
        (never the JSON cut), so the value always decodes."""
        question = self.question
        while True:
            fields: dict[str, Any] = {"q": question, "o": self.offset}
            if self.channel:
                fields["c"] = self.channel
            value = json.dumps(fields, ensure_ascii=False)
            excess = len(value) - MAX_BUTTON_VALUE
            if excess <= 0:
                return value
            question = question[: max(0, len(question) - excess)]

    @classmethod
    def decode(cls, value: str) -> PageRef:
        """:raises ValueError: not a value this module produced."""
        data = json.loads(value)
        if not isinstance(data, dict) or not isinstance(data.get("q"), str):
            raise ValueError("not a page reference")
        channel = data.get("c")
        return cls(
            data["q"], max(0, int(data.get("o", 0))), channel if isinstance(channel, str) else None
        )


# ---------------------------------------------------------------------- text and blocks


def _text(text: str, limit: int) -> str:
    """Escape and cut untrusted text so the escaped result fits `limit`."""
    cut = truncate(text, limit)
    escaped = escape(cut)
    while len(escaped) > limit:
        cut = truncate(cut, len(cut) - (len(escaped) - limit) - 1)
        escaped = escape(cut)
    return escaped


def _text_joined(parts: Sequence[str]) -> str:
    return truncate("  ·  ".join(parts), MAX_SECTION)


def user_mention(user_id: str | None) -> str | None:
    """`<@U…>` for a real user id, else None: nothing else may become a mention token."""
    if user_id and re.fullmatch(r"[UW][A-Z0-9]{1,20}", user_id):
        return f"<@{user_id}>"
    return None


def plain_fallback(text: str) -> str:
    """Notification text: the same words without mrkdwn emphasis."""
    return truncate(text.replace("*", ""), 2900)


def _md(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)


def _button(text: str, action_id: str, *, value: str | None = None, url: str | None = None,
            style: str | None = None) -> ButtonElement:  # fmt: skip
    return ButtonElement(
        text=PlainTextObject(text=truncate(text, MAX_BUTTON_TEXT), emoji=True),
        action_id=action_id,
        value=value,
        url=url,
        style=style,
    )


def _section(
    text: str, *, accessory: ButtonElement | OverflowMenuElement | None = None
) -> SectionBlock:
    return SectionBlock(text=_md(truncate(text, MAX_SECTION)), accessory=accessory)


def _say(text: str, *, more: Sequence[Block] = ()) -> Message:
    """A short answer: one section (and optional blocks), with a plain fallback."""
    return Message(text=plain_fallback(text), blocks=(_section(text), *more))


def _size(block: Block) -> int:
    """Characters of the block's JSON, as Slack counts a message's size."""
    return len(json.dumps(block.to_dict(), ensure_ascii=False))


# ---------------------------------------------------------------------- a posting's heading


def posted_ago(posted: datetime | None, *, now: datetime) -> str:
    """ "today", "yesterday", "3 days ago", "2 weeks ago", "5 months ago"; "" when unknown."""
    if posted is None:
        return ""
    days = (now.date() - posted.date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def posted_label(posted: datetime | None, *, now: datetime) -> str:
    """The date itself and how long ago: "3 Nov 2026 (4 weeks ago)"; "date unknown" without one
    (an undated posting is never made to look new)."""
    if posted is None:
        return "date unknown"
    return f"{posted.day} {posted:%b %Y} ({posted_ago(posted, now=now)})"


_MARKDOWN_NOISE = re.compile(r"[*_`#>]+|!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)")


def summary_of(posting: Posting) -> str:
    """The posting's summary, or the start of its body with markdown syntax removed."""
    text = posting.summary or posting.body[:1200]
    text = _MARKDOWN_NOISE.sub(lambda m: m.group(1) or " ", text)
    return " ".join(text.split())


def _heading(
    p: Posting, *, now: datetime, max_url: int = MAX_LINKED_URL, show_archived: bool = False
) -> str:
    """The two lines every job card starts with (results, digests, saved and hidden lists):

    *<url|Title>*
    Company · Location · 🌍 Remote · full-time · $120k–150k a year · 30 Nov 2026 (3 days ago)

    Escaped; facts a posting lacks are left out, and "archived" ends the line with
    `show_archived`. Callers cut the section it starts to `MAX_SECTION`.
    """
    facts = [escape(truncate(x, 120)) for x in (p.company, p.location) if x]
    facts.append(WORKPLACE_BADGE[p.workplace])
    if p.job_type:
        facts.append(escape(truncate(p.job_type, 40)))
    if p.pay is not None:
        facts.append(escape(pay_label(p.pay)))
    facts.append(posted_label(p.posted, now=now))
    if show_archived and p.archived:
        facts.append("archived")
    title = link(p.url if len(p.url) <= max_url else None, truncate(p.title, 200))
    return f"*{title}*\n" + " · ".join(facts)


def _card_block_id(posting_id: str) -> str:
    return "job-" + hashlib.sha1(posting_id.encode()).hexdigest()[:16]


# ---------------------------------------------------------------------- a card's "⋯" menu

MENU_BLOCK_PREFIX = "job-"
MAX_BLOCK_ID = 255
# (label, option value, the action it stands for): short values keep ten menus small.
_MENU = (
    ("More like this", "more", Action.MORE_LIKE_THIS),
    ("Save", "save", Action.SAVE),
    ("Hide", "hide", Action.HIDE),
)


def card_menu() -> OverflowMenuElement:
    """The "⋯" menu of a job card: More like this, Save, Hide. The posting id rides in the
    block id of the block holding the menu ("job-<id>", read back by `menu_choice`)."""
    options = [
        Option(value=value, text=PlainTextObject(text=label, emoji=None))
        for label, value, _ in _MENU
    ]
    return OverflowMenuElement(action_id=Action.CARD_MENU, options=options)


def posting_ids(blocks: Sequence[Mapping[str, Any]]) -> list[str]:
    """The postings of jobbot's job cards in a message, in order (from the block ids their
    "⋯" menus ride in); [] for any other message."""
    found: list[str] = []
    for block in blocks:
        has_menu = block.get("accessory") or {}
        elements = [*(block.get("elements") or []), has_menu]
        if any(isinstance(e, Mapping) and e.get("action_id") == Action.CARD_MENU for e in elements):
            posting_id = str(block.get("block_id") or "").removeprefix(MENU_BLOCK_PREFIX)
            if posting_id and posting_id not in found:
                found.append(posting_id)
    return found


def menu_choice(block_id: str, value: str) -> tuple[str, str]:
    """A card menu pick → (`Action.MORE_LIKE_THIS`, `SAVE` or `HIDE`; the posting id).

    :raises ValueError: not a block and value `card_menu` produced.
    """
    posting_id = block_id.removeprefix(MENU_BLOCK_PREFIX)
    actions = {option: action for _, option, action in _MENU}
    if posting_id == block_id or not posting_id or value not in actions:
        raise ValueError("not a card menu choice")
    return actions[value], posting_id


# ---------------------------------------------------------------------- 👍 / 👎 and the logo

FEEDBACK_BLOCK_PREFIX = "vote-"
_VOTES = {"up": 1, "down": -1}


def feedback_block(posting_id: str) -> ContextActionsBlock | None:
    """Slack's 👍/👎 feedback buttons under a card (a `context_actions` block); the posting id
    rides in the block id, so None for an id too long for one."""
    block_id = FEEDBACK_BLOCK_PREFIX + posting_id
    if len(block_id) > MAX_BLOCK_ID:
        return None
    buttons = FeedbackButtonsElement(
        action_id=Action.FEEDBACK,
        positive_button=FeedbackButtonObject(
            text="👍", value="up", accessibility_label="A good match"
        ),
        negative_button=FeedbackButtonObject(
            text="👎", value="down", accessibility_label="Not a good match"
        ),
    )
    return ContextActionsBlock(block_id=block_id, elements=[buttons])


def feedback_choice(block_id: str, value: str) -> tuple[str, int]:
    """A feedback click → (the posting id, +1 or -1).

    :raises ValueError: not a block and value `feedback_block` produced.
    """
    posting_id = block_id.removeprefix(FEEDBACK_BLOCK_PREFIX)
    if posting_id == block_id or not posting_id or value not in _VOTES:
        raise ValueError("not a feedback click")
    return posting_id, _VOTES[value]


MAX_IMAGE_URL = 3000


def logo_of(p: Posting) -> ImageElement | None:
    """The company logo as a section's accessory image: http(s) URLs only, within Slack's
    3,000 characters; None otherwise (a card never points Slack at anything else)."""
    url = safe_url(p.logo_url)
    if url is None or len(url) > MAX_IMAGE_URL:
        return None
    alt = truncate(f"{p.company} logo" if p.company else "Company logo", 200)
    return ImageElement(image_url=url, alt_text=alt)
