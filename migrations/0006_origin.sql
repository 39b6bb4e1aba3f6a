-- 0006: where each event was recorded, so that undo takes back what was done on this device and
-- export carries only what travels.
--
-- 'here'   recorded by a command run on this database (add, done, undo, ...);
-- 'merge'  recorded by an import or sync: what it changed here, so that undo can take the whole
--          import back. It describes other events, so it never leaves this database;
-- 'file'   an event another database recorded, brought in by an import or sync: part of the
--          history `log` shows and of what travels on, never taken back by undo here.
--
-- Events recorded before this migration count as 'here': earlier versions did not say which
-- were imported.

ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT 'here'
    CHECK (origin IN ('here', 'merge', 'file'));

-- undo walks the changes made on this device from the newest.
CREATE INDEX events_own_by_change ON events (change_id, kind) WHERE origin != 'file';
