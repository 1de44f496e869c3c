"""A person's saved and hidden jobs: confirmations (with Undo), the lists, and 👍/👎 thanks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, Block, ContextBlock, SectionBlock

from bot.cards.base import (
    MAX_BUTTON_VALUE,
    Action,
    Message,
    _button,
    _heading,
    _md,
    _say,
    _section,
    _size,
    _text,
)
from index import Posting

__all__ = [
    "HIDDEN_LISTED",
    "LIST_URL",
    "MAX_LIST_CHARS",
    "SAVED_PAGE_SIZE",
    "SavedPosting",
    "feedback_message",
    "feedback_noted",
    "hidden_confirmation",
    "hidden_list_message",
    "no_hidden_message",
    "saved_confirmation",
    "saved_message",
    "unhidden_message",
]

SAVED_PAGE_SIZE = 10
LIST_URL = 500  # compact list entries link titles only for URLs up to this long
HIDDEN_LISTED = 20
MAX_LIST_CHARS = 11_000  # of block JSON, as for digests


@dataclass(frozen=True, slots=True)
class SavedPosting:
    """A saved or hidden job: its id, and the posting while it is still listed."""

    posting_id: str
    posting: Posting | None


def _title(entry: SavedPosting) -> str:
    return _text(entry.posting.title, 200) if entry.posting else _text(entry.posting_id, 200)


def saved_confirmation(entry: SavedPosting, *, already: bool) -> Message:
    if already:
        return _say(f"*{_title(entry)}* is already in your saved jobs (`/jobs saved`).")
    return _say(
        f"⭐ Saved *{_title(entry)}*. `/jobs saved` lists your saved jobs; so does my Home tab."
    )


def hidden_confirmation(entry: SavedPosting) -> Message:
    """Hidden — with an Undo button."""
    text = (
        f"🙈 Hidden: *{_title(entry)}*. You won't see it again — not in answers, "
        "digests or More like this."
    )
    more: list[Block] = []
    if len(entry.posting_id) <= MAX_BUTTON_VALUE:
        more.append(ActionsBlock(elements=[_button("Undo", Action.UNHIDE, value=entry.posting_id)]))
    return _say(text, more=more)


def unhidden_message(entry: SavedPosting) -> Message:
    return _say(f"*{_title(entry)}* is back: it can show up in answers and digests again.")


def no_hidden_message(number: int) -> Message:
    return _say(f"You have no hidden job number {number}. `/jobs hidden` lists them.")


def feedback_noted(
    blocks: Sequence[Mapping[str, Any]], block_id: str, vote: int
) -> list[dict[str, Any]] | None:
    """The message a 👍/👎 was clicked in, with that card's feedback buttons replaced by a
    thank-you line (re-validated by slack_sdk); None when the block is not in it."""
    noted = "👍 Thanks — noted." if vote > 0 else "👎 Thanks — noted. Not for you? *Hide* it (⋯)."
    found = False
    updated: list[dict[str, Any]] = []
    for block in Block.parse_all([dict(b) for b in blocks]):
        if block is None:
            continue
        if block.block_id == block_id:
            found = True
            block = ContextBlock(block_id="noted-" + block_id[-200:], elements=[_md(noted)])
        updated.append(block.to_dict())
    return updated if found else None


def feedback_message(vote: int) -> Message:
    if vote > 0:
        return _say("Thanks — noted 👍. It tells me what a good match looks like.")
    return _say("Thanks — noted 👎. To never see that job again, press *Hide*.")


def _compact(
    entry: SavedPosting, *, now: datetime, action: str, label: str, number: int | None = None
) -> SectionBlock:
    """One line per saved job: linked title and facts, with one button (Remove, Unhide)."""
    p = entry.posting
    prefix = f"{number}. " if number is not None else ""
    if p is None:
        text = f"{prefix}*{_text(entry.posting_id, 200)}*\n_no longer listed_"
    else:
        text = prefix + _heading(p, now=now, max_url=LIST_URL)
    button = (
        _button(label, action, value=entry.posting_id)
        if len(entry.posting_id) <= MAX_BUTTON_VALUE
        else None
    )
    return _section(text, accessory=button)


def saved_message(
    entries: Sequence[SavedPosting], *, offset: int, total: int, now: datetime
) -> Message:
    """A page of saved jobs (most recent first), each with Remove, and "Next" while more remain.

    `entries` is the page starting at `offset`; cards stop early if the message grows too big
    (the Next button then continues from the first one not shown).
    """
    if total == 0:
        return _say("You have no saved jobs yet. Press *Save* on any job card to keep it here.")
    blocks: list[Block] = []
    size = 0
    shown = 0
    for entry in entries[:SAVED_PAGE_SIZE]:
        card = _compact(entry, now=now, action=Action.UNSAVE, label="Remove")
        size += _size(card)
        if shown and size > MAX_LIST_CHARS:
            break
        blocks.append(card)
        shown += 1
    end = offset + shown
    heading = (
        f"*Your saved jobs* ({offset + 1}–{end} of {total}):" if shown else "*Your saved jobs*:"
    )
    blocks.insert(0, _section(heading))
    if end < total:
        blocks.append(
            ActionsBlock(
                elements=[_button(f"Next {SAVED_PAGE_SIZE}", Action.SAVED_PAGE, value=str(end))]
            )
        )
    text = f"{total} saved jobs: " + "; ".join(
        e.posting.title for e in entries[:shown] if e.posting
    )
    return Message(text=_text(text, 2900), blocks=tuple(blocks))


def hidden_list_message(entries: Sequence[SavedPosting], *, now: datetime) -> Message:
    """The jobs a person hid, numbered as `/jobs unhide <n>` counts them, each with Unhide."""
    if not entries:
        return _say("You haven't hidden any jobs. *Hide* on a job card keeps it out of your way.")
    blocks: list[Block] = [_section("*Jobs you hid* (they never show up for you):")]
    blocks += [
        _compact(entry, now=now, action=Action.UNHIDE, label="Unhide", number=n)
        for n, entry in enumerate(entries[:HIDDEN_LISTED], 1)
    ]
    if len(entries) > HIDDEN_LISTED:
        blocks.append(_section(f"and {len(entries) - HIDDEN_LISTED} more"))
    blocks.append(ContextBlock(elements=[_md("Show one again with `/jobs unhide &lt;n&gt;`.")]))
    return Message(text=f"You hid {len(entries)} jobs.", blocks=tuple(blocks))
