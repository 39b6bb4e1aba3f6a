-- The floors of bench/bench.py: closeout's own statements, written by
-- src/store/bench_floors.rs from the store's SQL (do not edit by hand: when
-- `cargo test --lib bench_floors` fails, copy target/floors.sql over it).

-- floor: pending
-- bind: ?1 NULL
SELECT id, title, holder FROM cases INDEXED BY cases_by_status WHERE status = 'open' AND (?1 IS NULL OR holder = ?1) ORDER BY id;
SELECT case_id, position, key, title, due FROM steps INDEXED BY steps_pending_by_due WHERE status = 'pending' AND due IS NOT NULL ORDER BY due, case_id, position;
SELECT case_id, position, key, title, due FROM steps INDEXED BY steps_pending_by_due WHERE status = 'pending' AND due IS NULL ORDER BY case_id, position;

-- floor: pending-closed
-- bind: ?1 NULL
-- bind: ?2 NULL
-- bind: ?3 NULL
SELECT s.case_id, c.title, c.holder, s.position, s.key, s.title, s.due FROM cases c INDEXED BY cases_by_status CROSS JOIN steps s INDEXED BY steps_by_case ON s.case_id = c.id WHERE s.status = 'pending' AND c.status = 'open' AND (?1 IS NULL OR c.holder = ?1) AND (?2 IS NULL OR c.id = ?2) AND s.due IS NOT NULL AND (?3 IS NULL OR s.due <= ?3) ORDER BY s.due, s.case_id, s.position;
-- bind: ?1 NULL
-- bind: ?2 NULL
-- bind: ?3 NULL
SELECT s.case_id, c.title, c.holder, s.position, s.key, s.title, s.due FROM cases c INDEXED BY cases_by_status CROSS JOIN steps s INDEXED BY steps_by_case ON s.case_id = c.id WHERE s.status = 'pending' AND c.status = 'open' AND (?1 IS NULL OR c.holder = ?1) AND (?2 IS NULL OR c.id = ?2) AND s.due IS NULL AND ?3 IS NULL ORDER BY s.case_id, s.position;

-- floor: list
-- bind: ?1 NULL
SELECT c.id, c.title, c.holder, c.status, c.deadline, (SELECT count(*) FROM steps f WHERE f.case_id = c.id AND f.status != 'pending'), (SELECT count(*) FROM steps t WHERE t.case_id = c.id), n.id, n.uuid, n.position, n.key, n.title, n.how, n.status, n.due, n.rule_kind, n.rule_days, n.rule_ref, n.due_manual, n.done_at, n.note, n.abroad FROM cases c LEFT JOIN steps n ON n.id = (SELECT p.id FROM steps p WHERE p.case_id = c.id AND p.status = 'pending' ORDER BY p.position LIMIT 1) WHERE c.status = 'open' AND (?1 IS NULL OR c.holder = ?1) ORDER BY c.id;

