-- 0003: what export, import and sync need to merge two databases that changed apart.
--
-- The merge rule is "the newest change of each field wins, ties broken by device id". A row's
-- updated_at says when *something* in it changed, not what: two devices that change different
-- fields of one step would lose one of the changes. So every field (or group of fields that only
-- change together) keeps its own stamp, and every database has its own device id to break ties.

-- Small facts about this database; 'device' is generated once, here, and never changes.
CREATE TABLE settings (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
) WITHOUT ROWID;

-- A random (version 4) UUID, written out with SQLite's own random source.
INSERT INTO settings (key, value)
SELECT 'device', lower(
    hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89AB', 1 + abs(random() % 4), 1) || substr(hex(randomblob(2)), 2) || '-'
    || hex(randomblob(6)));

-- When each field of a case or step last changed, and on which device. `entity` is the case's or
-- step's UUID, `field` the group name used in the export format (status stands for status with
-- done_at or closed_at, due for due with due_manual, rule for the three rule columns). A field
-- without a row has not changed since the case or step was made: its stamp is the lowest.
CREATE TABLE field_clock (
    entity  TEXT    NOT NULL,
    field   TEXT    NOT NULL,
    at      INTEGER NOT NULL,
    device  TEXT    NOT NULL,
    PRIMARY KEY (entity, field)
) WITHOUT ROWID;

-- Triggers stamp every change whatever command makes it, so that no write path can forget. The
-- stamp is the row's new updated_at, but never below the field's previous stamp + 1: a change
-- made here after a merge must win over what was merged, even when the other device's clock ran
-- ahead. Import overwrites these stamps with the incoming ones right after its own updates.
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
        UNION ALL SELECT 'deadline' WHERE OLD.deadline IS NOT NEW.deadline
        UNION ALL SELECT 'status'
            WHERE OLD.status IS NOT NEW.status OR OLD.closed_at IS NOT NEW.closed_at
        UNION ALL SELECT 'note' WHERE OLD.note IS NOT NEW.note
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
               OR OLD.rule_ref IS NOT NEW.rule_ref
        UNION ALL SELECT 'note' WHERE OLD.note IS NOT NEW.note
    ) AS f
    WHERE true
    ON CONFLICT (entity, field) DO UPDATE SET at = excluded.at, device = excluded.device;
END;

-- A deleted case or step takes its stamps along (a case's steps go by ON DELETE CASCADE, which
-- fires this trigger for each of them).
CREATE TRIGGER cases_field_clock_delete AFTER DELETE ON cases BEGIN
    DELETE FROM field_clock WHERE entity = OLD.uuid;
END;

CREATE TRIGGER steps_field_clock_delete AFTER DELETE ON steps BEGIN
    DELETE FROM field_clock WHERE entity = OLD.uuid;
END;

-- Events travel between databases too, so each needs an identity: importing the same history
-- twice must not double it. Events recorded before this migration get a random UUID now.
ALTER TABLE events ADD COLUMN uuid TEXT;

UPDATE events SET uuid = lower(
    hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89AB', 1 + abs(random() % 4), 1) || substr(hex(randomblob(2)), 2) || '-'
    || hex(randomblob(6)));

CREATE UNIQUE INDEX events_by_uuid ON events (uuid);

-- Export and sync read a case's history by its UUID (ids are local to one database), and find
-- deleted cases by their 'case.delete' events.
CREATE INDEX events_by_case_uuid ON events (case_uuid, kind);
