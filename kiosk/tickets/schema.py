"""The hub's queue file: its tables, one migration per schema version (PRAGMA user_version)."""

MIGRATIONS = [
    """
    CREATE TABLE tickets (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        number TEXT NOT NULL,
        service TEXT NOT NULL,
        issued_for TEXT NOT NULL,
        day TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        extra_help INTEGER NOT NULL,
        appointment TEXT,
        language TEXT NOT NULL,
        priority INTEGER NOT NULL,
        status TEXT NOT NULL,
        counter INTEGER,
        called_at TEXT,
        first_called_at TEXT,
        finished_at TEXT,
        recalls INTEGER NOT NULL DEFAULT 0,
        transferred_from TEXT
    );
    CREATE UNIQUE INDEX tickets_number ON tickets (day, number);
    CREATE INDEX tickets_waiting ON tickets (status, day, service, priority DESC, issued_at);
    CREATE INDEX tickets_day ON tickets (day, service);
    CREATE TABLE numbers (
        day TEXT NOT NULL, prefix TEXT NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (day, prefix)
    ) WITHOUT ROWID;
    CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        ticket TEXT NOT NULL,
        counter INTEGER NOT NULL,
        at TEXT NOT NULL,
        day TEXT NOT NULL,
        recall INTEGER NOT NULL
    );
    CREATE INDEX calls_day ON calls (day, id);
    CREATE TABLE paused (service TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE counters (
        number INTEGER PRIMARY KEY,
        staff TEXT NOT NULL,
        services TEXT NOT NULL,
        paused INTEGER NOT NULL
    );
    CREATE TABLE requests (
        id TEXT PRIMARY KEY, operation TEXT NOT NULL, ticket TEXT NOT NULL, at TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
