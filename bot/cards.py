"""Pure rendering: search results → Block Kit messages. All text a user sees lives here.

Blocks are built with `slack_sdk.models.blocks`, whose `to_dict()` validates Slack's limits; every
string from a posting or a question is escaped (`bot.mrkdwn`) and cut to its limit with "…"
before it gets there, so a message can never be rejected for length or carry a ping or a link
that did not come from a safe posting URL.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.mrkdwn import escape, link, safe_url, truncate
from index import Hit, Posting, Query, SearchResult

if TYPE_CHECKING:
    from bot.digest import DigestContent
    from bot.store import Subscription

__all__ = [
    "PAGE_SIZE",
    "SUBCOMMANDS",
    "HomeContent",
    "Message",
    "PageRef",
    "SavedPosting",
    "Subcommand",
    "already_subscribed_message",
    "channel_digest_message",
    "describe_query",
    "digest_card",
    "digest_message",
    "feedback_message",
    "gone_message",
    "help_message",
    "hidden_confirmation",
    "hidden_list_message",
    "home_view",
    "job_card",
    "menu_choice",
    "more_like_this_message",
    "needs_database_message",
    "no_hidden_message",
    "no_subscription_message",
    "oops_message",
    "posted_ago",
    "results_message",
    "saved_confirmation",
    "saved_message",
    "schedule_label",
    "share_failed_message",
    "shared_confirmation",
    "shared_message",
    "since_label",
    "subscribed_message",
    "subscriptions_message",
    "too_many_subscriptions_message",
    "unhidden_message",
    "unsubscribed_message",
    "usage_message",
]

PAGE_SIZE = 5
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_SUMMARY = 300
MAX_TAGS = 5
MAX_BLOCKS = 50

# action_ids the listeners register; kept here so the cards and the handlers cannot drift apart.
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
SAVED_PAGE = "saved_page"

MAX_ID_VALUE = 255
"""Save, Hide and 👍/👎 carry the posting id; ids longer than this (never seen in practice: ids are
relative paths) get no such buttons, so five cards stay well under Slack's message size."""

WORKPLACE_BADGE = {"remote": "🌍 Remote", "hybrid": "🏠 Hybrid", "onsite": "🏢 On-site"}

# One table drives the parser's help and the help card (see tests/test_docs.py).
EXAMPLES: tuple[str, ...] = (
    "remote SRE jobs with Terraform",
    "senior python backend in Berlin",
    "hybrid product designer in Toronto posted this week",
    '"machine learning" -crypto full-time',
    "#react contract roles",
)


@dataclass(frozen=True, slots=True)
class Subcommand:
    """How a `/jobs` subcommand is written, and what it does (for help and usage hints)."""

    usage: str
    summary: str


# `/jobs <subcommand>` → usage and what it does. The parser (bot.dispatch) and the help card both
# read this table; tests/test_docs.py checks that help lists every entry.
SUBCOMMANDS: dict[str, Subcommand] = {
    "help": Subcommand("help", "show how to ask and what I understand"),
    "subscribe": Subcommand(
        "subscribe <question> [at HH:MM]", "get new matches by DM every day (default 09:00)"
    ),
    "subscriptions": Subcommand("subscriptions", "list your saved searches, numbered"),
    "unsubscribe": Subcommand("unsubscribe <n>", "stop saved search number n"),
    "saved": Subcommand("saved", "the jobs you saved"),
    "hidden": Subcommand("hidden", "the jobs you hid, numbered"),
    "unhide": Subcommand("unhide <n>", "show hidden job number n again"),
    "digest": Subcommand(
        "digest #channel [question] [at HH:MM]", "post new matches in a channel every day"
    ),
}
MAX_SUBSCRIPTIONS = 20
"""Saved searches per person (and per channel): enough for anyone, and Home stays small."""
SYNTAX: tuple[tuple[str, str], ...] = (
    ("remote / hybrid / on-site", "where the work happens"),
    ("in <place>", "a city, country or region: in Berlin, in NYC, in Europe"),
    ("at <company>", "one company's postings"),
    ("full-time, part-time, contract, internship, freelance", "job type"),
    ("junior … senior, staff, principal", "seniority (ranks matching titles first)"),
    ("today, this week, last 14 days, since 2026-11-01", "how recent"),
    ('"exact phrase"', "must appear as written"),
    ("#tag", "must have this skill or tag"),
    ("-word", "leave out postings that mention it"),
)


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
    """What a "Next 5" or "Share" button needs to reproduce a result page."""

    question: str
    offset: int

    def encode(self) -> str:
        """JSON within a button value's 2000 characters: an absurdly long question is shortened
        (never the JSON cut), so the value always decodes."""
        question = self.question
        while True:
            value = json.dumps({"q": question, "o": self.offset}, ensure_ascii=False)
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
        return cls(data["q"], max(0, int(data.get("o", 0))))


