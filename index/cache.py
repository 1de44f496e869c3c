"""The saved index: fitted once, memory-mapped on every start while the postings are unchanged.

A saved index lives in its own folder under the cache directory, named by a fingerprint of the
postings folder (every file's path, size and modification time), the loading options and
`FORMAT_VERSION`. Arrays are `.npy` files opened with `mmap_mode="r"`, so loading costs
milliseconds and pages in only what queries touch. A manifest written last records each file's
size and CRC-32; a folder whose manifest is missing, from another version, or whose files do not
match it is never trusted — the caller rebuilds.

Several processes may share one cache directory (replicas on one volume): `build_lock` lets one
of them build and save while the others wait and then load what it saved. The lock is an
`flock` on a file in the folder, which the kernel releases when its holder dies (SIGKILL
included), so a dead builder never blocks the next.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import sys
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from index.build import IndexData
from index.postings import Skipped, iter_posting_files, reason_counts
from index.table import PostingTable
from index.terms import TermTable

__all__ = [
    "FORMAT_VERSION",
    "LEFTOVER_GRACE",
    "LOCK_NAME",
    "LOCK_TIMEOUT",
    "CacheError",
    "LoadSummary",
    "build_lock",
    "clean_leftovers",
    "fingerprint",
    "load",
    "save",
]

_TMP_PREFIX = ".tmp-"
LEFTOVER_GRACE = 600.0
"""Seconds a temporary save folder of a dead process is kept before it counts as left over."""

LOCK_NAME = ".build.lock"
LOCK_TIMEOUT = 900.0
"""Seconds a process waits for another one's build before building on its own (without saving)."""

log = logging.getLogger(__name__)

# Bump whenever the tokenizer, the field weights or the saved layout change: old folders are
# then ignored (and pruned) instead of being read with the wrong meaning.
FORMAT_VERSION = 9
_KEEP = 2  # saved indexes kept per cache directory (the current one and its predecessor)
_ARRAYS = (
    "matrix_data", "matrix_indices", "matrix_indptr",
    "signature_data", "signature_indices", "signature_indptr",
    "titles_data", "titles_indices", "titles_indptr",
    "idf", "blob", "ends", "days", "pay_bottom", "pay_top", "pay_currency_codes",
    "remote", "hybrid", "job_type_codes",
    "location_codes", "company_codes", "group_codes", "id_rank",
    "terms_blob", "terms_ends", "terms_hashes", "terms_order",
    "ids_blob", "ids_ends", "ids_hashes", "ids_order",
)  # fmt: skip


class CacheError(Exception):
    """A saved index that cannot be trusted (missing, truncated, corrupt or another version)."""


@dataclass(frozen=True, slots=True)
class LoadSummary:
    """What the postings folder yielded, kept with the saved index for `jobbot index stats`."""

    loaded: int
    skipped: tuple[Skipped, ...] = ()
    archived: int = 0
    profiles: int = 0

    @property
    def reasons(self) -> dict[str, int]:
        return reason_counts(self.skipped)


