"""Everything jobbot remembers, behind one `Store`: saved searches, saved and hidden jobs,
feedback, the digest run log and the query log — in an SQLite file or a PostgreSQL database.

`database` opens the engine a target names (`sqlite` refuses a file that is not jobbot's,
`postgres` shares one server among replicas), `migrations` numbers the schema steps per engine,
`digest_log` keeps digest runs (claims, retries, what was sent) and `store` is the rest.
Code outside this package imports from `bot.storage` only.
"""

from bot.storage.database import sqlite_path
from bot.storage.engine import StoreError, StoreWriteError
from bot.storage.postgres import is_postgres_url
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
    "is_postgres_url",
    "sqlite_path",
]