def _text(text: str, limit: int) -> str:
    """Escape and cut untrusted text so the escaped result fits `limit`."""
    cut = truncate(text, limit)
    escaped = escape(cut)
    while len(escaped) > limit:
        cut = truncate(cut, len(cut) - (len(escaped) - limit) - 1)
        escaped = escape(cut)
    return escaped


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


_MARKDOWN_NOISE = re.compile(r"[*_`#>]+|!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)")


def summary_of(posting: Posting) -> str:
    """The posting's summary, or the start of its body with markdown syntax removed."""
    text = posting.summary or posting.body[:1200]
    text = _MARKDOWN_NOISE.sub(lambda m: m.group(1) or " ", text)
    return " ".join(text.split())


def _facts(p: Posting, *, now: datetime) -> list[str]:
    """Company · location · badge · job type · age, escaped."""
    facts = [escape(truncate(x, 120)) for x in (p.company, p.location) if x]
    facts.append(WORKPLACE_BADGE[p.workplace])
    if p.job_type:
        facts.append(escape(truncate(p.job_type, 40)))
    age = posted_ago(p.posted, now=now)
    if age:
        facts.append(age)
    return facts


def _title_link(p: Posting, *, max_url: int = 1500) -> str:
    # Absurdly long URLs are not linked, so a section can never be cut inside a link token.
    return link(p.url if len(p.url) <= max_url else None, truncate(p.title, 200))


def _card_block_id(posting_id: str) -> str:
    return "job-" + hashlib.sha1(posting_id.encode()).hexdigest()[:16]


def job_card(hit: Hit, *, now: datetime) -> list[Block]:
    """One posting: linked title, facts, summary, tags, then Apply, More like this, Save, Hide,
    👍 and 👎 (the last four carry the posting id, so only ids up to `MAX_ID_VALUE`)."""
    p = hit.posting
    facts = _facts(p, now=now)
    if p.archived:
        facts.append("archived")
    heading = truncate(f"*{_title_link(p)}*\n" + " · ".join(facts), MAX_SECTION)
    blocks: list[Block] = [SectionBlock(block_id=_card_block_id(p.id), text=_md(heading))]
    summary = summary_of(p)
    if summary:
        blocks.append(SectionBlock(text=_md(_text(summary, MAX_SUMMARY))))
    context: list[str] = []
    if p.tags:
        context.append(" ".join(f"`{_text(t, 40)}`" for t in p.tags[:MAX_TAGS]))
    if hit.matched:
        context.append("matched: " + ", ".join(f"*{_text(t, 40)}*" for t in hit.matched[:8]))
    if context:
        blocks.append(ContextBlock(elements=[_md(_text_joined(context))]))
    buttons = []
    apply_url = safe_url(p.apply_url) or safe_url(p.url)
    if apply_url:
        buttons.append(_button("Apply", APPLY, url=apply_url, value=p.id[:MAX_BUTTON_VALUE]))
    if len(p.id) <= MAX_BUTTON_VALUE:
        buttons.append(_button("More like this", MORE_LIKE_THIS, value=p.id))
    if len(p.id) <= MAX_ID_VALUE:
        buttons += [
            _button("Save", SAVE, value=p.id),
            _button("Hide", HIDE, value=p.id),
            _button("👍", VOTE_UP, value=p.id),
            _button("👎", VOTE_DOWN, value=p.id),
        ]
    if buttons:
        blocks.append(ActionsBlock(elements=buttons))
    return blocks


def _text_joined(parts: Sequence[str]) -> str:
    return truncate("  ·  ".join(parts), MAX_SECTION)


