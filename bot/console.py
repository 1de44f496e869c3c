"""The local console: the Slack answers, rendered for a terminal, no Slack needed.

It reads one question per line from any stream (a terminal or a pipe), answers through the same
`Answers` the Slack app uses, and renders the very Block Kit it would send. `next` pages, `like N`
asks for jobs like card N, `help` explains, `quit`/`exit`/end of input leaves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from bot import cards
from bot.cards import Message, PageRef
from bot.dispatch import Answers
from bot.mrkdwn import plain

__all__ = ["ConsoleSession", "render_blocks"]

QUIT = frozenset({"quit", "exit", ":q", "bye"})


def render_blocks(blocks: Iterable[dict[str, Any]]) -> list[Text]:
    """Block dicts → styled terminal lines (mrkdwn unescaped, links as "label (url)")."""
    lines: list[Text] = []
    card = 0
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines.append(Text(block["text"]["text"], style="bold underline"))
        elif kind == "section":
            text = plain(block.get("text", {}).get("text", ""))
            if str(block.get("block_id", "")).startswith("job-"):  # a card's title line
                card += 1
                title, _, rest = text.partition("\n")
                line = Text(f"[{card}] ", style="cyan")
                line.append(title.strip("*"), style="bold")
                lines.append(line)
                lines.append(Text("    " + rest, style="green"))
            else:
                lines.append(Text(text.replace("*", "")))
        elif kind == "context":
            for element in block.get("elements", []):
                lines.append(Text("    " + plain(element.get("text", "")), style="dim"))
        elif kind == "actions":
            labels = []
            for element in block.get("elements", []):
                label = element["text"]["text"]
                if element.get("url"):
                    label = f"{label}: {element['url']}"
                labels.append(f"[{label}]")
            lines.append(Text("    " + "  ".join(labels), style="magenta"))
        elif kind == "divider":
            lines.append(Text(""))
    return lines


class ConsoleSession:
    """A conversation with the console: remembers the last answer for `next` and `like N`."""

    def __init__(self, answers: Answers, *, out: TextIO, color: bool | None = None) -> None:
        self.answers = answers
        self.console = Console(file=out, force_terminal=color, highlight=False, soft_wrap=True)
        self._last_question: str | None = None
        self._offset = 0
        self._last_ids: list[str] = []

    def run(self, lines: Iterable[str], *, prompt: bool = False) -> None:
        """Answer each line until quit/exit or the end of input."""
        self.show(cards.help_message() if prompt else None)
        if prompt:
            self.console.print(Text("Ask for jobs; 'next', 'like N', 'help', 'quit'.", "dim"))
        for line in lines:
            text = line.strip()
            if text.lower() in QUIT:
                break
            if text:
                self.show(self.handle(text))
            if prompt:
                self.console.print(Text("jobs> ", style="bold"), end="")

    def handle(self, text: str) -> Message:
        lowered = text.lower()
        if lowered in {"next", "more", "n"} and self._last_question is not None:
            self._offset += cards.PAGE_SIZE
            return self._remember(self.answers.page(PageRef(self._last_question, self._offset)))
        if lowered.startswith("like ") and lowered[5:].strip().isdigit():
            n = int(lowered[5:].strip())
            if 1 <= n <= len(self._last_ids):
                return self.answers.more_like_this(self._last_ids[n - 1])
        self._last_question, self._offset = text, 0
        return self._remember(self.answers.respond(text))

    def _remember(self, message: Message) -> Message:
        ids = [
            el["value"]
            for block in message.to_blocks()
            if block.get("type") == "actions"
            for el in block.get("elements", [])
            if el.get("action_id") == cards.MORE_LIKE_THIS
        ]
        if ids:
            self._last_ids = ids
        return message

    def show(self, message: Message | None) -> None:
        if message is None:
            return
        for line in render_blocks(message.to_blocks()):
            self.console.print(line)
        self.console.print(Rule(style="dim"))
