-- 0002: which command recorded each event, and which event an undo or redo takes back.
--
-- One command is one transaction and may record several events: `done 1 method submit --note x`
-- marks two steps, adds notes, moves a due date by its rule and may close the case. `undo` takes
-- back a whole command and `log` shows one line per command, so every event names its change: the
-- id of the first event its command recorded. Events written before this migration are grouped by
-- their second and case, which is how one command recorded them.
--
-- An event of kind 'undo' or 'redo' takes back or brings back one earlier event; `reverts` is the
-- id of the original event (never of another undo or redo), so what it means is one lookup away.
--
-- Numbered 0003, not 0002: the number is the file's name only, the order is the list in
-- src/store/migrate.rs.

ALTER TABLE events ADD COLUMN change_id INTEGER;
ALTER TABLE events ADD COLUMN reverts INTEGER;

UPDATE events SET change_id = (
    SELECT min(o.id) FROM events o WHERE o.case_id = events.case_id AND o.at = events.at
);

-- undo and redo walk the changes from the newest, reading each change's kind from the index.
CREATE INDEX events_by_change ON events (change_id, kind);