def describe_query(query: Query) -> str:
    """What jobbot understood, as escaped mrkdwn: "*sre, terraform* · remote · in Berlin"."""
    parts: list[str] = []
    words = [*query.terms, *(f"#{t}" for t in query.tags), *(f'"{p}"' for p in query.phrases)]
    if words:
        parts.append("*" + _text(", ".join(words), 300) + "*")
    if query.workplace:
        parts.append(WORKPLACE_BADGE[query.workplace].split(" ", 1)[1].lower())
    if query.location:
        parts.append(f"in {_text(query.location, 80)}")
    if query.company:
        parts.append(f"at {_text(query.company, 80)}")
    if query.job_type:
        parts.append(query.job_type)
    if query.seniority:
        parts.append(f"{query.seniority} first")
    if query.recency:
        parts.append(_text(query.recency, 40))
    if query.excluded:
        parts.append("without " + _text(", ".join(query.excluded), 100))
    return " · ".join(parts) or "everything"


_FILTER_NAMES = {
    "workplace": "the workplace",
    "location": "the place",
    "company": "the company",
    "job_type": "the job type",
    "since": "the date range",
}


def results_message(
    result: SearchResult, *, now: datetime, shared_by: str | None = None
) -> Message:
    """The answer to a question: what was understood, up to 5 cards, Next / Share buttons.

    When filters left nothing but the words match, the best matches without the filters are
    shown under a line saying which filter emptied the result.
    """
    if not result.hits and result.offset > 0 and result.total > 0:
        text = f"That was all: {result.total} postings match {describe_query(result.query)}."
        return Message(text=plain_fallback(text), blocks=(SectionBlock(text=_md(text)),))
    if not result.hits and not result.suggestions:
        return no_results_message(result)
    understood = describe_query(result.query)
    hits = result.hits or result.suggestions
    if result.hits:
        shown = f"{result.offset + 1}–{result.offset + len(hits)} of {result.total}"
        line = f"Searched for {understood} — {shown} matching postings."
    else:
        what = _FILTER_NAMES.get(result.emptied_by or "", "a filter")
        line = (
            f"No jobs for {understood}: {what} left no postings. "
            "Here are the closest matches without the filters:"
        )
    if shared_by:
        # Only a real user id becomes a mention token; anything else is plain words.
        who = f"<@{shared_by}>" if re.fullmatch(r"[UW][A-Z0-9]{2,20}", shared_by) else "Someone"
        line = f"{who} shared: {line}"
    blocks: list[Block] = [SectionBlock(text=_md(truncate(line, MAX_SECTION)))]
    for hit in hits:
        blocks.append(DividerBlock())
        blocks.extend(job_card(hit, now=now))
    if not shared_by:
        nav = []
        if result.hits and result.has_more:
            nxt = PageRef(result.query.text, result.offset + len(hits)).encode()
            nav.append(_button(f"Next {PAGE_SIZE}", NEXT_PAGE, value=nxt))
        if result.hits:
            ref = PageRef(result.query.text, result.offset).encode()
            nav.append(_button("Share in channel", SHARE, value=ref))
        nav.extend(_subscribe_button(result.query))
        blocks.append(DividerBlock())
        blocks.append(ActionsBlock(elements=nav))
    titles = "; ".join(h.posting.title for h in hits)
    text = f"{result.total} jobs for {result.query.text or 'your question'}: {titles}"
    return Message(text=_text(text, 2900), blocks=tuple(blocks[:MAX_BLOCKS]))


def plain_fallback(text: str) -> str:
    """Notification text: the same words without mrkdwn emphasis."""
    return truncate(text.replace("*", ""), 2900)


def _subscribe_button(query: Query) -> list[ButtonElement]:
    """ "Get these daily": saves the question (already at most 500 characters) as a search."""
    question = query.text.strip()
    if not question or len(question) > MAX_BUTTON_VALUE:
        return []
    return [_button("Get these daily", SUBSCRIBE, value=question)]


def shared_message(result: SearchResult, *, user_id: str, now: datetime) -> Message:
    """The same cards posted in the channel, attributed to the person who shared them."""
    return results_message(result, now=now, shared_by=user_id or "someone")


def no_results_message(result: SearchResult) -> Message:
    """Nothing found: say what was searched, which filter emptied it, and what to try instead."""
    query = result.query
    understood = describe_query(query)
    if result.emptied_by:
        what = _FILTER_NAMES.get(result.emptied_by, result.emptied_by)
        reason = f"{what} left no postings"
    elif result.unknown_terms:
        reason = "no posting mentions " + _text(", ".join(result.unknown_terms), 200)
    else:
        reason = "no posting matches all of it"
    tips = _suggestions(query)
    text = f"No jobs for {understood}: {reason}.\nTry {tips}."
    blocks: list[Block] = [SectionBlock(text=_md(truncate(text, MAX_SECTION)))]
    subscribe = _subscribe_button(query)
    if subscribe:
        blocks.append(
            ContextBlock(elements=[_md("Or get a DM each day when matching jobs appear:")])
        )
        blocks.append(ActionsBlock(elements=subscribe))
    return Message(text=truncate(f"No jobs found: {reason}.", 2900), blocks=tuple(blocks))


