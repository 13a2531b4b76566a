-- State of one synced folder, kept in DIR/.quantum/state.db. One statement per block,
-- blocks separated by a line holding only ';'.

CREATE TABLE setting (
    name  TEXT PRIMARY KEY, -- client_id | server_url | last_seq | ignore_text
    value TEXT NOT NULL     -- the value, as text
) STRICT
;
CREATE TABLE base_entry (
    path        TEXT PRIMARY KEY,                              -- RelativePath: NFC, '/'-separated, relative to DIR
    kind        TEXT NOT NULL CHECK (kind IN ('file', 'dir')), -- what both sides agreed the path is
    hash        TEXT NOT NULL,                                 -- lowercase hex SHA-256 of the content; '' for a folder
    size        INTEGER NOT NULL CHECK (size >= 0),            -- content length in bytes; 0 for a folder
    modified_ns INTEGER NOT NULL                               -- local mtime (ns since epoch) when agreed; same size and mtime = same content
) STRICT
;
CREATE TABLE pending_path (
    path     TEXT PRIMARY KEY, -- a path whose last sync attempt failed; retried on the next full pass
    reason   TEXT NOT NULL,    -- why it failed last time
    first_ns INTEGER NOT NULL, -- when it first failed (ns since epoch)
    attempts INTEGER NOT NULL  -- how many attempts failed
) STRICT
;
