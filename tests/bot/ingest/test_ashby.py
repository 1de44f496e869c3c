"""bot/ingest/ashby.py: the Posting API's documented payload → records (no network)."""

from __future__ import annotations

import pytest

from bot.ingest.ashby import board_url, parse, pay_of
from bot.ingest.records import PayloadError, StatedPay
from tests.support.job_boards import ashby_job


def test_board_url_asks_for_compensation() -> None:
    assert board_url("https://api.ashbyhq.com", "acme") == (
        "https://api.ashbyhq.com/posting-api/job-board/acme?includeCompensation=true"
    )


def test_a_documented_job_becomes_a_record_with_its_pay() -> None:
    [record] = parse({"apiVersion": "1", "jobs": [ashby_job("a-1", "Designer")]},
                     source="ashby:acme", name="acme").records  # fmt: skip
    assert (record.title, record.company, record.location) == ("Designer", "Acme", "London, UK")
    assert record.pay == StatedPay(70000, 90000, "GBP", "year")
    assert record.job_type == "full-time" and record.tags == ("Engineering", "Product Engineering")
    assert record.url == "https://jobs.ashbyhq.com/acme/a-1"


@pytest.mark.parametrize(
    ("fields", "location"),
    [({"workplaceType": "Remote"}, "London, UK (Remote)"),
     ({"isRemote": True, "workplaceType": None}, "London, UK (Remote)"),
     ({"workplaceType": "Hybrid"}, "London, UK (Hybrid)"),
     ({"isRemote": True, "workplaceType": "OnSite"}, "London, UK")],
)  # fmt: skip
def test_the_workplace(fields: dict, location: str) -> None:
    [record] = parse({"jobs": [ashby_job("a", "X", **fields)]}, source="ashby:a", name="a").records
    assert record.location == location


def test_unlisted_jobs_are_left_out_and_a_plain_description_is_used() -> None:
    jobs = [ashby_job("a", "Hidden", isListed=False), ashby_job("b", "Shown", descriptionHtml=None)]
    [record] = parse({"jobs": jobs}, source="ashby:a", name="a").records
    assert record.title == "Shown" and record.body == "Work on the product."


def test_pay_needs_a_salary_component() -> None:
    equity = {"summaryComponents": [{"compensationType": "EquityPercentage", "interval": "NONE"}]}
    assert pay_of(equity) is None and pay_of(None) is None


def test_a_payload_of_the_wrong_shape_is_refused() -> None:
    with pytest.raises(PayloadError):
        parse({"apiVersion": "1", "jobs": {}}, source="ashby:a", name="a")
