"""Fitting: the fast paths (per-chunk scanning, worker processes) build exactly the index that
the plain tokenizer describes, whatever the batch size or the number of workers."""

from __future__ import annotations

import random
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from index import Posting, load_postings
from index import build as build_module
from index.build import FIELD_WEIGHTS, IndexData, fit
from index.text import fold, tokenize

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

TRICKY = [
    "",
    "   ",
    "Data Science, data-science and DATA   SCIENTISTS\n\nData\tEngineering Manager",
    "We build with machine\nlearning, machine learning-based tools and Machine Learnings.",
    "site reliability engineers; Site Reliability Engineering; sites reliability",
    "bigdata engineering manager (the match is rejected but still eats 'engineering')",
    "data engineering manager and engineering managers",
    "Amazon Web Services, google cloud platform, Google Cloud, ruby on rails",
    "front end / front-end / frontend, back end, full stack, full-stack",
    "product managers, product management, quality assurance, database administrators",
    "data\u2028science, data\u0085science, data\u00a0science, data\u3000science",
    "data´science and data¨science fold a space into the chunk",
    "Data’s science, “machine learning”, • full stack — product manager…",
    "Zürich, São Paulo, Łódź, Москва, Ｓｅｎｉｏｒ ＳＲＥ, ﬁnance, café résumé",
    "远程工作 招聘 Python 工程师，上海。日本語 リモート 한국어",
    "We use Go, Python and C/C++; Go to our site. In Go we trust (Go) Go/Rust",
    "Skills: R, C, C#, F#, .NET, ASP.NET, node.js, Node.JS., CI/CD, UX/UI, a/b tests",
    "R/Python, Python or R, C and C++, c, r, C-level, R&D, (C), C.",
    "k8s, K8S, golang, postgres, psql, reactjs, react.js, nodejs, vue, js, ts, cpp",
    "e.g. i.e. etc. don't we're it's 401(k) $120k-150k 5+ years @company #hiring",
    "https://example.com/jobs?id=3&ref=x www.example.net user@example.com",
    "a\u0301 e\u0301 combining\u0301 \u0301alone İstanbul ΣΊΣΥΦΟΣ straße",
    "emoji 🚀 rocket 🚀🚀 and ✓ check ✔ and ™ trademark ½ half ① one",
    "under_score snake_case_name __init__ x--y a..b .. -- // ++ ## .js .net.",
    "tabs\tand\x0bvertical\x0cfeeds\r\nwindows\rlines\x1cseparators\x1fhere",
    "zero\u200bwidth soft\u00adhyphen bom\ufeffmark",
    "Données scientifiques, ingénieur de données, télétravail, remoto, homeoffice",
]


def test_fold_shortcut_for_inert_characters_matches_full_normalization() -> None:
    def slow(text: str) -> str:
        text = unicodedata.normalize("NFKC", text).casefold()
        stripped = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not _combining(ch))
        return unicodedata.normalize("NFC", stripped)

    rng = random.Random(11)
    alphabet = [chr(c) for c in range(0x20, 0x7F)] + list(
        "’‘“”•–—…©®°·×€£→✓🚀中文한국어\u0301\u0308\u0327\u034f\u1161\u11a8\u3099ΣİßÅﬁ™½ａ\u00a0\u2028"
    )
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
        assert fold(text) == slow(text), [hex(ord(c)) for c in text]


def _combining(ch: str) -> bool:
    cp = ord(ch)
    return any(
        low <= cp <= high
        for low, high in (
            (0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F)
        )
    )  # fmt: skip


# --- the fitted index --------------------------------------------------------------------------


