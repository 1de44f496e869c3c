"""A throwaway PostgreSQL server for the tests: `initdb` into a temporary folder, `postgres` on a
free loopback port with its unix socket in that folder, stopped (and the folder removed) at the
end. Each test gets a database of its own from `create_database`.

PostgreSQL refuses to run as root: as root the cluster is created and run as `nobody` (the
folder is handed to it). The binaries come from PATH or Debian's /usr/lib/postgresql/N/bin.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

__all__ = ["PostgresCluster", "find_bindir"]

UNPRIVILEGED = "nobody"
SETTINGS = {
    # Durability is not what these tests are about: skip the disk flushes that dominate time.
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
    "listen_addresses": "127.0.0.1",
}


def find_bindir() -> Path | None:
    """The folder holding `initdb`, `pg_ctl` and `postgres`, or None when none is installed."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(os.path.realpath(on_path)).parent
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    return Path(debian[-1]).parent if debian else None


class PostgresCluster:
    """One running server; `start` then `stop` (or use as a context manager)."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="jobbot-pg-"))
        self.data = self.folder / "data"
        self.port = 0
        self.user = "jobbot"

    def _as_owner(self, *argv: str) -> list[str]:
        return ["runuser", "-u", UNPRIVILEGED, "--", *argv] if os.geteuid() == 0 else list(argv)

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, UNPRIVILEGED)
        self.port = free_port()
        _run(
            self._as_owner(
                str(self.bindir / "initdb"),
                "-D", str(self.data), "-U", self.user, "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync",
            )
        )  # fmt: skip
        self.launch()

    def launch(self) -> None:
        """Start the server on the cluster made by `start` (again, after `halt`)."""
        options = [f"-c {name}={value}" for name, value in SETTINGS.items()]
        options += [f"-p {self.port}", f"-c unix_socket_directories={self.folder}"]
        _run(
            self._as_owner(
                str(self.bindir / "pg_ctl"),
                "-D", str(self.data), "-l", str(self.folder / "server.log"),
                "-o", " ".join(options), "-w", "-t", "60", "start",
            )
        )  # fmt: skip

    def halt(self, mode: str = "fast") -> None:
        """Stop the server, closing every connection, keeping the cluster for `launch`
        ("immediate" at the end: the cluster is thrown away, nothing needs flushing)."""
        _run(
            self._as_owner(
                str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"
            )
        )  # fmt: skip

    def stop(self) -> None:
        try:
            if self.port and (self.data / "postmaster.pid").exists():
                self.halt("immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new, empty database; its URL."""
        name = "t_" + uuid.uuid4().hex[:16]
        _run(
            [
                str(self.bindir / "createdb"),
                "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, name,
            ]
        )  # fmt: skip
        return self.url(name)

    def log(self) -> str:
        try:
            return (self.folder / "server.log").read_text(errors="replace")
        except OSError:
            return ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(argv: list[str]) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:6])}… failed ({done.returncode}): {done.stderr}")
