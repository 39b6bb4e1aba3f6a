-- 0005: planning a move. A case keeps the language of its checklist, the notice its contract
-- asks for, and whether its deadline follows the household's departure date; a step keeps
-- whether it can be done from abroad; a case can be handed in by post.
--
-- SQLite cannot change a CHECK constraint in place, so both tables are built anew and the rows
-- copied over, ids and UUIDs unchanged. `steps` is rebuilt too, since its foreign key names the
-- table it points at; it is dropped first, so that dropping the old `cases` cascades to nothing.
-- Indexes and triggers go with their tables and are made again as 0001, 0003 and 0004 made them,
-- the field clock knowing the new fields.

CREATE TABLE cases_new (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT    NOT NULL UNIQUE,
    title       TEXT    NOT NULL,
    template    TEXT    NOT NULL,
    provider    TEXT,
    channel     TEXT    CHECK (channel IN ('online', 'phone', 'shop', 'post')),
    holder      TEXT    NOT NULL,
    number      TEXT,
    deadline    TEXT,
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at  INTEGER NOT NULL,
    closed_at   INTEGER,
    updated_at  INTEGER NOT NULL,
    note        TEXT,
    -- The language of the template text of the checklist: refreshed how-tos keep to it.
    lang        TEXT    NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'zh')),
    -- How many days before the end the provider must have the request; NULL when not known.
    notice_days INTEGER CHECK (notice_days >= 0),
    -- 1 while the deadline is the departure date (settings 'departure') and moves with it.
    follows_departure INTEGER NOT NULL DEFAULT 0 CHECK (follows_departure IN (0, 1))
);

-- A checklist made before this version speaks Chinese when one of its step titles does.
INSERT INTO cases_new (id, uuid, title, template, provider, channel, holder, number, deadline,
                       status, created_at, closed_at, updated_at, note, lang)
SELECT c.id, c.uuid, c.title, c.template, c.provider, c.channel, c.holder, c.number, c.deadline,
       c.status, c.created_at, c.closed_at, c.updated_at, c.note,
       CASE WHEN EXISTS (SELECT 1 FROM steps s WHERE s.case_id = c.id
                         AND s.title GLOB '*[一-鿿]*') THEN 'zh' ELSE 'en' END
FROM cases c;

CREATE TABLE steps_new (
    id          INTEGER PRIMARY KEY,
    uuid        TEXT    NOT NULL UNIQUE,
    case_id     INTEGER NOT NULL REFERENCES cases_new (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL CHECK (position >= 1),
    key         TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    how         TEXT    NOT NULL DEFAULT '',
    status      TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'skipped')),
    due         TEXT,
    rule_kind   TEXT    CHECK (rule_kind IN ('before', 'after')),
    rule_days   INTEGER,
    rule_ref    TEXT,
    due_manual  INTEGER NOT NULL DEFAULT 0 CHECK (due_manual IN (0, 1)),
    done_at     TEXT,
    updated_at  INTEGER NOT NULL,
    note        TEXT,
    -- 1 when the step can be done after leaving (confirming, a final bill, a refund): only the
    -- others must be done by the deadline.
    abroad      INTEGER NOT NULL DEFAULT 0 CHECK (abroad IN (0, 1)),
    UNIQUE (case_id, key)
);

-- Of the steps the built-in templates gave before, confirming is the one done from abroad.
INSERT INTO steps_new (id, uuid, case_id, position, key, title, how, status, due, rule_kind,
                       rule_days, rule_ref, due_manual, done_at, updated_at, note, abroad)
SELECT id, uuid, case_id, position, key, title, how, status, due, rule_kind, rule_days, rule_ref,
       due_manual, done_at, updated_at, note, key = 'confirm'
FROM steps;

DROP TABLE steps;
DROP TABLE cases;
ALTER TABLE cases_new RENAME TO cases;
ALTER TABLE steps_new RENAME TO steps;

