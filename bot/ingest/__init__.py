"""Ingest: public job boards, feeds and a Slack channel become posting files, kept fresh.

`load_sources` reads the sources file, `run_pass` runs one pass over it and says what it did
per source; `serve_passes` repeats passes in the background of `jobbot serve`. The posting files
are in the seed's schema, so the index, answers and digests read them unchanged.
"""

from bot.ingest.config import Source, SourcesError, SourcesFile, load_sources, parse_sources
from bot.ingest.run import BoardUrls, PassReport, SourceReport, run_pass

__all__ = [
    "BoardUrls",
    "PassReport",
    "Source",
    "SourceReport",
    "SourcesError",
    "SourcesFile",
    "load_sources",
    "parse_sources",
    "run_pass",
]
