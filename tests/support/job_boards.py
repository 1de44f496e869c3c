"""A local fake of the public job-board APIs and of job feeds, for tests without the network.

`FakeJobBoards` is a real aiohttp server on 127.0.0.1, port 0, answering the documented paths
with the documented shapes:

- Greenhouse Job Board API: `GET /v1/boards/{board}/jobs?content=true` → `{"jobs": [...],
  "meta": {"total": n}}` (without `content=true`, jobs come without `content`);
- Lever Postings API: `GET /v0/postings/{site}?mode=json` → a bare list of postings;
- Ashby Posting API: `GET /posting-api/job-board/{name}?includeCompensation=true` →
  `{"apiVersion": "1", "jobs": [...]}` (compensation only when asked for);
- feeds: `GET /feeds/{name}` → the bytes and content type a test put there.

An unknown board answers 404 as each API does. Every response carries an ETag, and a request
whose `If-None-Match` matches gets 304. `script(path, ...)` queues hostile answers for a path
(a status, a 429 with Retry-After, a hang, a garbage or huge body) that are served before the
normal one. Every request is recorded.

    async with FakeJobBoards() as boards:
        boards.greenhouse["acme"] = [greenhouse_job(1, "Engineer")]
        ... JOBBOT_GREENHOUSE_URL=boards.base_url ...
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections import defaultdict, deque
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

from aiohttp import web

__all__ = [
    "Body",
    "FakeJobBoards",
    "Hang",
    "Huge",
    "RateLimited",
    "Seen",
    "Status",
    "ashby_job",
    "greenhouse_job",
    "lever_posting",
]

HOST = "127.0.0.1"


@dataclass(frozen=True, slots=True)
class Status:
    """Answer with this status (and a small JSON error body)."""

    status: int


@dataclass(frozen=True, slots=True)
class RateLimited:
    """429 with `Retry-After: seconds`."""

    seconds: int


@dataclass(frozen=True, slots=True)
class Hang:
    """Accept the request and never answer (until the server closes)."""


@dataclass(frozen=True, slots=True)
class Body:
    """Answer 200 with these bytes."""

    data: bytes
    content_type: str = "application/json"


@dataclass(frozen=True, slots=True)
class Huge:
    """Answer 200 with `size` bytes of JSON-looking garbage, streamed (no Content-Length unless
    `declared`)."""

    size: int
    declared: bool = False


Scripted = Status | RateLimited | Hang | Body | Huge


@dataclass(frozen=True, slots=True)
class Seen:
    """One request the fake received (header names lower-case)."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]


def greenhouse_job(job_id: int, title: str, **fields: Any) -> dict[str, Any]:
    """A job as the Greenhouse Job Board API lists it with `content=true`; `fields` override."""
    job: dict[str, Any] = {
        "id": job_id,
        "internal_job_id": job_id + 1_000_000,
        "title": title,
        "updated_at": "2026-11-20T10:00:00-05:00",
        "requisition_id": f"R{job_id}",
        "location": {"name": "New York, NY"},
        "absolute_url": f"https://boards.greenhouse.io/acme/jobs/{job_id}",
        "language": "en",
        "metadata": None,
        "content": "&lt;p&gt;Build things.&lt;/p&gt;",
        "departments": [{"id": 10, "name": "Engineering", "parent_id": None, "child_ids": []}],
        "offices": [
            {
                "id": 20,
                "name": "New York",
                "location": "New York, NY",
                "parent_id": None,
                "child_ids": [],
            }
        ],
        "first_published": "2026-11-18T09:00:00-05:00",
        "company_name": "Acme",
    }
    job.update(fields)
    return job


def lever_posting(posting_id: str, text: str, **fields: Any) -> dict[str, Any]:
    """A posting as the Lever Postings API lists it in `mode=json`; `fields` override."""
    posting: dict[str, Any] = {
        "id": posting_id,
        "text": text,
        "categories": {
            "commitment": "Full-time",
            "department": "Engineering",
            "location": "San Francisco, CA",
            "team": "Platform",
            "allLocations": ["San Francisco, CA"],
        },
        "country": "US",
        "createdAt": 1_795_000_000_000,
        "description": "<div>We run the platform.</div>",
        "descriptionPlain": "We run the platform.",
        "lists": [{"text": "What you'll do", "content": "<li>Ship code</li>"}],
        "additional": "<div>Benefits included.</div>",
        "additionalPlain": "Benefits included.",
        "hostedUrl": f"https://jobs.lever.co/leverdemo/{posting_id}",
        "applyUrl": f"https://jobs.lever.co/leverdemo/{posting_id}/apply",
        "workplaceType": "on-site",
    }
    posting.update(fields)
    return posting


