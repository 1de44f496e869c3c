"""Ingest in the background of `jobbot serve`: a pass at start, then one every `every`.

Passes run on the event loop only as I/O (fetching); parsing and writing happen in worker
threads, so answers are never blocked. After a pass that wrote files, `on_pass` lets the server
refresh its live index at once instead of at its next folder check. A pass that fails outright
is logged and the next one runs on schedule; stopping cancels a pass in flight (each file is
written atomically, so nothing half-written is left).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.ingest.config import SourcesFile
from bot.ingest.run import BoardUrls, ChannelReader, PassReport, run_pass

__all__ = ["ingest_forever"]

log = logging.getLogger(__name__)


async def ingest_forever(
    config: SourcesFile,
    *,
    root: Path,
    urls: BoardUrls,
    stop: asyncio.Event,
    channel: ChannelReader | None = None,
    on_pass: Callable[[PassReport], Awaitable[None]] | None = None,
) -> None:
    """Until `stop`: run a pass, wait `config.every` seconds, repeat."""
    while not stop.is_set():
        current = asyncio.create_task(run_pass(config, root=root, urls=urls, channel=channel))
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({current, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not current.done():
            current.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await current
            return
        try:
            report = current.result()
        except Exception:
            log.exception("the ingest pass failed; trying again in %.0f s", config.every)
        else:
            failed = [s.name for s in report.sources if s.failed]
            log.info(
                "ingest pass: %d new, %d changed, %d closed%s",
                sum(s.new for s in report.sources),
                sum(s.changed for s in report.sources),
                sum(s.closed for s in report.sources),
                f"; failed: {', '.join(failed)}" if failed else "",
            )
            if on_pass is not None:
                try:
                    await on_pass(report)
                except Exception:
                    log.exception("after the ingest pass")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=config.every)
