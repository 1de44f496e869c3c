"""Where the tests find the repository, its bundled seeds and the shared corpus beside it."""

from __future__ import annotations

from pathlib import Path

__all__ = ["CORPUS", "ROOT", "SEEDS", "SKETCH_ID"]

ROOT = Path(__file__).resolve().parents[2]
"""The repository."""
SEEDS = ROOT / "seeds"
"""The bundled postings (85 of them, the archived Sketch posting included)."""
SKETCH_ID = "000_8087e78698fd4dbe"
"""The original posting: the demo's answer to "remote SRE jobs with Terraform"."""
CORPUS = ROOT.parent / "shared" / "corpus" / "postings"
"""The real corpus, when it is beside the repository (tests that need it skip without it)."""
