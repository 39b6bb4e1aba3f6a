-- 0008: what `remind`, the dashboard and a CASE word ask of every open case, kept ready.
--
-- Before it lists anything, `remind` asks which open cases may have a step with no room before
-- the deadline. That compares each pending step with its own case, which no index answers, so it
-- read every open case's steps. A case now keeps the earliest and latest date of its pending
-- steps that must be done before leaving, and a partial index holds the cases where one of them
-- says a step may have no room: the question becomes a lookup.

-- The earliest and latest `due` of the case's pending steps that are not done from abroad and
-- have a date (NULL when there is none). Kept by the triggers below; never written otherwise.
ALTER TABLE cases ADD COLUMN pending_first TEXT;
ALTER TABLE cases ADD COLUMN pending_last TEXT;

UPDATE cases SET
    pending_first = (SELECT min(s.due) FROM steps s WHERE s.case_id = cases.id
                     AND s.status = 'pending' AND s.abroad = 0 AND s.due IS NOT NULL),
    pending_last = (SELECT max(s.due) FROM steps s WHERE s.case_id = cases.id
                    AND s.status = 'pending' AND s.abroad = 0 AND s.due IS NOT NULL);

-- The spans change with the steps, not with the case: 0005's stamping of a case's fields now
-- runs only when one of those fields is written, not on every write of the row (its body is
-- unchanged, and stamped nothing for the spans).
DROP TRIGGER cases_field_clock;
CREATE TRIGGER cases_field_clock AFTER UPDATE OF title, template, provider, channel, holder,
    number, deadline, follows_departure, status, closed_at, note, lang, notice_days ON cases BEGIN
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

-- A new step can only widen its case's span.
CREATE TRIGGER steps_pending_span_insert AFTER INSERT ON steps
WHEN NEW.status = 'pending' AND NEW.abroad = 0 AND NEW.due IS NOT NULL BEGIN
    UPDATE cases SET
        pending_first = CASE WHEN pending_first IS NULL OR NEW.due < pending_first
                             THEN NEW.due ELSE pending_first END,
        pending_last = CASE WHEN pending_last IS NULL OR NEW.due > pending_last
                            THEN NEW.due ELSE pending_last END
    WHERE id = NEW.case_id;
END;

-- A change that can move the span: the span is read again from the case's steps (a handful).
CREATE TRIGGER steps_pending_span_update AFTER UPDATE OF status, due, abroad, case_id ON steps
WHEN (OLD.status = 'pending') IS NOT (NEW.status = 'pending') OR OLD.due IS NOT NEW.due
  OR OLD.abroad IS NOT NEW.abroad OR OLD.case_id IS NOT NEW.case_id BEGIN
    UPDATE cases SET
        pending_first = (SELECT min(s.due) FROM steps s WHERE s.case_id = cases.id
                         AND s.status = 'pending' AND s.abroad = 0 AND s.due IS NOT NULL),
        pending_last = (SELECT max(s.due) FROM steps s WHERE s.case_id = cases.id
                        AND s.status = 'pending' AND s.abroad = 0 AND s.due IS NOT NULL)
    WHERE id IN (OLD.case_id, NEW.case_id);
END;

CREATE TRIGGER steps_pending_span_delete AFTER DELETE ON steps
WHEN OLD.status = 'pending' AND OLD.abroad = 0 AND OLD.due IS NOT NULL BEGIN
    UPDATE cases SET
        pending_first = (SELECT min(s.due) FROM steps s WHERE s.case_id = cases.id
                         AND s.status = 'pending' AND s.abroad = 0 AND s.due IS NOT NULL),
        pending_last = (SELECT max(s.due) FROM steps s WHERE s.case_id = cases.id
                        AND s.status = 'pending' AND s.abroad = 0 AND s.due IS NOT NULL)
    WHERE id = OLD.case_id;
END;

-- The open cases with a deadline where a step lies on or after it, or on the day the case was
-- made (a day either side, as that day is local): what no index on a single column answers.
CREATE INDEX cases_maybe_squeezed ON cases (id)
    WHERE status = 'open' AND deadline IS NOT NULL
      AND (pending_last >= deadline OR pending_first <= date(created_at, 'unixepoch', '+1 day'));

-- The open cases with a deadline and a notice period, by their earliest pending date: those
-- with a step already past.
CREATE INDEX cases_open_notice_by_first ON cases (pending_first)
    WHERE status = 'open' AND deadline IS NOT NULL AND notice_days IS NOT NULL;

-- Cases by their whole title, letter case folded as SQLite folds it (ASCII letters): a CASE word
-- that is a whole title, and `add`'s check for an open case of the same title, in one lookup.
CREATE INDEX cases_by_title ON cases (lower(title), status);

-- The pieces of every case's title and provider, for a CASE word: three characters at a time,
-- letter case folded (SQLite's trigram tokenizer). The text stays in `cases` (an external-content
-- index, rowid = the case's id); the triggers below keep the index in step with it. A later
-- migration that rebuilds `cases` must end with `INSERT INTO case_words (case_words) VALUES
-- ('rebuild')`.
CREATE VIRTUAL TABLE case_words USING fts5 (
    title, provider, content = 'cases', content_rowid = 'id', tokenize = 'trigram'
);

INSERT INTO case_words (case_words) VALUES ('rebuild');

CREATE TRIGGER cases_words_insert AFTER INSERT ON cases BEGIN
    INSERT INTO case_words (rowid, title, provider) VALUES (NEW.id, NEW.title, NEW.provider);
END;

CREATE TRIGGER cases_words_update AFTER UPDATE OF title, provider ON cases
WHEN OLD.title IS NOT NEW.title OR OLD.provider IS NOT NEW.provider BEGIN
    INSERT INTO case_words (case_words, rowid, title, provider)
        VALUES ('delete', OLD.id, OLD.title, OLD.provider);
    INSERT INTO case_words (rowid, title, provider) VALUES (NEW.id, NEW.title, NEW.provider);
END;

CREATE TRIGGER cases_words_delete AFTER DELETE ON cases BEGIN
    INSERT INTO case_words (case_words, rowid, title, provider)
        VALUES ('delete', OLD.id, OLD.title, OLD.provider);
END;
