-- 0001: cases, their checklists and the history of every change.
--
-- Dates a person thinks in (deadline, due, done day) are TEXT 'YYYY-MM-DD': they sort, compare and
-- read back exactly, with no time zone to get wrong. Instants (created, closed, event times) are
-- INTEGER seconds since the epoch in UTC, turned into local time only when printed.
-- Every case and step carries a UUID so that export, import and sync can recognise it anywhere.

CREATE TABLE cases (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT    NOT NULL UNIQUE,
    title       TEXT    NOT NULL,
    template    TEXT    NOT NULL,
    provider    TEXT,
    channel     TEXT    CHECK (channel IN ('online', 'phone', 'shop')),
    holder      TEXT    NOT NULL,
    number      TEXT,
    deadline    TEXT,
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at  INTEGER NOT NULL,
    closed_at   INTEGER,
    updated_at  INTEGER NOT NULL,
    note        TEXT
);

-- `list` walks open cases; closed ones only with --all.
CREATE INDEX cases_by_status ON cases (status, id);

CREATE TABLE steps (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT    NOT NULL UNIQUE,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL CHECK (position >= 1),
    key         TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    how         TEXT    NOT NULL DEFAULT '',
    status      TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'skipped')),
    due         TEXT,
    -- The rule the due date follows: 'before' = rule_days before the case deadline,
    -- 'after' = rule_days after step rule_ref is done. NULL: the date is only what was set.
    rule_kind   TEXT    CHECK (rule_kind IN ('before', 'after')),
    rule_days   INTEGER,
    rule_ref    TEXT,
    -- 1 when the user set the date with `due`: rules no longer move it.
    due_manual  INTEGER NOT NULL DEFAULT 0 CHECK (due_manual IN (0, 1)),
    done_at     TEXT,
    updated_at  INTEGER NOT NULL,
    note        TEXT,
    UNIQUE (case_id, key)
);

-- A case's checklist; with status in the key, `list` counts finished steps and finds the next
-- pending one from the index alone.
CREATE INDEX steps_by_case ON steps (case_id, status, position);

-- `pending` and reminders read only pending steps, by due date; this partial index holds exactly
-- those rows, in the order they are shown and with the columns they show, so a long list is read
-- in order from the index alone: no scan of finished work, no sort, no lookup per step.
CREATE INDEX steps_pending_by_due ON steps (due, case_id, position, key, title)
    WHERE status = 'pending';

-- Every change, with what it was before and after (JSON), for `log` and for undo.
-- No foreign key: a deleted case's history stays, so that the deletion can be undone.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    case_id     INTEGER NOT NULL,
    case_uuid   TEXT    NOT NULL,
    step_uuid   TEXT,
    step_key    TEXT,
    kind        TEXT    NOT NULL,
    before      TEXT,
    after       TEXT
);

CREATE INDEX events_by_case ON events (case_id, id);
