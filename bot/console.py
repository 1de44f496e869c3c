"""The local console: the Slack answers, rendered for a terminal, no Slack needed.

It reads one question per line from any stream (a terminal or a pipe), answers through the same
`Assistant` the Slack app uses (as the local user "console"), and renders the very Block Kit it
would send. `next` pages, `like N` asks for jobs like card N, `save N` / `hide N` save or hide
card N of the last answer, the `/jobs` subcommands work as typed (`subscribe …`, `saved`…),
`help` explains, `quit`/`exit`/end of input leaves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TextIO

from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from bot import cards
from bot.assistant import Assistant
from bot.cards import Message, PageRef
from bot.commands import Search, parse_command
from bot.mrkdwn import plain

__all__ = ["CONSOLE_USER", "ConsoleSession", "render_blocks"]

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
                if element.get("type") == "overflow":
                    options = (o["text"]["text"] for o in element.get("options", []))
                    labels.append("[⋯ " + " / ".join(options) + "]")
                    continue
                label = (element.get("text") or element.get("placeholder") or {}).get("text", "")
                if element.get("url"):
                    label = f"{label}: {element['url']}"
                labels.append(f"[{label}]")
            lines.append(Text("    " + "  ".join(labels), style="magenta"))
        elif kind == "context_actions":
            lines.append(Text("    [👍] [👎]", style="magenta"))
        elif kind == "divider":
            lines.append(Text(""))
    return lines


def _card_id(actions: dict[str, Any]) -> str | None:
    """The posting id a card's Apply / "⋯" row is about (its menu's block id, or the value of
    its More like this button); None for other rows."""
    for element in actions.get("elements", []):
        if element.get("action_id") == cards.Action.CARD_MENU:
            return str(actions["block_id"]).removeprefix(cards.MENU_BLOCK_PREFIX)
        if element.get("action_id") == cards.Action.MORE_LIKE_THIS:
            return str(element["value"])
    return None


CONSOLE_USER = "console"
"""The console's person: its saved searches and saved and hidden jobs are stored under this id."""

_CARD_COMMAND = re.compile(r"(like|save|hide)\s+(\d+)")


class ConsoleSession:
    """A conversation with the console: remembers the last answer for `next`, `like N`,
    `save N` and `hide N`."""

    def __init__(
        self,
        assistant: Assistant,
        *,
        out: TextIO,
        color: bool | None = None,
        user: str = CONSOLE_USER,
    ) -> None:
        self.assistant = assistant
        self.user = user
        self.console = Console(file=out, force_terminal=color, highlight=False, soft_wrap=True)
        self._last_question: str | None = None
        self._offset = 0
        self._last_ids: list[str] = []

    async def run(self, lines: Iterable[str], *, prompt: bool = False) -> None:
        """Answer each line until quit/exit or the end of input (lines are read in between
        answers, when nothing else is running)."""
        self.show(cards.help_message() if prompt else None)
        if prompt:
            self.console.print(
                Text("Ask for jobs; 'next', 'like N', 'save N', 'hide N', 'help', 'quit'.", "dim")
            )
        for line in lines:
            text = line.strip()
            if text.lower() in QUIT:
                break
            if text:
                self.show(await self.handle(text))
            if prompt:
                self.console.print(Text("jobs> ", style="bold"), end="")

    async def handle(self, text: str) -> Message:
        assistant, user = self.assistant, self.user
        lowered = text.lower()
        if lowered in {"next", "more", "n"} and self._last_question is not None:
            self._offset += cards.PAGE_SIZE
            ref = PageRef(self._last_question, self._offset)
            return self._remember(await assistant.page(ref, user=user))
        card = _CARD_COMMAND.fullmatch(lowered)
        if card and 1 <= int(card.group(2)) <= len(self._last_ids):
            posting_id = self._last_ids[int(card.group(2)) - 1]
            if card.group(1) == "save":
                return await assistant.save(posting_id, user=user)
            if card.group(1) == "hide":
                return await assistant.hide(posting_id, user=user)
            return await assistant.more_like_this(posting_id, user=user)
        if isinstance(parse_command(text), Search):
            self._last_question, self._offset = text, 0
        return self._remember(await assistant.reply(text, user=user))

    def _remember(self, message: Message) -> Message:
        rows = [_card_id(block) for block in message.to_blocks() if block.get("type") == "actions"]
        ids = [posting_id for posting_id in rows if posting_id is not None]
        if ids:
            self._last_ids = ids
        return message

    def show(self, message: Message | None) -> None:
        if message is None:
            return
        for line in render_blocks(message.to_blocks()):
            self.console.print(line)
        self.console.print(Rule(style="dim"))
