"""bot/answers.py: a question, a page, a shared page and "more like this" as messages (pure, no
Slack), against the bundled seeds."""

from __future__ import annotations

import json

from bot import cards
from bot.answers import Answers
from bot.cards import PageRef
from index import SearchIndex
from tests.support.digests import utc
from tests.support.harness import button_values, card_ids
from tests.support.paths import SKETCH_ID

NOW = utc(2026, 11, 28, 12)


def answers(index: SearchIndex) -> Answers:
    return Answers(lambda: index, clock=lambda: NOW)


def test_a_question_gets_its_first_page_and_what_the_query_log_needs(
    seed_index: SearchIndex,
) -> None:
    found = answers(seed_index).lookup("remote SRE jobs with Terraform")

    assert found.question == "remote SRE jobs with Terraform"
    assert found.total is not None and found.total >= 1
    assert found.latency_ms >= 0
    assert card_ids(found.message.to_blocks())[0] == SKETCH_ID


def test_an_empty_question_gets_help_and_is_not_counted_as_a_search(
    seed_index: SearchIndex,
) -> None:
    found = answers(seed_index).lookup("   ")

    assert found.total is None
    assert found.message.text == cards.help_message().text


def test_the_next_page_starts_where_the_first_ended(seed_index: SearchIndex) -> None:
    first = answers(seed_index).search("engineer")
    second = answers(seed_index).page(PageRef("engineer", cards.PAGE_SIZE))

    ids_1 = card_ids(first.to_blocks())
    ids_2 = card_ids(second.to_blocks())
    assert len(ids_1) == len(ids_2) == cards.PAGE_SIZE and not set(ids_1) & set(ids_2)


def test_hidden_postings_are_left_out_of_answers_and_similar_jobs(
    seed_index: SearchIndex,
) -> None:
    hidden = {SKETCH_ID}

    page = answers(seed_index).search("remote SRE jobs with Terraform", hidden=hidden)
    similar = answers(seed_index).more_like_this(seed_index.postings[1].id, hidden=hidden)

    assert SKETCH_ID not in json.dumps(page.to_blocks())
    assert SKETCH_ID not in json.dumps(similar.to_blocks())


def test_a_shared_page_is_attributed_to_the_person_who_shared_it(seed_index: SearchIndex) -> None:
    shared = answers(seed_index).shared(PageRef("python", 0), user_id="U42")

    assert "<@U42>" in json.dumps(shared.to_blocks())
    assert button_values(shared.to_blocks(), cards.Action.NEXT_PAGE) == []


def test_more_like_this_for_a_posting_no_longer_listed_says_so(seed_index: SearchIndex) -> None:
    assert answers(seed_index).more_like_this("no/such/posting").text == cards.gone_message().text
