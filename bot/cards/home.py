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
)
from bot.cards.help import EXAMPLES
from bot.cards.personal import SavedPosting, _compact
from bot.cards.subscriptions import MAX_SUBSCRIPTIONS, _subscription_line, edit_picker
from bot.mrkdwn import escape

if TYPE_CHECKING:
    from bot.storage import Subscription

__all__ = ["HOME_SAVED", "HomeContent", "home_view"]

HOME_SAVED = 30


@dataclass(frozen=True, slots=True)
class HomeContent:
    """What the Home tab shows one person; `saved` may be the first few of `saved_total`."""

    subscriptions: Sequence[Subscription] = ()
    saved: Sequence[SavedPosting] = ()
    saved_total: int = 0
    database: bool = True


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
    blocks += [DividerBlock(), HeaderBlock(text=PlainTextObject(text="Saved jobs"))]
    saved = list(content.saved)[:HOME_SAVED]
    blocks += [_compact(entry, now=now, action=Action.UNSAVE, label="Remove") for entry in saved]
    more = max(content.saved_total, len(content.saved)) - len(saved)
    if more > 0:
        blocks.append(_section(f"and {more} more — `/jobs saved`"))
    if not saved:
        blocks.append(ContextBlock(elements=[_md("None yet: press *Save* on any job card.")]))
    return View(type="home", blocks=blocks).to_dict()
