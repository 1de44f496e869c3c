"""Lever's public Postings API: `GET {base}/v0/postings/{site}?mode=json`.

The answer is a bare list of postings, each with `id`, `text` (the title),
`categories.{location,commitment,team}`, `workplaceType`, `hostedUrl`, `applyUrl`, `createdAt`
(ms since the epoch), `description` / `descriptionPlain`, `lists` (`[{text, content}]`, content
in HTML), `additional` and, when the company states pay, `salaryRange` (`{currency, interval,
min, max}`). Lever's payload names no company, so the site name stands for it.
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
    epoch_ms,
    job_type,
    objects,
    safe_url,
    summary_of,
    text_field,
    with_workplace,
)

__all__ = ["DEFAULT_URL", "board_url", "parse", "pay_of"]

DEFAULT_URL = "https://api.lever.co"

_INTERVALS = {
    "per-year-salary": "year",
    "per-month-salary": "month",
    "per-week-salary": "week",
    "per-week-wage": "week",
    "per-day-wage": "day",
    "per-hour-wage": "hour",
}


def board_url(base: str, site: str) -> str:
    """Every published posting of `site`, as JSON."""
    return f"{base.rstrip('/')}/v0/postings/{quote(site, safe='')}?mode=json"


def pay_of(value: object) -> StatedPay | None:
    """`salaryRange` → StatedPay; None when absent, one-time, or without a figure or currency."""
    if not isinstance(value, dict):
        return None
    period = _INTERVALS.get(text_field(value.get("interval")))
    currency = text_field(value.get("currency")).upper()
    low, high = (_amount(value.get(k)) for k in ("min", "max"))
    if period is None or len(currency) != 3 or (low is None and high is None):
        return None
    return StatedPay(low, high, currency, period)


def _amount(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    return round(value)


def _body(job: dict[str, Any]) -> str:
    parts = []
    description = job.get("description")
    if isinstance(description, str) and description.strip():
        parts.append(html_to_markdown(description))
    elif isinstance(job.get("descriptionPlain"), str):
        parts.append(job["descriptionPlain"].strip())
    for item in as_list(job.get("lists")):
        if not isinstance(item, dict):
            continue
        heading = text_field(item.get("text"))
        content = item.get("content")
        listed = html_to_markdown(f"<ul>{content}</ul>") if isinstance(content, str) else ""
        if heading or listed:
            parts.append("\n\n".join(p for p in (f"## {heading}" if heading else "", listed) if p))
    additional = job.get("additional")
    if isinstance(additional, str) and additional.strip():
        parts.append(html_to_markdown(additional))
    return "\n\n".join(p for p in parts if p)


def parse(payload: Any, *, source: str, site: str) -> Parsed:
    """A decoded Lever payload → records (pure).

    :raises PayloadError: not a list of postings.
    """
    if not isinstance(payload, list):
        raise PayloadError("expected a list of postings")
    records: list[JobRecord] = []
    rejected: list[Rejected] = []
    for n, job in objects(payload, "postings", rejected):
        sid = text_field(job.get("id"), limit=100)
        if not sid:
            rejected.append(Rejected(f"postings[{n}]: no id"))
            continue
        title = text_field(job.get("text"))
        if not title:
            rejected.append(Rejected(f"posting {sid}: no title", sid))
            continue
        categories = job.get("categories")
        cat = categories if isinstance(categories, dict) else {}
        team = text_field(cat.get("team"))
        workplace = text_field(job.get("workplaceType")).lower()
        body = _body(job)
        records.append(
            JobRecord(
                source=source,
                source_id=sid,
                title=title,
                company=board_company(site),
                location=with_workplace(text_field(cat.get("location")), workplace),
                url=safe_url(job.get("hostedUrl")),
                apply_url=safe_url(job.get("applyUrl")) or safe_url(job.get("hostedUrl")),
                posted=epoch_ms(job.get("createdAt")),
                job_type=job_type(cat.get("commitment")),
                tags=(team,) if team else (),
                summary=summary_of(body),
                body=body,
                pay=pay_of(job.get("salaryRange")),
            )
        )
    return Parsed(tuple(records), tuple(rejected))
