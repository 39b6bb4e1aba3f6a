-- 0004: `remind` looks at the open cases whose deadline falls within its window. Without this
-- index it read every open case to find them, a cost that grew with the number of cases even
-- when nothing was due (the case a shell start-up file runs most often).
CREATE INDEX cases_open_by_deadline ON cases (deadline) WHERE status = 'open';
