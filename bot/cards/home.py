"""The App Home tab: how to ask, the person's saved searches and saved jobs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    PlainTextObject,
)
from slack_sdk.models.views import View

from bot.cards.base import (
    Action,
    _button,
    _md,
    _section,
    _text,
    posted_ago,
)
from bot.cards.help import EXAMPLES
from bot.cards.personal import LIST_URL, SavedPosting, _compact
from bot.cards.subscriptions import MAX_SUBSCRIPTIONS, _subscription_line, edit_picker
from bot.mrkdwn import escape, link, truncate
from index import Posting

if TYPE_CHECKING:
    from bot.storage import Subscription

__all__ = [
    "HOME_HIDDEN",
    "HOME_MATCHED",
    "HOME_MATCHES_EACH",
    "HOME_SAVED",
    "HomeContent",
    "home_view",
]

HOME_SAVED = 30
HOME_HIDDEN = 10
HOME_MATCHED = 5
"""Saved searches whose newest matches Home shows (three each): with 20 searches, 30 saved
and 10 hidden jobs Home still stays under Slack's 100 blocks (a test checks)."""
HOME_MATCHES_EACH = 3


@dataclass(frozen=True, slots=True)
class HomeContent:
    """What the Home tab shows one person; `saved` may be the first few of `saved_total`."""

    subscriptions: Sequence[Subscription] = ()
    saved: Sequence[SavedPosting] = ()
    saved_total: int = 0
    database: bool = True
    hidden: Sequence[SavedPosting] = ()
    hidden_total: int = 0
    matches: Sequence[tuple[str, Sequence[Posting]]] = ()
    """The newest matches of the first `HOME_MATCHED` saved searches: (question, postings)."""


def home_view(content: HomeContent, *, now: datetime) -> dict[str, Any]:
    """The App Home tab: how to ask, the person's saved searches and saved jobs (each with
    Remove), never "work in progress". At most `HOME_SAVED` jobs, then "and N more"; validated
    by slack_sdk's `View` (at most 100 blocks)."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text="Find jobs in plain words")),
        _section(
            "Ask with `/jobs &lt;question&gt;` in any channel, or write to me in the *Messages* "
            "tab. "
            f"Try `/jobs {escape(EXAMPLES[0])}`."
        ),
        ActionsBlock(
            elements=[_button("Search", Action.OPEN_SEARCH, value="home", style="primary")]
        ),
        ContextBlock(
            elements=[
                _md(
                    "Under every answer: *Save*, *Hide* (⋯) and 👍/👎 on each job, and *Get these "
                    "daily* for a daily DM of new matches. `/jobs help` explains the rest."
                )
            ]
        ),
        DividerBlock(),
    ]
    if not content.database:
        blocks.append(
            _section("Saved searches and jobs need jobbot's database, which is not set up here.")
        )
        return View(type="home", blocks=blocks).to_dict()
    blocks.append(HeaderBlock(text=PlainTextObject(text="Your saved searches")))
    subs = list(content.subscriptions)
    blocks += [
        _subscription_line(sub, f"{n}. ", channel_zone="UTC")  # a person's: "your time"
        for n, sub in enumerate(subs[:MAX_SUBSCRIPTIONS], 1)
    ]
    if len(subs) > MAX_SUBSCRIPTIONS:
        blocks.append(_section(f"and {len(subs) - MAX_SUBSCRIPTIONS} more — `/jobs subscriptions`"))
    picker = edit_picker(subs)
    if picker is not None:
        blocks.append(picker)
    if not subs:
        blocks.append(
            ContextBlock(
                elements=[
                    _md(
                        "None yet: `/jobs subscribe &lt;question&gt;`, "
                        "or *Get these daily* under an answer."
                    )
                ]
            )
        )
    if content.matches:
        blocks += [DividerBlock(), HeaderBlock(text=PlainTextObject(text="Newest matches"))]
        blocks += [_matches(q, found, now=now) for q, found in content.matches[:HOME_MATCHED]]
    blocks += [DividerBlock(), HeaderBlock(text=PlainTextObject(text="Saved jobs"))]
    saved = list(content.saved)[:HOME_SAVED]
    blocks += [_compact(entry, now=now, action=Action.UNSAVE, label="Remove") for entry in saved]
    more = max(content.saved_total, len(content.saved)) - len(saved)
    if more > 0:
        blocks.append(_section(f"and {more} more — `/jobs saved`"))
    if not saved:
        blocks.append(ContextBlock(elements=[_md("None yet: press *Save* on any job card.")]))
    hidden = list(content.hidden)[:HOME_HIDDEN]
    if hidden:
        blocks += [DividerBlock(), HeaderBlock(text=PlainTextObject(text="Hidden jobs"))]
        blocks += [_compact(e, now=now, action=Action.UNHIDE, label="Unhide") for e in hidden]
        more = max(content.hidden_total, len(content.hidden)) - len(hidden)
        if more > 0:
            blocks.append(_section(f"and {more} more — `/jobs hidden`"))
    return View(type="home", blocks=blocks).to_dict()


def _matches(question: str, postings: Sequence[Posting], *, now: datetime) -> Block:
    """One saved search's newest matches, one line each (linked title, company, age)."""
    lines = [f"*{_text(question, 200)}*"]
    for p in postings[:HOME_MATCHES_EACH]:
        title = link(p.url if len(p.url) <= LIST_URL else None, truncate(p.title, 120))
        facts = [escape(truncate(p.company, 60))] if p.company else []
        ago = posted_ago(p.posted, now=now)
        if ago:
            facts.append(ago)
        lines.append(f"• {title}" + (f" — {' · '.join(facts)}" if facts else ""))
    if len(lines) == 1:
        lines.append("_nothing matches yet_")
    return _section("\n".join(lines))
