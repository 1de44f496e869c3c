"""The pure core: postings, query understanding and search. No Slack, no SQLite, no network."""

from index.postings import LoadReport, Posting, PostingError, Skipped, load_postings, parse_posting
from index.query import Query, parse_query
from index.search import Hit, SearchIndex, SearchResult

__all__ = [
    "Hit",
    "LoadReport",
    "Posting",
    "PostingError",
    "Query",
    "SearchIndex",
    "SearchResult",
    "Skipped",
    "load_postings",
    "parse_posting",
    "parse_query",
]
