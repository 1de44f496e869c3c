"""bot/bench/ingest.py: the ingest bench runs its passes and reports what they rewrote."""

from __future__ import annotations

from bot.bench.ingest import format_ingest_bench, run_ingest_bench


async def test_the_second_and_third_passes_rewrite_nothing_and_the_index_stays() -> None:
    result = await run_ingest_bench(jobs=60, boards=3)
    assert (result.jobs, result.boards, result.files) == (60, 3, 60)
    assert result.second_rewritten == 0 and result.third_rewritten == 0
    assert result.refreshed is False
    text = format_ingest_bench(result)
    assert "60 jobs over 3 boards" in text and "0 files rewritten" in text
    assert "nothing to rebuild" in text