def corpus(size: int, seed: int = 3) -> list[Posting]:
    """`size` postings: the seeds, then copies with shuffled, renamed and tricky text."""
    base = load_postings(SEEDS, include_archived=True).postings
    rng = random.Random(seed)
    out = list(base)
    while len(out) < size:
        source = rng.choice(base)
        words = source.body.split()
        rng.shuffle(words)
        extra = rng.choice(TRICKY)
        out.append(
            replace(
                source,
                id=f"copy/{len(out)}",
                title=f"{source.title} {rng.choice(['II', 'Lead', 'data scientist', ''])}",
                body=" ".join(words[: rng.randint(0, len(words))]) + f"\n{extra} w{len(out)}",
                tags=tuple(rng.sample(source.tags, len(source.tags))),
            )
        )
    return out[:size]


def reference_fit(postings: list[Posting]) -> tuple[list[str], npt.NDArray[np.float64]]:
    """The index the tokenizer describes, built the slow, obvious way: terms in order of first
    appearance and the dense weighted (pre-idf) matrix."""
    vocab: dict[str, int] = {}
    rows: list[dict[int, float]] = []
    weights = list(FIELD_WEIGHTS.values())
    for posting in postings:
        counts: Counter[tuple[int, int]] = Counter()
        for field, name in enumerate(FIELD_WEIGHTS):
            text = " ".join(posting.tags) if name == "tags" else getattr(posting, name)
            for token in tokenize(text, query=name == "tags") if text else []:
                counts[vocab.setdefault(token, len(vocab)), field] += 1
        row: dict[int, float] = {}
        for (column, field), count in sorted(counts.items()):
            row[column] = row.get(column, 0.0) + (1.0 + float(np.log(count))) * weights[field]
        rows.append(row)
    dense = np.zeros((len(postings), max(1, len(vocab))))
    for i, row in enumerate(rows):
        for column, value in row.items():
            dense[i, column] = value
    return list(vocab), dense


def unweighted(data: IndexData) -> npt.NDArray[np.float64]:
    """The fitted rows with the idf divided out (still L2-normalized), as a dense matrix."""
    rows: npt.NDArray[np.float64] = data.matrix.toarray().astype(np.float64)
    return rows / data.idf.astype(np.float64)


def assert_same(a: IndexData, b: IndexData) -> None:
    assert list(a.terms) == list(b.terms) and list(a.ids) == list(b.ids)
    for name in ("matrix", "signature", "titles"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.shape == y.shape
        for part in ("data", "indices", "indptr"):
            assert np.array_equal(getattr(x, part), getattr(y, part)), (name, part)
    for name in (
        "idf", "days", "remote", "hybrid", "job_type_codes", "location_codes", "company_codes",
        "group_codes", "id_rank",
    ):  # fmt: skip
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert np.array_equal(a.table.blob, b.table.blob)
    assert np.array_equal(a.table.ends, b.table.ends)
    assert (a.job_types, a.locations, a.companies) == (b.job_types, b.locations, b.companies)


def test_fit_builds_what_the_tokenizer_describes() -> None:
    postings = corpus(300)
    data = fit(postings, workers=1)
    terms, dense = reference_fit(postings)
    assert list(data.terms) == terms
    assert data.matrix.has_sorted_indices
    assert all(data.terms.get(t) == i for i, t in enumerate(terms))
    # The signature: each row's SIGNATURE_TERMS heaviest entries, heaviest first.
    rows = data.matrix.tocsr()
    for i in range(len(postings)):
        start, end = rows.indptr[i], rows.indptr[i + 1]
        order = np.argsort(-rows.data[start:end], kind="stable")[: build_module.SIGNATURE_TERMS]
        got = slice(data.signature.indptr[i], data.signature.indptr[i + 1])
        assert data.signature.indices[got].tolist() == rows.indices[start:end][order].tolist()
        assert data.signature.data[got].tolist() == rows.data[start:end][order].tolist()
    # Undo the L2 normalization row by row, then compare the weighted tf (idf divided out).
    raw = unweighted(data)
    norms = np.linalg.norm(dense * data.idf.astype(np.float64), axis=1)
    assert np.allclose(raw * norms[:, None], dense, rtol=1e-5, atol=1e-6)
    assert [p.id for p in data.table] == [p.id for p in postings]


@pytest.mark.parametrize(("workers", "batch"), [(2, 16), (3, 7), (2, 1000)])
def test_worker_processes_build_the_same_index(
    monkeypatch: pytest.MonkeyPatch, workers: int, batch: int
) -> None:
    postings = corpus(400, seed=workers)
    alone = fit(postings, workers=1)
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 50)
    monkeypatch.setattr(build_module, "BATCH", batch)
    together = fit(iter(postings), workers=workers)
    assert_same(alone, together)


