"""numba, when it is installed and not switched off (JOBBOT_NO_NUMBA): `jit` compiles a
function (cached on disk, without the GIL) and leaves it plain Python otherwise, where callers
use their NumPy version instead."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar, cast

__all__ = ["AVAILABLE", "ERROR", "inline", "jit"]

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
