"""The local console: the Slack answers, rendered for a terminal, no Slack needed.

It reads one question per line from any stream (a terminal or a pipe), answers through the same
`Assistant` the Slack app uses (as the local user "console"), and renders the very Block Kit it
would send. `next` pages, `like N` asks for jobs like card N, `save N` / `hide N` save or hide
card N of the last answer, the `/jobs` subcommands work as typed (`subscribe …`, `saved`…),
`help` explains, `quit`/`exit`/end of input leaves.

On a terminal, `terminal_lines` reads with prompt_toolkit (line editing, history, a `jobs>`
prompt; Ctrl-C clears the line, Ctrl-D leaves); anything else (a pipe, a file, CI) is read
line by line as it comes. Answers are rendered from their mrkdwn as rich styles: `*bold*`,
`_italics_`, `~strike~` and `code` become styling, escaped `&amp;`/`&lt;`/`&gt;` are shown as the
characters they stand for, and control characters from a posting are dropped, so nothing a
posting says can move the cursor or restyle the terminal.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from bot import cards
from bot.assistant import Assistant
from bot.cards import Message, PageRef
from bot.commands import Search, parse_command

__all__ = [
    "CONSOLE_USER",
    "PROMPT",
    "ConsoleSession",
    "render_blocks",
    "render_mrkdwn",
    "terminal_lines",
]

log = logging.getLogger("jobbot.console")

QUIT = frozenset({"quit", "exit", ":q", "bye"})
PROMPT = "jobs> "

# Slack's inline formatting: a marker opens after a start, space or punctuation and before a
# non-space, and closes after a non-space and before an end, space or punctuation. Links
# (`<url|label>`) come first so a `_` inside a URL is never read as italics.
_INLINE = re.compile(
    r"(?P<link><[^<>\n]*>)"
    r"|(?<![\w`])`(?P<code>[^`\n]+)`"
    r"|(?<![\w*])\*(?P<bold>[^*\s](?:[^*\n]*?[^*\s])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<italic>[^_\s](?:[^_\n]*?[^_\s])?)_(?![\w_])"
    r"|(?<![\w~])~(?P<strike>[^~\s](?:[^~\n]*?[^~\s])?)~(?![\w~])"
)
_STYLES = {"bold": "bold", "italic": "italic", "strike": "strike", "code": "bold cyan"}


def _shown(text: str) -> str:
    """Escaped mrkdwn text as the characters it stands for, without control characters."""
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return "".join(
        c
        for c in text
        if c in "\n\t" or unicodedata.category(c) not in {"Cc", "Cf"} or c == "\u200d"
    )


def render_mrkdwn(text: str, style: str = "") -> Text:
    """Slack mrkdwn → a rich `Text`: formatting as styles, `<url|label>` as "label (url)".

    Built with `Text.append` only (never rich markup), so brackets in a posting stay literal."""
    out = Text(style=style)
    _append_mrkdwn(out, text, "")
    return out


def _append_mrkdwn(out: Text, text: str, style: str) -> None:
    position = 0
    for match in _INLINE.finditer(text):
        out.append(_shown(text[position : match.start()]), style=style or None)
        position = match.end()
        kind = match.lastgroup or ""
        inner = match.group(kind)
        if kind == "link":
            url, _, label = inner[1:-1].partition("|")
            shown = f"{_shown(label)} ({_shown(url)})" if label else _shown(url)
            out.append(shown, style=f"{style} underline".strip())
        elif kind == "code":
            out.append(_shown(inner), style=f"{style} {_STYLES[kind]}".strip())
        else:
            _append_mrkdwn(out, inner, f"{style} {_STYLES[kind]}".strip())
    out.append(_shown(text[position:]), style=style or None)


def render_blocks(blocks: Iterable[dict[str, Any]]) -> list[Text]:
    """Block dicts → styled terminal lines (mrkdwn unescaped, links as "label (url)")."""
    lines: list[Text] = []
    card = 0
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines.append(Text(block["text"]["text"], style="bold underline"))
        elif kind == "section":
            text = block.get("text", {}).get("text", "")
            if str(block.get("block_id", "")).startswith("job-"):  # a card's title line
                card += 1
                title, _, rest = text.partition("\n")
                line = Text(f"[{card}] ", style="cyan")
                line.append_text(render_mrkdwn(title))
                lines.append(line)
                lines.append(Text("    ").append_text(render_mrkdwn(rest, "green")))
            else:
                lines.append(render_mrkdwn(text))
        elif kind == "context":
            for element in block.get("elements", []):
                lines.append(
                    Text("    ").append_text(render_mrkdwn(element.get("text", ""), "dim"))
                )
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

    async def run(
        self,
        lines: Iterable[str] | AsyncIterator[str],
        *,
        prompt: bool = False,
        intro: bool | None = None,
    ) -> None:
        """Answer each line until quit/exit or the end of input (lines are read in between
        answers, when nothing else is running). `intro` shows the help first (default: as
        `prompt`); `prompt` prints `jobs> ` before each line, for input that draws none itself."""
        if prompt if intro is None else intro:
            self.show(cards.help_message())
            self.console.print(
                Text("Ask for jobs; 'next', 'like N', 'save N', 'hide N', 'help', 'quit'.", "dim")
            )
        async for line in _each(lines, self._prompt if prompt else None):
            text = line.strip()
            if text.lower() in QUIT:
                break
            if text:
                self.show(await self.handle(text))

    def _prompt(self) -> None:
        self.console.print(Text(PROMPT, style="bold"), end="")

    async def handle(self, text: str) -> Message:
        assistant, user = self.assistant, self.user
        lowered = text.lower()
        if lowered in {"next", "more", "n"} and self._last_question is not None:
            self._offset += cards.PAGE_SIZE
            ref = PageRef(self._last_question, self._offset)
            return self._remember(await assistant.page(ref, user=user))
        card = _CARD_COMMAND.fullmatch(lowered)
        if card:
            number = int(card.group(2))
            if not 1 <= number <= len(self._last_ids):
                return cards.no_card_message(number, len(self._last_ids))
            posting_id = self._last_ids[number - 1]
            if card.group(1) == "save":
                return await assistant.save(posting_id, user=user)
            if card.group(1) == "hide":
                return await assistant.hide(posting_id, user=user)
            return self._remember(await assistant.more_like_this(posting_id, user=user))
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


async def _each(
    lines: Iterable[str] | AsyncIterator[str], before: Callable[[], None] | None
) -> AsyncIterator[str]:
    """The lines of a sync or async source, calling `before` ahead of reading each one."""
    if isinstance(lines, AsyncIterator):
        while True:
            if before:
                before()
            try:
                yield await anext(lines)
            except StopAsyncIteration:
                return
    iterator = iter(lines)
    while True:
        if before:
            before()
        line = next(iterator, None)
        if line is None:
            return
        yield line


async def terminal_lines(history: Path | None = None) -> AsyncIterator[str]:
    """Lines typed at a terminal, with prompt_toolkit's line editing and history (kept in
    `history` when given): Ctrl-C clears the line being typed, Ctrl-D on it ends the input."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.formatted_text import FormattedText
    from prompt_toolkit.history import FileHistory, History, InMemoryHistory

    store: History = InMemoryHistory()
    if history is not None:
        try:
            history.parent.mkdir(parents=True, exist_ok=True)
            history.touch()
            store = FileHistory(str(history))
        except OSError as exc:
            log.warning("console history not kept in %s: %s", history, exc)
    session: PromptSession[str] = PromptSession(history=store)
    prompt = FormattedText([("bold", PROMPT)])
    while True:
        try:
            yield await session.prompt_async(prompt)
        except KeyboardInterrupt:
            continue
        except EOFError:
            return
