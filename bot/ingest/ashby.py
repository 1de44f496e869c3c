"""Ashby's public Posting API: `GET {base}/posting-api/job-board/{name}?includeCompensation=true`.

The answer is `{"apiVersion": "1", "jobs": [...]}`; each job has `id`, `title`, `location`,
`secondaryLocations`, `department`, `team`, `isRemote` / `workplaceType` ("OnSite", "Remote",
"Hybrid"), `employmentType` ("FullTime", "PartTime", "Intern", "Contract", "Temporary"),
`jobUrl`, `applyUrl`, `publishedAt`, `isListed`, `descriptionHtml` / `descriptionPlain` and,
asked for, `compensation` (its `summaryComponents` give the salary's figures, currency and
interval). Unlisted jobs are left out.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from bot.ingest.html import html_to_markdown
from bot.ingest.records import (
    JobRecord,
    Parsed,
    PayloadError,
    Rejected,
    StatedPay,
    as_list,
    board_company,
    iso_time,
    job_type,
    objects,
    safe_url,
    summary_of,
    text_field,
    with_workplace,
)

__all__ = ["DEFAULT_URL", "board_url", "parse", "pay_of"]

DEFAULT_URL = "https://api.ashbyhq.com"

_INTERVALS = {"1 YEAR": "year", "1 MONTH": "month", "1 WEEK": "week", "1 DAY": "day",
              "1 HOUR": "hour"}  # fmt: skip


def board_url(base: str, name: str) -> str:
    """The job board `name`, with compensation."""
    return (
        f"{base.rstrip('/')}/posting-api/job-board/{quote(name, safe='')}?includeCompensation=true"
    )


def pay_of(value: object) -> StatedPay | None:
    """The salary of `compensation.summaryComponents`; None if it states none."""
    if not isinstance(value, dict):
        return None
    for part in as_list(value.get("summaryComponents")):
        if not isinstance(part, dict) or text_field(part.get("compensationType")) != "Salary":
            continue
        period = _INTERVALS.get(text_field(part.get("interval")).upper())
        currency = text_field(part.get("currencyCode")).upper()
        low, high = (_amount(part.get(k)) for k in ("minValue", "maxValue"))
        if period and len(currency) == 3 and (low is not None or high is not None):
            return StatedPay(low, high, currency, period)
    return None


def _amount(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    return round(value)


def _workplace(job: dict[str, Any]) -> str | None:
    kind = text_field(job.get("workplaceType")).lower()
    if kind in {"remote", "hybrid"}:
        return kind
    return "remote" if job.get("isRemote") is True and kind != "onsite" else None


def parse(payload: Any, *, source: str, name: str) -> Parsed:
    """A decoded Ashby payload → records (pure).

    :raises PayloadError: not an object with a `jobs` list.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("jobs"), list):
        raise PayloadError("expected an object with a 'jobs' list")
    records: list[JobRecord] = []
    rejected: list[Rejected] = []
    for n, job in objects(payload["jobs"], "jobs", rejected):
        sid = text_field(job.get("id"), limit=100)
        if not sid:
            rejected.append(Rejected(f"jobs[{n}]: no id"))
            continue
        if job.get("isListed") is False:
            continue
        title = text_field(job.get("title"))
        if not title:
            rejected.append(Rejected(f"job {sid}: no title", sid))
            continue
        description = job.get("descriptionHtml")
        if isinstance(description, str) and description.strip():
            body = html_to_markdown(description)
        else:
            plain = job.get("descriptionPlain")
            body = plain.strip() if isinstance(plain, str) else ""
        tags = tuple(t for t in (text_field(job.get(k)) for k in ("department", "team")) if t)
        records.append(
            JobRecord(
                source=source,
                source_id=sid,
                title=title,
                company=board_company(name),
                location=with_workplace(text_field(job.get("location")), _workplace(job)),
                url=safe_url(job.get("jobUrl")),
                apply_url=safe_url(job.get("applyUrl")) or safe_url(job.get("jobUrl")),
                posted=iso_time(job.get("publishedAt")),
                job_type=job_type(job.get("employmentType")),
                tags=tuple(dict.fromkeys(tags)),
                summary=summary_of(body),
                body=body,
                pay=pay_of(job.get("compensation")),
            )
        )
    return Parsed(tuple(records), tuple(rejected))
