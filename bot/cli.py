"""`jobbot …` — the command line (docs/architecture.md, "CLI contract"). The only module that
prints.

jobbot search "QUERY" [--postings DIR] [--limit N] [--json]   (no QUERY: one per stdin line)
jobbot console [--postings DIR]
jobbot serve
jobbot index stats [--postings DIR]
jobbot ingest [--source NAME] [--dry-run]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bot.answers import Answers
from bot.assistant import Assistant
from bot.console import ConsoleSession, terminal_lines
from bot.logs import TEXT_FORMAT, use_format
from bot.settings import Settings, SettingsError, load_settings
from bot.storage import Store, StoreError
from index import (
    LoadSummary,
    Pay,
    SearchIndex,
    SearchResult,
    open_index,
    parse_query,
    pay_label,
    title_level,
)

__all__ = ["main", "result_json"]

log = logging.getLogger("jobbot")


def _open_index(settings: Settings) -> tuple[LoadSummary, SearchIndex]:
    """The index for the settings' postings folder: the saved one when the folder is unchanged,
    else built (skipped files are logged with their reasons) and saved."""
    index, summary, _ = open_index(settings.postings_dir, **settings.index_options)
    return summary, index


def result_json(result: SearchResult) -> dict[str, Any]:
    """The `--json` object of the CLI contract (docs/architecture.md) for one query."""
    out: dict[str, Any] = {
        "query": result.query.text,
        "understood": result.query.understood(),
        "total": result.total,
        "hits": [
            {
                "id": h.posting.id,
                "score": round(h.score, 6),
                "title": h.posting.title,
                "company": h.posting.company,
                "location": h.posting.location,
                "remote": h.posting.remote,
                "url": h.posting.url,
                "posted": h.posting.posted_date.isoformat() if h.posting.posted_date else None,
                "seniority": title_level(h.posting.title),
                "salary": _pay_json(h.posting.pay),
            }
            for h in result.hits
        ],
    }
    if result.relaxed:
        out["relaxed"] = list(result.relaxed)
    return out


# The contract's periods are year, month and hour: a day or week rate is given per hour (8 hours
# a day, 40 a week: the same annual figure as `index.salary.ANNUAL_FACTOR`).
_HOURS_PER = {"day": 8, "week": 40}


def _pay_json(pay: Pay | None) -> dict[str, Any] | None:
    """A hit's stated pay for the JSON contract: figures as the posting gives them, per year,
    month or hour."""
    if pay is None:
        return None
    hours = _HOURS_PER.get(pay.period)
    if hours is None:
        return {"min": pay.min, "max": pay.max, "currency": pay.currency, "period": pay.period}
    low, high = (None if v is None else round(v / hours) for v in (pay.min, pay.max))
    return {"min": low, "max": high, "currency": pay.currency, "period": "hour"}


def _print_table(result: SearchResult, console: Console) -> None:
    from bot.cards import describe_query
    from bot.mrkdwn import plain

    understood = plain(describe_query(result.query)).replace("*", "")
    console.print(f"[bold]{len(result.hits)} of {result.total}[/bold] for: ", end="")
    console.print(understood, markup=False, highlight=False)
    hits = result.hits
    if result.relaxed:
        console.print(f"Nothing matched it all; without the {', '.join(result.relaxed)} filter:")
    if not hits:
        console.print("No posting matches these words.")
        return
    table = Table(show_lines=False)
    for column in ("#", "score", "title", "company", "location", "where", "pay", "posted", "id"):
        table.add_column(column, overflow="fold")
    for n, hit in enumerate(hits, 1):
        p = hit.posting
        table.add_row(
            str(n), f"{hit.score:.3f}", p.title, p.company, p.location, p.workplace,
            pay_label(p.pay) if p.pay else "",
            p.posted_date.isoformat() if p.posted_date else "", p.id,
        )  # fmt: skip
    console.print(table)


def _search(args: argparse.Namespace, settings: Settings) -> int:
    _, index = _open_index(settings)
    questions: Sequence[str] = (
        [args.query] if args.query is not None else [q for q in sys.stdin if q.strip()]
    )
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    today = datetime.now(UTC).date()
    for question in questions:
        result = index.search(
            parse_query(question, today=today),
            limit=args.limit,
            max_age_days=settings.max_age_days,
        )
        if args.json:
            sys.stdout.write(json.dumps(result_json(result), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            _print_table(result, console)
    return 0


def _is_terminal() -> bool:
    """Both ends a terminal that can draw a prompt: else (pipes, files, CI) lines are read as
    they come, without prompt_toolkit."""
    return sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _console(settings: Settings) -> int:
    report, index = _open_index(settings)
    interactive = _is_terminal()
    if interactive:
        print(
            f"jobbot console: {report.loaded} postings from {settings.postings_dir}"
            + (f" ({len(report.skipped)} files skipped)" if report.skipped else ""),
        )
    try:
        return asyncio.run(_console_session(settings, index, interactive=interactive))
    except KeyboardInterrupt:  # Ctrl-C while an answer was being worked out
        print(file=sys.stderr)
        return 130


async def _console_session(settings: Settings, index: SearchIndex, *, interactive: bool) -> int:
    """The console against the store at `settings.database`; without a usable database it
    still answers questions, and saving says it needs one."""
    try:
        store: Store | None = await Store.open(settings.database)
    except StoreError as exc:
        print(f"jobbot: {exc}; saving is off in this console.", file=sys.stderr)
        store = None
    assistant = Assistant(
        Answers(lambda: index, max_age_days=settings.max_age_days),
        store,
        digest_time=settings.digest_time,
        timezone=settings.timezone,
        user_timezone=settings.timezone,
        query_log=settings.query_log,
    )
    try:
        session = ConsoleSession(assistant, out=sys.stdout)
        if interactive:
            history = settings.cache_dir / "console_history"
            await session.run(terminal_lines(history), intro=True)
        else:
            await session.run(sys.stdin)
    finally:
        await assistant.settle()
        if store is not None:
            await store.close()
    return 0


def _serve(settings: Settings) -> int:
    missing = settings.missing_for_slack()
    if missing:
        print(
            "No Slack credentials: set " + " and ".join(missing) + " to connect to Slack "
            "(see README, 'Connect to Slack'). Starting the local console instead.",
            file=sys.stderr,
        )
        from bot.ingest.command import ingest_before_console

        ingest_before_console(settings, out=Console(stderr=True, highlight=False))
        return _console(settings)
    from bot.slack.server import serve

    logging.getLogger("jobbot").setLevel(logging.INFO)  # a service says when it is up, and why not
    logging.getLogger("index.live").setLevel(logging.INFO)  # built, loaded, or another's loaded
    logging.getLogger("index.cache").setLevel(logging.INFO)  # waiting for another's build
    try:
        return serve(settings)
    except StoreError as exc:
        print(f"jobbot: {exc} (JOBBOT_DATABASE)", file=sys.stderr)
        return 2


def _bench(kind: str, rest: list[str], settings: Settings) -> int:
    """Benchmarks import their baselines (bm25s, FTS5) lazily: dev tools, not the product."""
    if kind == "relevance":
        from bot.bench import relevance as bench_relevance

        return bench_relevance.main(rest)
    if kind == "ingest":
        from bot.bench import ingest as bench_ingest

        return bench_ingest.main(rest)
    if kind == "slack":
        from bot.bench import slack as bench_slack

        return bench_slack.main(rest)
    from bot.bench import speed as bench_speed

    return bench_speed.main(rest)


def _index_stats(settings: Settings) -> int:
    report, index = _open_index(settings)
    print(f"postings folder: {settings.postings_dir}")
    print(f"loaded:          {report.loaded}")
    print(f"archived hidden: {report.archived}")
    print(f"not job ads:     {report.profiles} (company profiles, left out)")
    print(f"skipped:         {len(report.skipped)}")
    for reason, count in report.reasons.items():
        print(f"  {count:6d}  {reason}")
    for item in report.skipped[:50]:
        print(f"    {item.path}: {item.reason}")
    if len(report.skipped) > 50:
        print(f"    … and {len(report.skipped) - 50} more")
    print(f"vocabulary:      {len(index.vocabulary)} terms")
    print(f"build time:      {index.build_seconds:.2f} s")
    from bot.ingest.setup import source_health

    for name, health in source_health(settings.postings_dir).items():
        print(
            f"source {name}: {health['postings']} postings, last success "
            f"{health['last_success'] or 'never'}, last error {health['last_error'] or 'none'}"
            + (f" ({health['last_error_at']})" if health["last_error_at"] else "")
        )
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobbot", description="Job postings for Slack.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True)

    def postings(p: argparse.ArgumentParser) -> None:
        p.add_argument("--postings", type=Path, help="postings folder (default: the seeds)")

    search = sub.add_parser("search", help="ranked postings for a question")
    search.add_argument("query", nargs="?", help="the question; omit to read one per stdin line")
    search.add_argument("--limit", type=int, default=10, help="hits per question (default 10)")
    search.add_argument("--json", action="store_true", help="one JSON object per question")
    postings(search)
    console = sub.add_parser("console", help="a local chat on the postings, no Slack needed")
    postings(console)
    sub.add_parser("serve", help="run the Slack app (or the console without credentials)")
    digest = sub.add_parser("digest", help="post the daily digests that are due")
    digest.add_argument("--now", action="store_true", help="treat today's digests as due now")
    digest.add_argument("--dry-run", action="store_true", help="print, post nothing")
    bench = sub.add_parser("bench", help="benchmarks: speed (default), relevance, slack, ingest")
    bench.add_argument(
        "kind", nargs="?", default="speed", choices=["speed", "relevance", "slack", "ingest"]
    )
    bench.add_argument("rest", nargs=argparse.REMAINDER, help="options of that benchmark")
    ingest = sub.add_parser("ingest", help="one pass over the sources file's boards and feeds")
    ingest.add_argument("--source", metavar="NAME", help="only this source (or kind)")
    ingest.add_argument("--dry-run", action="store_true", help="report, write nothing")
    index = sub.add_parser("index", help="index maintenance")
    index_sub = index.add_subparsers(dest="index_command", required=True)
    postings(index_sub.add_parser("stats", help="what was loaded and skipped, and why"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format=TEXT_FORMAT,
        stream=sys.stderr,
    )
    overrides: dict[str, Any] = {}
    if getattr(args, "postings", None) is not None:
        overrides["postings_dir"] = args.postings
    try:
        settings = load_settings(**overrides)
        if not settings.postings_dir.is_dir() and args.command != "ingest":
            raise SettingsError(f"JOBBOT_POSTINGS_DIR: not a folder: {settings.postings_dir}")
        if getattr(args, "limit", 1) < 1:
            raise SettingsError("--limit must be at least 1")
    except SettingsError as exc:
        print(f"jobbot: {exc}", file=sys.stderr)
        return 2
    use_format(settings.log_format)
    if args.command == "search":
        return _search(args, settings)
    if args.command == "console":
        return _console(settings)
    if args.command == "serve":
        return _serve(settings)
    if args.command == "digest":
        from bot.digests.command import run_digest_command

        return asyncio.run(
            run_digest_command(settings, now=args.now, dry_run=args.dry_run, out=sys.stdout)
        )
    if args.command == "ingest":
        from bot.ingest.command import run_ingest_command

        out = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
        return run_ingest_command(settings, source=args.source, dry_run=args.dry_run, out=out)
    if args.command == "bench":
        return _bench(args.kind, args.rest, settings)
    return _index_stats(settings)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
