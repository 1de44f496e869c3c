"""bot/cards/results.py: answers, job cards, nothing found, shared pages, more like this — valid
Block Kit within Slack's limits, escaped text, no pings or injected links."""

from __future__ import annotations

import json

from slack_sdk.models.blocks import Block

from bot import cards
from bot.cards import PageRef
from bot.cards.base import MAX_BLOCK_ID, MAX_SUMMARY
from index import Hit, Pay, Posting, SearchIndex, SearchResult, parse_query
from tests.support.cards import (
    HOSTILE,
    NOW,
    all_text,
    assert_valid,
    interactive_elements,
    result_for,
    split_cards,
)


def test_results_message_has_a_summary_five_cards_and_navigation(seeds: SearchIndex) -> None:
    message = cards.results_message(result_for(seeds, "engineer"), now=NOW)
    blocks = assert_valid(message)
    assert "Searched for" in blocks[0]["text"]["text"]
    job_sections = [
        b for b in blocks if b["type"] == "section" and b.get("block_id", "").startswith("job-")
    ]
    assert len(job_sections) == 5
    nav = blocks[-1]
    assert [e["action_id"] for e in nav["elements"]] == [
        cards.Action.NEXT_PAGE,
        cards.Action.SHARE,
        cards.Action.SUBSCRIBE,
    ]
    ref = PageRef.decode(nav["elements"][0]["value"])
    assert ref == PageRef("engineer", 5)
    assert nav["elements"][2]["value"] == "engineer"


def test_a_card_links_the_title_and_shows_the_facts(seeds: SearchIndex) -> None:
    hit = result_for(seeds, "remote SRE jobs with Terraform").hits[0]
    blocks = [b.to_dict() for b in cards.job_card(hit, now=NOW)]
    heading = blocks[0]["text"]["text"]
    assert heading.startswith("*<https://jobs.lever.co/sketch/")
    assert "Sketch" in heading and "🌍 Remote" in heading and "years ago" in heading
    context = next(b for b in blocks if b["type"] == "context")["elements"][0]["text"]
    assert "`terraform`" in context and "matched:" in context
    assert context.count("`") == 10  # at most five tags
    row = next(b for b in blocks if b["type"] == "actions")
    apply, menu = row["elements"]
    assert apply["action_id"] == cards.Action.APPLY and apply["url"].endswith("/apply")
    assert menu["type"] == "overflow" and row["block_id"] == "job-" + hit.posting.id


def test_hostile_posting_renders_escaped_and_unlinked() -> None:
    result = SearchResult(parse_query("x"), (Hit(HOSTILE, 1.0, ("x",)),), total=1)
    message = cards.results_message(result, now=NOW)
    assert_valid(message)
    text = all_text(message)
    for token in ("<!channel>", "<@U123>", "<!here>", "<@W999>", "<!everyone>", "<https://evil"):
        assert token not in text
    assert "javascript:" not in text
    assert "&lt;!channel&gt;" in text


def test_a_long_posting_is_cut_to_every_limit() -> None:
    posting = Posting(
        id="long",
        title="T" * 5000,
        company="C" * 5000,
        location="L" * 5000,
        url="https://example.com/" + "a" * 2900,
        tags=tuple(f"tag{i}" * 50 for i in range(40)),
        summary="S & <x> " * 2000,
        job_type="full-time",
    )
    result = SearchResult(
        parse_query("x"), (Hit(posting, 1.0, tuple("m" * 100 for _ in range(50))),), 1
    )
    blocks = assert_valid(cards.results_message(result, now=NOW))
    summary = blocks[2]["text"]["text"].split("\n")[-1]
    assert summary.endswith("…") and len(summary) <= MAX_SUMMARY


def test_a_huge_question_still_gives_valid_buttons(seeds: SearchIndex) -> None:
    question = "engineer " + "x" * 5000
    message = cards.results_message(result_for(seeds, question), now=NOW)
    assert_valid(message)


def test_a_relaxed_filter_is_named_and_the_rest_still_hold(seeds: SearchIndex) -> None:
    message = cards.results_message(result_for(seeds, "remote data engineer in Tokyo"), now=NOW)
    blocks = assert_valid(message)
    line = blocks[0]["text"]["text"]
    assert "none has a place in Tokyo" in line and "remote" in line
    assert any(b.get("block_id", "").startswith("job-") for b in blocks)


def test_nothing_found_is_never_a_bare_no_results(seeds: SearchIndex) -> None:
    message = cards.results_message(result_for(seeds, "zzqxv"), now=NOW)
    blocks = assert_valid(message)
    text = blocks[0]["text"]["text"]
    assert "no posting mentions zzqxv" in text and "Try" in text


