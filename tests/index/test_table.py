"""index/table.py: the posting table as the index builds, saves and reads it.

Its contract: `fit` stores every posting as a compact record, in input order; the table gives
back each posting without its body (and without `extra`), with the short summary a card shows
and the pay read when it was indexed, as a read-only sequence; a saved table memory-maps back to
the same postings; the body is found again through `Posting.path`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from index import Posting, SearchIndex, cache, load_postings, parse_query
from index import build as build_module
from index.build import fit, pay_of
from index.cache import LoadSummary
from index.postings import read_posting
from index.table import SUMMARY_CHARS, short_summary

# A word only deep in the bodies: past what a summary takes, so it must never reach the table.
BODY_MARK = "BODY-ONLY-SENTINEL"


def posting(i: int, **fields: object) -> Posting:
    base = Posting(
        id=f"p{i}",
        title=f"Engineer {i}",
        body="Python and Kubernetes. " * 80 + f"{BODY_MARK} {i}.",
        path=f"team/p{i}.md",
    )
    return replace(base, **fields)  # type: ignore[arg-type]


VARIED = [
    posting(0),
    posting(
        1,
        title="Senior SRE — Zürich / 远程 🚀",
        company="Wattle & Co",
        location="São Paulo, Brazil",
        url='https://example.com/jobs/1?ref="x"',
        apply_url="https://example.com/apply/1",
        posted=datetime(2026, 11, 27, 9, 30, 15, 250_000, tzinfo=UTC),
        tags=("python", "c++", "ci/cd"),
        job_type="full-time",
        remote=True,
        hybrid=True,
        archived=True,
        summary="  A short\tsummary\n\nover   lines.  ",
        company_website="https://wattle.example",
        logo_url="https://wattle.example/logo.png",
        extra={"salary": "120k", "notes": "dropped"},
    ),
    posting(2, posted=datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-5)))),
    posting(3, summary="word " * 500),  # longer than a card shows
    posting(4, body="", summary="", path=""),  # nothing to summarise, no file
    posting(5, job_type=None, tags=(), posted=None, title='Quote " and backslash \\ title'),
]


def as_stored(p: Posting) -> Posting:
    """What the table gives back for `p`: no body, no extra, the card's short summary, its pay."""
    return replace(p, body="", extra={}, summary=short_summary(p), pay=pay_of(p))


# --- round trip through the real build ------------------------------------------------------


def test_every_field_but_the_body_comes_back_from_a_fitted_index() -> None:
    table = fit(VARIED, workers=1).table
    assert len(table) == len(VARIED)
    for i, original in enumerate(VARIED):
        got = table[i]
        assert got == as_stored(original), original.id
        assert got.body == "" and got.extra == {}
    assert table[1].pay is not None and table[1].pay.min == 120_000  # read from its front matter
    # The timestamps are the same instants (an aware datetime comes back in UTC).
    assert table[1].posted == VARIED[1].posted
    assert table[2].posted == VARIED[2].posted and table[2].posted.tzinfo == UTC  # type: ignore[union-attr]
    assert table[5].posted is None


def test_bodies_never_reach_the_table_only_the_short_summary_does() -> None:
    data = fit(VARIED, workers=1)
    assert BODY_MARK.encode() not in data.table.blob.tobytes()
    # No summary: the start of the body, whitespace collapsed.
    assert data.table[0].summary == " ".join(VARIED[0].body.split())[:SUMMARY_CHARS]
    assert data.table[1].summary == "A short summary over lines."
    assert len(data.table[3].summary) == SUMMARY_CHARS
    assert data.table[4].summary == ""


def test_short_summary_prefers_the_summary_and_cuts_at_the_card_limit() -> None:
    assert short_summary(posting(0, summary="Own  the\nplatform.")) == "Own the platform."
    long_body = posting(0, summary="", body="x" * 1000 + " " + "y" * 2000)
    assert short_summary(long_body) == "x" * SUMMARY_CHARS
    assert short_summary(posting(0, summary="", body=" \n\t ")) == ""


def test_records_sit_end_to_end_in_input_order() -> None:
    table = fit(VARIED, workers=1).table
    ends = table.ends.tolist()
    assert ends == sorted(set(ends))  # strictly increasing: no empty or overlapping record
    assert ends[-1] == len(table.blob)  # nothing after the last record
    assert [p.id for p in table] == [p.id for p in VARIED]


@pytest.mark.parametrize(("workers", "batch"), [(1, 1), (1, 4), (2, 3)])
def test_batches_and_worker_processes_keep_every_record_whole(
    monkeypatch: pytest.MonkeyPatch, workers: int, batch: int
) -> None:
    """Records from many batches (and processes) join into one table whose offsets still cut
    at record boundaries."""
    postings = [posting(i, title=f"Engineer {i} " + "é" * (i % 7)) for i in range(40)]
    monkeypatch.setattr(build_module, "BATCH", batch)
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 10)
    table = fit(iter(postings), workers=workers).table
    assert list(table) == [as_stored(p) for p in postings]


# --- the sequence protocol ------------------------------------------------------------------


def test_the_table_is_a_sequence_of_postings() -> None:
    table = fit(VARIED, workers=1).table
    stored = [as_stored(p) for p in VARIED]
    assert table[-1] == stored[-1]
    assert table[-len(stored)] == stored[0]
    assert table[1:3] == stored[1:3]
    assert table[::-2] == stored[::-2]
    assert table[10:] == []
    assert list(reversed(table)) == stored[::-1]
    assert stored[2] in table
    assert table.index(stored[3]) == 3


@pytest.mark.parametrize("i", [6, 100, -7])
def test_a_row_past_either_end_is_an_index_error(i: int) -> None:
    table = fit(VARIED, workers=1).table
    with pytest.raises(IndexError):
        table[i]


def test_an_empty_index_has_an_empty_table() -> None:
    table = fit(iter([]), workers=1).table
    assert len(table) == 0
    assert list(table) == [] and table[:] == []
    with pytest.raises(IndexError):
        table[0]


# --- saved, memory-mapped, and read by the search -------------------------------------------


def test_a_saved_table_memory_maps_back_to_the_same_postings(tmp_path: Path) -> None:
    data = fit(VARIED, workers=1)
    cache.save(data, LoadSummary(loaded=len(VARIED)), cache_dir=tmp_path, key="k" * 64)
    loaded, _ = cache.load(tmp_path, key="k" * 64)
    assert isinstance(loaded.table.blob.base, np.memmap)  # the saved file's pages, read-only
    assert not loaded.table.blob.flags.writeable
    assert list(loaded.table) == list(data.table) == [as_stored(p) for p in VARIED]


def test_hits_show_the_stored_posting_and_its_path_finds_the_body(tmp_path: Path) -> None:
    root = tmp_path / "postings"
    (root / "team").mkdir(parents=True)
    (root / "team" / "sre.md").write_text(
        '---\ntitle: "Site Reliability Engineer"\ncompany: "Acme"\n---\n'
        "Terraform on AWS. Full body text that the table does not keep.\n",
        encoding="utf-8",
    )
    (root / "designer.md").write_text('---\ntitle: "Designer"\n---\nFigma.\n', encoding="utf-8")
    postings = load_postings(root).postings
    index = SearchIndex.build(postings, root=str(root))
    [hit] = index.search(parse_query("terraform")).hits
    original = next(p for p in postings if p.title == "Site Reliability Engineer")
    assert hit.posting == as_stored(original)
    assert index.get(original.id) == as_stored(original)
    again = read_posting(root, root / hit.posting.path)
    assert again.body == original.body and "does not keep" in again.body
