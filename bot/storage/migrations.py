"""The database schema as numbered migrations, one list per engine.

SQLite's `PRAGMA user_version` (PostgreSQL's `jobbot_schema` table) says how many ran. Migration n
is `MIGRATIONS[n - 1]` (`POSTGRES_MIGRATIONS[n - 1]`): statements run in one transaction with the
version bump, so a crash leaves the old schema, never half a new one. Never edit a released
migration — append a new one — because databases on persistent disks keep the version they
reached. The two lists are numbered separately (PostgreSQL's first is SQLite's first four);
their latest versions hold the same tables and columns, which the shared store suite checks.
"""

from __future__ import annotations

__all__ = ["MIGRATIONS", "POSTGRES_MIGRATIONS"]

_V1: tuple[str, ...] = (
    # Saved searches delivered as digests. AUTOINCREMENT: a deleted id is never reused, so a new
    # subscription never inherits an old one's digest history ("sub:<id>" targets).
    """
    CREATE TABLE subscriptions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        owner_kind TEXT NOT NULL CHECK (owner_kind IN ('user', 'channel')),
        owner_id TEXT NOT NULL,
        question TEXT NOT NULL DEFAULT '',
        time TEXT NOT NULL DEFAULT '09:00'
            CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]'),
        timezone TEXT,
        weekdays TEXT NOT NULL DEFAULT '1111111'
            CHECK (length(weekdays) = 7 AND weekdays NOT GLOB '*[^01]*'),
        created_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX subscriptions_by_owner ON subscriptions (owner_kind, owner_id, id)",
    # One row per target and local date: the log that keeps a restart from skipping or doubling.
    """
    CREATE TABLE digest_runs (
        target TEXT NOT NULL,
        local_date TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'failed', 'pending')),
        claimed_by TEXT,
        claimed_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        sent_at TEXT,
        message_ts TEXT,
        last_error TEXT,
        UNIQUE (target, local_date)
    )
    """,
    "CREATE INDEX digest_runs_by_date ON digest_runs (local_date)",
    """
    CREATE TABLE sent_postings (
        target TEXT NOT NULL,
        posting_id TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (target, posting_id)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE first_seen (
        posting_id TEXT PRIMARY KEY,
        first_seen_at TEXT NOT NULL
    ) WITHOUT ROWID
    """,
    "CREATE INDEX first_seen_by_time ON first_seen (first_seen_at)",
    """
    CREATE TABLE saved_jobs (
        user TEXT NOT NULL,
        posting_id TEXT NOT NULL,
        saved_at TEXT NOT NULL,
        PRIMARY KEY (user, posting_id)
    )
    """,
    """
    CREATE TABLE hidden_jobs (
        user TEXT NOT NULL,
        posting_id TEXT NOT NULL,
        hidden_at TEXT NOT NULL,
        PRIMARY KEY (user, posting_id)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE feedback (
        user TEXT NOT NULL,
        posting_id TEXT NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        at TEXT NOT NULL,
        PRIMARY KEY (user, posting_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX feedback_by_posting ON feedback (posting_id)",
    # The question and its numbers only: no user ids, no other message text.
    """
    CREATE TABLE query_log (
        id INTEGER PRIMARY KEY,
        question TEXT NOT NULL,
        hits INTEGER NOT NULL,
        latency_ms REAL NOT NULL,
        at TEXT NOT NULL
    )
    """,
)

_V2: tuple[str, ...] = (
    # The query log keeps a question's text only where it was asked in a channel (DMs are
    # private) and only for JOBBOT_QUERY_LOG_DAYS: the text becomes optional, and the texts
    # logged before this rule are dropped, since nothing tells which of them came from DMs.
    """
    CREATE TABLE query_log_v2 (
        id INTEGER PRIMARY KEY,
        question TEXT,
        hits INTEGER NOT NULL,
        latency_ms REAL NOT NULL,
        at TEXT NOT NULL
    )
    """,
    "INSERT INTO query_log_v2 (id, question, hits, latency_ms, at)"
    " SELECT id, NULL, hits, latency_ms, at FROM query_log",
    "DROP TABLE query_log",
    "ALTER TABLE query_log_v2 RENAME TO query_log",
    "CREATE INDEX query_log_by_time ON query_log (at)",
)

_V3: tuple[str, ...] = (
    # When a worker was about to post a run's digest. A worker that dies between posting and
    # recording leaves it set; whoever takes the run over looks for the message before posting.
    "ALTER TABLE digest_runs ADD COLUMN posting_at TEXT",
)

_V4: tuple[str, ...] = (
    # Who set a saved search up: for a channel's digest, the one person (besides workspace
    # admins) who may change or stop it. Digests made before have none: only admins may.
    "ALTER TABLE subscriptions ADD COLUMN created_by TEXT",
)

_V5: tuple[str, ...] = (
    # Slack deliveries already answered (event ids, client message ids), shared by every process
    # on the database so that a retry reaching another replica is not answered twice. Kept
    # until `expires_at`, past Slack's retry window.
    """
    CREATE TABLE deliveries (
        key TEXT PRIMARY KEY,
        expires_at TEXT NOT NULL
    ) WITHOUT ROWID
    """,
    "CREATE INDEX deliveries_by_expiry ON deliveries (expires_at)",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2, _V3, _V4, _V5)

_PG1: tuple[str, ...] = (
    # SQLite's first four versions in one step. Times are the same fixed-width UTC ISO text as
    # in SQLite, so every query and row reader is shared. Identity ids come from a sequence and
    # are never reused, like AUTOINCREMENT; `rowid` on saved_jobs is the insertion order SQLite
    # has built in. `"user"` is quoted: USER is reserved in PostgreSQL.
    """
    CREATE TABLE subscriptions (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        owner_kind text NOT NULL CHECK (owner_kind IN ('user', 'channel')),
        owner_id text NOT NULL,
        question text NOT NULL DEFAULT '',
        time text NOT NULL DEFAULT '09:00' CHECK (time ~ '^[0-2][0-9]:[0-5][0-9]$'),
        timezone text,
        weekdays text NOT NULL DEFAULT '1111111' CHECK (weekdays ~ '^[01]{7}$'),
        created_at text NOT NULL,
        created_by text
    )
    """,
    "CREATE INDEX subscriptions_by_owner ON subscriptions (owner_kind, owner_id, id)",
    """
    CREATE TABLE digest_runs (
        target text NOT NULL,
        local_date text NOT NULL,
        state text NOT NULL CHECK (state IN ('claimed', 'sent', 'failed', 'pending')),
        claimed_by text,
        claimed_at text,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at text,
        sent_at text,
        message_ts text,
        last_error text,
        posting_at text,
        UNIQUE (target, local_date)
    )
    """,
    "CREATE INDEX digest_runs_by_date ON digest_runs (local_date)",
    """
    CREATE TABLE sent_postings (
        target text NOT NULL,
        posting_id text NOT NULL,
        sent_at text NOT NULL,
        PRIMARY KEY (target, posting_id)
    )
    """,
    """
    CREATE TABLE first_seen (
        posting_id text PRIMARY KEY,
        first_seen_at text NOT NULL
    )
    """,
    "CREATE INDEX first_seen_by_time ON first_seen (first_seen_at)",
    """
    CREATE TABLE saved_jobs (
        rowid bigint GENERATED ALWAYS AS IDENTITY,
        "user" text NOT NULL,
        posting_id text NOT NULL,
        saved_at text NOT NULL,
        PRIMARY KEY ("user", posting_id)
    )
    """,
    """
    CREATE TABLE hidden_jobs (
        "user" text NOT NULL,
        posting_id text NOT NULL,
        hidden_at text NOT NULL,
        PRIMARY KEY ("user", posting_id)
    )
    """,
    """
    CREATE TABLE feedback (
        "user" text NOT NULL,
        posting_id text NOT NULL,
        vote integer NOT NULL CHECK (vote IN (-1, 1)),
        at text NOT NULL,
        PRIMARY KEY ("user", posting_id)
    )
    """,
    "CREATE INDEX feedback_by_posting ON feedback (posting_id)",
    """
    CREATE TABLE query_log (
        id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        question text,
        hits integer NOT NULL,
        latency_ms double precision NOT NULL,
        at text NOT NULL
    )
    """,
    "CREATE INDEX query_log_by_time ON query_log (at)",
)

_PG2: tuple[str, ...] = (
    # SQLite's fifth: deliveries already answered, shared by the replicas.
    """
    CREATE TABLE deliveries (
        key text PRIMARY KEY,
        expires_at text NOT NULL
    )
    """,
    "CREATE INDEX deliveries_by_expiry ON deliveries (expires_at)",
)

POSTGRES_MIGRATIONS: tuple[tuple[str, ...], ...] = (_PG1, _PG2)