-- floor: dashboard
-- bind: ?1 NULL
SELECT c.id, c.title, c.holder, c.status, c.deadline, (SELECT count(*) FROM steps f WHERE f.case_id = c.id AND f.status != 'pending'), (SELECT count(*) FROM steps t WHERE t.case_id = c.id), n.id, n.uuid, n.position, n.key, n.title, n.how, n.status, n.due, n.rule_kind, n.rule_days, n.rule_ref, n.due_manual, n.done_at, n.note, n.abroad FROM cases c LEFT JOIN steps n ON n.id = (SELECT p.id FROM steps p WHERE p.case_id = c.id AND p.status = 'pending' ORDER BY p.position LIMIT 1) WHERE c.status = 'open' AND (?1 IS NULL OR c.holder = ?1) ORDER BY c.id;
-- bind: ?1 NULL
-- bind: ?2 NULL
-- bind: ?3 '{today}'
SELECT s.case_id, c.title, c.holder, s.position, s.key, s.title, s.due FROM steps s INDEXED BY steps_pending_by_due CROSS JOIN cases c ON c.id = s.case_id WHERE s.status = 'pending' AND c.status = 'open' AND (?1 IS NULL OR c.holder = ?1) AND (?2 IS NULL OR s.case_id = ?2) AND s.due IS NOT NULL AND (?3 IS NULL OR s.due <= ?3) ORDER BY s.due, s.case_id, s.position;
-- bind: ?1 NULL
-- bind: ?2 NULL
-- bind: ?3 '{today}'
SELECT s.case_id, c.title, c.holder, s.position, s.key, s.title, s.due FROM steps s INDEXED BY steps_pending_by_due CROSS JOIN cases c ON c.id = s.case_id WHERE s.status = 'pending' AND c.status = 'open' AND (?1 IS NULL OR c.holder = ?1) AND (?2 IS NULL OR s.case_id = ?2) AND s.due IS NULL AND ?3 IS NULL ORDER BY s.case_id, s.position;
-- bind: ?1 NULL
-- bind: ?2 '{today}'
SELECT c.id, c.uuid, c.title, c.template, c.provider, c.channel, c.holder, c.number, c.deadline, c.status, c.created_at, c.closed_at, c.note, c.lang, c.notice_days, c.follows_departure FROM cases c WHERE c.id IN (SELECT c.id FROM cases c INDEXED BY cases_maybe_squeezed WHERE c.status = 'open' AND c.deadline IS NOT NULL AND (c.pending_last >= c.deadline OR c.pending_first <= date(c.created_at, 'unixepoch', '+1 day')) AND (?1 IS NULL OR c.holder = ?1) UNION SELECT c.id FROM cases c INDEXED BY cases_open_notice_by_first WHERE c.status = 'open' AND c.deadline IS NOT NULL AND c.notice_days IS NOT NULL AND c.pending_first < ?2 AND (?1 IS NULL OR c.holder = ?1) ORDER BY 1) ORDER BY c.id;
-- bind: ?1 NULL
-- bind: ?2 '{today}'
SELECT s.case_id, s.id, s.uuid, s.position, s.key, s.title, s.how, s.status, s.due, s.rule_kind, s.rule_days, s.rule_ref, s.due_manual, s.done_at, s.note, s.abroad FROM steps s WHERE s.case_id IN (SELECT c.id FROM cases c INDEXED BY cases_maybe_squeezed WHERE c.status = 'open' AND c.deadline IS NOT NULL AND (c.pending_last >= c.deadline OR c.pending_first <= date(c.created_at, 'unixepoch', '+1 day')) AND (?1 IS NULL OR c.holder = ?1) UNION SELECT c.id FROM cases c INDEXED BY cases_open_notice_by_first WHERE c.status = 'open' AND c.deadline IS NOT NULL AND c.notice_days IS NOT NULL AND c.pending_first < ?2 AND (?1 IS NULL OR c.holder = ?1) ORDER BY 1) ORDER BY s.case_id, s.position;
SELECT value FROM settings WHERE key = 'departure';

