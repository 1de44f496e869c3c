"""The whole real corpus (../shared/corpus): loads without a crash and ranks sensibly.

Skipped where the corpus is absent (a user's fresh clone has no ../shared).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from index import SearchIndex, load_postings, parse_query
from index.text import fold

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "postings"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")


@pytest.fixture(scope="module")
def corpus_index() -> SearchIndex:
    report = load_postings(CORPUS)
    assert len(report.postings) > 10_000
    for item in report.skipped:
        assert item.reason and item.path.is_relative_to(CORPUS)
    return SearchIndex.build(report.postings)


def test_remote_sre_with_terraform_finds_remote_sre_postings_naming_terraform(
    corpus_index: SearchIndex,
) -> None:
    result = corpus_index.search(
        parse_query("remote SRE jobs with Terraform", today=date(2026, 11, 28))
    )
    assert len(result.hits) == 5
    for hit in result.hits:
        p = hit.posting
        text = fold(f"{p.title} {' '.join(p.tags)} {p.body}")
        assert p.remote, p.id
        assert "terraform" in text, p.id
        assert any(
            w in fold(p.title)
            for w in ("sre", "reliability", "devops", "infrastructure", "platform")
        ), p.id
