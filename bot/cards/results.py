"""Answers to a question: what was understood, job cards, Next / Share / Get these daily, and the
"no results" and "more like this" answers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    OverflowMenuElement,
    SectionBlock,
)

from bot.cards.base import (
    MAX_BLOCK_ID,
    MAX_BLOCKS,
    MAX_BUTTON_VALUE,
    MAX_LINKED_URL,
    MAX_SECTION,
    MAX_SUMMARY,
    MAX_TAGS,
    MENU_BLOCK_PREFIX,
    PAGE_SIZE,
    WORKPLACE_BADGE,
    Action,
    Message,
    PageRef,
    _button,
    _card_block_id,
    _heading,
    _md,
    _say,
    _text,
    _text_joined,
    card_menu,
    feedback_block,
    logo_of,
    summary_of,
    user_mention,
)
from bot.cards.help import EXAMPLES
from bot.mrkdwn import escape, link, safe_url, truncate
from index import Hit, Posting, Query, SearchResult, pay_ask_label

__all__ = [
    "describe_query",
    "job_card",
    "more_like_this_message",
    "no_results_message",
    "results_message",
    "share_failed_message",
    "shared_confirmation",
    "shared_message",
]


def job_card(hit: Hit, *, now: datetime) -> list[Block]:
    """One posting, compact: the linked title, facts (pay, date) and a short summary beside the
    company logo; tags and what matched; Apply and a "⋯" menu (More like this, Save, Hide); and
    Slack's 👍/👎 feedback buttons. Two interactive elements besides Apply, whatever the posting.

    The menu and the feedback buttons carry the posting id in their block ids, so an id longer
    than a block id allows keeps only a More like this button.
    """
    p = hit.posting
    text = _heading(p, now=now, show_archived=True)
    summary = summary_of(p)
    if summary:
        text += "\n" + _text(summary, MAX_SUMMARY)
    blocks: list[Block] = [
        SectionBlock(
            block_id=_card_block_id(p.id),
            text=_md(truncate(text, MAX_SECTION)),
            accessory=logo_of(p),
        )
    ]
    context: list[str] = []
    if p.tags:
        context.append(" ".join(f"`{_text(t, 40)}`" for t in p.tags[:MAX_TAGS]))
    if hit.matched:
        context.append("matched: " + ", ".join(f"*{_text(t, 40)}*" for t in hit.matched[:8]))
    if hit.copies:
        context.append(_also_posted(hit.copies))
    if context:
        blocks.append(ContextBlock(elements=[_md(_text_joined(context))]))
    elements: list[ButtonElement | OverflowMenuElement] = []
    apply_url = safe_url(p.apply_url) or safe_url(p.url)
    if apply_url:
        elements.append(
            _button("Apply", Action.APPLY, url=apply_url, value=p.id[:MAX_BUTTON_VALUE])
        )
    block_id = None
    if len(MENU_BLOCK_PREFIX + p.id) <= MAX_BLOCK_ID:
        block_id = MENU_BLOCK_PREFIX + p.id
        elements.append(card_menu())
    elif len(p.id) <= MAX_BUTTON_VALUE:
        elements.append(_button("More like this", Action.MORE_LIKE_THIS, value=p.id))
    if elements:
        blocks.append(ActionsBlock(block_id=block_id, elements=elements))
    feedback = feedback_block(p.id)
    if feedback is not None:
        blocks.append(feedback)
    return blocks


def _also_posted(copies: Sequence[Posting]) -> str:
    """ "also posted 2 more times: <url|Acme> · <url|remotewlb>" (a folded near-duplicate)."""
    places = []
    for copy in copies[:2]:
        where = copy.company or copy.id.split("/", 1)[0]
        places.append(
            link(copy.url if len(copy.url) <= MAX_LINKED_URL else None, truncate(where, 40))
        )
    times = "once more" if len(copies) == 1 else f"{len(copies)} more times"
    return f"also posted {times}: " + " · ".join(places)


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
    if query.pay:
        parts.append("paying " + escape(pay_ask_label(query.pay)))
    if query.seniority:
        parts.append(f"{query.seniority} first")
    if query.recency:
        parts.append(_text(query.recency, 40))
    if query.excluded:
        parts.append("without " + _text(", ".join(query.excluded), 100))
    if query.sort == "newest":
        parts.append("newest first")
    return " · ".join(parts) or "everything"


def _answer_line(query: Query, shown: str) -> str:
    """The first line of an answer: "Searched for *sre* · remote — 1–5 of 40 matching
    postings."; without words, what the postings were filtered by ("Postings: in Berlin ·
    paying ≥ 100k a year — …"), or "All postings — …" when nothing was asked but an order."""
    understood = describe_query(query)
    if query.terms or query.tags or query.phrases:
        return f"Searched for {understood} — {shown} matching postings."
    if query.has_filters or query.excluded:
        return f"Postings: {understood} — {shown}."
    if query.seniority:  # a level alone lists the postings at that level
        return f"Postings at the {_text(query.seniority, 40)} level — {shown}."
    order = ", newest first" if query.sort == "newest" else ""
    return f"All postings{order} — {shown}."