CREATE INDEX cases_by_status ON cases (status, id);
CREATE INDEX cases_open_by_deadline ON cases (deadline) WHERE status = 'open';
CREATE INDEX steps_by_case ON steps (case_id, status, position);
CREATE INDEX steps_pending_by_due ON steps (due, case_id, position, key, title)
    WHERE status = 'pending';

-- As in 0003, with three more case fields: the deadline group now holds whether it follows the
-- departure (they change together), and a step's rule group whether it can be done abroad.
CREATE TRIGGER cases_field_clock AFTER UPDATE ON cases BEGIN
    INSERT INTO field_clock (entity, field, at, device)
    SELECT NEW.uuid, f.name,
           max(NEW.updated_at, coalesce(
               (SELECT at + 1 FROM field_clock WHERE entity = NEW.uuid AND field = f.name), 0)),
           (SELECT value FROM settings WHERE key = 'device')
    FROM (
        SELECT 'title' AS name WHERE OLD.title IS NOT NEW.title
        UNION ALL SELECT 'template' WHERE OLD.template IS NOT NEW.template
        UNION ALL SELECT 'provider' WHERE OLD.provider IS NOT NEW.provider
        UNION ALL SELECT 'channel' WHERE OLD.channel IS NOT NEW.channel
        UNION ALL SELECT 'holder' WHERE OLD.holder IS NOT NEW.holder
        UNION ALL SELECT 'number' WHERE OLD.number IS NOT NEW.number
        UNION ALL SELECT 'deadline'
            WHERE OLD.deadline IS NOT NEW.deadline
               OR OLD.follows_departure IS NOT NEW.follows_departure
        UNION ALL SELECT 'status'
            WHERE OLD.status IS NOT NEW.status OR OLD.closed_at IS NOT NEW.closed_at
        UNION ALL SELECT 'note' WHERE OLD.note IS NOT NEW.note
        UNION ALL SELECT 'lang' WHERE OLD.lang IS NOT NEW.lang
        UNION ALL SELECT 'notice' WHERE OLD.notice_days IS NOT NEW.notice_days
    ) AS f
    WHERE true
    ON CONFLICT (entity, field) DO UPDATE SET at = excluded.at, device = excluded.device;
END;

CREATE TRIGGER steps_field_clock AFTER UPDATE ON steps BEGIN
    INSERT INTO field_clock (entity, field, at, device)
    SELECT NEW.uuid, f.name,
           max(NEW.updated_at, coalesce(
               (SELECT at + 1 FROM field_clock WHERE entity = NEW.uuid AND field = f.name), 0)),
           (SELECT value FROM settings WHERE key = 'device')
    FROM (
        SELECT 'position' AS name WHERE OLD.position IS NOT NEW.position
        UNION ALL SELECT 'key' WHERE OLD.key IS NOT NEW.key
        UNION ALL SELECT 'title' WHERE OLD.title IS NOT NEW.title
        UNION ALL SELECT 'how' WHERE OLD.how IS NOT NEW.how
        UNION ALL SELECT 'status'
            WHERE OLD.status IS NOT NEW.status OR OLD.done_at IS NOT NEW.done_at
        UNION ALL SELECT 'due'
            WHERE OLD.due IS NOT NEW.due OR OLD.due_manual IS NOT NEW.due_manual
        UNION ALL SELECT 'rule'
            WHERE OLD.rule_kind IS NOT NEW.rule_kind OR OLD.rule_days IS NOT NEW.rule_days
               OR OLD.rule_ref IS NOT NEW.rule_ref OR OLD.abroad IS NOT NEW.abroad
        UNION ALL SELECT 'note' WHERE OLD.note IS NOT NEW.note
    ) AS f
    WHERE true
    ON CONFLICT (entity, field) DO UPDATE SET at = excluded.at, device = excluded.device;
END;

CREATE TRIGGER cases_field_clock_delete AFTER DELETE ON cases BEGIN
    DELETE FROM field_clock WHERE entity = OLD.uuid;
END;

CREATE TRIGGER steps_field_clock_delete AFTER DELETE ON steps BEGIN
    DELETE FROM field_clock WHERE entity = OLD.uuid;
END;
