"""Greenhouse's public Job Board API: `GET {base}/v1/boards/{board}/jobs?content=true`.

The answer is `{"jobs": [...], "meta": {"total": n}}`; each job has `id`, `title`,
`location.name`, `absolute_url`, `updated_at`, `first_published`, `content` (HTML, itself
HTML-escaped), `departments`, `offices`, `metadata` and, on current boards, `company_name`.
No credentials; Greenhouse states no pay in this API, so the index reads it from the text.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

from bot.ingest.html import html_to_markdown
from bot.ingest.records import (
    JobRecord,
    Parsed,
    PayloadError,
    Rejected,
    as_list,
    board_company,
    iso_time,
    objects,
    safe_url,
    summary_of,
    text_field,
)

__all__ = ["DEFAULT_URL", "board_url", "parse"]

DEFAULT_URL = "https://boards-api.greenhouse.io"


def board_url(base: str, board: str) -> str:
    """The jobs list of `board`, descriptions included."""
    return f"{base.rstrip('/')}/v1/boards/{quote(board, safe='')}/jobs?content=true"


def parse(payload: Any, *, source: str, board: str) -> Parsed:
    """A decoded Greenhouse payload → records (pure).

    :raises PayloadError: not an object with a `jobs` list.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("jobs"), list):
        raise PayloadError("expected an object with a 'jobs' list")
    records: list[JobRecord] = []
    rejected: list[Rejected] = []
    for n, job in objects(payload["jobs"], "jobs", rejected):
        job_id = job.get("id")
        if isinstance(job_id, bool) or not isinstance(job_id, int | str) or not str(job_id):
            rejected.append(Rejected(f"jobs[{n}]: no id"))
            continue
        sid = str(job_id)
        title = text_field(job.get("title"))
        if not title:
            rejected.append(Rejected(f"job {sid}: no title", sid))
            continue
        location = job.get("location")
        content = job.get("content")
        body = html_to_markdown(html.unescape(content)) if isinstance(content, str) else ""
        url = safe_url(job.get("absolute_url"))
        departments = [text_field(d.get("name")) for d in as_list(job.get("departments"))
                       if isinstance(d, dict)]  # fmt: skip
        records.append(
            JobRecord(
                source=source,
                source_id=sid,
                title=title,
                company=text_field(job.get("company_name")) or board_company(board),
                location=text_field(location.get("name")) if isinstance(location, dict) else "",
                url=url,
                apply_url=url,
                posted=iso_time(job.get("first_published")) or iso_time(job.get("updated_at")),
                tags=tuple(d for d in departments if d),
                summary=summary_of(body),
                body=body,
            )
        )
    return Parsed(tuple(records), tuple(rejected))