def test_shared_message_is_attributed_and_has_no_buttons_to_page(seeds: SearchIndex) -> None:
    message = cards.shared_message(result_for(seeds, "designer"), user_id="U42", now=NOW)
    blocks = assert_valid(message)
    assert blocks[0]["text"]["text"].startswith("<@U42> shared:")
    assert cards.Action.NEXT_PAGE not in json.dumps(blocks)


def test_shared_message_refuses_a_forged_user_id(seeds: SearchIndex) -> None:
    message = cards.shared_message(result_for(seeds, "designer"), user_id="!channel", now=NOW)
    assert "<!channel>" not in all_text(message)


def test_more_like_this_and_oops_messages_are_valid(seeds: SearchIndex) -> None:
    source = seeds.postings[0]
    hits = seeds.more_like_this(source.id)
    assert_valid(cards.more_like_this_message(source, hits, now=NOW))
    assert_valid(cards.more_like_this_message(source, [], now=NOW))
    assert_valid(cards.oops_message())
    assert_valid(cards.gone_message())


def test_every_job_card_has_apply_a_menu_and_feedback_buttons(seeds: SearchIndex) -> None:
    hit = result_for(seeds, "remote SRE jobs with Terraform").hits[0]
    blocks = [b.to_dict() for b in cards.job_card(hit, now=NOW)]
    row, feedback = blocks[-2:]

    assert [e["action_id"] for e in row["elements"]] == [cards.Action.APPLY, cards.Action.CARD_MENU]
    menu = row["elements"][1]
    assert [o["value"] for o in menu["options"]] == ["more", "save", "hide"]
    assert cards.menu_choice(row["block_id"], "save") == (cards.Action.SAVE, hit.posting.id)
    assert feedback["type"] == "context_actions"
    [buttons] = feedback["elements"]
    assert buttons["type"] == "feedback_buttons" and buttons["action_id"] == cards.Action.FEEDBACK
    assert cards.feedback_choice(feedback["block_id"], buttons["positive_button"]["value"]) == (
        hit.posting.id,
        1,
    )
    assert cards.feedback_choice(feedback["block_id"], buttons["negative_button"]["value"]) == (
        hit.posting.id,
        -1,
    )


def test_a_card_has_at_most_three_interactive_elements_besides_apply(seeds: SearchIndex) -> None:
    """Before: six buttons a card, about 30 an answer."""
    message = cards.results_message(result_for(seeds, "engineer"), now=NOW)
    blocks = assert_valid(message)
    cards_seen = 0
    for card in split_cards(blocks):
        cards_seen += 1
        assert interactive_elements(card, besides={cards.Action.APPLY}) <= 3
    assert cards_seen == 5
    assert interactive_elements(blocks, besides={cards.Action.APPLY}) <= 5 * 2 + 3


def test_the_company_logo_is_the_cards_image_for_http_urls_only() -> None:
    logo = "https://logo.example/acme.png"
    good = Posting(id="a", title="Rust Engineer", company="Acme", url="https://a.example/",
                   logo_url=logo)  # fmt: skip
    bad = Posting(id="b", title="Rust Engineer", url="https://a.example/",
                  logo_url="javascript:alert(1)")  # fmt: skip

    [section, *_] = [b.to_dict() for b in cards.job_card(Hit(good, 1.0), now=NOW)]
    assert section["accessory"] == {"type": "image", "image_url": logo, "alt_text": "Acme logo"}
    [section, *_] = [b.to_dict() for b in cards.job_card(Hit(bad, 1.0), now=NOW)]
    assert "accessory" not in section


def test_feedback_is_noted_on_the_card_in_place(seeds: SearchIndex) -> None:
    message = cards.results_message(result_for(seeds, "engineer"), now=NOW)
    blocks = assert_valid(message)
    feedback = [b for b in blocks if b["type"] == "context_actions"]
    target = feedback[1]["block_id"]

    updated = cards.feedback_noted(blocks, target, 1)

    assert updated is not None and len(updated) == len(blocks)
    assert_valid(cards.Message(text=message.text, blocks=tuple(Block.parse_all(updated))))
    changed = [(a, b) for a, b in zip(blocks, updated, strict=True) if a != b]
    [(before, after)] = changed
    assert before["block_id"] == target and after["type"] == "context"
    assert "Thanks — noted" in after["elements"][0]["text"]
    assert cards.feedback_noted(blocks, "vote-nothing-like-it", 1) is None


def test_an_overlong_id_gets_no_personal_buttons() -> None:
    posting = Posting(id="x" * (MAX_BLOCK_ID + 1), title="T", url="https://e.example/")
    blocks = [b.to_dict() for b in cards.job_card(Hit(posting, 1.0), now=NOW)]
    actions = blocks[-1]

    assert [e["action_id"] for e in actions["elements"]] == [
        cards.Action.APPLY,
        cards.Action.MORE_LIKE_THIS,
    ]
    assert not [b for b in blocks if b["type"] == "context_actions"]


