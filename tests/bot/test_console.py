"""bot/console.py: the console session directly — questions, paging, card commands, quitting —
rendered for a terminal from the same Block Kit Slack gets."""

from __future__ import annotations

import io
from typing import Any

from bot.answers import Answers
from bot.assistant import Assistant
from bot.console import ConsoleSession, render_blocks, render_mrkdwn
from bot.storage import Store
from index import SearchIndex
from tests.support.digests import utc

NOW = utc(2026, 11, 28, 12)


def session(index: SearchIndex, store: Store | None = None) -> tuple[ConsoleSession, io.StringIO]:
    out = io.StringIO()
    assistant = Assistant(Answers(lambda: index, clock=lambda: NOW), store)
    return ConsoleSession(assistant, out=out, color=False), out


async def test_a_question_is_answered_with_numbered_cards_and_next_pages_on(
    seed_index: SearchIndex,
) -> None:
    console, out = session(seed_index)

    await console.run(["engineer", "next", "quit", "python"])

    text = out.getvalue()
    assert text.count("[1] ") == 2 and text.count("[5] ") == 2  # two pages of five
    assert "1–5 of" in text and "6–10 of" in text
    assert "Searched for python" not in text


async def test_quit_leaves_before_the_next_line(seed_index: SearchIndex) -> None:
    console, out = session(seed_index)

    await console.run(["quit", "remote SRE jobs with Terraform"])

    assert "[1] " not in out.getvalue()


async def test_card_commands_act_on_the_last_answer(seed_index: SearchIndex, store: Store) -> None:
    console, out = session(seed_index, store)

    await console.run(["remote sre", "save 1", "hide 2", "like 1"])

    text = out.getvalue()
    assert "Saved" in text and "Hidden" in text and "like" in text.lower()
    assert len(await store.saved_jobs("console")) == 1
    assert len(await store.hidden_ids("console")) == 1


async def test_without_a_database_saving_says_so_and_searching_works(
    seed_index: SearchIndex,
) -> None:
    console, out = session(seed_index)

    await console.run(["remote SRE jobs with Terraform", "save 1"])

    assert "JOBBOT_DATABASE" in out.getvalue() and "[1] " in out.getvalue()


def test_render_blocks_unescapes_mrkdwn_and_shows_link_targets() -> None:
    blocks: list[dict[str, Any]] = [
        {"type": "section", "block_id": "job-x", "text": {"type": "mrkdwn",
         "text": "*<https://example.com/a|A &amp; B>*\nAcme · Berlin"}},
        {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text",
         "text": "Apply"}, "url": "https://example.com/apply", "action_id": "apply"}]},
    ]  # fmt: skip

    lines = [line.plain for line in render_blocks(blocks)]

    assert lines[0].startswith("[1] ") and "A & B" in lines[0]
    assert "[Apply: https://example.com/apply]" in lines[-1]


def test_mrkdwn_is_shown_as_styles_and_a_posting_cannot_restyle_the_terminal() -> None:
    text = render_mrkdwn(
        "Searched for *sre, terraform* · _remote_ ~old~ `#go` — "
        "<https://x.example/a_b_c|A &amp; B> [red]x[/red] &lt;!channel&gt; \x1b[2Jgone\x07"
    )

    assert text.plain == (
        "Searched for sre, terraform · remote old #go — "
        "A & B (https://x.example/a_b_c) [red]x[/red] <!channel> [2Jgone"
    )  # markers gone, escapes shown, rich markup literal, control characters dropped
    styles = {text.plain[span.start : span.end]: str(span.style) for span in text.spans}
    assert styles["sre, terraform"] == "bold" and styles["remote"] == "italic"
    assert styles["old"] == "strike" and "bold" in styles["#go"]
    assert "underline" in styles["A & B (https://x.example/a_b_c)"]  # its _b_ is no italics


def test_a_marker_inside_a_word_is_left_as_typed() -> None:
    assert render_mrkdwn("snake_case_name and 2*3*4").plain == "snake_case_name and 2*3*4"
    assert render_mrkdwn("snake_case_name").spans == []


async def test_card_commands_before_any_answer_say_there_is_no_such_card(
    seed_index: SearchIndex,
) -> None:
    console, out = session(seed_index)

    await console.run(["like 9", "save 0", "save 1", "remote sre", "hide 4"])

    text = out.getvalue()
    assert text.count("There is no card") == 4 and "There is no card 9 yet" in text
    assert "no card 4: the last answer has cards 1–3" in text
    assert "Searched for" in text and text.count("Searched for") == 1  # 'like' was not a search


async def test_the_prompt_comes_before_the_first_question(seed_index: SearchIndex) -> None:
    console, out = session(seed_index)

    await console.run(["help"], prompt=True)

    after_intro = out.getvalue().split("'quit'.\n", 1)[1]
    assert after_intro.startswith("jobs> Find jobs in plain words")
