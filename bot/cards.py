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
    PlainTextObject,
    SectionBlock,
)

from bot.mrkdwn import escape, link, safe_url, truncate
from index import Hit, Posting, Query, SearchResult

if TYPE_CHECKING:
    from bot.digest import DigestContent

__all__ = [
    "PAGE_SIZE",
    "SUBCOMMANDS",
    "Message",
    "PageRef",
    "describe_query",
    "digest_card",
    "digest_message",
    "gone_message",
    "help_message",
    "home_view",
    "job_card",
    "more_like_this_message",
    "oops_message",
    "posted_ago",
    "results_message",
    "share_failed_message",
    "shared_confirmation",
    "shared_message",
    "since_label",
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

WORKPLACE_BADGE = {"remote": "🌍 Remote", "hybrid": "🏠 Hybrid", "onsite": "🏢 On-site"}

# One table drives the parser's help and the help card (see tests/test_docs.py).
EXAMPLES: tuple[str, ...] = (
    "remote SRE jobs with Terraform",
    "senior python backend in Berlin",
    "hybrid product designer in Toronto posted this week",
    '"machine learning" -crypto full-time',
    "#react contract roles",
)
# `/jobs <subcommand>` → what it does. The parser (bot.dispatch) and the help card both read this.
SUBCOMMANDS: dict[str, str] = {
    "help": "show how to ask and what I understand",
}
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
        return json.dumps({"q": self.question, "o": self.offset}, ensure_ascii=False)

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


def job_card(hit: Hit, *, now: datetime) -> list[Block]:
    """One posting: linked title, company · location · badge · age, summary, tags, buttons."""
    p = hit.posting
    # Absurdly long URLs are not linked, so the section can never be cut inside a link token.
    title = link(p.url if len(p.url) <= 1500 else None, truncate(p.title, 200))
    facts = [escape(truncate(x, 120)) for x in (p.company, p.location) if x]
    facts.append(WORKPLACE_BADGE[p.workplace])
    if p.job_type:
        facts.append(escape(truncate(p.job_type, 40)))
    age = posted_ago(p.posted, now=now)
    if age:
        facts.append(age)
    if p.archived:
        facts.append("archived")
    heading = truncate(f"*{title}*\n" + " · ".join(facts), MAX_SECTION)
    block_id = "job-" + hashlib.sha1(p.id.encode()).hexdigest()[:16]
    blocks: list[Block] = [SectionBlock(block_id=block_id, text=_md(heading))]
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
    if not shared_by and result.hits:
        nav = []
        if result.has_more:
            nxt = PageRef(result.query.text, result.offset + len(hits)).encode()
            nav.append(_button(f"Next {PAGE_SIZE}", NEXT_PAGE, value=_fit(nxt)))
        ref = PageRef(result.query.text, result.offset).encode()
        nav.append(_button("Share in channel", SHARE, value=_fit(ref)))
        blocks.append(DividerBlock())
        blocks.append(ActionsBlock(elements=nav))
    titles = "; ".join(h.posting.title for h in hits)
    text = f"{result.total} jobs for {result.query.text or 'your question'}: {titles}"
    return Message(text=_text(text, 2900), blocks=tuple(blocks[:MAX_BLOCKS]))


def plain_fallback(text: str) -> str:
    """Notification text: the same words without mrkdwn emphasis."""
    return truncate(text.replace("*", ""), 2900)


def _fit(value: str) -> str:
    return value if len(value) <= MAX_BUTTON_VALUE else value[:MAX_BUTTON_VALUE]


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
    blocks = (SectionBlock(text=_md(truncate(text, MAX_SECTION))),)
    return Message(text=truncate(f"No jobs found: {reason}.", 2900), blocks=blocks)


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
    commands = "\n".join(f"• `{command} {k}` — {escape(v)}" for k, v in SUBCOMMANDS.items())
    blocks: tuple[Block, ...] = (
        HeaderBlock(text=PlainTextObject(text="Find jobs in plain words")),
        SectionBlock(text=_md(f"Ask `{command} <question>`, or just message me. Try:\n{examples}")),
        SectionBlock(text=_md(f"*What I understand*\n{syntax}")),
        SectionBlock(text=_md(f"*Commands*\n{commands}")),
        ContextBlock(
            elements=[
                _md("Each answer shows 5 jobs; use *Next 5* for more and *Share* to post them.")
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


def home_view() -> dict[str, Any]:
    """The App Home tab: the help card, so the tab never shows "work in progress"."""
    return {"type": "home", "blocks": help_message().to_blocks()}


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
    """A compact card for digests: one section (title, facts, a short summary) + "More like this".

    Ten full `job_card`s would fill all 50 blocks and come near the ~13k characters at which
    Slack rejects a message; one block per posting keeps a 10-card digest at about half that.
    """
    p = posting
    title = link(p.url if len(p.url) <= 1500 else None, truncate(p.title, 200))
    facts = [escape(truncate(x, 120)) for x in (p.company, p.location) if x]
    facts.append(WORKPLACE_BADGE[p.workplace])
    if p.job_type:
        facts.append(escape(truncate(p.job_type, 40)))
    age = posted_ago(p.posted, now=now)
    if age:
        facts.append(age)
    text = f"*{title}*\n" + " · ".join(facts)
    summary = summary_of(p)
    if summary:
        text += "\n" + _text(summary, DIGEST_SUMMARY)
    block_id = "job-" + hashlib.sha1(p.id.encode()).hexdigest()[:16]
    accessory = (
        _button("More like this", MORE_LIKE_THIS, value=p.id)
        if len(p.id) <= MAX_BUTTON_VALUE
        else None
    )
    section = SectionBlock(
        block_id=block_id, text=_md(truncate(text, MAX_SECTION)), accessory=accessory
    )
    return [section]


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
