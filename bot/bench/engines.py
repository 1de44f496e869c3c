"""The engines the relevance benchmark compares over the same postings: jobbot, bm25s, FTS5.

`engines_for(folder)` loads the postings once per process and builds each engine on first use.
`Engines.ranking` is an engine's ranking for a question's text: for jobbot, what its cards show —
the hits, or the closest matches when a filter left nothing. bm25s (a dev dependency) indexes
title + tags + company + location + body with `stopwords="en"` and gets the question raw; FTS5
is an in-memory SQLite FTS5 table over the same five columns queried with the question's words
OR-ed, each quoted (`fts5_create` / `fts5_search`, shared with `bot.bench.speed`).
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from index import Posting, SearchIndex, load_postings, parse_query

__all__ = [
    "ENGINES",
    "Engines",
    "engines_for",
    "fts5_create",
    "fts5_match",
    "fts5_search",
    "indexed_text",
]

ENGINES = ("jobbot", "bm25s", "fts5")


def indexed_text(posting: Posting) -> str:
    """What bm25s indexes: the fields jobbot reads (title, tags, company, location, body)."""
    return "\n".join(
        [posting.title, " ".join(posting.tags), posting.company, posting.location, posting.body]
    )


# ---------------------------------------------------------------------------- FTS5


def fts5_create(db: sqlite3.Connection, postings: Iterable[Posting]) -> None:
    """Table `p` (FTS5 over title, tags, company, location, body); rowid n is the n-th posting."""
    db.execute("CREATE VIRTUAL TABLE p USING fts5(title, tags, company, location, body)")
    db.executemany(
        "INSERT INTO p (rowid, title, tags, company, location, body) VALUES (?, ?, ?, ?, ?, ?)",
        (
            (n, p.title, " ".join(p.tags), p.company, p.location, p.body)
            for n, p in enumerate(postings, 1)
        ),
    )
    db.commit()


def fts5_match(question: str) -> str | None:
    """The MATCH expression: the question's words OR-ed, each quoted (no FTS syntax can leak in:
    a word holds no quote), or None when the question has no word."""
    words = re.findall(r"\w+", question.lower())
    return " OR ".join(f'"{w}"' for w in words) if words else None


def fts5_search(db: sqlite3.Connection, question: str, k: int) -> list[int]:
    """The rowids of the best `k` rows by FTS5's `rank` (its bm25(), the default ranking)."""
    match = fts5_match(question)
    if match is None:
        return []
    rows = db.execute("SELECT rowid FROM p WHERE p MATCH ? ORDER BY rank LIMIT ?", (match, k))
    return [int(row[0]) for row in rows]


# ---------------------------------------------------------------------------- the engines


@dataclass
class Engines:
    """The engines over one folder's postings, each built once, on first use."""

    root: Path
    postings: tuple[Posting, ...]
    load_seconds: float
    by_id: dict[str, Posting] = field(default_factory=dict)
    build_seconds: dict[str, float] = field(default_factory=dict)
    _jobbot: SearchIndex | None = None
    _bm25: Any = None
    _fts5: sqlite3.Connection | None = None

    def jobbot_index(self) -> SearchIndex:
        if self._jobbot is None:
            self._jobbot = SearchIndex.build(self.postings, root=str(self.root))
            self.build_seconds["jobbot"] = self._jobbot.build_seconds
        return self._jobbot

    def bm25s_retriever(self) -> Any:
        if self._bm25 is None:
            import bm25s  # a dev dependency: only the benchmark needs it

            started = time.perf_counter()
            tokens = bm25s.tokenize(
                [indexed_text(p) for p in self.postings], stopwords="en", show_progress=False
            )
            retriever = bm25s.BM25()
            retriever.index(tokens, show_progress=False)
            self._bm25 = retriever
            self.build_seconds["bm25s"] = time.perf_counter() - started
        return self._bm25

    def fts5_db(self) -> sqlite3.Connection:
        if self._fts5 is None:
            started = time.perf_counter()
            db = sqlite3.connect(":memory:")
            fts5_create(db, self.postings)
            self._fts5 = db
            self.build_seconds["fts5"] = time.perf_counter() - started
        return self._fts5

    def build(self, engine: str) -> None:
        {"jobbot": self.jobbot_index, "bm25s": self.bm25s_retriever, "fts5": self.fts5_db}[engine]()

    def ranking(self, engine: str, text: str, k: int, *, today: date) -> list[Posting]:
        """An engine's first `k` postings for a question (jobbot parses it as of `today`)."""
        if engine == "jobbot":
            result = self.jobbot_index().search(parse_query(text, today=today), limit=k)
            # What the cards show: when a filter leaves nothing, the closest matches without it.
            # Hits carry compact records without bodies; rank the full posting.
            return [self.by_id[hit.posting.id] for hit in result.hits or result.suggestions]
        if engine == "bm25s":
            return self._bm25s_ranking(text, k)
        if engine == "fts5":
            return [self.postings[n - 1] for n in fts5_search(self.fts5_db(), text, k)]
        raise ValueError(f"unknown engine {engine!r}")

    def _bm25s_ranking(self, text: str, k: int) -> list[Posting]:
        import bm25s

        retriever = self.bm25s_retriever()
        tokens = bm25s.tokenize(text, stopwords="en", return_ids=False, show_progress=False)
        known = [t for t in tokens[0] if t in retriever.vocab_dict] if tokens else []
        if not known:
            return []
        docs, scores = retriever.retrieve(
            [known], k=min(k, len(self.postings)), show_progress=False
        )
        return [
            self.postings[int(d)] for d, s in zip(docs[0], scores[0], strict=True) if float(s) > 0
        ]


_ENGINES: dict[Path, Engines] = {}


def engines_for(postings_dir: Path | str) -> Engines:
    """The engines over a folder's postings, loaded once per process and folder.

    :raises FileNotFoundError: the folder does not exist.
    """
    root = Path(postings_dir).resolve()
    engines = _ENGINES.get(root)
    if engines is None:
        started = time.perf_counter()
        postings = load_postings(root).postings
        engines = Engines(
            root, postings, time.perf_counter() - started, {p.id: p for p in postings}
        )
        _ENGINES[root] = engines
    return engines