-- floor: dashboard-closed
-- bind: ?1 NULL
SELECT c.id, c.title, c.holder, c.status, c.deadline, (SELECT count(*) FROM steps f WHERE f.case_id = c.id AND f.status != 'pending'), (SELECT count(*) FROM steps t WHERE t.case_id = c.id), n.id, n.uuid, n.position, n.key, n.title, n.how, n.status, n.due, n.rule_kind, n.rule_days, n.rule_ref, n.due_manual, n.done_at, n.note, n.abroad FROM cases c LEFT JOIN steps n ON n.id = (SELECT p.id FROM steps p WHERE p.case_id = c.id AND p.status = 'pending' ORDER BY p.position LIMIT 1) WHERE c.status = 'open' AND (?1 IS NULL OR c.holder = ?1) ORDER BY c.id;
-- bind: ?1 NULL
-- bind: ?2 NULL
-- bind: ?3 '{today}'
SELECT s.case_id, c.title, c.holder, s.position, s.key, s.title, s.due FROM cases c INDEXED BY cases_by_status CROSS JOIN steps s INDEXED BY steps_by_case ON s.case_id = c.id WHERE s.status = 'pending' AND c.status = 'open' AND (?1 IS NULL OR c.holder = ?1) AND (?2 IS NULL OR c.id = ?2) AND s.due IS NOT NULL AND (?3 IS NULL OR s.due <= ?3) ORDER BY s.due, s.case_id, s.position;
-- bind: ?1 NULL
-- bind: ?2 NULL
-- bind: ?3 '{today}'
SELECT s.case_id, c.title, c.holder, s.position, s.key, s.title, s.due FROM cases c INDEXED BY cases_by_status CROSS JOIN steps s INDEXED BY steps_by_case ON s.case_id = c.id WHERE s.status = 'pending' AND c.status = 'open' AND (?1 IS NULL OR c.holder = ?1) AND (?2 IS NULL OR c.id = ?2) AND s.due IS NULL AND ?3 IS NULL ORDER BY s.case_id, s.position;
-- bind: ?1 NULL
-- bind: ?2 '{today}'
SELECT c.id, c.uuid, c.title, c.template, c.provider, c.channel, c.holder, c.number, c.deadline, c.status, c.created_at, c.closed_at, c.note, c.lang, c.notice_days, c.follows_departure FROM cases c WHERE c.id IN (SELECT c.id FROM cases c INDEXED BY cases_maybe_squeezed WHERE c.status = 'open' AND c.deadline IS NOT NULL AND (c.pending_last >= c.deadline OR c.pending_first <= date(c.created_at, 'unixepoch', '+1 day')) AND (?1 IS NULL OR c.holder = ?1) UNION SELECT c.id FROM cases c INDEXED BY cases_open_notice_by_first WHERE c.status = 'open' AND c.deadline IS NOT NULL AND c.notice_days IS NOT NULL AND c.pending_first < ?2 AND (?1 IS NULL OR c.holder = ?1) ORDER BY 1) ORDER BY c.id;
-- bind: ?1 NULL
-- bind: ?2 '{today}'
SELECT s.case_id, s.id, s.uuid, s.position, s.key, s.title, s.how, s.status, s.due, s.rule_kind, s.rule_days, s.rule_ref, s.due_manual, s.done_at, s.note, s.abroad FROM steps s WHERE s.case_id IN (SELECT c.id FROM cases c INDEXED BY cases_maybe_squeezed WHERE c.status = 'open' AND c.deadline IS NOT NULL AND (c.pending_last >= c.deadline OR c.pending_first <= date(c.created_at, 'unixepoch', '+1 day')) AND (?1 IS NULL OR c.holder = ?1) UNION SELECT c.id FROM cases c INDEXED BY cases_open_notice_by_first WHERE c.status = 'open' AND c.deadline IS NOT NULL AND c.notice_days IS NOT NULL AND c.pending_first < ?2 AND (?1 IS NULL OR c.holder = ?1) ORDER BY 1) ORDER BY s.case_id, s.position;
SELECT value FROM settings WHERE key = 'departure';

-- floor: remind
-- bind: ?1 NULL
-- bind: ?2 '{today}'
SELECT c.id, c.uuid, c.title, c.template, c.provider, c.channel, c.holder, c.number, c.deadline, c.status, c.created_at, c.closed_at, c.note, c.lang, c.notice_days, c.follows_departure FROM cases c WHERE c.id IN (SELECT c.id FROM cases c INDEXED BY cases_maybe_squeezed WHERE c.status = 'open' AND c.deadline IS NOT NULL AND (c.pending_last >= c.deadline OR c.pending_first <= date(c.created_at, 'unixepoch', '+1 day')) AND (?1 IS NULL OR c.holder = ?1) UNION SELECT c.id FROM cases c INDEXED BY cases_open_notice_by_first WHERE c.status = 'open' AND c.deadline IS NOT NULL AND c.notice_days IS NOT NULL AND c.pending_first < ?2 AND (?1 IS NULL OR c.holder = ?1) ORDER BY 1) ORDER BY c.id;
-- bind: ?1 NULL
-- bind: ?2 '{today}'
SELECT s.case_id, s.id, s.uuid, s.position, s.key, s.title, s.how, s.status, s.due, s.rule_kind, s.rule_days, s.rule_ref, s.due_manual, s.done_at, s.note, s.abroad FROM steps s WHERE s.case_id IN (SELECT c.id FROM cases c INDEXED BY cases_maybe_squeezed WHERE c.status = 'open' AND c.deadline IS NOT NULL AND (c.pending_last >= c.deadline OR c.pending_first <= date(c.created_at, 'unixepoch', '+1 day')) AND (?1 IS NULL OR c.holder = ?1) UNION SELECT c.id FROM cases c INDEXED BY cases_open_notice_by_first WHERE c.status = 'open' AND c.deadline IS NOT NULL AND c.notice_days IS NOT NULL AND c.pending_first < ?2 AND (?1 IS NULL OR c.holder = ?1) ORDER BY 1) ORDER BY s.case_id, s.position;
-- bind: ?1 '{remind_last}'
-- bind: ?2 NULL
SELECT s.due, s.case_id, c.title, c.holder, 0 AS kind, s.position, s.key, s.title FROM steps s CROSS JOIN cases c ON c.id = s.case_id WHERE s.status = 'pending' AND s.due <= ?1 AND c.status = 'open' AND (?2 IS NULL OR c.holder = ?2) UNION ALL SELECT c.deadline, c.id, c.title, c.holder, 1, NULL, NULL, NULL FROM cases c INDEXED BY cases_open_by_deadline WHERE c.status = 'open' AND c.deadline <= ?1 AND (?2 IS NULL OR c.holder = ?2) AND NOT EXISTS (SELECT 1 FROM steps d WHERE d.case_id = c.id AND d.key = 'submit' AND d.status = 'done') ORDER BY 1, 2, 5, 6;

