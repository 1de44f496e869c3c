"""The pure core: postings, query understanding and search. No Slack, no SQLite, no network.

Everything `bot/` uses is exported here, and `bot/` imports from `index` only (a test checks).
"""

from index.build import release_memory
from index.cache import LoadSummary
from index.levels import LEVELS, title_level
from index.live import LiveIndex, load_index, open_index, save_index
from index.postings import LoadReport, Posting, PostingError, Skipped, load_postings, parse_posting
from index.progress import LogProgress, Progress
from index.query import MAX_QUERY_CHARS, Query, parse_query
from index.salary import Pay, PayAsk
from index.salary import ask_label as pay_ask_label
from index.salary import label as pay_label
from index.search import Hit, SearchIndex, SearchResult

__all__ = [
    "LEVELS",
    "MAX_QUERY_CHARS",
    "Hit",
    "LiveIndex",
    "LoadReport",
    "LoadSummary",
    "LogProgress",
    "Pay",
    "PayAsk",
    "Posting",
    "PostingError",
    "Progress",
    "Query",
    "SearchIndex",
    "SearchResult",
    "Skipped",
    "load_index",
    "load_postings",
    "open_index",
    "parse_posting",
    "parse_query",
    "pay_ask_label",
    "pay_label",
    "release_memory",
    "save_index",
    "title_level",
]