def _suggestions(query: Query) -> str:
    ideas: list[str] = []
    if query.has_filters:
        ideas.append("dropping a filter (place, company, job type or date)")
    if query.phrases or query.tags:
        ideas.append("plain words instead of quotes or #tags")
    if len(query.terms) > 2:
        ideas.append("fewer words")
    ideas.append(f"for example `{EXAMPLES[0]}`")
    return ", or ".join(ideas)


def more_like_this_message(source: Posting, hits: Sequence[Hit], *, now: datetime) -> Message:
    """Postings similar to one the user clicked."""
    title = _text(source.title, 200)
    if not hits:
        text = f"Nothing else looks like *{title}* yet."
        return Message(
            text=f"Nothing similar to {source.title}", blocks=(SectionBlock(text=_md(text)),)
        )
    blocks: list[Block] = [SectionBlock(text=_md(f"Jobs like *{title}*:"))]
    for hit in hits[:PAGE_SIZE]:
        blocks.append(DividerBlock())
        blocks.extend(job_card(hit, now=now))
    fallback = f"Jobs like {source.title}: " + "; ".join(h.posting.title for h in hits)
    return Message(text=_text(fallback, 2900), blocks=tuple(blocks))


def help_message(*, command: str = "/jobs") -> Message:
    """Usage with examples: shown for `/jobs help`, an empty `/jobs`, or "hi" in a DM."""
    examples = "\n".join(f"• `{command} {escape(e)}`" for e in EXAMPLES)
    syntax = "\n".join(f"• `{escape(k)}` — {escape(v)}" for k, v in SYNTAX)
    commands = "\n".join(
        f"• `{command} {escape(c.usage)}` — {escape(c.summary)}" for c in SUBCOMMANDS.values()
    )
    blocks: tuple[Block, ...] = (
        HeaderBlock(text=PlainTextObject(text="Find jobs in plain words")),
        SectionBlock(text=_md(f"Ask `{command} <question>`, or just message me. Try:\n{examples}")),
        SectionBlock(text=_md(f"*What I understand*\n{syntax}")),
        SectionBlock(text=_md(f"*Commands*\n{commands}")),
        ContextBlock(
            elements=[
                _md(
                    "Each answer shows 5 jobs: *Next 5* for more, *Share* to post them, *Save* "
                    "or *Hide* a job, 👍/👎 to tell me, *Get these daily* for a daily DM."
                )
            ]
        ),
    )
    return Message(
        text=f"Ask me for jobs in plain words, e.g. {command} {EXAMPLES[0]}", blocks=blocks
    )


def oops_message() -> Message:
    """The one polite answer for an unexpected error (details stay in the logs)."""
    text = "Sorry, something went wrong on my side while answering. Please try again in a moment."
    return Message(text=text, blocks=(SectionBlock(text=_md(text)),))


def gone_message() -> Message:
    """A button pointed at a posting that is no longer in the index."""
    text = "That posting is no longer listed. Ask me again to see what is open now."
    return Message(text=text, blocks=(SectionBlock(text=_md(text)),))


def shared_confirmation(channel_id: str | None) -> Message:
    """Told privately to the person who clicked Share, once the cards are in the channel."""
    where = (
        f"<#{channel_id}>"
        if channel_id and re.fullmatch(r"[CGD][A-Z0-9]{2,20}", channel_id)
        else None
    )
    text = f"Shared in {where}." if where else "Shared in this conversation."
    return Message(text=text, blocks=(SectionBlock(text=_md(f":white_check_mark: {text}")),))


def share_failed_message() -> Message:
    """Share was clicked where jobbot cannot post (a private channel it is not in)."""
    text = (
        "I can't post in this conversation. Invite me first (`/invite @jobbot`), "
        "then press Share again."
    )
    return Message(text=text, blocks=(SectionBlock(text=_md(text)),))


# ---------------------------------------------------------------------- digests

DIGEST_CARDS = 10
DIGEST_SUMMARY = 160
MAX_DIGEST_CHARS = 11_000  # of block JSON; Slack has refused messages near 13k (DESIGN.md §4)
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


