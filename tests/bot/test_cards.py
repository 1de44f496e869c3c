"""Cards: valid Block Kit within Slack's limits, escaped text, no pings or injected links."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.models.blocks import Block

from bot import cards
from bot.cards import Message, PageRef, SavedPosting
from index import Hit, Posting, Query, SearchIndex, SearchResult, load_postings, parse_query

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
HOSTILE = Posting(
    id="evil/<!channel>",
    title="<!channel> <@U123> <https://evil.example|x> & co",
    company="<!here> Corp",
    location="<@W999>",
    url="javascript:alert(1)",
    apply_url="javascript:alert(2)",
    tags=("<!everyone>", "ok"),
    summary="Click <https://evil.example|here> <!subteam^S1>",
    body="body",
)


def assert_valid(message: Message) -> list[dict[str, Any]]:
    blocks = message.to_blocks()
    assert len(blocks) <= 50
    for block in Block.parse_all(blocks):
        block.validate_json()
    assert message.text.strip()
    return blocks


def all_text(message: Message) -> str:
    """Every string Slack renders (mrkdwn and plain text), plus link targets; not button values."""
    found: list[str] = [message.text]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {"text", "url"} and isinstance(value, str):
                    found.append(value)
                elif key != "value":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.to_blocks())
    return "\n".join(found)


@pytest.fixture(scope="module")
def seeds() -> SearchIndex:
    return SearchIndex.build(load_postings(SEEDS, include_archived=True).postings)


def result_for(index: SearchIndex, question: str, **kwargs: Any) -> SearchResult:
    return index.search(parse_query(question, today=NOW.date()), limit=5, **kwargs)


def test_results_message_has_a_summary_five_cards_and_navigation(seeds: SearchIndex) -> None:
    message = cards.results_message(result_for(seeds, "engineer"), now=NOW)
    blocks = assert_valid(message)
    assert "Searched for" in blocks[0]["text"]["text"]
    job_sections = [b for b in blocks if b.get("block_id", "").startswith("job-")]
    assert len(job_sections) == 5
    nav = blocks[-1]
    assert [e["action_id"] for e in nav["elements"]] == [
        cards.NEXT_PAGE,
        cards.SHARE,
        cards.SUBSCRIBE,
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
    actions = blocks[-1]["elements"]
    assert actions[0]["action_id"] == cards.APPLY and actions[0]["url"].endswith("/apply")
    assert actions[1] == {
        "type": "button",
        "action_id": cards.MORE_LIKE_THIS,
        "text": {"type": "plain_text", "text": "More like this", "emoji": True},
        "value": hit.posting.id,
    }


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
    summary = blocks[3]["text"]["text"]
    assert summary.endswith("…") and len(summary) <= cards.MAX_SUMMARY


def test_a_huge_question_still_gives_valid_buttons(seeds: SearchIndex) -> None:
    question = "engineer " + "x" * 5000
    message = cards.results_message(result_for(seeds, question), now=NOW)
    assert_valid(message)


@pytest.mark.parametrize(
    ("posted", "label"),
    [
        (NOW, "today"),
        (NOW - timedelta(days=1), "yesterday"),
        (NOW - timedelta(days=3), "3 days ago"),
        (NOW - timedelta(days=20), "2 weeks ago"),
        (NOW - timedelta(days=95), "3 months ago"),
        (NOW - timedelta(days=800), "2 years ago"),
        (None, ""),
    ],
)
def test_posted_dates_read_like_people_say_them(posted: datetime | None, label: str) -> None:
    assert cards.posted_ago(posted, now=NOW) == label


def test_an_emptied_filter_is_named_with_the_closest_matches(seeds: SearchIndex) -> None:
    message = cards.results_message(result_for(seeds, "data engineer in Tokyo"), now=NOW)
    blocks = assert_valid(message)
    assert "the place left no postings" in blocks[0]["text"]["text"]
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
    assert cards.NEXT_PAGE not in json.dumps(blocks)


def test_shared_message_refuses_a_forged_user_id(seeds: SearchIndex) -> None:
    message = cards.shared_message(result_for(seeds, "designer"), user_id="!channel", now=NOW)
    assert "<!channel>" not in all_text(message)


def test_help_lists_examples_and_syntax() -> None:
    blocks = assert_valid(cards.help_message())
    text = json.dumps(blocks)
    for example in cards.EXAMPLES:
        assert json.dumps(example)[1:-1] in text
    assert "#tag" in text and "exact phrase" in text


def test_more_like_this_and_oops_messages_are_valid(seeds: SearchIndex) -> None:
    source = seeds.postings[0]
    hits = seeds.more_like_this(source.id)
    assert_valid(cards.more_like_this_message(source, hits, now=NOW))
    assert_valid(cards.more_like_this_message(source, [], now=NOW))
    assert_valid(cards.oops_message())
    assert_valid(cards.gone_message())


def test_page_ref_rejects_foreign_values() -> None:
    with pytest.raises(ValueError):
        PageRef.decode("[1, 2]")
    assert PageRef.decode(PageRef("q ü", 5).encode()) == PageRef("q ü", 5)


def test_every_job_card_has_save_hide_and_votes(seeds: SearchIndex) -> None:
    hit = result_for(seeds, "remote SRE jobs with Terraform").hits[0]
    [*_, actions] = [b.to_dict() for b in cards.job_card(hit, now=NOW)]

    assert [e["action_id"] for e in actions["elements"]] == [
        cards.APPLY,
        cards.MORE_LIKE_THIS,
        cards.SAVE,
        cards.HIDE,
        cards.VOTE_UP,
        cards.VOTE_DOWN,
    ]
    assert {e["value"] for e in actions["elements"]} == {hit.posting.id}


def test_an_overlong_id_gets_no_personal_buttons() -> None:
    posting = Posting(id="x" * (cards.MAX_ID_VALUE + 1), title="T", url="https://e.example/")
    [*_, actions] = [b.to_dict() for b in cards.job_card(Hit(posting, 1.0), now=NOW)]

    assert [e["action_id"] for e in actions["elements"]] == [cards.APPLY, cards.MORE_LIKE_THIS]


@pytest.mark.parametrize("question", ["q" * 5000, '"' * 3000, "\x01" * 1000 + "ü" * 1500])
def test_page_buttons_always_decode_however_long_the_question(question: str) -> None:
    result = SearchResult(
        Query(text=question, terms=("x",)), (Hit(HOSTILE, 1.0),), total=9, offset=0
    )

    blocks = assert_valid(cards.results_message(result, now=NOW))

    nav = blocks[-1]["elements"]
    for element in nav[:2]:
        ref = PageRef.decode(element["value"])
        assert question.startswith(ref.question) and len(element["value"]) <= 2000


def test_a_digest_card_menu_reads_back_its_posting(seeds: SearchIndex) -> None:
    posting = seeds.postings[0]
    [section] = [b.to_dict() for b in cards.digest_card(posting, now=NOW)]

    picks = [o["value"] for o in section["accessory"]["options"]]

    assert [cards.menu_choice(section["block_id"], v) for v in picks] == [
        (cards.MORE_LIKE_THIS, posting.id),
        (cards.SAVE, posting.id),
        (cards.HIDE, posting.id),
    ]
    with pytest.raises(ValueError):
        cards.menu_choice("job-abc", "delete")


def test_an_answer_with_nothing_found_still_offers_get_these_daily(seeds: SearchIndex) -> None:
    blocks = assert_valid(cards.results_message(result_for(seeds, "zzqxv rust"), now=NOW))

    [button] = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert (button["action_id"], button["value"]) == (cards.SUBSCRIBE, "zzqxv rust")


def _defined_names(source: str) -> set[str]:
    """Public names a module's top level defines (functions, classes, constants)."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return {n for n in names if not n.startswith("_")}