def test_an_answer_with_nothing_found_still_offers_get_these_daily(seeds: SearchIndex) -> None:
    blocks = assert_valid(cards.results_message(result_for(seeds, "zzqxv rust"), now=NOW))

    [button] = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert (button["action_id"], button["value"]) == (cards.Action.SUBSCRIBE, "zzqxv rust")


def test_only_a_full_card_marks_an_archived_posting(seeds: SearchIndex) -> None:
    hit = result_for(seeds, "remote SRE jobs with Terraform").hits[0]
    assert hit.posting.archived

    answer = cards.job_card(hit, now=NOW)[0].to_dict()["text"]["text"]
    digest = cards.digest_card(hit.posting, now=NOW)[0].to_dict()["text"]["text"]

    assert answer.split("\n")[1].endswith(" · archived") and "archived" not in digest


def test_a_folded_copy_is_named_on_its_card() -> None:
    """Before: the copy was counted ("1 of 2") but never shown anywhere."""
    postings = [
        Posting(id="hn/a", title="Rust Engineer", company="Acme", url="https://a.example/1",
                body="rust tokio"),
        Posting(id="board/b", title="Rust Engineer", company="ACME", url="https://b.example/2",
                body="rust tokio async"),
    ]  # fmt: skip
    [hit] = SearchIndex.build(postings).search(parse_query("rust")).hits

    card = json.dumps([b.to_dict() for b in cards.job_card(hit, now=NOW)])

    assert "also posted once more" in card and (".example/" in card)


def test_a_card_states_the_pay_and_the_answer_says_what_pay_was_asked() -> None:
    postings = [
        Posting(id="paid", title="Kafka Engineer", company="Acme", body="kafka",
                pay=Pay(160_000, 200_000, "USD")),
        Posting(id="unpaid", title="Kafka Developer", company="Beta", body="kafka streams"),
        Posting(id="low", title="Kafka Admin", company="Gamma", body="kafka ops",
                pay=Pay(60_000, 70_000, "EUR")),
    ]  # fmt: skip
    result = SearchIndex.build(postings).search(parse_query("kafka over 150k"))
    blocks = assert_valid(cards.results_message(result, now=NOW))

    line = blocks[0]["text"]["text"]
    assert "paying ≥ 150k a year" in line and "1 more matches but states no pay" in line
    assert "$160k–200k a year" in blocks[2]["text"]["text"]  # the one card's facts line
    sections = [b for b in blocks if b["type"] == "section"]
    assert [b for b in sections if b.get("block_id", "").startswith("job-")] == [blocks[2]]


def test_pay_nobody_offers_is_named_when_it_is_dropped() -> None:
    postings = [Posting(id="a", title="Kafka Engineer", body="kafka", pay=Pay(90_000, None, "USD"))]
    result = SearchIndex.build(postings).search(parse_query("kafka at least €300k"))
    line = assert_valid(cards.results_message(result, now=NOW))[0]["text"]["text"]
    assert "none has a stated pay of ≥ €300k a year" in line


def _first_line(seeds: SearchIndex, question: str) -> str:
    text: str = assert_valid(cards.results_message(result_for(seeds, question), now=NOW))[0][
        "text"
    ]["text"]
    return text


def test_the_answer_line_says_what_was_asked_without_words(seeds: SearchIndex) -> None:
    """Before: a question of filters alone read "Searched for remote — … matching postings",
    and `newest` alone was answered with the help text."""
    assert _first_line(seeds, "sre remote").startswith("Searched for ")
    remote = _first_line(seeds, "remote")
    assert remote.startswith("Postings: remote — 1–5 of ") and "matching" not in remote
    senior = _first_line(seeds, "senior")
    assert senior.startswith("Postings at the senior level — 1–5 of ")
    paid = _first_line(seeds, "in Berlin over 100k")
    assert paid.startswith("Postings: in Berlin · paying ≥ 100k a year — ")
    newest = _first_line(seeds, "newest")
    assert newest == f"All postings, newest first — 1–5 of {len(seeds)}."


def test_a_dropped_date_is_named_as_a_date(seeds: SearchIndex) -> None:
    """Before: "none has postings since 2026-11-01"."""
    line = _first_line(seeds, "designer since 2026-11-01")
    assert "none has a posting date since 2026-11-01. Without that — 1–5 of 5:" in line
    assert "none has a posting date in the last 3 days" in _first_line(
        seeds, "designer last 3 days"
    )