-- floor: show
-- bind: ?1 {case}
SELECT c.id, c.uuid, c.title, c.template, c.provider, c.channel, c.holder, c.number, c.deadline, c.status, c.created_at, c.closed_at, c.note, c.lang, c.notice_days, c.follows_departure FROM cases c WHERE c.id = ?1;
-- bind: ?1 {case}
SELECT s.id, s.uuid, s.position, s.key, s.title, s.how, s.status, s.due, s.rule_kind, s.rule_days, s.rule_ref, s.due_manual, s.done_at, s.note, s.abroad FROM steps s WHERE s.case_id = ?1 ORDER BY s.position;

-- floor: show-word
-- bind: ?1 CAST(x'{word_hex}' AS TEXT)
-- bind: ?2 'open'
SELECT id, title, provider FROM cases WHERE lower(title) = lower(?1) AND status = ?2 ORDER BY id;
-- bind: ?1 {case}
SELECT c.id, c.uuid, c.title, c.template, c.provider, c.channel, c.holder, c.number, c.deadline, c.status, c.created_at, c.closed_at, c.note, c.lang, c.notice_days, c.follows_departure FROM cases c WHERE c.id = ?1;
-- bind: ?1 {case}
SELECT s.id, s.uuid, s.position, s.key, s.title, s.how, s.status, s.due, s.rule_kind, s.rule_days, s.rule_ref, s.due_manual, s.done_at, s.note, s.abroad FROM steps s WHERE s.case_id = ?1 ORDER BY s.position;

-- floor: done
-- writes
-- bind: ?1 {case}
SELECT c.id, c.uuid, c.title, c.template, c.provider, c.channel, c.holder, c.number, c.deadline, c.status, c.created_at, c.closed_at, c.note, c.lang, c.notice_days, c.follows_departure FROM cases c WHERE c.id = ?1;
-- bind: ?1 {case}
SELECT s.id, s.uuid, s.position, s.key, s.title, s.how, s.status, s.due, s.rule_kind, s.rule_days, s.rule_ref, s.due_manual, s.done_at, s.note, s.abroad FROM steps s WHERE s.case_id = ?1 ORDER BY s.position;
-- bind: ?1 {step_id}
-- bind: ?2 'done'
-- bind: ?3 '{today}'
-- bind: ?4 {now}
UPDATE steps SET status = ?2, done_at = ?3, updated_at = ?4 WHERE id = ?1;
-- bind: ?1 {now}
-- bind: ?2 {case}
-- bind: ?3 '{case_uuid}'
-- bind: ?4 '{step_uuid}'
-- bind: ?5 'unbind'
-- bind: ?6 'step.done'
-- bind: ?7 '{{"done_at":null,"status":"pending"}}'
-- bind: ?8 '{{"done_at":"{today}","status":"done"}}'
-- bind: ?9 NULL
-- bind: ?10 NULL
-- bind: ?11 lower(hex(randomblob(16)))
-- bind: ?12 'here'
INSERT INTO events (at, case_id, case_uuid, step_uuid, step_key, kind, before, after, change_id, reverts, uuid, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12);
-- bind: ?1 (SELECT max(id) FROM events)
UPDATE events SET change_id = ?1 WHERE id = ?1;

