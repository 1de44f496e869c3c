"""numba, when it is installed and not switched off (JOBBOT_NO_NUMBA): `jit` compiles a
function (cached on disk, without the GIL) and leaves it plain Python otherwise, where callers
use their NumPy version instead."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

__all__ = ["AVAILABLE", "ERROR", "Family", "inline", "jit"]

_Fn = TypeVar("_Fn", bound=Callable[..., Any])
_numba: Any = None
ERROR: str | None = None  # why numba is not used
try:
    if os.environ.get("JOBBOT_NO_NUMBA"):
        raise ImportError("JOBBOT_NO_NUMBA is set")
    import numba as _numba
except ImportError as exc:
    ERROR = str(exc)
AVAILABLE = _numba is not None


def jit(fn: _Fn) -> _Fn:
    """Compile with numba (cached on disk, without the GIL) when it is there."""
    if _numba is None:
        return fn
    return cast(_Fn, _numba.njit(cache=True, nogil=True)(fn))


def inline(fn: _Fn) -> _Fn:
    """A helper compiled into its callers."""
    if _numba is None:
        return fn
    return cast(_Fn, _numba.njit(cache=True, nogil=True, inline="always")(fn))


class Family:
    """`jit` and `inline` for compiled functions that call each other across the modules of one
    folder (a package): each one's cached compilation is kept only while none of the folder's
    modules changed.

    numba keeps a cached compilation while the function's own file is unchanged — even when a
    function it calls, or a constant it reads, comes from another file that changed since
    (numba/numba#8396, not merged): a helper edited in one module would go on running in its
    old version inside the kernels of another. So the family's functions are stamped with the
    contents of every module of the folder as well (a change anywhere recompiles them all, as
    when they were one module).
    """

    def __init__(self, folder: Path) -> None:
        digest = hashlib.sha256()
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        self.stamp = digest.hexdigest()

    def jit(self, fn: _Fn) -> _Fn:
        return self._stamped(jit(fn))

    def inline(self, fn: _Fn) -> _Fn:
        return self._stamped(inline(fn))

    def _stamped(self, fn: _Fn) -> _Fn:
        # The source stamp a numba dispatcher's cache file checks (not a public API: with
        # another numba, the function keeps numba's own stamp).
        cache_file: Any = getattr(getattr(fn, "_cache", None), "_cache_file", None)
        own = getattr(cache_file, "_source_stamp", None)
        if own is not None:
            cache_file._source_stamp = (own, self.stamp)
        return fn
