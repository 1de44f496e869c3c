"""Benchmarks (`jobbot bench speed|relevance|slack`): dev tools, imported lazily by the CLI.

They open the index through `index`'s public API and never read `tests/` at run time; the
baselines they compare with (bm25s, SQLite FTS5) are dev dependencies.
"""