-- floor: done-word
-- writes
-- bind: ?1 CAST(x'{word_hex}' AS TEXT)
-- bind: ?2 'open'
SELECT id, title, provider FROM cases WHERE lower(title) = lower(?1) AND status = ?2 ORDER BY id;
-- bind: ?1 {case}
SELECT c.id, c.uuid, c.title, c.template, c.provider, c.channel, c.holder, c.number, c.deadline, c.status, c.created_at, c.closed_at, c.note, c.lang, c.notice_days, c.follows_departure FROM cases c WHERE c.id = ?1;
-- bind: ?1 {case}
SELECT s.id, s.uuid, s.position, s.key, s.title, s.how, s.status, s.due, s.rule_kind, s.rule_days, s.rule_ref, s.due_manual, s.done_at, s.note, s.abroad FROM steps s WHERE s.case_id = ?1 ORDER BY s.position;
-- bind: ?1 {step_id}
-- bind: ?2 'done'
-- bind: ?3 '{today}'
-- bind: ?4 {now}
UPDATE steps SET status = ?2, done_at = ?3, updated_at = ?4 WHERE id = ?1;
-- bind: ?1 {now}
-- bind: ?2 {case}
-- bind: ?3 '{case_uuid}'
-- bind: ?4 '{step_uuid}'
-- bind: ?5 'unbind'
-- bind: ?6 'step.done'
-- bind: ?7 '{{"done_at":null,"status":"pending"}}'
-- bind: ?8 '{{"done_at":"{today}","status":"done"}}'
-- bind: ?9 NULL
-- bind: ?10 NULL
-- bind: ?11 lower(hex(randomblob(16)))
-- bind: ?12 'here'
INSERT INTO events (at, case_id, case_uuid, step_uuid, step_key, kind, before, after, change_id, reverts, uuid, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12);
-- bind: ?1 (SELECT max(id) FROM events)
UPDATE events SET change_id = ?1 WHERE id = ?1;

-- floor: add
-- writes
SELECT count(*) FROM cases WHERE lower(title) = lower('Bench-Proximus') AND status = 'open';
SELECT value FROM settings WHERE key = 'departure';
INSERT INTO cases (id, uuid, title, template, provider, channel, holder, number, deadline, status, created_at, updated_at, note, lang, notice_days, follows_departure) VALUES (max(coalesce((SELECT max(id) FROM cases), 0), coalesce((SELECT max(case_id) FROM events), 0)) + 1, lower(hex(randomblob(16))), 'Bench-Proximus', 'sim', 'Proximus', NULL, 'alice', NULL, '2026-12-21', 'open', {now}, {now}, NULL, 'en', NULL, 0);
INSERT INTO steps (uuid, case_id, position, key, title, how, status, due, rule_kind, rule_days, rule_ref, updated_at, abroad) VALUES (lower(hex(randomblob(16))), (SELECT max(id) FROM cases), 1, 'method', 'Find out how to cancel', 'Check whether Proximus wants a shop visit, or accepts a phone call or an online request. Check Proximus''s current policy before you plan the rest. Proximus usually accepts online requests, but policies change.', 'pending', '2026-11-30', 'before', 21, NULL, {now}, 0), (lower(hex(randomblob(16))), (SELECT max(id) FROM cases), 2, 'documents', 'Gather documents', 'Have an identity document (passport or other valid ID) and the SIM card at hand. Keep the contract or a recent bill with them.', 'pending', '2026-12-07', 'before', 14, NULL, {now}, 0), (lower(hex(randomblob(16))), (SELECT max(id) FROM cases), 3, 'unbind', 'Unbind services tied to the number', 'Move bank accounts and their SMS codes (2FA), paid subscriptions and anything else that uses this number to another number first: a code sent to a dead number locks you out, and services left bound can keep charging.', 'pending', '2026-12-11', 'before', 10, NULL, {now}, 0), (lower(hex(randomblob(16))), (SELECT max(id) FROM cases), 4, 'balance', 'Clear the balance', 'Use up remaining prepaid credit or move it elsewhere. Many operators refund the rest on request: ask Proximus''s customer service how, and how long it takes.', 'pending', '2026-12-14', 'before', 7, NULL, {now}, 0), (lower(hex(randomblob(16))), (SELECT max(id) FROM cases), 5, 'submit', 'Submit the cancellation request', 'Online: log in to Proximus''s website or app, open "My account" or "Service management", choose the cancellation option and follow the prompts. Phone: call Proximus''s customer service (the number is on their website or your bill) and ask to cancel. Shop: go to one of Proximus''s shops with your documents and ask the staff to process the cancellation. Keep any reference number you are given.', 'pending', '2026-12-16', 'before', 5, NULL, {now}, 0), (lower(hex(randomblob(16))), (SELECT max(id) FROM cases), 6, 'confirm', 'Confirm the cancellation took effect', 'Contact Proximus again (phone or online chat), check the cancellation status and keep the confirmation. Watch the final bill and any refund.', 'pending', NULL, 'after', 7, 'submit', {now}, 1);
SELECT c.id, c.uuid, c.title, c.template, c.provider, c.channel, c.holder, c.number, c.deadline, c.status, c.created_at, c.closed_at, c.note, c.lang, c.notice_days, c.follows_departure FROM cases c WHERE c.id = (SELECT max(id) FROM cases);
SELECT s.id, s.uuid, s.position, s.key, s.title, s.how, s.status, s.due, s.rule_kind, s.rule_days, s.rule_ref, s.due_manual, s.done_at, s.note, s.abroad FROM steps s WHERE s.case_id = (SELECT max(id) FROM cases) ORDER BY s.position;
INSERT INTO events (at, case_id, case_uuid, step_uuid, step_key, kind, before, after, change_id, reverts, uuid, origin) VALUES ({now}, (SELECT max(id) FROM cases), (SELECT uuid FROM cases WHERE id = (SELECT max(id) FROM cases)), NULL, NULL, 'case.add', NULL, printf('%.3235c', 'x'), NULL, NULL, lower(hex(randomblob(16))), 'here');
-- bind: ?1 (SELECT max(id) FROM events)
UPDATE events SET change_id = ?1 WHERE id = ?1;

