"""bot/ingest/run.py: one pass through real HTTP against the fake boards, real files on disk,
read back by the real index loader."""

from __future__ import annotations

import json
from pathlib import Path

from bot.ingest import parse_sources
from bot.ingest.state import STATE_FILE
from index import load_postings
from tests.bot.ingest.conftest import RunPass, posting_files
from tests.support.job_boards import (
    Body,
    FakeJobBoards,
    Hang,
    Huge,
    RateLimited,
    Status,
    ashby_job,
    greenhouse_job,
    lever_posting,
)

THREE = """
sources:
  - greenhouse: acme
  - lever: leverdemo
  - ashby: acme-labs
"""


def fill(boards: FakeJobBoards) -> None:
    boards.greenhouse["acme"] = [
        greenhouse_job(
            101, "Senior Backend Engineer", content="&lt;p&gt;Python and Postgres.&lt;/p&gt;"
        ),
        greenhouse_job(102, "Data Analyst", location={"name": "Remote"}),
    ]
    boards.lever["leverdemo"] = [
        lever_posting("aaaa-1111", "Site Reliability Engineer", workplaceType="remote",
                      salaryRange={"currency": "USD", "interval": "per-year-salary",
                                   "min": 150000, "max": 180000}),
    ]  # fmt: skip
    boards.ashby["acme-labs"] = [ashby_job("bbbb-2222", "Product Designer")]


async def test_three_boards_become_posting_files_the_index_reads(
    boards: FakeJobBoards, postings: Path, ingest: RunPass
) -> None:
    fill(boards)
    report = await ingest(THREE)
    assert [(s.name, s.fetched, s.new, s.error) for s in report.sources] == [
        ("greenhouse:acme", 2, 2, None),
        ("lever:leverdemo", 1, 1, None),
        ("ashby:acme-labs", 1, 1, None),
    ]
    files = posting_files(postings)
    assert sorted(files) == [
        "ashby/acme-labs/product-designer-bbbb-2222.md",
        "greenhouse/acme/data-analyst-102.md",
        "greenhouse/acme/senior-backend-engineer-101.md",
        "lever/leverdemo/site-reliability-engineer-aaaa-1111.md",
    ]
    loaded = {p.id: p for p in load_postings(postings).postings}
    sre = loaded["lever/leverdemo/site-reliability-engineer-aaaa-1111"]
    assert sre.remote and sre.company == "Leverdemo" and sre.job_type == "full-time"
    assert sre.extra["salary"] == {
        "min": 150000,
        "max": 180000,
        "currency": "USD",
        "period": "year",
    }
    assert sre.extra["source"] == "lever:leverdemo" and sre.extra["sourceId"] == "aaaa-1111"
    backend = loaded["greenhouse/acme/senior-backend-engineer-101"]
    assert backend.company == "Acme" and "Python and Postgres." in backend.body
    assert backend.posted is not None and backend.posted.isoformat() == "2026-11-18T14:00:00+00:00"
    assert loaded["greenhouse/acme/data-analyst-102"].remote
    designer = loaded["ashby/acme-labs/product-designer-bbbb-2222"]
    assert designer.company == "Acme Labs" and designer.location == "London, UK"
    [request] = boards.requests_to("/v1/boards/acme/jobs")
    assert request.query == {"content": "true"} and request.headers["user-agent"].startswith(
        "jobbot/"
    )
    assert boards.requests_to("/posting-api/job-board/acme-labs")[0].query == {
        "includeCompensation": "true"
    }


async def test_a_second_pass_with_nothing_changed_rewrites_nothing(
    boards: FakeJobBoards, postings: Path, ingest: RunPass
) -> None:
    fill(boards)
    await ingest(THREE)
    mtimes = {p: p.stat().st_mtime_ns for p in postings.rglob("*.md")}
    second = await ingest(THREE)
    assert all(s.not_modified for s in second.sources)  # each board answered 304 to the ETag
    assert [
        r.headers.get("if-none-match", "") != ""
        for r in boards.requests_to("/v0/postings/leverdemo")
    ] == [False, True]
    assert {p: p.stat().st_mtime_ns for p in postings.rglob("*.md")} == mtimes
    (postings / STATE_FILE).unlink()  # without validators: fetched in full, still nothing written
    third = await ingest(THREE)
    assert [(s.fetched, s.new, s.changed, s.closed) for s in third.sources] == [
        (2, 0, 0, 0), (1, 0, 0, 0), (1, 0, 0, 0)
    ]  # fmt: skip
    assert {p: p.stat().st_mtime_ns for p in postings.rglob("*.md")} == mtimes


