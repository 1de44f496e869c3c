"""What is new for a digest target: pure selection over ranked postings, no I/O.

"New" means: first seen by jobbot after the target's previous digest message, never sent to that
target, and not hidden by its owner. The first digest of a target shows the best (or newest)
matches up to the cap, whatever their age. A quiet day posts nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from index import Posting

__all__ = ["DIGEST_CAP", "DigestContent", "select_new"]

DIGEST_CAP = 10
"""Job cards in one digest message; the rest are counted ("and N more")."""


@dataclass(frozen=True, slots=True)
class DigestContent:
    """The postings a digest shows (ranked, at most the cap) and how many were new in all."""

    postings: tuple[Posting, ...]
    total: int
    since: datetime | None

    @property
    def more(self) -> int:
        """How many new postings did not fit ("and N more")."""
        return self.total - len(self.postings)


def select_new(
    postings_by_rank: Sequence[Posting],
    *,
    first_seen: Mapping[str, datetime],
    since: datetime | None,
    already_sent: set[str],
    hidden: set[str],
    cap: int = DIGEST_CAP,
) -> DigestContent | None:
    """The new postings among the target's ranked matches, or None on a quiet day.

    With `since` (the previous digest), a posting is new when it was first seen strictly after
    it; an id missing from `first_seen` has never been recorded, so it is being seen now and
    counts as new. With `since` None (the first digest) every match counts, so a new subscriber
    sees the best matches at once. Sent and hidden postings never count. Rank order is kept.
    """
    new = [
        p
        for p in postings_by_rank
        if p.id not in already_sent
        and p.id not in hidden
        and (since is None or (seen := first_seen.get(p.id)) is None or seen > since)
    ]
    if not new:
        return None
    return DigestContent(postings=tuple(new[: max(0, cap)]), total=len(new), since=since)
