"""bot/cards/assistant.py: the side panel's greeting and prompts, and the refined answer."""

from __future__ import annotations

from bot import cards
from index import SearchIndex
from tests.support.cards import HOSTILE, NOW, all_text, assert_valid, result_for


def test_prompts_list_saved_searches_then_popular_questions_each_once() -> None:
    prompts = cards.suggested_prompts(
        ["rust in Berlin", "Data engineer"], ["data  engineer", "sre"]
    )

    assert [p["message"] for p in prompts] == ["rust in Berlin", "Data engineer", "sre",
                                               "remote SRE jobs with Terraform"]  # fmt: skip
    assert all(p["title"] and len(p["title"]) <= 75 for p in prompts)


def test_the_greeting_is_valid_and_names_follow_ups() -> None:
    message = cards.greeting_message()
    assert_valid(message)
    assert "only remote" in message.text


def test_a_refined_answer_says_what_the_question_now_is_escaped(seeds: SearchIndex) -> None:
    answer = cards.results_message(result_for(seeds, "engineer"), now=NOW)
    refined = cards.refined_message(answer, question=HOSTILE.title, change="only <!here>")

    blocks = assert_valid(refined)
    assert blocks[1:] == answer.to_blocks()
    assert "<!channel>" not in all_text(refined) and "<!here>" not in all_text(refined)
    assert blocks[0]["elements"][0]["text"].startswith("Refined (only &lt;!here&gt;): *")
