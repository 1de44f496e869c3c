"""Answers for what jobbot cannot do right now: an unexpected error, a posting no longer listed,
saving without a database."""

from __future__ import annotations

from bot.cards.base import Message, _say

__all__ = [
    "cannot_save_message",
    "gone_message",
    "needs_database_message",
    "no_card_message",
    "oops_message",
    "which_job_message",
]


def which_job_message(jobs: int) -> Message:
    """ "Save this job" on a message that is not one job card."""
    if jobs == 0:
        return _say("That message has no job card of mine. Use it on one of my answers or digests.")
    return _say(f"That message has {jobs} jobs: press *⋯ → Save* on the one you want.")


def no_card_message(number: int, cards: int) -> Message:
    """`like N` / `save N` / `hide N` in the console with no card N in the last answer."""
    if cards == 0:
        return _say(f"There is no card {number} yet: ask for jobs first, then use its numbers.")
    held = "only card 1" if cards == 1 else f"cards 1–{cards}"
    return _say(f"There is no card {number}: the last answer has {held}.")


def oops_message() -> Message:
    """The one polite answer for an unexpected error (details stay in the logs)."""
    return _say(
        "Sorry, something went wrong on my side while answering. Please try again in a moment."
    )


def gone_message() -> Message:
    """A button pointed at a posting that is no longer in the index."""
    return _say("That posting is no longer listed. Ask me again to see what is open now.")


def needs_database_message() -> Message:
    """Saving needs the database, and this jobbot runs without one."""
    return _say(
        "I can't save anything here: this jobbot runs without its database "
        "(set `JOBBOT_DATABASE`). Searching still works."
    )


def cannot_save_message() -> Message:
    """The database is there but cannot be written (full or read-only disk): say so plainly."""
    return _say(
        "I couldn't save that: my database can't be written to right now, and the people "
        "running me have been told. Nothing was changed. Searching still works."
    )
