"""Small real file systems for the disk-full and read-only cases: a tmpfs mounted for one test
(root only; the test is skipped, with the reason, where mounting is not allowed)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

__all__ = ["fill", "read_only", "small_volume"]


@contextlib.contextmanager
def small_volume(where: Path, *, size: str = "4m") -> Iterator[Path]:
    """A tmpfs of `size` mounted at `where` (created) until the block ends."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or 'not root'}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(volume: Path) -> Path:
    """Take every free byte of `volume` with one file (delete it to free the space again)."""
    filler = volume / "filler"
    with filler.open("wb", buffering=0) as out:
        for chunk in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while out.write(b"\0" * chunk):
                    pass
    with contextlib.suppress(OSError):
        os.sync()
    return filler


def read_only(volume: Path, *, on: bool = True) -> None:
    """Remount `volume` read-only (or, with `on=False`, writable again)."""
    mode = "ro" if on else "rw"
    subprocess.run(["mount", "-o", f"remount,{mode}", str(volume)], check=True)
