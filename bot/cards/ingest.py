"""What the poster of a job ad in a `slack:` source channel reads: "Indexed as …" with a Remove
button, and the answers to that button."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock

from bot.cards.base import Action, Message, _button, _say, _section, _text, plain_fallback

__all__ = [
    "ad_gone_message",
    "ad_removed_message",
    "indexed_message",
    "not_your_ad_message",
]

MAX_FACT = 200


def _as(title: str, company: str) -> str:
    said = f"*{_text(title, MAX_FACT)}*"
    return f"{said} at *{_text(company, MAX_FACT)}*" if company else said


def indexed_message(title: str, company: str, location: str, *, ref: str) -> Message:
    """A job ad became a posting; `ref` (the message it came from) rides on Remove."""
    where = f" · {_text(location, MAX_FACT)}" if location else ""
    text = (
        f"Indexed as {_as(title, company)}{where}. It is in `/jobs` answers and digests now; "
        "edit your message to change it, delete it to take it down."
    )
    remove = _button("Remove", Action.REMOVE_AD, value=ref, style="danger")
    return Message(
        text=plain_fallback(f"Indexed as {_as(title, company)}{where}."),
        blocks=(_section(text), ActionsBlock(block_id="remove_ad", elements=[remove])),
    )


def ad_removed_message(title: str, company: str) -> Message:
    return _say(f"Removed: {_as(title, company)} is no longer in answers or digests.")


def not_your_ad_message() -> Message:
    return _say("Only the person who posted this job ad, or a workspace admin, can remove it.")


def ad_gone_message() -> Message:
    return _say("That job ad is not indexed any more: there is nothing to remove.")