async def test_a_job_gone_from_its_board_is_archived_and_comes_back_when_it_returns(
    boards: FakeJobBoards, postings: Path, ingest: RunPass
) -> None:
    fill(boards)
    await ingest(THREE)
    kept = boards.greenhouse["acme"].pop()
    boards.greenhouse["acme"][0]["title"] = "Staff Backend Engineer"
    report = await ingest(THREE)
    gh = report.sources[0]
    assert (gh.fetched, gh.new, gh.changed, gh.closed) == (1, 0, 1, 1)
    visible = {p.id: p for p in load_postings(postings).postings}
    assert "greenhouse/acme/data-analyst-102" not in visible
    # The id stays when the title changes: saved jobs and digests still point at it.
    assert visible["greenhouse/acme/senior-backend-engineer-101"].title == "Staff Backend Engineer"
    assert load_postings(postings).archived == 1
    again = await ingest(THREE)
    assert again.sources[0].closed == 0  # closed once, not every pass
    boards.greenhouse["acme"].append(kept)
    back = await ingest(THREE)
    assert back.sources[0].changed == 1
    assert "greenhouse/acme/data-analyst-102" in {p.id for p in load_postings(postings).postings}


async def test_one_failing_source_never_stops_the_others_and_keeps_its_files(
    boards: FakeJobBoards, postings: Path, ingest: RunPass
) -> None:
    fill(boards)
    await ingest(THREE)
    before = posting_files(postings)
    boards.script(
        "/v1/boards/acme/jobs", Body(b"<html><body>Maintenance</body></html>", "text/html")
    )
    boards.script("/v0/postings/leverdemo", Body(b'{"jobs": [1, 2'))
    boards.script("/posting-api/job-board/acme-labs", Body(b'{"jobs": "none"}'))
    report = await ingest(THREE)
    assert [s.error for s in report.sources] == [
        "HTML or XML where JSON was expected",
        "not JSON: Expecting ',' delimiter: line 1 column 15 (char 14)",
        "expected an object with a 'jobs' list",
    ]
    assert report.all_failed
    assert posting_files(postings) == before  # nothing archived on a broken payload
    state = json.loads((postings / STATE_FILE).read_text())
    assert state["lever:leverdemo"]["last_error"].startswith("not JSON")
    assert state["lever:leverdemo"]["last_success"] is not None
    assert state["lever:leverdemo"]["postings"] == 1


async def test_invalid_utf8_and_an_unknown_board_are_reported_by_name(
    boards: FakeJobBoards, ingest: RunPass
) -> None:
    fill(boards)
    boards.script("/v0/postings/leverdemo", Body(b'[{"id": "x", "text": "caf\xe9"}]'))
    report = await ingest(THREE + "  - greenhouse: nosuchboard\n")
    by_name = {s.name: s for s in report.sources}
    assert by_name["lever:leverdemo"].error == "not UTF-8 (byte 25)"
    assert by_name["greenhouse:nosuchboard"].error is not None
    assert by_name["greenhouse:nosuchboard"].error.startswith("HTTP 404")
    assert by_name["greenhouse:acme"].new == 2 and not report.all_failed


async def test_jobs_with_wrong_types_are_skipped_with_reasons_and_the_rest_written(
    boards: FakeJobBoards, postings: Path, ingest: RunPass
) -> None:
    boards.greenhouse["acme"] = [
        greenhouse_job(1, "Good Job"),
        greenhouse_job(2, ""),  # a job without a title
        greenhouse_job(3, 12345, location="Berlin"),  # type: ignore[arg-type]
        "not a job",  # type: ignore[list-item]
        greenhouse_job(True, "Bool id"),
        greenhouse_job(4, "Odd fields", location=["x"], departments="Eng", updated_at=5,
                       first_published=None, absolute_url="javascript:alert(1)"),
    ]  # fmt: skip
    report = await ingest("sources:\n  - greenhouse: acme\n")
    [gh] = report.sources
    assert gh.error is None and gh.fetched == 3 and gh.errors == 3
    assert gh.problems == ["job 2: no title", "jobs[3]: not an object", "jobs[4]: no id"]
    odd = next(p for p in load_postings(postings).postings if p.title == "Odd fields")
    assert odd.location == "" and odd.url == "" and odd.posted is None
    assert next(p for p in load_postings(postings).postings if p.title == "12345")


async def test_a_job_that_turns_unreadable_keeps_its_file(
    boards: FakeJobBoards, postings: Path, ingest: RunPass
) -> None:
    boards.greenhouse["acme"] = [greenhouse_job(1, "Good Job"), greenhouse_job(2, "Other")]
    await ingest("sources:\n  - greenhouse: acme\n")
    boards.greenhouse["acme"][1]["title"] = None
    report = await ingest("sources:\n  - greenhouse: acme\n")
    assert report.sources[0].closed == 0 and report.sources[0].errors == 1
    assert len(load_postings(postings).postings) == 2


