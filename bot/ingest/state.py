"""What ingest remembers between passes, per source: the validators for a conditional request,
the last success, the last error and how many postings the source has.

It lives beside the postings it describes, in the hidden `{postings}/.ingest-state.json` (the
index skips hidden files), so a validator is never used for files that are not there. Written
atomically; a missing or unreadable file means "nothing remembered" (the next pass fetches in
full), never a failed pass.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

__all__ = ["STATE_FILE", "SourceState", "load_state", "save_state"]

log = logging.getLogger(__name__)

STATE_FILE = ".ingest-state.json"


@dataclass(frozen=True, slots=True)
class SourceState:
    """One source's memory. Times are ISO 8601 in UTC."""

    etag: str | None = None
    last_modified: str | None = None
    last_success: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    postings: int = 0

    def succeeded(
        self, *, at: str, postings: int, etag: str | None, modified: str | None
    ) -> SourceState:
        return replace(self, etag=etag, last_modified=modified, last_success=at, postings=postings)

    def failed(self, *, at: str, error: str) -> SourceState:
        return replace(self, last_error=error, last_error_at=at)


def load_state(root: Path) -> dict[str, SourceState]:
    """The remembered state of every source (empty when there is none or it is unreadable)."""
    path = root / STATE_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring %s: %s", path, exc)
        return {}
    out: dict[str, SourceState] = {}
    if not isinstance(raw, dict):
        return out
    fields = set(SourceState.__dataclass_fields__)
    for name, value in raw.items():
        if isinstance(value, dict):
            with contextlib.suppress(TypeError):
                out[name] = SourceState(**{k: v for k, v in value.items() if k in fields})
    return out


def save_state(root: Path, states: dict[str, SourceState]) -> None:
    """Write the state file atomically.

    :raises OSError: the folder cannot be written.
    """
    root.mkdir(parents=True, exist_ok=True)
    text = json.dumps({k: asdict(v) for k, v in sorted(states.items())}, indent=1)
    fd, tmp = tempfile.mkstemp(prefix=".ingest-tmp-", dir=root)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        os.replace(tmp, root / STATE_FILE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