def fingerprint(root: Path, *, include_archived: bool) -> str:
    """A digest of every posting file's path, size and mtime, the options and the format."""
    digest = hashlib.sha256(f"v{FORMAT_VERSION}\0{include_archived}\0{root.resolve()}\0".encode())
    for path in iter_posting_files(root):
        try:
            st = path.lstat()
        except OSError:
            continue
        rel = path.relative_to(root).as_posix()
        digest.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _folder(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"index-v{FORMAT_VERSION}-{key[:32]}"


def _crc(path: Path) -> int:
    crc = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            crc = zlib.crc32(chunk, crc)
    return crc


def save(data: IndexData, summary: LoadSummary, *, cache_dir: Path, key: str) -> Path:
    """Write the index atomically (a temporary folder renamed into place); prune old ones.

    A save that fails (a full or read-only disk) removes what it wrote, so it cannot fill the
    volume for the next start.

    :raises OSError: the index could not be written; nothing of it is left behind.
    """
    final = _folder(cache_dir, key)
    tmp = cache_dir / f"{_TMP_PREFIX}{os.getpid()}-{final.name}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        _write(data, summary, tmp=tmp, key=key)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    _prune(cache_dir, keep=final)
    return final


def clean_leftovers(cache_dir: Path, *, now: float | None = None) -> list[Path]:
    """Remove temporary folders that saves of dead processes left behind; the removed ones.

    A folder is left alone while its process lives or while it changed within
    `LEFTOVER_GRACE` seconds (another host sharing the folder may be writing it).
    """
    now = time.time() if now is None else now
    removed = []
    for tmp in cache_dir.glob(f"{_TMP_PREFIX}*"):
        pid = tmp.name.removeprefix(_TMP_PREFIX).split("-", 1)[0]
        try:
            fresh = now - tmp.stat().st_mtime < LEFTOVER_GRACE
        except OSError:
            continue
        if fresh or (pid.isdigit() and _alive(int(pid))):
            continue
        shutil.rmtree(tmp, ignore_errors=True)
        removed.append(tmp)
    return removed


@contextlib.contextmanager
def build_lock(
    cache_dir: Path, *, timeout: float | None = None, poll: float = 0.05
) -> Iterator[bool]:
    """Hold the cache directory's build lock while the block runs; yields whether it is held.

    Waits while another process holds it (its pid is in the file, for the log). False after
    `timeout` seconds (default `LOCK_TIMEOUT`) of waiting: the holder lives but takes too long
    (stopped, or a huge folder), and the caller builds without saving, so two processes never
    write the same files. A folder where no lock file can be made (read-only, not a folder)
    yields True: nobody can save there, and the save's own failure is what gets reported.
    """
    if sys.platform == "win32":  # no flock: one process per cache directory there
        yield True
        return
    import fcntl

    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(cache_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield True
        return
    try:
        timeout = LOCK_TIMEOUT if timeout is None else timeout
        deadline = time.monotonic() + timeout
        waiting = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waiting:
                    waiting = True
                    holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                    log.info("waiting for process %s, which is building the index", holder)
                if time.monotonic() >= deadline:
                    log.warning(
                        "the index build of another process took over %.0f s: building here, "
                        "without saving",
                        timeout,
                    )
                    yield False
                    return
                time.sleep(poll)
        with contextlib.suppress(OSError):  # only for the log of those waiting (a full disk)
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield True
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write(data: IndexData, summary: LoadSummary, *, tmp: Path, key: str) -> None:
    tmp.mkdir(parents=True)
    arrays: dict[str, Any] = {
        "matrix_data": data.matrix.data, "matrix_indices": data.matrix.indices,
        "matrix_indptr": data.matrix.indptr, "signature_data": data.signature.data,
        "signature_indices": data.signature.indices, "signature_indptr": data.signature.indptr,
        "titles_data": data.titles.data, "titles_indices": data.titles.indices,
        "titles_indptr": data.titles.indptr, "idf": data.idf, "blob": data.table.blob,
        "ends": data.table.ends, "days": data.days, "pay_bottom": data.pay_bottom,
        "pay_top": data.pay_top, "pay_currency_codes": data.pay_currency_codes,
        "remote": data.remote,
        "hybrid": data.hybrid, "job_type_codes": data.job_type_codes,
        "location_codes": data.location_codes, "company_codes": data.company_codes,
        "group_codes": data.group_codes, "id_rank": data.id_rank,
        "terms_blob": data.terms.blob, "terms_ends": data.terms.ends,
        "terms_hashes": data.terms.hashes, "terms_order": data.terms.order,
        "ids_blob": data.ids.blob, "ids_ends": data.ids.ends,
        "ids_hashes": data.ids.hashes, "ids_order": data.ids.order,
    }  # fmt: skip
    files: dict[str, dict[str, int]] = {}
    for name, array in arrays.items():
        path = tmp / f"{name}.npy"
        np.save(path, np.ascontiguousarray(array), allow_pickle=False)
        files[path.name] = {"size": path.stat().st_size, "crc32": _crc(path)}
    lists = {
        "job_types": data.job_types,
        "locations": data.locations,
        "companies": data.companies,
        "pay_currencies": data.pay_currencies,
    }
    lists_path = tmp / "lists.json"
    lists_path.write_text(json.dumps(lists, ensure_ascii=False), encoding="utf-8")
    files[lists_path.name] = {"size": lists_path.stat().st_size, "crc32": _crc(lists_path)}
    manifest = {
        "format": FORMAT_VERSION,
        "key": key,
        "postings": len(data.table),
        "shape": list(data.matrix.shape),
        "root": data.root,
        "build_seconds": data.build_seconds,
        "files": files,
        "summary": {
            "loaded": summary.loaded,
            "archived": summary.archived,
            "profiles": summary.profiles,
            "skipped": [[str(s.path), s.reason] for s in summary.skipped],
        },
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _prune(cache_dir: Path, *, keep: Path) -> None:
    folders = sorted(
        (p for p in cache_dir.glob("index-v*") if p.is_dir() and p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in folders[_KEEP - 1 :]:
        shutil.rmtree(old, ignore_errors=True)


def load(cache_dir: Path, *, key: str) -> tuple[IndexData, LoadSummary]:
    """Open a saved index for `key`, memory-mapped.

    :raises CacheError: nothing saved for this key, or what is saved cannot be trusted.
    """
    folder = _folder(cache_dir, key)
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise CacheError(f"no saved index for this postings folder in {cache_dir}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT_VERSION or manifest.get("key") != key:
            raise CacheError(f"{folder}: saved by another version")
        for name, expected in manifest["files"].items():
            path = folder / name
            if not path.is_file() or path.stat().st_size != expected["size"]:
                raise CacheError(f"{path}: missing or truncated")
            if _crc(path) != expected["crc32"]:
                raise CacheError(f"{path}: checksum mismatch")
        # Plain ndarray views of the maps: same pages, without np.memmap's slow slicing.
        arrays = {
            name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False).view(
                np.ndarray
            )
            for name in _ARRAYS
        }
        lists = json.loads((folder / "lists.json").read_text(encoding="utf-8"))
        data = _assemble(manifest, arrays, lists)
    except CacheError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CacheError(f"{folder}: unreadable ({exc})") from exc
    raw = manifest["summary"]
    summary = LoadSummary(
        loaded=raw["loaded"],
        skipped=tuple(Skipped(Path(p), r) for p, r in raw["skipped"]),
        archived=raw["archived"],
        profiles=raw.get("profiles", 0),
    )
    return data, summary


def _assemble(manifest: dict[str, Any], a: dict[str, Any], lists: dict[str, Any]) -> IndexData:
    n, width = (int(x) for x in manifest["shape"])
    sizes = {
        len(a["ends"]), len(a["signature_indptr"]) - 1, len(a["days"]), len(a["id_rank"]),
        len(a["pay_top"]), len(a["pay_bottom"]), len(a["pay_currency_codes"]),
        len(a["ids_ends"]), len(a["ids_hashes"]), len(a["ids_order"]),
    }  # fmt: skip
    terms = {len(a["idf"]), len(a["terms_ends"]), len(a["terms_hashes"]), len(a["terms_order"])}
    if sizes != {n} or terms != {width}:
        raise CacheError("saved arrays disagree with the manifest")
    # Shapes only: every byte was checked against the CRCs the writer took of what it fitted.
    for prefix, length in {"matrix": width + 1, "signature": n + 1, "titles": width + 1}.items():
        indptr, indices = a[f"{prefix}_indptr"], a[f"{prefix}_indices"]
        if len(indptr) != length or int(indptr[-1]) != len(indices):
            raise CacheError(f"saved {prefix} matrix is inconsistent")
    matrix = sp.csc_matrix(
        (a["matrix_data"], a["matrix_indices"], a["matrix_indptr"]), shape=(n, width), copy=False
    )
    signature = sp.csr_matrix(
        (a["signature_data"], a["signature_indices"], a["signature_indptr"]),
        shape=(n, width),
        copy=False,
    )
    titles = sp.csc_matrix(
        (a["titles_data"], a["titles_indices"], a["titles_indptr"]), shape=(n, width), copy=False
    )
    return IndexData(
        matrix=matrix,
        signature=signature,
        titles=titles,
        terms=TermTable(a["terms_blob"], a["terms_ends"], a["terms_hashes"], a["terms_order"]),
        ids=TermTable(a["ids_blob"], a["ids_ends"], a["ids_hashes"], a["ids_order"]),
        idf=a["idf"],
        table=PostingTable(a["blob"], a["ends"]),
        days=a["days"],
        pay_bottom=a["pay_bottom"],
        pay_top=a["pay_top"],
        pay_currency_codes=a["pay_currency_codes"],
        pay_currencies=lists["pay_currencies"],
        remote=a["remote"],
        hybrid=a["hybrid"],
        job_type_codes=a["job_type_codes"],
        job_types=lists["job_types"],
        location_codes=a["location_codes"],
        locations=lists["locations"],
        company_codes=a["company_codes"],
        companies=lists["companies"],
        group_codes=a["group_codes"],
        id_rank=a["id_rank"],
        root=manifest.get("root"),
        build_seconds=float(manifest.get("build_seconds", 0.0)),
    )
