"""bot/ingest/greenhouse.py: the Job Board API's documented payload → records (no network)."""

from __future__ import annotations

import pytest

from bot.ingest.greenhouse import board_url, parse
from bot.ingest.records import PayloadError
from tests.support.job_boards import greenhouse_job


def test_board_url_asks_for_the_content() -> None:
    assert board_url("https://boards-api.greenhouse.io/", "acme") == (
        "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true"
    )


def test_a_documented_job_becomes_a_record() -> None:
    job = greenhouse_job(
        4001,
        "Staff Engineer",
        content="&lt;h3&gt;Role&lt;/h3&gt;&lt;p&gt;Own the public API end to end.&lt;/p&gt;",
    )
    [record] = parse(
        {"jobs": [job], "meta": {"total": 1}}, source="greenhouse:acme", board="acme"
    ).records
    assert (record.source_id, record.title, record.company) == ("4001", "Staff Engineer", "Acme")
    assert record.location == "New York, NY" and record.tags == ("Engineering",)
    assert record.url == record.apply_url == "https://boards.greenhouse.io/acme/jobs/4001"
    assert (
        record.body == "### Role\n\nOwn the public API end to end."
        and record.summary == "Own the public API end to end."
    )
    assert record.posted is not None and record.posted.isoformat() == "2026-11-18T14:00:00+00:00"


def test_without_a_company_name_the_board_names_the_company() -> None:
    job = greenhouse_job(1, "Engineer")
    del job["company_name"]
    [record] = parse({"jobs": [job]}, source="greenhouse:acme-labs", board="acme-labs").records
    assert record.company == "Acme Labs"


@pytest.mark.parametrize("payload", [[], {"jobs": None}, {"data": []}, "jobs", None])
def test_a_payload_of_the_wrong_shape_is_refused(payload: object) -> None:
    with pytest.raises(PayloadError, match="'jobs' list"):
        parse(payload, source="greenhouse:a", board="a")