def _size(block: Block) -> int:
    return len(json.dumps(block.to_dict(), ensure_ascii=False))


def digest_card(posting: Posting, *, now: datetime) -> list[Block]:
    """A compact card for digests: one section (title, facts, a short summary) with a "⋯" menu:
    More like this, Save, Hide. The posting id rides in the block id ("job-<id>", read back by
    `menu_choice`), once, instead of in each of the three option values.

    Ten full `job_card`s would fill all 50 blocks and come near the ~13k characters at which
    Slack rejects a message; one block per posting keeps a 10-card digest well under that.
    An id too long for a block id keeps a plain More like this button.
    """
    p = posting
    text = f"*{_title_link(p)}*\n" + " · ".join(_facts(p, now=now))
    summary = summary_of(p)
    if summary:
        text += "\n" + _text(summary, DIGEST_SUMMARY)
    accessory: OverflowMenuElement | ButtonElement | None = None
    block_id = _card_block_id(p.id)
    if len(MENU_BLOCK_PREFIX + p.id) <= MAX_BLOCK_ID:
        block_id = MENU_BLOCK_PREFIX + p.id
        options = [
            Option(value=value, text=PlainTextObject(text=label, emoji=None))
            for label, value, _ in _MENU
        ]
        accessory = OverflowMenuElement(action_id=CARD_MENU, options=options)
    elif len(p.id) <= MAX_BUTTON_VALUE:
        accessory = _button("More like this", MORE_LIKE_THIS, value=p.id)
    section = SectionBlock(
        block_id=block_id, text=_md(truncate(text, MAX_SECTION)), accessory=accessory
    )
    return [section]


MENU_BLOCK_PREFIX = "job-"
MAX_BLOCK_ID = 255
# (label, option value, the action it stands for): short values keep ten menus small.
_MENU = (("More like this", "more", MORE_LIKE_THIS), ("Save", "save", SAVE), ("Hide", "hide", HIDE))


def menu_choice(block_id: str, value: str) -> tuple[str, str]:
    """A digest card's menu pick → (action: `MORE_LIKE_THIS`, `SAVE` or `HIDE`; posting id).

    :raises ValueError: not a block and value `digest_card` produced.
    """
    posting_id = block_id.removeprefix(MENU_BLOCK_PREFIX)
    actions = {option: action for _, option, action in _MENU}
    if posting_id == block_id or not posting_id or value not in actions:
        raise ValueError("not a card menu choice")
    return actions[value], posting_id


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
    for posting in content.postings[:DIGEST_CARDS]:
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
                elements=[_button("Unsubscribe", UNSUBSCRIBE, value=str(subscription_id))],
            )
        )
    titles = "; ".join(p.title for p in shown)
    return Message(text=_text(f"{header}: {titles}", 2900), blocks=tuple(blocks[:MAX_BLOCKS]))


# ---------------------------------------------------------------------- saved searches and jobs

SAVED_PAGE_SIZE = 10
HOME_SAVED = 30
LIST_QUESTION = 100  # characters of a saved question shown in lists
LIST_URL = 500  # compact list entries link titles only for URLs up to this long
CHANNEL_LISTED = 10
HIDDEN_LISTED = 20
MAX_LIST_CHARS = 11_000  # of block JSON, as for digests
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class SavedPosting:
    """A saved or hidden job: its id, and the posting while it is still listed."""

    posting_id: str
    posting: Posting | None


@dataclass(frozen=True, slots=True)
class HomeContent:
    """What the Home tab shows one person; `saved` may be the first few of `saved_total`."""

    subscriptions: Sequence[Subscription] = ()
    saved: Sequence[SavedPosting] = ()
    saved_total: int = 0
    database: bool = True


def _section(text: str, *, accessory: ButtonElement | None = None) -> SectionBlock:
    return SectionBlock(text=_md(truncate(text, MAX_SECTION)), accessory=accessory)


def _say(text: str, *, more: Sequence[Block] = ()) -> Message:
    """A short answer: one section (and optional blocks), with a plain fallback."""
    return Message(text=plain_fallback(text), blocks=(_section(text), *more))


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


def usage_message(name: str, problem: str) -> Message:
    """A subcommand written wrongly: what was wrong and how it is written."""
    usage = SUBCOMMANDS[name].usage
    return _say(f"{escape(problem)}\nUsage: `/jobs {escape(usage)}`")


