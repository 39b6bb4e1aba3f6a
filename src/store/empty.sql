-- The schema of a database that does not exist yet, for commands that only read one: the tables
-- and indexes the migrations make, without their history (no table rebuilt, no trigger: nothing
-- is written), and the one row they leave, the device id. SQLite reads this in a fraction of the
-- time the migrations take. A test checks that it matches what the migrations make.
CREATE TABLE events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, case_id INTEGER NOT NULL, case_uuid TEXT NOT NULL, step_uuid TEXT, step_key TEXT, kind TEXT NOT NULL, before TEXT, after TEXT, change_id INTEGER, reverts INTEGER, uuid TEXT, origin TEXT NOT NULL DEFAULT 'here' CHECK (origin IN ('here', 'merge', 'file')));
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE field_clock (entity TEXT NOT NULL, field TEXT NOT NULL, at INTEGER NOT NULL, device TEXT NOT NULL, PRIMARY KEY (entity, field)) WITHOUT ROWID;
CREATE TABLE cases (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, title TEXT NOT NULL, template TEXT NOT NULL, provider TEXT, channel TEXT CHECK (channel IN ('online', 'phone', 'shop', 'post')), holder TEXT NOT NULL, number TEXT, deadline TEXT, status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')), created_at INTEGER NOT NULL, closed_at INTEGER, updated_at INTEGER NOT NULL, note TEXT, lang TEXT NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'zh')), notice_days INTEGER CHECK (notice_days >= 0), follows_departure INTEGER NOT NULL DEFAULT 0 CHECK (follows_departure IN (0, 1)), pending_first TEXT, pending_last TEXT);
CREATE TABLE steps (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE, position INTEGER NOT NULL CHECK (position >= 1), key TEXT NOT NULL, title TEXT NOT NULL, how TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'skipped')), due TEXT, rule_kind TEXT CHECK (rule_kind IN ('before', 'after')), rule_days INTEGER, rule_ref TEXT, due_manual INTEGER NOT NULL DEFAULT 0 CHECK (due_manual IN (0, 1)), done_at TEXT, updated_at INTEGER NOT NULL, note TEXT, abroad INTEGER NOT NULL DEFAULT 0 CHECK (abroad IN (0, 1)), UNIQUE (case_id, key));
CREATE TABLE remotes (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, url TEXT NOT NULL, user TEXT, password_command TEXT, holder TEXT, created_at INTEGER NOT NULL, last_sync INTEGER, sync_token TEXT);
CREATE TABLE remote_items (remote_id INTEGER NOT NULL REFERENCES remotes (id) ON DELETE CASCADE, uid TEXT NOT NULL, href TEXT NOT NULL, etag TEXT, sent TEXT, gone INTEGER NOT NULL DEFAULT 0, foreign_ INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (remote_id, uid)) WITHOUT ROWID;
CREATE INDEX events_by_case ON events (case_id, id);
CREATE INDEX events_by_change ON events (change_id, kind);
CREATE UNIQUE INDEX events_by_uuid ON events (uuid);
CREATE INDEX events_by_case_uuid ON events (case_uuid, kind);
CREATE INDEX events_own_by_change ON events (change_id, kind) WHERE origin != 'file';
CREATE INDEX cases_by_status ON cases (status, id);
CREATE INDEX cases_open_by_deadline ON cases (deadline) WHERE status = 'open';
CREATE INDEX steps_by_case ON steps (case_id, status, position);
CREATE INDEX cases_maybe_squeezed ON cases (id) WHERE status = 'open' AND deadline IS NOT NULL AND (pending_last >= deadline OR pending_first <= date(created_at, 'unixepoch', '+1 day'));
CREATE INDEX cases_open_notice_by_first ON cases (pending_first) WHERE status = 'open' AND deadline IS NOT NULL AND notice_days IS NOT NULL;
CREATE INDEX cases_by_title ON cases (lower(title), status);
CREATE VIRTUAL TABLE case_words USING fts5 (title, provider, content = 'cases', content_rowid = 'id', tokenize = 'trigram');
CREATE INDEX steps_pending_by_due ON steps (due, case_id, position, key, title) WHERE status = 'pending';
INSERT INTO settings (key, value)
SELECT 'device', lower(
    hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89AB', 1 + abs(random() % 4), 1) || substr(hex(randomblob(2)), 2) || '-'
    || hex(randomblob(6)));
