"""The current index of a postings folder: opened from the saved index when nothing changed,
rebuilt (off the event loop, by the caller's thread) and swapped in atomically when it did.

Readers call `live.current` for every question; a rebuild replaces that reference in one
assignment, so a search that started on the old index finishes on it and the next one sees the
new one. Nothing here sleeps: the bot's watcher decides how often to call `refresh_if_changed`.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from index import cache
from index.cache import CacheError, LoadSummary
from index.postings import PostingStream, iter_posting_files
from index.progress import LogProgress, Progress
from index.search import SearchIndex

__all__ = ["LiveIndex", "load_index", "open_index", "save_index"]

log = logging.getLogger(__name__)


def save_index(index: SearchIndex, summary: LoadSummary, *, cache_dir: Path, key: str) -> Path:
    """Save `index` under `cache_dir` as `key`; the folder it went to.

    :raises OSError: the disk is full or read-only.
    """
    return cache.save(index.data, summary, cache_dir=cache_dir, key=key)


def load_index(cache_dir: Path, *, key: str) -> tuple[SearchIndex, LoadSummary]:
    """The index saved under `cache_dir` as `key`, memory-mapped.

    :raises CacheError: there is none, or it cannot be trusted (version, fingerprint, checksums).
    """
    data, summary = cache.load(cache_dir, key=key)
    return SearchIndex(data), summary


def open_index(
    root: Path,
    *,
    cache_dir: Path | None,
    include_archived: bool,
    key: str | None = None,
    progress: Progress | None = None,
) -> tuple[SearchIndex, LoadSummary, str]:
    """The index for `root`: loaded from `cache_dir` when its fingerprint matches, else built
    (and saved). A saved index that cannot be trusted is rebuilt, never used.

    Processes sharing `cache_dir` build one at a time (`cache.build_lock`): one that waited
    loads what the other saved instead of building it again. A build tells `progress` how far
    it got (default: a log line every few seconds, `index.progress.LogProgress`)."""
    key = key or cache.fingerprint(root, include_archived=include_archived)
    if cache_dir is None:
        return _build(root, None, include_archived, key, progress)
    try:
        loaded, summary = load_index(cache_dir, key=key)
    except CacheError as exc:
        reason = str(exc)
    else:
        log.info("loaded the saved index: %d postings", summary.loaded)
        return loaded, summary, key
    with cache.build_lock(cache_dir) as held:
        if not held:
            return _build(root, None, include_archived, key, progress)
        try:  # another process may have saved it while this one waited
            loaded, summary = load_index(cache_dir, key=key)
        except CacheError:
            pass
        else:
            log.info("loaded the index another process saved: %d postings", summary.loaded)
            return loaded, summary, key
        log.info("building the index: %s", reason)
        return _build(root, cache_dir, include_archived, key, progress)


def _build(
    root: Path,
    cache_dir: Path | None,
    include_archived: bool,
    key: str,
    progress: Progress | None,
) -> tuple[SearchIndex, LoadSummary, str]:
    """Fit the index of `root` and save it in `cache_dir` (None: keep it in memory only)."""
    progress = progress or LogProgress()
    total = sum(1 for _ in iter_posting_files(root))  # for "of N" and the time left
    if cache_dir is not None and cache_dir.is_dir():
        for leftover in cache.clean_leftovers(cache_dir):
            log.warning("removed %s, left by a save that did not finish", leftover)
    # The fitted rows wait on the cache's disk when there is one (the system's temp otherwise).
    spool = cache_dir if cache_dir is not None and cache_dir.is_dir() else None
    stream = PostingStream(root, include_archived=include_archived)
    try:
        index = SearchIndex.build(
            stream, root=str(root), spool_dir=spool, progress=progress, total=total
        )
    except OSError as exc:
        if spool is None:
            raise
        # A full cache volume costs the saved index, never the start.
        log.warning("building in %s failed (%s); building in the temporary folder", spool, exc)
        stream = PostingStream(root, include_archived=include_archived)
        index = SearchIndex.build(
            stream, root=str(root), spool_dir=None, progress=progress, total=total
        )
    for item in stream.skipped:
        log.warning("skipped %s: %s", item.path, item.reason)
    summary = LoadSummary(stream.loaded, tuple(stream.skipped), stream.archived, stream.profiles)
    if cache_dir is not None:
        try:
            save_index(index, summary, cache_dir=cache_dir, key=key)
            # Reopen memory-mapped: the freshly built arrays' memory goes back to the system.
            index, summary = load_index(cache_dir, key=key)
        except (OSError, CacheError) as exc:  # a full or read-only disk costs the next start
            log.warning("could not save the index in %s: %s", cache_dir, exc)
    return index, summary, key


class LiveIndex:
    """A postings folder's index that follows the folder's changes."""

    def __init__(
        self,
        root: Path,
        *,
        cache_dir: Path | None = None,
        include_archived: bool = False,
        progress: Progress | None = None,
    ) -> None:
        """Open (load or build) the index; `progress` hears how the first build goes (later
        rebuilds log, see `open_index`)."""
        self.root = root
        self.cache_dir = cache_dir
        self.include_archived = include_archived
        self._lock = threading.Lock()  # one rebuild at a time
        self.current, self.summary, self.key = open_index(
            root, cache_dir=cache_dir, include_archived=include_archived, progress=progress
        )
        self.loaded_at = time.time()

    def refresh_if_changed(self) -> bool:
        """Rebuild and swap in a new index if any posting file was added, changed or removed.

        Blocking and CPU-heavy: call it from a worker thread. Returns whether it swapped.
        """
        with self._lock:
            key = cache.fingerprint(self.root, include_archived=self.include_archived)
            if key == self.key:
                return False
            index, summary, key = open_index(
                self.root,
                cache_dir=self.cache_dir,
                include_archived=self.include_archived,
                key=key,
            )
            self.current, self.summary, self.key = index, summary, key
            self.loaded_at = time.time()
            log.info("postings changed: now %d postings", summary.loaded)
            return True

    def __call__(self) -> SearchIndex:
        """The index to answer with now (makes a LiveIndex usable as `Answers`'s source)."""
        return self.current
