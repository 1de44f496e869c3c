"""Compact posting records: what cards and filters need, without the bodies.

A million `Posting` objects with their bodies would not fit the memory budget, and unpickling
them would make every restart slow. The index keeps each posting as one small JSON record in a
single byte buffer (memory-mapped from the cache) and decodes a record only when a hit is shown.
Bodies stay on disk; `Posting.path` says where to read one when a phrase must be checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from index.postings import Posting
from index.salary import Pay

__all__ = ["SUMMARY_CHARS", "PostingTable", "encode_record", "short_summary"]

SUMMARY_CHARS = 400  # cards show at most 300; keep a little more for "…" decisions


def short_summary(posting: Posting) -> str:
    """The posting's summary, or the start of its body: all a card shows."""
    text = posting.summary or posting.body[:1500]
    return " ".join(text.split())[:SUMMARY_CHARS]


def encode_record(posting: Posting) -> bytes:
    """One posting as a compact JSON record (no body, a short summary)."""
    record: dict[str, Any] = {
        "i": posting.id,
        "t": posting.title,
        "c": posting.company,
        "l": posting.location,
        "u": posting.url,
        "a": posting.apply_url,
        "d": posting.posted.timestamp() if posting.posted else None,
        "g": list(posting.tags),
        "j": posting.job_type,
        "r": posting.remote,
        "h": posting.hybrid,
        "x": posting.archived,
        "s": short_summary(posting),
        "p": posting.path,
        "w": posting.company_website,
        "o": posting.logo_url,
        "$": None if posting.pay is None else list(_pay_fields(posting.pay)),
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()


def _decode(raw: bytes) -> Posting:
    r = json.loads(raw)
    return Posting(
        id=r["i"],
        title=r["t"],
        company=r["c"],
        location=r["l"],
        url=r["u"],
        apply_url=r["a"],
        posted=datetime.fromtimestamp(r["d"], tz=UTC) if r["d"] is not None else None,
        tags=tuple(r["g"]),
        job_type=r["j"],
        remote=r["r"],
        hybrid=r["h"],
        archived=r["x"],
        summary=r["s"],
        path=r["p"],
        company_website=r["w"],
        logo_url=r["o"],
        pay=None if r.get("$") is None else Pay(*r["$"]),
    )


def _pay_fields(pay: Pay) -> tuple[int | None, int | None, str, str]:
    return pay.min, pay.max, pay.currency, pay.period


class PostingTable(Sequence[Posting]):
    """Postings decoded on demand from one buffer of JSON records and their end offsets.

    `index.build.fit` makes one (each posting's `encode_record`, concatenated in input order);
    `index.cache.load` opens a saved one memory-mapped.
    """

    def __init__(self, blob: npt.NDArray[np.uint8], ends: npt.NDArray[np.int64]) -> None:
        self.blob = blob
        self.ends = ends

    def __len__(self) -> int:
        return len(self.ends)

    @overload
    def __getitem__(self, i: int) -> Posting: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Posting]: ...
    def __getitem__(self, i: int | slice) -> Posting | Sequence[Posting]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        start = int(self.ends[i - 1]) if i else 0
        return _decode(self.blob[start : int(self.ends[i])].tobytes())

    def __iter__(self) -> Iterator[Posting]:
        for i in range(len(self)):
            yield self[i]