def ashby_job(job_id: str, title: str, **fields: Any) -> dict[str, Any]:
    """A job as the Ashby Posting API lists it with `includeCompensation=true`."""
    job: dict[str, Any] = {
        "id": job_id,
        "title": title,
        "department": "Engineering",
        "team": "Product Engineering",
        "employmentType": "FullTime",
        "location": "London, UK",
        "secondaryLocations": [],
        "address": {"postalAddress": {"addressLocality": "London", "addressCountry": "UK"}},
        "isRemote": False,
        "workplaceType": "OnSite",
        "publishedAt": "2026-11-25T14:29:08.532+00:00",
        "isListed": True,
        "jobUrl": f"https://jobs.ashbyhq.com/acme/{job_id}",
        "applyUrl": f"https://jobs.ashbyhq.com/acme/{job_id}/application",
        "descriptionHtml": "<p>Work on the product.</p>",
        "descriptionPlain": "Work on the product.",
        "shouldDisplayCompensationOnJobPostings": True,
        "compensation": {
            "compensationTierSummary": "£70K – £90K",
            "scrapeableCompensationSalarySummary": "£70K - £90K",
            "compensationTiers": [],
            "summaryComponents": [
                {
                    "compensationType": "Salary",
                    "interval": "1 YEAR",
                    "currencyCode": "GBP",
                    "minValue": 70000,
                    "maxValue": 90000,
                }
            ],
        },
    }
    job.update(fields)
    return job


class FakeJobBoards:
    """The fake boards; fill `greenhouse`, `lever`, `ashby` (board → jobs) and `feeds`
    (name → (bytes, content type)) before or between requests."""

    def __init__(self) -> None:
        self.greenhouse: dict[str, list[dict[str, Any]]] = {}
        self.lever: dict[str, list[dict[str, Any]]] = {}
        self.ashby: dict[str, list[dict[str, Any]]] = {}
        self.feeds: dict[str, tuple[bytes, str]] = {}
        self.seen: list[Seen] = []
        self._scripted: dict[str, deque[Scripted]] = defaultdict(deque)
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def script(self, path: str, *answers: Scripted) -> None:
        """Serve these answers to the next requests for `path` (in order), then the real one."""
        self._scripted[path].extend(answers)

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_get("/v1/boards/{board}/jobs", self._greenhouse)
        app.router.add_get("/v0/postings/{site}", self._lever)
        app.router.add_get("/posting-api/job-board/{name}", self._ashby)
        app.router.add_get("/feeds/{name}", self._feed)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:  # fmt: skip
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _scripted_answer(self, request: web.Request) -> web.StreamResponse | None:
        self.seen.append(
            Seen(
                request.path,
                dict(request.query),
                {k.lower(): v for k, v in request.headers.items()},
            )
        )
        queue = self._scripted.get(request.path)
        if not queue:
            return None
        answer = queue.popleft()
        if isinstance(answer, Status):
            return web.json_response({"error": f"status {answer.status}"}, status=answer.status)
        if isinstance(answer, RateLimited):
            return web.json_response(
                {"error": "rate limited"}, status=429, headers={"Retry-After": str(answer.seconds)}
            )
        if isinstance(answer, Hang):
            await self._closing.wait()
            return web.Response(status=503)
        if isinstance(answer, Body):
            return web.Response(body=answer.data, content_type=None,
                                headers={"Content-Type": answer.content_type})  # fmt: skip
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        if answer.declared:
            response.content_length = answer.size
        await response.prepare(request)
        chunk = b'{"jobs": [' + b"0," * 32_000
        sent = 0
        try:
            while sent < answer.size:
                piece = chunk[: answer.size - sent]
                await response.write(piece)
                sent += len(piece)
        except (ConnectionResetError, ConnectionError):
            pass
        return response

    def _json(self, request: web.Request, data: Any) -> web.Response:
        body = json.dumps(data).encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=body, content_type="application/json", headers={"ETag": etag})

    async def _greenhouse(self, request: web.Request) -> web.StreamResponse:
        scripted = await self._scripted_answer(request)
        if scripted is not None:
            return scripted
        jobs = self.greenhouse.get(request.match_info["board"])
        if jobs is None:
            return web.json_response({"status": 404, "error": "Job not found"}, status=404)
        if request.query.get("content") != "true":
            jobs = [{k: v for k, v in job.items() if k != "content"} for job in jobs]
        return self._json(request, {"jobs": jobs, "meta": {"total": len(jobs)}})

    async def _lever(self, request: web.Request) -> web.StreamResponse:
        scripted = await self._scripted_answer(request)
        if scripted is not None:
            return scripted
        postings = self.lever.get(request.match_info["site"])
        if postings is None:
            return web.json_response({"ok": False, "error": "Document not found"}, status=404)
        return self._json(request, postings)

    async def _ashby(self, request: web.Request) -> web.StreamResponse:
        scripted = await self._scripted_answer(request)
        if scripted is not None:
            return scripted
        jobs = self.ashby.get(request.match_info["name"])
        if jobs is None:
            return web.json_response({"success": False, "error": "not found"}, status=404)
        if request.query.get("includeCompensation") != "true":
            jobs = [{k: v for k, v in job.items() if k != "compensation"} for job in jobs]
        return self._json(request, {"apiVersion": "1", "jobs": jobs})

    async def _feed(self, request: web.Request) -> web.StreamResponse:
        scripted = await self._scripted_answer(request)
        if scripted is not None:
            return scripted
        feed = self.feeds.get(request.match_info["name"])
        if feed is None:
            return web.Response(status=404, text="no such feed")
        data, content_type = feed
        etag = '"' + hashlib.sha256(data).hexdigest()[:20] + '"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=data, headers={"Content-Type": content_type, "ETag": etag})