async def test_5xx_and_429_are_retried_honouring_retry_after(
    boards: FakeJobBoards, ingest: RunPass
) -> None:
    fill(boards)
    boards.script("/v1/boards/acme/jobs", Status(500), Status(503))
    boards.script("/v0/postings/leverdemo", RateLimited(1))
    report = await ingest(THREE)
    assert [s.error for s in report.sources] == [None, None, None]
    assert [s.new for s in report.sources] == [2, 1, 1]
    assert len(boards.requests_to("/v1/boards/acme/jobs")) == 3
    assert len(boards.requests_to("/v0/postings/leverdemo")) == 2


async def test_a_source_that_keeps_failing_gives_up_after_the_retries(
    boards: FakeJobBoards, ingest: RunPass
) -> None:
    fill(boards)
    boards.script("/v1/boards/acme/jobs", *[Status(502)] * 4)
    boards.script("/v0/postings/leverdemo", RateLimited(3600))
    report = await ingest(THREE)
    assert report.sources[0].error == "HTTP 502 (after 4 attempts)"
    assert report.sources[1].error == "HTTP 429; Retry-After 3600 s is too long"
    assert report.sources[2].new == 1


async def test_a_hanging_board_times_out_and_a_huge_body_is_cut(
    boards: FakeJobBoards, postings: Path, ingest: RunPass
) -> None:
    fill(boards)
    boards.script("/v1/boards/acme/jobs", Hang())
    boards.script("/v0/postings/leverdemo", Huge(50_000_000))
    boards.script("/posting-api/job-board/acme-labs", Huge(50_000_000, declared=True))
    text = THREE + "  - greenhouse: other\ntimeout: 1s\nmax_bytes: 200000\n"
    boards.greenhouse["other"] = [greenhouse_job(7, "Still Written")]
    report = await ingest(text)
    errors = {s.name: s.error for s in report.sources}
    assert errors == {
        "greenhouse:acme": "timed out after 1 s",
        "lever:leverdemo": "body is over 200000 bytes",
        "ashby:acme-labs": "body of 50000000 bytes is over 200000",
        "greenhouse:other": None,
    }
    assert list(posting_files(postings)) == ["greenhouse/acme/still-written-7.md"]


async def test_html_with_scripts_images_and_tracking_links_is_cleaned(
    boards: FakeJobBoards, postings: Path, ingest: RunPass
) -> None:
    html = (
        '<p onclick="steal()">Join us <script>document.cookie</script><style>p{color:red}</style>'
        '<img src="https://t.example/pixel.gif"><a href="https://acme.example/apply?utm_source=gh'
        '&amp;ref=7">apply here</a> or <a href="javascript:alert(1)">this</a>'
        '<iframe src="https://evil.example"></iframe></p>'
    )
    boards.ashby["acme-labs"] = [ashby_job("x1", "Engineer", descriptionHtml=html)]
    await ingest("sources:\n  - ashby: acme-labs\n")
    [body] = [p.body for p in load_postings(postings).postings]
    assert body == "Join us [apply here](https://acme.example/apply?ref=7) or this"


async def test_the_same_job_on_two_sources_is_written_once(
    boards: FakeJobBoards, postings: Path, ingest: RunPass
) -> None:
    boards.greenhouse["acme"] = [greenhouse_job(1, "Backend Engineer", location={"name": "Berlin"})]
    boards.lever["acme"] = [
        lever_posting("l-1", "Backend Engineer", categories={"location": "Berlin"}),
        lever_posting("l-2", "Frontend Engineer"),
    ]
    text = "sources:\n  - greenhouse: acme\n  - lever: acme\n"
    report = await ingest(text)
    assert [s.new for s in report.sources] == [1, 1]
    assert sorted(posting_files(postings)) == [
        "greenhouse/acme/backend-engineer-1.md", "lever/acme/frontend-engineer-l-2.md"
    ]  # fmt: skip
    only_lever = await ingest(text, only=parse_sources(text).named("lever"))
    assert only_lever.sources[0].new == 0  # the Greenhouse file on disk still claims the job


async def test_a_dry_run_writes_nothing(
    boards: FakeJobBoards, postings: Path, ingest: RunPass
) -> None:
    fill(boards)
    report = await ingest(THREE, dry_run=True)
    assert [s.new for s in report.sources] == [2, 1, 1]
    assert list(postings.iterdir()) == []
