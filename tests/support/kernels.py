"""Helpers for the kernel tests (tests/index/kernels/): random postings and questions, and one
question's answer through a chosen backend, to compare the numba kernels with the NumPy
reference bit for bit.

Importable from any test (pytest puts `tests/` on the path).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from index import Posting, Query, SearchIndex, kernels

TODAY = date(2026, 11, 28)
needs_numba = pytest.mark.skipif(kernels.NUMBA is None, reason="numba is not installed")

WORDS = [f"w{i}" for i in range(20)] + ["python", "rust", "kafka", "engineer", "developer"]
LEVELS = ["Senior", "Junior", "Staff", "Intern", "Principal", "Mid", "", "", ""]
COMPANIES = ["Acme", "Acme Labs", "Globex", "Initech", "Umbrella"]
PLACES = ["Berlin, Germany", "Paris, France", "New York, NY", "Tokyo, Japan", "Remote"]
JOB_TYPES = [None, "full-time", "contract", "internship", "part-time"]


def corpus(seed: int, size: int, *, common: str | None = None) -> list[Posting]:
    """Random postings; some are copies of an earlier one (same title and company: one group,
    often the same score), some undated, many on the same day."""
    rng = random.Random(seed)
    out: list[Posting] = []
    for i in range(size):
        if out and rng.random() < 0.15:
            base = rng.choice(out)
            title, company, body = base.title, base.company, base.body
            if rng.random() < 0.5:
                body += " " + rng.choice(WORDS)
        else:
            level = rng.choice(LEVELS)
            title = " ".join([level, *rng.choices(WORDS, k=rng.randint(1, 3))]).strip()
            company = rng.choice(COMPANIES)
            body = " ".join(rng.choices(WORDS, k=rng.randint(0, 25)))
        if common:
            body += f" {common}"
        day = rng.randint(0, 40)
        out.append(
            Posting(
                id=f"p{rng.randrange(10**6):06d}-{i}",
                title=title,
                company=company,
                location=rng.choice(PLACES),
                body=body,
                tags=tuple(rng.sample(WORDS, k=rng.randint(0, 2))),
                job_type=rng.choice(JOB_TYPES),
                remote=rng.random() < 0.4,
                hybrid=rng.random() < 0.2,
                posted=None
                if rng.random() < 0.1
                else datetime(2026, 11, 28, tzinfo=UTC) - timedelta(days=day),
            )
        )
    return out


def random_query(rng: random.Random) -> Query:
    terms = tuple(rng.sample(WORDS, k=rng.choice([0, 1, 1, 2, 2, 3, 4])))
    if rng.random() < 0.1:
        terms += ("zzunknown",)
    related = tuple(rng.sample(WORDS, k=rng.choice([0, 0, 1, 2]))) if terms else ()
    return Query(
        text=" ".join(terms),
        terms=terms,
        related=tuple(t for t in related if t not in terms),
        workplace=rng.choice([None, None, "remote", "hybrid", "onsite"]),
        location=rng.choice([None, None, None, "Berlin", "Europe", "Tokyo", "Mars"]),
        company=rng.choice([None, None, None, "acme", "globex", "nobody"]),
        job_type=rng.choice([None, None, "full-time", "contract", "freelance"]),
        seniority=rng.choice([None, None, "senior", "junior", "mid", "staff", "lead"]),
        since=rng.choice([None, None, TODAY - timedelta(days=rng.randint(0, 50))]),
    )


def answer(
    index: SearchIndex, backend: kernels.Backend | None, query: Query, **kwargs: Any
) -> tuple[Any, ...]:
    index._backend = backend or kernels.NUMPY
    try:
        result = index.search(query, **kwargs)
    finally:
        index._backend = kernels.DEFAULT
    return (
        [(h.posting.id, h.score, h.matched) for h in result.hits],
        result.total,
        result.emptied_by,
        result.relaxed,
        result.unknown_terms,
    )