-- floor: export-json
SELECT value FROM settings WHERE key = 'device';
SELECT c.id, c.uuid, c.title, c.template, c.provider, c.channel, c.holder, c.number, c.deadline, c.status, c.created_at, c.closed_at, c.note, c.lang, c.notice_days, c.follows_departure, c.updated_at, (SELECT json_group_array(json_array(f.field, f.at, f.device)) FROM field_clock f WHERE f.entity = c.uuid), s.id, s.uuid, s.position, s.key, s.title, s.how, s.status, s.due, s.rule_kind, s.rule_days, s.rule_ref, s.due_manual, s.done_at, s.note, s.abroad, s.updated_at, (SELECT json_group_array(json_array(f.field, f.at, f.device)) FROM field_clock f WHERE f.entity = s.uuid) FROM cases c LEFT JOIN steps s ON s.case_id = c.id WHERE 1 ORDER BY c.id, s.position, s.id;
SELECT e.uuid, e.at, e.case_id, e.case_uuid, e.step_uuid, e.step_key, e.kind, e.before, e.after, (SELECT c.uuid FROM events c WHERE c.id = coalesce(e.change_id, e.id)), (SELECT r.uuid FROM events r WHERE r.id = e.reverts) FROM (SELECT id FROM events WHERE (1) AND origin != 'merge' ORDER BY at, id LIMIT -1) o CROSS JOIN events e ON e.id = o.id;

-- floor: export-ics
SELECT c.id, c.uuid, c.title, c.template, c.provider, c.channel, c.holder, c.number, c.deadline, c.status, c.created_at, c.closed_at, c.note, c.lang, c.notice_days, c.follows_departure, c.updated_at, s.id, s.uuid, s.position, s.key, s.title, s.how, s.status, s.due, s.rule_kind, s.rule_days, s.rule_ref, s.due_manual, s.done_at, s.note, s.abroad, s.updated_at FROM cases c LEFT JOIN steps s ON s.case_id = c.id WHERE 1 ORDER BY c.id, s.position;
SELECT step_uuid, count(*), max(CASE WHEN kind = 'step.done' THEN at END) FROM events INDEXED BY events_by_case_uuid WHERE kind != 'case.add' GROUP BY case_uuid, step_uuid;
