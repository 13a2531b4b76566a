-- The index of one synced root, its change log and its kept versions.
-- Applied once by Migrator, recorded in schema_version. Statements end with ';' at a line end.

CREATE TABLE files (
    path         TEXT    NOT NULL PRIMARY KEY, -- relative path: '/'-separated, NFC, never under .quantum
    size         INTEGER NOT NULL,             -- content length in bytes; 0 for a folder
    mtime_ns     INTEGER NOT NULL,             -- last modification on disk, nanoseconds since the epoch (UTC)
    sha256       TEXT    NOT NULL,             -- lowercase hex SHA-256 of the content; '' for a folder
    is_directory INTEGER NOT NULL,             -- 1 for a folder, 0 for a regular file
    version      INTEGER NOT NULL              -- seq of the change that last wrote this entry
) STRICT;

CREATE TABLE changes (
    seq           INTEGER NOT NULL PRIMARY KEY, -- position in the log: previous head + 1, never reused, no gaps
    op            TEXT    NOT NULL,             -- the operation as wire JSON, e.g. {"Delete":{"path":"a"}}
    source_client TEXT,                         -- X-Client-Id / WebSocket client that caused it; NULL for disk edits
    committed_at  INTEGER NOT NULL              -- commit time, milliseconds since the epoch (UTC)
) STRICT;

CREATE INDEX changes_by_time ON changes (committed_at);

CREATE TABLE versions (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, -- version id; AUTOINCREMENT so pruned ids never come back
    path        TEXT    NOT NULL,                           -- where the content lived when it was replaced or deleted
    size        INTEGER NOT NULL,                           -- content length in bytes
    sha256      TEXT    NOT NULL,                           -- lowercase hex SHA-256 of the kept content
    mtime_ns    INTEGER NOT NULL,                           -- modification time of the kept content, ns since the epoch
    replaced_at INTEGER NOT NULL,                           -- when it stopped being current, ms since the epoch
    reason      TEXT    NOT NULL CHECK (reason IN ('update', 'delete')), -- overwritten, or deleted
    blob        TEXT    NOT NULL UNIQUE                     -- file name of the content under .quantum/versions/
) STRICT;

CREATE INDEX versions_by_path ON versions (path, id);
CREATE INDEX versions_by_time ON versions (replaced_at);
