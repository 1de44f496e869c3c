"""`jobbot ingest [--source NAME] [--dry-run]`: one pass over the sources file, from a shell or
cron, with a line per source as it finishes and a table at the end.

Exit status: 0 when at least one source was read, 1 when every source failed, 2 when the
sources file or the postings folder cannot be used. `--dry-run` writes nothing.
"""

from __future__ import annotations

import asyncio

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.ingest.config import SourcesError
from bot.ingest.run import PassReport, SourceReport, run_pass
from bot.ingest.setup import board_urls, channel_reader, check_folder, sources_of
from bot.settings import Settings

__all__ = [
    "EXIT_ALL_FAILED",
    "EXIT_CONFIG",
    "ingest_before_console",
    "report_table",
    "run_ingest_command",
]

EXIT_OK, EXIT_ALL_FAILED, EXIT_CONFIG = 0, 1, 2


def _line(report: SourceReport) -> str:
    name = escape(report.name)
    if report.failed:
        return f"[red]✗[/red] {name}: {escape(report.error or '')}"
    if report.not_modified:
        return f"[green]✓[/green] {name}: not modified since the last pass"
    skipped = f", {report.errors} skipped" if report.errors else ""
    return (
        f"[green]✓[/green] {name}: {report.fetched} jobs — {report.new} new, {report.changed} "
        f"changed, {report.closed} closed{skipped} ({report.seconds:.1f} s)"
    )


def report_table(report: PassReport) -> Table:
    """The end table: per source fetched, new, changed, closed, errors, seconds."""
    title = "ingest pass (dry run: nothing written)" if report.dry_run else "ingest pass"
    table = Table(title=title)
    table.add_column("source", overflow="fold")
    for column in ("fetched", "new", "changed", "closed", "errors", "seconds"):
        table.add_column(column, justify="right")
    for s in report.sources:
        errors = "failed" if s.failed else str(s.errors)
        table.add_row(
            escape(s.name), str(s.fetched), str(s.new), str(s.changed), str(s.closed), errors,
            f"{s.seconds:.1f}",
        )  # fmt: skip
    return table


def run_ingest_command(
    settings: Settings, *, source: str | None, dry_run: bool, out: Console
) -> int:
    """Run one pass and print what it did; the exit status (see the module docstring)."""
    try:
        config = sources_of(settings)
        if config is None:
            out.print(
                f"No sources file ({escape(str(settings.sources_file))}; or set JOBBOT_SOURCES): "
                "nothing to ingest."
            )
            return EXIT_OK
        root = check_folder(settings)
        selected = config.sources if source is None else config.named(source)
        if not selected:
            raise SourcesError(
                f"--source {source}: no such source in {config.path} (names: "
                + ", ".join(s.name for s in config.sources)
                + ")"
            )
    except SourcesError as exc:
        out.print(f"jobbot ingest: {escape(str(exc))}")
        return EXIT_CONFIG
    if not dry_run:
        root.mkdir(parents=True, exist_ok=True)
    out.print(f"Ingesting {len(selected)} source(s) into {escape(str(root))}…")
    report = asyncio.run(
        run_pass(
            config,
            root=root,
            urls=board_urls(settings),
            only=selected,
            dry_run=dry_run,
            channel=channel_reader(settings),
            on_report=lambda r: out.print(_line(r)),
        )
    )
    for s in report.sources:
        for problem in s.problems[:20]:
            out.print(f"  {escape(s.name)}: {escape(problem)}")
        if len(s.problems) > 20:
            out.print(f"  {escape(s.name)}: … and {len(s.problems) - 20} more")
    out.print(report_table(report))
    return EXIT_ALL_FAILED if report.all_failed else EXIT_OK


def ingest_before_console(settings: Settings, *, out: Console) -> None:
    """`make run` without Slack: one pass before the console opens, when there is a sources
    file, so the console answers from what the sources hold (the console reads its index once).
    A sources file that cannot be used is reported and the console opens on the folder as it is."""
    try:
        if sources_of(settings) is None:
            return
        check_folder(settings)
    except SourcesError as exc:
        out.print(f"jobbot: ingest is off: {escape(str(exc))}")
        return
    run_ingest_command(settings, source=None, dry_run=False, out=out)
