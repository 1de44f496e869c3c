"""bot/ingest/files.py: record → file text, the plan against what is on disk, atomic writes."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.ingest.files import (
    LEFTOVER_SECONDS,
    archive_text,
    front_matter,
    plan,
    posting_path,
    removed_text,
    render,
    scan,
    write_atomic,
)
from bot.ingest.records import JobRecord, StatedPay
from index import parse_posting


def job(sid: str = "1", title: str = "Backend Engineer", **fields: object) -> JobRecord:
    base: dict = {"source": "greenhouse:acme", "source_id": sid, "title": title, "company": "Acme",
                  "location": "Berlin", "url": f"https://a.example/{sid}"}  # fmt: skip
    base.update(fields)
    return JobRecord(**base)


def test_a_rendered_file_is_a_posting_in_the_seed_schema() -> None:
    record = job(
        title='Engineer: "Platform" --- #1', posted=datetime(2026, 11, 30, tzinfo=UTC),
        job_type="full-time", tags=("Engineering", "Data Platform"), summary="Short.",
        body="Body *text*.", pay=StatedPay(90000, None, "EUR", "year"),
    )  # fmt: skip
    posting = parse_posting(render(record), id="x")
    assert posting.title == 'Engineer: "Platform" --- #1' and posting.company == "Acme"
    assert posting.posted == datetime(2026, 11, 30, tzinfo=UTC) and posting.job_type == "full-time"
    assert posting.tags == ("engineering", "data-platform") and posting.body == "Body *text*."
    assert posting.extra == {"salary": {"min": 90000, "currency": "EUR", "period": "year"},
                             "source": "greenhouse:acme", "sourceId": "1"}  # fmt: skip
    assert parse_posting(archive_text(render(record)), id="x").archived


def test_paths_are_readable_and_unique_per_job() -> None:
    assert posting_path(job("123")) == "greenhouse/acme/backend-engineer-123.md"
    odd = posting_path(job("Weird/ID 1"))
    assert odd.startswith("greenhouse/acme/backend-engineer-") and "/" not in odd[17:]


def test_plan_new_changed_unchanged_closed(tmp_path: Path) -> None:
    first = plan([job("1"), job("2"), job("3")], {}, source="greenhouse:acme")
    assert [w.reason for w in first.writes] == ["new", "new", "new"]
    for write in first.writes:
        write_atomic(tmp_path, write.path, write.text)
    existing = scan(tmp_path)["greenhouse:acme"]
    second = plan([job("1"), job("2", title="Senior Backend Engineer")], existing,
                  source="greenhouse:acme")  # fmt: skip
    assert second.unchanged == 1
    assert [(w.reason, w.path) for w in second.writes] == [
        ("changed", "greenhouse/acme/backend-engineer-2.md"),  # the id (path) stays
        ("closed", "greenhouse/acme/backend-engineer-3.md"),
    ]


def test_a_job_another_source_posted_is_not_written_twice() -> None:
    claimed = plan([job("1")], {}, source="greenhouse:acme").claimed
    other = job("x9", source="lever:acme", url="https://a.example/1?gh=1")
    result = plan([other], {}, source="lever:acme", claimed=claimed)
    assert result.writes == () and result.duplicates == ("x9: already posted by greenhouse:acme",)


def test_scan_reads_only_ingested_files_and_removes_old_leftovers(tmp_path: Path) -> None:
    write_atomic(tmp_path, "lever/acme/x-1.md", render(job("1", source="lever:acme")))
    (tmp_path / "lever" / "acme" / "by-hand.md").write_text("---\ntitle: Mine\n---\nbody\n")
    young = tmp_path / "lever" / "acme" / ".ingest-tmp-young"
    old = tmp_path / "lever" / "acme" / ".ingest-tmp-old"
    young.write_text("half")
    old.write_text("half")
    past = time.time() - LEFTOVER_SECONDS - 60
    os.utime(old, (past, past))
    found = scan(tmp_path)
    assert list(found) == ["lever:acme"] and list(found["lever:acme"]) == ["1"]
    assert young.exists() and not old.exists()


def test_write_atomic_replaces_whole_and_cleans_up_when_it_fails(tmp_path: Path) -> None:
    write_atomic(tmp_path, "a/b.md", "old\n")
    write_atomic(tmp_path, "a/b.md", "new\n")
    assert (tmp_path / "a" / "b.md").read_text() == "new\n"
    (tmp_path / "a" / "c.md").mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(OSError):
        write_atomic(tmp_path, "a/c.md", "text\n")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["b.md", "c.md"]


def test_scan_reads_tricky_values_as_yaml_would(tmp_path: Path) -> None:
    record = job("00042", title="Ingénieur: \"Go\" & 'Rust' #1", company="Acme: Labs",
                 location="yes", source="lever:acme")  # fmt: skip
    write_atomic(tmp_path, posting_path(record), archive_text(render(record)))
    [found] = scan(tmp_path)["lever:acme"].values()
    assert found.source_id == "00042" and found.archived
    assert found.keys == (
        "url https://a.example/00042", "job ingénieur go rust 1|acme labs|yes"
    )  # fmt: skip
    hand = tmp_path / "lever" / "x" / "hand.md"
    hand.parent.mkdir()
    hand.write_text("---\n{source: 'lever:acme', sourceId: 7, title: T}\n---\nbody\n")
    assert "7" in scan(tmp_path)["lever:acme"]  # not render's layout: the full YAML parse


def test_a_posting_removed_by_hand_stays_archived_whatever_its_source_says(
    tmp_path: Path,
) -> None:
    [write] = plan([job("1")], {}, source="greenhouse:acme").writes
    write_atomic(tmp_path, write.path, removed_text(archive_text(write.text), by="U7"))
    existing = scan(tmp_path)["greenhouse:acme"]
    assert existing["1"].removed and existing["1"].archived

    again = plan([job("1", title="Backend Engineer II")], existing, source="greenhouse:acme")

    assert again.writes == () and again.unchanged == 1
    text = (tmp_path / write.path).read_text()
    assert text.count("archived:") == 1 and front_matter(text)["removedBy"] == "U7"
    assert parse_posting(text, id="x").archived
