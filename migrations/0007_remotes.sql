-- 0007: CalDAV task lists that `sync NAME` keeps in step with this database.
--
-- A remote is a collection of to-dos on a server. The password is never stored: only the
-- command that prints it. Per item, what was last sent (or last seen there) is kept, so that a
-- sync sends only what changed, tells a change made on the phone from one made here, and, when
-- it is interrupted, finishes the job next time without doubling anything.

CREATE TABLE remotes (
    id                INTEGER PRIMARY KEY,
    name              TEXT    NOT NULL UNIQUE,
    -- The collection's address, ending in '/'.
    url               TEXT    NOT NULL,
    user              TEXT,
    password_command  TEXT,
    -- Only this holder's cases go there (NULL: every case).
    holder            TEXT,
    created_at        INTEGER NOT NULL,
    last_sync         INTEGER,
    -- The collection's sync token after the last sync (RFC 6578), where the server has them:
    -- the next sync asks only for what changed since.
    sync_token        TEXT
);

-- One row per to-do closeout keeps on a remote. `uid` is the case's or step's UUID; `sent` the
-- calendar object last written there (or NULL before the first write completed); `gone` says
-- the to-do was deleted on the server, so that it is not sent again while its step stays skipped;
-- `foreign` marks a to-do of another app that belongs to no case: left alone, reported once.
CREATE TABLE remote_items (
    remote_id  INTEGER NOT NULL REFERENCES remotes (id) ON DELETE CASCADE,
    uid        TEXT    NOT NULL,
    href       TEXT    NOT NULL,
    etag       TEXT,
    sent       TEXT,
    gone       INTEGER NOT NULL DEFAULT 0,
    foreign_   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (remote_id, uid)
) WITHOUT ROWID;
