"""bot/ingest/lever.py: the Postings API's documented payload → records (no network)."""

from __future__ import annotations

import pytest

from bot.ingest.lever import board_url, parse, pay_of
from bot.ingest.records import PayloadError, StatedPay
from tests.support.job_boards import lever_posting


def test_board_url() -> None:
    assert board_url("https://api.lever.co", "leverdemo") == (
        "https://api.lever.co/v0/postings/leverdemo?mode=json"
    )


def test_a_documented_posting_becomes_a_record_with_its_lists() -> None:
    [record] = parse([lever_posting("p-1", "Backend Engineer", workplaceType="hybrid")],
                     source="lever:leverdemo", site="leverdemo").records  # fmt: skip
    assert (record.title, record.company, record.job_type) == (
        "Backend Engineer",
        "Leverdemo",
        "full-time",
    )
    assert record.location == "San Francisco, CA (Hybrid)" and record.tags == ("Platform",)
    assert record.apply_url == "https://jobs.lever.co/leverdemo/p-1/apply"
    assert record.body == (
        "We run the platform.\n\n## What you'll do\n\n- Ship code\n\nBenefits included."
    )
    assert record.posted is not None and record.posted.year == 2026


def test_plain_description_is_used_without_html() -> None:
    posting = lever_posting("p-2", "Analyst", description="", lists=[], additional=None)
    [record] = parse([posting], source="lever:x", site="x").records
    assert record.body == "We run the platform."


@pytest.mark.parametrize(
    ("salary", "pay"),
    [({"currency": "USD", "interval": "per-year-salary", "min": 100000, "max": 150000},
      StatedPay(100000, 150000, "USD", "year")),
     ({"currency": "EUR", "interval": "per-hour-wage", "min": 40, "max": None},
      StatedPay(40, None, "EUR", "hour")),
     ({"currency": "USD", "interval": "one-time", "min": 5000, "max": 5000}, None),
     ({"currency": "USD", "interval": "per-year-salary", "min": "lots"}, None),
     ("100k", None)],
)  # fmt: skip
def test_salary_range(salary: object, pay: StatedPay | None) -> None:
    assert pay_of(salary) == pay


def test_a_payload_that_is_not_a_list_is_refused() -> None:
    with pytest.raises(PayloadError, match="a list of postings"):
        parse({"ok": False, "error": "Document not found"}, source="lever:x", site="x")
