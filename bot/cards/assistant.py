"""The assistant side panel and follow-ups: the greeting, suggested prompts, the status shown
while searching, the thread's title, and the line that says what a refined question now is."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import ContextBlock

from bot.cards.base import Message, _md, _say, _text
from bot.cards.help import EXAMPLES
from bot.mrkdwn import truncate

__all__ = [
    "MAX_PROMPTS",
    "SEARCHING",
    "greeting_message",
    "refined_message",
    "suggested_prompts",
    "thread_title",
]

MAX_PROMPTS = 4
"""Slack shows at most four suggested prompts."""
SEARCHING = "Searching…"
_PROMPT_TITLE = 75


def greeting_message() -> Message:
    return _say(
        "Hi! Ask me for jobs in plain words — for example _remote SRE jobs with Terraform_. "
        "Then narrow it down: _only remote_, _in Berlin instead_, _more senior_, _over 150k_, "
        "_without crypto_, _show older ones_."
    )


def suggested_prompts(saved: Sequence[str], popular: Sequence[str]) -> list[dict[str, str]]:
    """Up to four prompts: the person's saved searches first, then the workspace's popular
    questions, then examples; each once. Plain text (Slack sends the message as typed)."""
    prompts: list[dict[str, str]] = []
    seen: set[str] = set()
    for question in [*saved, *popular, *EXAMPLES]:
        key = " ".join(question.lower().split())
        if not key or key in seen:
            continue
        seen.add(key)
        prompts.append({"title": truncate(question, _PROMPT_TITLE), "message": question})
        if len(prompts) == MAX_PROMPTS:
            break
    return prompts


def thread_title(question: str) -> str:
    """The assistant thread's title: the question it is about."""
    return truncate(" ".join(question.split()), 100) or "Jobs"


def refined_message(answer: Message, *, question: str, change: str) -> Message:
    """The answer to a follow-up, opening with what the question now is."""
    line = f"Refined ({_text(change, 200)}): *{_text(question, 500)}*"
    note = ContextBlock(elements=[_md(line)])
    text = truncate(f"Refined ({_text(change, 200)}): {_text(question, 500)}. {answer.text}", 2900)
    return Message(text=text, blocks=(note, *answer.blocks)[:50], extra=answer.extra)
