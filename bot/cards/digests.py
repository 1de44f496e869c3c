"""Daily digests: "7 new jobs since Tuesday", compact job cards with a "⋯" menu, "and N more"."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    OverflowMenuElement,
    PlainTextObject,
    SectionBlock,
)

from bot.cards.base import (
    MAX_BLOCK_ID,
    MAX_BLOCKS,
    MAX_BUTTON_VALUE,
    MAX_HEADER,
    MAX_SECTION,
    MENU_BLOCK_PREFIX,
    Action,
    Message,
    _button,
    _card_block_id,
    _heading,
    _md,
    _size,
    _text,
    card_menu,
    menu_choice,
    summary_of,
)
from bot.digests.content import DIGEST_CAP, DigestContent
from bot.mrkdwn import truncate
from index import Posting

__all__ = [
    "DIGEST_FOOTER_ALLOWANCE",
    "DIGEST_SUMMARY",
    "MAX_BLOCK_ID",
    "MAX_DIGEST_CHARS",
    "MENU_BLOCK_PREFIX",
    "digest_card",
    "digest_message",
    "menu_choice",
    "since_label",
    "unfurl_message",
]

DIGEST_SUMMARY = 160
MAX_DIGEST_CHARS = 11_000
"""Of block JSON: Slack has refused messages near 13k (docs/architecture.md, "Slack rules")."""
DIGEST_FOOTER_ALLOWANCE = 600  # the "and N more" line and the Unsubscribe button
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def since_label(day: date, *, today: date) -> str:
    """When the previous digest went out, in words: "yesterday", "Tuesday", "3 March"."""
    days = (today - day).days
    if days <= 0:
        return "earlier today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return _WEEKDAYS[day.weekday()]
    label = f"{day.day} {_MONTHS[day.month - 1]}"
    return label if day.year == today.year else f"{label} {day.year}"


def digest_card(posting: Posting, *, now: datetime) -> list[Block]:
    """A compact card for digests: one section (title, facts, a short summary) with a "⋯" menu:
    More like this, Save, Hide. The posting id rides in the block id ("job-<id>", read back by
    `menu_choice`), once, instead of in each of the three option values.

    Ten full `job_card`s would fill all 50 blocks and come near the ~13k characters at which
    Slack rejects a message; one block per posting keeps a 10-card digest well under that.
    An id too long for a block id keeps a plain More like this button.
    """
    p = posting
    text = _heading(p, now=now)
    summary = summary_of(p)
    if summary:
        text += "\n" + _text(summary, DIGEST_SUMMARY)
    accessory: OverflowMenuElement | ButtonElement | None = None
    block_id = _card_block_id(p.id)
    if len(MENU_BLOCK_PREFIX + p.id) <= MAX_BLOCK_ID:
        block_id = MENU_BLOCK_PREFIX + p.id
        accessory = card_menu()
    elif len(p.id) <= MAX_BUTTON_VALUE:
        accessory = _button("More like this", Action.MORE_LIKE_THIS, value=p.id)
    section = SectionBlock(
        block_id=block_id, text=_md(truncate(text, MAX_SECTION)), accessory=accessory
    )
    return [section]


def unfurl_message(posting: Posting, *, now: datetime) -> Message:
    """A pasted job link, unfurled: the posting's compact card (as in digests)."""
    return Message(text=_text(posting.title, 200), blocks=tuple(digest_card(posting, now=now)))


def digest_message(
    content: DigestContent,
    *,
    target_kind: Literal["user", "channel"],
    question: str,
    since_label: str | None,
    now: datetime,
    subscription_id: int | None = None,
) -> Message:
    """One grouped digest: "7 new jobs since Tuesday", up to 10 cards, "and N more", Unsubscribe.

    `content.postings` is already ranked (by the question, newest first without one) and capped.
    `since_label` None means the target's first digest. A subscription's digest carries an
    Unsubscribe button (action_id "unsubscribe", value: the subscription id). At most
    4 + 2 × 10 blocks, well under Slack's 50; cards stop early (and count as "more") if the
    blocks would pass `MAX_DIGEST_CHARS`, so extreme postings cannot get the message refused.
    """
    total = content.total
    jobs = "job" if total == 1 else "jobs"
    if since_label:
        header = f"{total} new {jobs} since {since_label}"
    else:
        first = "Your first digest" if target_kind == "user" else "First digest"
        header = f"{first}: {total} {jobs}"
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=truncate(header, MAX_HEADER)))]
    if question.strip():
        whose = "Your saved search" if target_kind == "user" else "Saved search"
        intro = f"{whose}: *{_text(question.strip(), 300)}*"
    else:
        intro = "All new postings, newest first."
    blocks.append(ContextBlock(elements=[_md(intro)]))
    size = sum(_size(b) for b in blocks) + DIGEST_FOOTER_ALLOWANCE
    shown: list[Posting] = []
    for posting in content.postings[:DIGEST_CAP]:
        card: list[Block] = [DividerBlock(), *digest_card(posting, now=now)]
        size += sum(_size(b) for b in card)
        if shown and size > MAX_DIGEST_CHARS:
            break  # very long postings: fewer cards, the rest counted in "and N more"
        blocks.extend(card)
        shown.append(posting)
    more = total - len(shown)
    if more > 0:
        ask = " ".join(question.replace("`", "'").split()) or "<question>"
        line = f"and {more} more — ask `/jobs {_text(ask, 300)}` to see them"
        blocks.append(SectionBlock(text=_md(line)))
    if subscription_id is not None:
        blocks.append(
            ActionsBlock(
                block_id="digest-actions",
                elements=[_button("Unsubscribe", Action.UNSUBSCRIBE, value=str(subscription_id))],
            )
        )
    titles = "; ".join(p.title for p in shown)
    return Message(text=_text(f"{header}: {titles}", 2900), blocks=tuple(blocks[:MAX_BLOCKS]))