def test_the_cards_package_reexports_every_public_name_of_its_modules() -> None:
    exported: list[str] = []
    for info in pkgutil.iter_modules(cards.__path__):
        module = importlib.import_module(f"bot.cards.{info.name}")
        assert set(module.__all__) == _defined_names(inspect.getsource(module)), info.name
        for name in module.__all__:
            assert getattr(cards, name) is getattr(module, name), name
        exported += module.__all__

    assert sorted(cards.__all__) == sorted(exported)
    assert len(set(exported)) == len(exported)


def test_answers_digests_and_saved_lists_start_cards_with_the_same_heading(
    seeds: SearchIndex,
) -> None:
    hit = next(h for h in result_for(seeds, "engineer").hits if not h.posting.archived)
    saved = SavedPosting(hit.posting.id, hit.posting)

    answer = cards.job_card(hit, now=NOW)[0].to_dict()["text"]["text"]
    digest = cards.digest_card(hit.posting, now=NOW)[0].to_dict()["text"]["text"]
    listed = cards.saved_message([saved], offset=0, total=1, now=NOW).to_blocks()[1]["text"]

    title, facts = answer.split("\n")
    assert title.startswith("*<https://") and title.endswith(f"|{hit.posting.title}>*")
    assert facts.startswith(f"{hit.posting.company} · ") and facts.endswith(" ago")
    assert digest.startswith(answer + "\n") and listed["text"] == answer


def test_only_a_full_card_marks_an_archived_posting(seeds: SearchIndex) -> None:
    hit = result_for(seeds, "remote SRE jobs with Terraform").hits[0]
    assert hit.posting.archived

    answer = cards.job_card(hit, now=NOW)[0].to_dict()["text"]["text"]
    digest = cards.digest_card(hit.posting, now=NOW)[0].to_dict()["text"]["text"]

    assert answer.endswith(" · archived") and "archived" not in digest
