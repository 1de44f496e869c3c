"""What the listeners are given: the answers, the store, and the memory of recent deliveries."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.dedupe import RecentKeys
from bot.dispatch import Answers

__all__ = ["Deps"]


@dataclass(frozen=True, slots=True)
class Deps:
    """Built once by `create_app` and shared by every surface."""

    answers: Answers
    store: object | None = None
    recent: RecentKeys = field(default_factory=RecentKeys)