def test_workers_starting_their_vocabulary_over_build_the_same_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    postings = corpus(400, seed=5)
    alone = fit(postings, workers=1)
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 50)
    monkeypatch.setattr(build_module, "BATCH", 16)
    monkeypatch.setattr(build_module, "WORKER_TERMS", 40)  # a new numbering every batch or so
    assert_same(alone, fit(iter(postings), workers=2))


@pytest.mark.parametrize("entries", [1, 97, 10**9])
def test_the_spool_block_size_does_not_change_the_index(
    monkeypatch: pytest.MonkeyPatch, entries: int
) -> None:
    postings = corpus(150, seed=9)
    alone = fit(postings, workers=1)
    monkeypatch.setattr(build_module, "SPOOL_ENTRIES", entries)
    assert_same(alone, fit(postings, workers=1))


def test_small_inputs_and_one_cpu_stay_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("started worker processes")

    monkeypatch.setattr(build_module, "ProcessPoolExecutor", no_pool)
    postings = corpus(120)
    assert len(fit(postings, workers=4).table) == 120  # fewer than PARALLEL_FROM
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 10)
    assert len(fit(postings, workers=1).table) == 120


def test_an_empty_stream_is_an_empty_index() -> None:
    data = fit(iter([]))
    assert len(data.table) == 0
    assert data.matrix.shape == (0, 1)


def test_the_stream_is_read_a_few_batches_ahead_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 40)
    monkeypatch.setattr(build_module, "BATCH", 10)
    postings = corpus(300)
    read = 0
    ahead: list[int] = []

    def stream() -> Iterator[Posting]:
        nonlocal read
        for posting in postings:
            read += 1
            yield posting

    real = build_module._Assembler.add

    def add(self: build_module._Assembler, batch: build_module._Batch) -> None:
        real(self, batch)
        ahead.append(read - len(self.ids))

    monkeypatch.setattr(build_module._Assembler, "add", add)
    fit(stream(), workers=2)
    # The first PARALLEL_FROM postings decide the mode; then two batches per worker in flight.
    assert max(ahead[3:]) <= 2 * 2 * 10 + 10


def test_a_process_running_threads_builds_through_a_forkserver(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bot rebuilds from a worker thread while its event loop runs: forking a process with
    threads could copy a held lock, so its workers come from a fresh forkserver instead."""
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 50)
    monkeypatch.setattr(build_module, "BATCH", 32)
    postings = corpus(200)
    alone = fit(postings, workers=1)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert build_module._pool_context().get_start_method() == "forkserver"
        together = fit(postings, workers=2)
    finally:
        stop.set()
        other.join()
    assert_same(alone, together)


def test_a_build_hands_its_freed_memory_back(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(build_module, "release_memory", lambda: calls.append(1))
    fit(corpus(30), workers=1)
    assert len(calls) == 2  # before the column-major arrays are made, and at the end
    build_module._libc = None
    monkeypatch.undo()
    build_module.release_memory()  # glibc here (or a no-op elsewhere): must not raise


def test_a_spool_folder_that_cannot_take_the_rows_falls_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    postings = corpus(40)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert_same(fit(postings, workers=1), fit(postings, workers=1, spool_dir=not_a_folder))
    assert "cannot spool the index" in caplog.text
