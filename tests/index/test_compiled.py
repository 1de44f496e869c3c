"""index/compiled.py: numba when it is there and not switched off; a family of compiled
functions across modules is recompiled when any of its modules changes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.kernels import needs_numba
from tests.support.paths import ROOT


def test_jobbot_no_numba_leaves_functions_plain_python() -> None:
    script = (
        "from index import compiled\n"
        "def f(x): return x + 1\n"
        "assert not compiled.AVAILABLE and compiled.jit(f) is f and compiled.inline(f) is f\n"
        "assert 'JOBBOT_NO_NUMBA' in compiled.ERROR\n"
    )
    env = {**os.environ, "JOBBOT_NO_NUMBA": "1"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


@needs_numba
def test_a_kernel_follows_a_change_to_a_helper_in_another_module(tmp_path: Path) -> None:
    """numba's cache checks a function's own file only: a kernel whose helper (inlined from
    another module) changed must not run the helper's old version from the cache."""
    package = tmp_path / "family"
    package.mkdir()
    (package / "__init__.py").write_text("")
    stamp = "from pathlib import Path\nfrom index import compiled\n"
    stamp += "family = compiled.Family(Path(__file__).parent)\n"
    (package / "helpers.py").write_text(stamp + "@family.inline\ndef helper():\n    return 1\n")
    (package / "kernel.py").write_text(
        stamp + "from family.helpers import helper\n"
        "@family.jit\ndef kernel():\n    return helper()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "JOBBOT_NO_NUMBA"}
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(ROOT)])

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", "from family.kernel import kernel; print(kernel())"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    assert run() == "1"
    assert run() == "1"  # from the cache
    assert list((package / "__pycache__").glob("kernel.kernel-*.nbi"))
    helpers = package / "helpers.py"
    helpers.write_text(helpers.read_text().replace("return 1", "return 2"))
    assert run() == "2"