def _relaxed_phrase(name: str, query: Query) -> str:
    """What a dropped filter asked for, as the answer names it."""
    match name:
        case "words":
            return "all of " + _text(", ".join(query.terms), 200)
        case "workplace" if query.workplace:
            return WORKPLACE_BADGE[query.workplace].split(" ", 1)[1].lower() + " work"
        case "location" if query.location:
            return "a place in " + _text(query.location, 80)
        case "company" if query.company:
            return "the company " + _text(query.company, 80)
        case "job_type" if query.job_type:
            return _text(query.job_type, 40) + " jobs"
        case "since" if query.recency:
            at = "in the " if query.recency.startswith(("last ", "past ")) else ""
            return "a posting date " + at + _text(query.recency, 40)
        case "salary" if query.pay:
            return "a stated pay of " + escape(pay_ask_label(query.pay))
    return "one of the filters"


def results_message(
    result: SearchResult,
    *,
    now: datetime,
    shared_by: str | None = None,
    channel: str | None = None,
) -> Message:
    """The answer to a question: what was understood, up to 5 cards, Next / Share buttons
    (bound to `channel`, the conversation the answer is given in).

    When filters left nothing but the words match, the best matches without the filters are
    shown under a line saying which filter emptied the result.
    """
    if not result.hits and result.offset > 0 and result.total > 0:
        return _say(f"That was all: {result.total} postings match {describe_query(result.query)}.")
    if not result.hits and not result.suggestions:
        return no_results_message(result)
    understood = describe_query(result.query)
    hits = result.hits or result.suggestions
    shown = f"{result.offset + 1}–{result.offset + len(hits)} of {result.total}"
    if result.relaxed:
        missing = " and ".join(_relaxed_phrase(name, result.query) for name in result.relaxed)
        line = f"No posting matches {understood}: none has {missing}. Without that — {shown}:"
    else:
        line = _answer_line(result.query, shown)
    if result.no_pay == 1:
        line += " 1 more matches but states no pay."
    elif result.no_pay:
        line += f" {result.no_pay:,} more match but state no pay."
    line = _spelling_note(result.query) + line
    if shared_by:
        who = user_mention(shared_by) or "Someone"
        line = f"{who} shared: {line}"
    blocks: list[Block] = [SectionBlock(text=_md(truncate(line, MAX_SECTION)))]
    for hit in hits:
        blocks.append(DividerBlock())
        blocks.extend(job_card(hit, now=now))
    if not shared_by:
        nav = []
        if result.hits and result.has_more:
            nxt = PageRef(result.query.text, result.offset + len(hits), channel).encode()
            nav.append(_button(f"Next {PAGE_SIZE}", Action.NEXT_PAGE, value=nxt))
        if result.hits:
            ref = PageRef(result.query.text, result.offset, channel).encode()
            nav.append(_button("Share in channel", Action.SHARE, value=ref))
        nav.extend(_subscribe_button(result.query))
        blocks.append(DividerBlock())
        blocks.append(ActionsBlock(elements=nav))
    titles = "; ".join(h.posting.title for h in hits)
    text = f"{result.total} jobs for {result.query.text or 'your question'}: {titles}"
    return Message(text=_text(text, 2900), blocks=tuple(blocks[:MAX_BLOCKS]))


def _subscribe_button(query: Query) -> list[ButtonElement]:
    """ "Get these daily": saves the question (already at most 500 characters) as a search."""
    question = query.text.strip()
    if not question or len(question) > MAX_BUTTON_VALUE:
        return []
    return [_button("Get these daily", Action.SUBSCRIBE, value=question)]


def shared_message(result: SearchResult, *, user_id: str, now: datetime) -> Message:
    """The same cards posted in the channel, attributed to the person who shared them."""
    return results_message(result, now=now, shared_by=user_id or "someone")


def _spelling_note(query: Query) -> str:
    """ "Showing *python* — you typed pyhton. " / "Did you mean *java* or *lava*? " / ""."""
    if query.corrected:
        shown = ", ".join(f"*{_text(word, 60)}*" for _, word in query.corrected)
        typed = ", ".join(_text(typo, 60) for typo, _ in query.corrected)
        return f"Showing {shown} — you typed {typed}. "
    if query.maybe:
        return "Did you mean " + " or ".join(f"*{_text(w, 60)}*" for w in query.maybe) + "? "
    return ""


def no_results_message(result: SearchResult) -> Message:
    """Nothing found: say what was searched, which filter emptied it, and what to try instead."""
    query = result.query
    understood = describe_query(query)
    if result.unknown_terms:
        reason = "no posting mentions " + _text(", ".join(result.unknown_terms), 200)
    else:
        reason = "no posting matches all of it"
    tips = _suggestions(query)
    text = f"{_spelling_note(query)}No jobs for {understood}: {reason}.\nTry {tips}."
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
    return _say(
        "I can't post in this conversation. Invite me first (`/invite @jobbot`), "
        "then press Share again."
    )
