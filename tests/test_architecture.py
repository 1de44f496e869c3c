"""The architecture, checked: the dependency rules, no import cycles, one import path per name,
and one test file per module.

Imports are read from the source (every `import`, also inside functions and under
TYPE_CHECKING), so a cycle that only shows at run time in some code path is still caught.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import index
from tests.support.paths import ROOT

PACKAGES = ("bot", "index")


def modules() -> Iterator[tuple[str, Path]]:
    """(dotted name, path) of every module of the two packages."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            yield name, path


MODULES = dict(modules())


def imported_by(name: str) -> set[str]:
    """The modules of bot/ and index/ that `name` imports (a package import counts as its
    `__init__`; `from package import module` as that module)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            # `from package import module` imports that module; `from module import name`, the
            # module. (A package's __init__ runs too, but is no edge: it may import its modules.)
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        found |= {t for t in targets if t in MODULES}
    found.discard(name)
    return found


GRAPH = {name: imported_by(name) for name in MODULES}


def test_there_is_no_import_cycle_in_bot_or_index() -> None:
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(GRAPH):
        if node not in state:
            visit(node)
    assert cycles == [], "import cycles: " + "; ".join(" → ".join(c) for c in cycles)


def test_index_is_pure_every_module_imports_without_slack_sql_network_or_bot() -> None:
    names = [name for name in MODULES if name.startswith("index")]
    code = (
        f"import sys\nfor name in {names!r}: __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'slack_sdk', 'slack_bolt', 'aiosqlite', 'sqlite3', 'bot', 'aiohttp'})\n"
        "print(','.join(bad))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert proc.stdout.strip() == ""
    assert len(names) == len(list((ROOT / "index").rglob("*.py")))
    for name in names:  # no event loop either: index is synchronous CPU work, run in threads
        assert "asyncio" not in MODULES[name].read_text(), name


def test_bot_imports_index_only_through_its_public_surface() -> None:
    reaching_in = {
        (name, target)
        for name, targets in GRAPH.items()
        if name.startswith("bot")
        for target in targets
        if target.startswith("index.")
    }
    assert reaching_in == set()
    for name in index.__all__:
        assert hasattr(index, name), name


@pytest.mark.parametrize("package", ["bot.storage"])
def test_a_package_with_a_public_surface_is_used_through_it(package: str) -> None:
    outside = {
        (name, target)
        for name, targets in GRAPH.items()
        if not name.startswith(package)
        for target in targets
        if target.startswith(package + ".")
    }
    assert outside == set()


@pytest.mark.parametrize(
    ("pure", "forbidden"),
    [
        ("bot.cards", ("slack_bolt", "aiohttp", "aiosqlite", "asyncio", "bot.storage.database")),
        ("bot.digests.content", ("slack_bolt", "slack_sdk", "aiohttp", "aiosqlite", "asyncio")),
        ("bot.digests.targets", ("slack_bolt", "slack_sdk", "aiohttp", "aiosqlite", "asyncio")),
        ("bot.digests.due", ("slack_bolt", "slack_sdk", "aiohttp", "aiosqlite", "asyncio")),
        ("bot.commands", ("slack_bolt", "slack_sdk", "aiohttp", "aiosqlite", "asyncio")),
    ],
)
def test_pure_modules_import_no_io(pure: str, forbidden: tuple[str, ...]) -> None:
    for name, path in MODULES.items():
        if name != pure and not name.startswith(pure + "."):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import | ast.ImportFrom):
                roots = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                for root in roots:
                    assert not root.startswith(forbidden), f"{name} imports {root}"


def test_every_module_has_its_test_file_at_the_mirrored_path() -> None:
    missing = [
        f"tests/{path.parent.relative_to(ROOT)}/test_{path.name}"
        for name, path in MODULES.items()
        if path.name not in {"__init__.py", "__main__.py"}
        and not (ROOT / "tests" / path.parent.relative_to(ROOT) / f"test_{path.name}").is_file()
    ]
    assert missing == []


def test_every_module_imports_and_every_package_declares_its_public_names() -> None:
    for name in MODULES:
        if name.endswith("__main__"):
            continue  # importing it runs the CLI
        module = importlib.import_module(name)
        if hasattr(module, "__path__") and name != "bot":
            assert module.__doc__, f"{name} says what it holds"
        public = getattr(module, "__all__", None)
        if public is not None:
            missing = [n for n in public if not hasattr(module, n)]
            assert missing == [], f"{name}.__all__ names what it lacks: {missing}"


def test_every_subpackage_is_installed() -> None:
    """pyproject finds packages by pattern; a folder without __init__.py would be left out."""
    for package in PACKAGES:
        for info in pkgutil.walk_packages([str(ROOT / package)], prefix=f"{package}."):
            if info.ispkg:
                assert (ROOT / Path(*info.name.split(".")) / "__init__.py").is_file()
        for folder in (ROOT / package).rglob("*"):
            if folder.is_dir() and folder.name != "__pycache__" and any(folder.glob("*.py")):
                assert (folder / "__init__.py").is_file(), folder
