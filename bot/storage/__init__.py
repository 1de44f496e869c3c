"""Everything jobbot remembers, behind one `Store`: saved searches, saved and hidden jobs,
feedback, the digest run log and the query log.

`database` opens the file (and refuses one that is not jobbot's), `migrations` numbers the schema
steps, `digest_log` keeps digest runs (claims, retries, what was sent) and `store` is the rest.
Code outside this package imports from `bot.storage` only.
"""

from bot.storage.database import StoreError, StoreWriteError
from bot.storage.store import (
    EVERY_DAY,
    QUERY_LOG_DAYS,
    STALE_CLAIM,
    DigestRun,
    Owner,
    OwnerKind,
    QueryLogPolicy,
    RunState,
    SavedJob,
    Store,
    Subscription,
)

__all__ = [
    "EVERY_DAY",
    "QUERY_LOG_DAYS",
    "STALE_CLAIM",
    "DigestRun",
    "Owner",
    "OwnerKind",
    "QueryLogPolicy",
    "RunState",
    "SavedJob",
    "Store",
    "StoreError",
    "StoreWriteError",
    "Subscription",
]