def needs_database_message() -> Message:
    """Saving needs the database, and this jobbot runs without one."""
    return _say(
        "I can't save anything here: this jobbot runs without its database "
        "(set `JOBBOT_DATABASE`). Searching still works."
    )


def subscribed_message(sub: Subscription, *, number: int, channel_zone: str = "UTC") -> Message:
    """Confirms a new saved search, with an Undo (Unsubscribe) button."""
    text = (
        f"✅ Saved search {number}: *{_question(sub.question, limit=300)}*. "
        f"I'll DM you new matches {schedule_label(sub, channel_zone=channel_zone)}. "
        f"`/jobs subscriptions` lists your searches; `/jobs unsubscribe {number}` stops this one."
    )
    undo = ActionsBlock(elements=[_button("Undo", UNSUBSCRIBE, value=str(sub.id))])
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
    undo = ActionsBlock(elements=[_button("Undo", UNSUBSCRIBE, value=str(sub.id))])
    return _say(text, more=(undo,))


def _subscription_line(sub: Subscription, label: str, *, channel_zone: str) -> SectionBlock:
    text = f"{label}*{_question(sub.question)}* — {schedule_label(sub, channel_zone=channel_zone)}"
    return _section(text, accessory=_button("Remove", UNSUBSCRIBE, value=str(sub.id)))


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
        blocks.append(ContextBlock(elements=[_md("Stop one with `/jobs unsubscribe <n>`.")]))
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


def no_subscription_message(number: int | None = None) -> Message:
    if number is None:
        return _say("That saved search is already gone.")
    return _say(f"You have no saved search number {number}. `/jobs subscriptions` lists them.")


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
        more.append(ActionsBlock(elements=[_button("Undo", UNHIDE, value=entry.posting_id)]))
    return _say(text, more=more)


def unhidden_message(entry: SavedPosting) -> Message:
    return _say(f"*{_title(entry)}* is back: it can show up in answers and digests again.")


def no_hidden_message(number: int) -> Message:
    return _say(f"You have no hidden job number {number}. `/jobs hidden` lists them.")


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
        facts = " · ".join(_facts(p, now=now))
        text = f"{prefix}*{_title_link(p, max_url=LIST_URL)}*\n{facts}"
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
        card = _compact(entry, now=now, action=UNSAVE, label="Remove")
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
            ActionsBlock(elements=[_button(f"Next {SAVED_PAGE_SIZE}", SAVED_PAGE, value=str(end))])
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
        _compact(entry, now=now, action=UNHIDE, label="Unhide", number=n)
        for n, entry in enumerate(entries[:HIDDEN_LISTED], 1)
    ]
    if len(entries) > HIDDEN_LISTED:
        blocks.append(_section(f"and {len(entries) - HIDDEN_LISTED} more"))
    blocks.append(ContextBlock(elements=[_md("Show one again with `/jobs unhide <n>`.")]))
    return Message(text=f"You hid {len(entries)} jobs.", blocks=tuple(blocks))


def home_view(content: HomeContent, *, now: datetime) -> dict[str, Any]:
    """The App Home tab: how to ask, the person's saved searches and saved jobs (each with
    Remove), never "work in progress". At most `HOME_SAVED` jobs, then "and N more"; validated
    by slack_sdk's `View` (at most 100 blocks)."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text="Find jobs in plain words")),
        _section(
            "Ask with `/jobs <question>` in any channel, or write to me in the *Messages* tab. "
            f"Try `/jobs {escape(EXAMPLES[0])}`."
        ),
        ContextBlock(
            elements=[
                _md(
                    "Under every answer: *Save*, *Hide* and 👍/👎 on each job, and *Get these "
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
    if not subs:
        blocks.append(
            ContextBlock(
                elements=[
                    _md(
                        "None yet: `/jobs subscribe <question>`, "
                        "or *Get these daily* under an answer."
                    )
                ]
            )
        )
    blocks += [DividerBlock(), HeaderBlock(text=PlainTextObject(text="Saved jobs"))]
    saved = list(content.saved)[:HOME_SAVED]
    blocks += [_compact(entry, now=now, action=UNSAVE, label="Remove") for entry in saved]
    more = max(content.saved_total, len(content.saved)) - len(saved)
    if more > 0:
        blocks.append(_section(f"and {more} more — `/jobs saved`"))
    if not saved:
        blocks.append(ContextBlock(elements=[_md("None yet: press *Save* on any job card.")]))
    return View(type="home", blocks=blocks).to_dict()
