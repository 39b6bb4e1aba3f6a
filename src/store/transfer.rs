//! Whole records for export, import and sync: cases and steps with every column and their field
//! stamps, the history with its UUIDs, deleted cases, and this database's device id.

use super::Tx;
use super::cases::{CASE_COLUMNS, CASE_WIDTH, case_from_row, day_text, lang_text};
use super::steps::{STEP_WIDTH, rule_columns, step_columns, step_from_row};
use crate::domain::merge::{CaseRecord, PresenceEvent, Stamp, Stamps, StepRecord};
use crate::domain::model::Channel;
use crate::domain::view::{EventRecord, EventText};
use crate::msg::Msg;
use anyhow::{Context, Result};
use rusqlite::{OptionalExtension, params};
use serde_json::Value;
use std::collections::HashMap;

/// Which cases an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Open cases and their history.
    Open,
    /// Every case, open or closed, and the whole history, deleted cases' included.
    All,
    /// One case (by id) and its history.
    Case(i64),
}

/// The stamps of a case or a step as JSON: `[[field, at, device], ...]`.
const STAMPS_OF: &str = "SELECT json_group_array(json_array(f.field, f.at, f.device)) \
     FROM field_clock f WHERE f.entity = ";

/// The statement behind `case_records`, for the cases that `which` picks (a condition on `c`).
pub(crate) fn case_records_sql(which: &str) -> String {
    format!(
        "SELECT {CASE_COLUMNS}, c.updated_at, ({STAMPS_OF}c.uuid), {}, s.updated_at, \
           ({STAMPS_OF}s.uuid) \
         FROM cases c LEFT JOIN steps s ON s.case_id = c.id \
         WHERE {which} ORDER BY c.id, s.position, s.id",
        step_columns("s")
    )
}

/// The statement behind `event_texts`, for the events that `which` picks. Only the ids are
/// sorted by time (in a subquery its LIMIT keeps apart), and each row is read by id in that
/// order: sorting whole rows, their JSON and all, spilled to a temporary file.
pub(crate) fn event_texts_sql(which: &str) -> String {
    format!(
        "SELECT e.uuid, e.at, e.case_id, e.case_uuid, e.step_uuid, e.step_key, e.kind, \
           e.before, e.after, \
           (SELECT c.uuid FROM events c WHERE c.id = coalesce(e.change_id, e.id)), \
           (SELECT r.uuid FROM events r WHERE r.id = e.reverts) \
         FROM (SELECT id FROM events WHERE ({which}) AND origin != 'merge' \
               ORDER BY at, id LIMIT -1) o \
         CROSS JOIN events e ON e.id = o.id"
    )
}

/// Stamps as `STAMPS_OF` gives them.
fn stamps_from(text: Option<&str>) -> Result<Stamps> {
    let Some(text) = text else {
        return Ok(Stamps::new());
    };
    let list: Vec<(String, i64, String)> = serde_json::from_str(text)?;
    Ok(list
        .into_iter()
        .map(|(field, at, device)| (field, Stamp { at, device }))
        .collect())
}

fn json_text(value: Option<&Value>) -> Option<String> {
    value.map(Value::to_string)
}

impl Tx<'_> {
    /// This database's device id, made once by the migration that added it.
    pub fn device_id(&self) -> Result<String> {
        self.tx
            .prepare_cached("SELECT value FROM settings WHERE key = 'device'")?
            .query_row([], |r| r.get(0))
            .optional()?
            .with_context(|| Msg::NoDeviceId.to_string())
    }

    fn stamps_of(&self, uuid: &str) -> Result<Stamps> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT field, at, device FROM field_clock WHERE entity = ?1")?;
        let rows = stmt.query_map([uuid], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Stamp {
                    at: r.get(1)?,
                    device: r.get(2)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets the stamps of the named groups of a case or step to the ones in `stamps`.
    pub fn set_stamps(&self, uuid: &str, stamps: &Stamps, names: &[&str]) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO field_clock (entity, field, at, device) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (entity, field) DO UPDATE SET at = excluded.at, device = excluded.device",
        )?;
        for name in names {
            if let Some(s) = stamps.get(*name) {
                stmt.execute(params![uuid, name, s.at, s.device])?;
            }
        }
        Ok(())
    }

    /// Stamps every named group of a case or step as changed here, now: a row put back (undo of
    /// a removal, redo of an addition) is a new change, which must win over the copies other
    /// devices kept while it was gone.
    pub fn stamp_as_new(&self, uuid: &str, names: &[&str], at: i64) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO field_clock (entity, field, at, device) \
             SELECT ?1, ?2, max(?3, coalesce( \
                 (SELECT at + 1 FROM field_clock WHERE entity = ?1 AND field = ?2), 0)), value \
             FROM settings WHERE key = 'device' \
             ON CONFLICT (entity, field) DO UPDATE SET at = excluded.at, device = excluded.device",
        )?;
        for name in names {
            stmt.execute(params![uuid, name, at])?;
        }
        Ok(())
    }

    fn all_stamps(&self, uuid: &str, stamps: &Stamps) -> Result<()> {
        let names: Vec<&str> = stamps.keys().map(String::as_str).collect();
        self.set_stamps(uuid, stamps, &names)
    }

    /// Streams the cases of `scope` in id order, each with its steps in position order.
    ///
    /// One statement for the whole export, cases joined to their steps with the stamps of each
    /// read alongside: a statement per case would be prepared again for every case (SQLite
    /// re-plans a statement whose plan depended on a bound value once its bindings are
    /// cleared), which cost more than the reading itself.
    pub fn case_records(
        &self,
        scope: Scope,
        mut each: impl FnMut(CaseRecord, Vec<StepRecord>) -> Result<()>,
    ) -> Result<()> {
        let (which, id) = match scope {
            Scope::Open => ("c.status = 'open'", None),
            Scope::All => ("1", None),
            Scope::Case(id) => ("c.id = ?1", Some(id)),
        };
        let mut stmt = self.tx.prepare(&case_records_sql(which))?;
        let mut rows = match id {
            Some(id) => stmt.query([id])?,
            None => stmt.query([])?,
        };
        let step_at = CASE_WIDTH + 2;
        let mut current: Option<(CaseRecord, Vec<StepRecord>)> = None;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            if current.as_ref().is_some_and(|(c, _)| c.case.id != id)
                && let Some((case, steps)) = current.take()
            {
                each(case, steps)?;
            }
            if current.is_none() {
                current = Some((
                    CaseRecord {
                        case: case_from_row(row)?,
                        updated_at: row.get(CASE_WIDTH)?,
                        stamps: stamps_from(row.get_ref(CASE_WIDTH + 1)?.as_str_or_null()?)?,
                    },
                    Vec::new(),
                ));
            }
            // A case without steps comes back once, with NULL step columns.
            if row.get::<_, Option<i64>>(step_at)?.is_none() {
                continue;
            }
            if let Some((_, steps)) = current.as_mut() {
                steps.push(StepRecord {
                    step: step_from_row(row, step_at)?,
                    updated_at: row.get(step_at + STEP_WIDTH)?,
                    stamps: stamps_from(row.get_ref(step_at + STEP_WIDTH + 1)?.as_str_or_null()?)?,
                });
            }
        }
        if let Some((case, steps)) = current {
            each(case, steps)?;
        }
        Ok(())
    }

    fn step_records(&self, case_id: i64) -> Result<Vec<StepRecord>> {
        let mut stamps: HashMap<String, Stamps> = HashMap::new();
        let mut stmt = self.tx.prepare_cached(
            "SELECT f.entity, f.field, f.at, f.device FROM steps s \
             JOIN field_clock f ON f.entity = s.uuid WHERE s.case_id = ?1",
        )?;
        let mut rows = stmt.query([case_id])?;
        while let Some(row) = rows.next()? {
            stamps.entry(row.get(0)?).or_default().insert(
                row.get(1)?,
                Stamp {
                    at: row.get(2)?,
                    device: row.get(3)?,
                },
            );
        }
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {}, s.updated_at FROM steps s WHERE s.case_id = ?1 ORDER BY s.position, s.id",
            step_columns("s")
        ))?;
        let rows = stmt.query_map([case_id], |r| {
            let step = step_from_row(r, 0)?;
            Ok(StepRecord {
                stamps: stamps.remove(&step.uuid).unwrap_or_default(),
                updated_at: r.get(STEP_WIDTH)?,
                step,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Streams the history of `scope`, oldest first, as the database holds it: each event's
    /// before and after are the JSON text they were recorded as (written by serde_json, so
    /// valid and in its canonical form), for a writer that passes them through unparsed.
    pub fn event_texts(
        &self,
        scope: Scope,
        mut each: impl FnMut(&EventText) -> Result<()>,
    ) -> Result<()> {
        let (which, id) = match scope {
            Scope::Open => (
                "case_uuid IN (SELECT uuid FROM cases WHERE status = 'open')",
                None,
            ),
            Scope::All => ("1", None),
            Scope::Case(id) => (
                "case_uuid IN (SELECT uuid FROM cases WHERE id = ?1)",
                Some(id),
            ),
        };
        let mut stmt = self.tx.prepare(&event_texts_sql(which))?;
        let mut rows = match id {
            Some(id) => stmt.query([id])?,
            None => stmt.query([])?,
        };
        while let Some(row) = rows.next()? {
            let text = |i: usize| row.get_ref(i).and_then(|v| Ok(v.as_str_or_null()?));
            each(&EventText {
                // Recorded by a version that gave events no UUID and never migrated: none here,
                // since 0004 gives every old event one; an empty one would still export.
                uuid: text(0)?.unwrap_or_default(),
                at: row.get(1)?,
                case_id: row.get(2)?,
                case_uuid: text(3)?.unwrap_or_default(),
                step_uuid: text(4)?,
                step_key: text(5)?,
                kind: text(6)?.unwrap_or_default(),
                before: text(7)?,
                after: text(8)?,
                change: text(9)?,
                reverts: text(10)?,
            })?;
        }
        Ok(())
    }

    /// The case with this UUID, with its stamps.
    pub fn case_record(&self, uuid: &str) -> Result<Option<CaseRecord>> {
        let found = self
            .tx
            .prepare_cached(&format!(
                "SELECT {CASE_COLUMNS}, c.updated_at FROM cases c WHERE c.uuid = ?1"
            ))?
            .query_row([uuid], |r| {
                Ok((case_from_row(r)?, r.get::<_, i64>(CASE_WIDTH)?))
            })
            .optional()?;
        let Some((case, updated_at)) = found else {
            return Ok(None);
        };
        Ok(Some(CaseRecord {
            stamps: self.stamps_of(uuid)?,
            updated_at,
            case,
        }))
    }

    /// The step with this UUID and the id of its case, with its stamps.
    pub fn step_record(&self, uuid: &str) -> Result<Option<(i64, StepRecord)>> {
        let found = self
            .tx
            .prepare_cached(&format!(
                "SELECT {}, s.updated_at, s.case_id FROM steps s WHERE s.uuid = ?1",
                step_columns("s")
            ))?
            .query_row([uuid], |r| {
                Ok((
                    step_from_row(r, 0)?,
                    r.get::<_, i64>(STEP_WIDTH)?,
                    r.get::<_, i64>(STEP_WIDTH + 1)?,
                ))
            })
            .optional()?;
        let Some((step, updated_at, case_id)) = found else {
            return Ok(None);
        };
        Ok(Some((
            case_id,
            StepRecord {
                stamps: self.stamps_of(uuid)?,
                updated_at,
                step,
            },
        )))
    }

    /// Whether a step with this UUID exists, cheaper than reading it.
    pub fn step_exists(&self, uuid: &str) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT 1 FROM steps WHERE uuid = ?1")?
            .query_row([uuid], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The local id of the case with this UUID.
    pub fn case_id_of(&self, uuid: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached("SELECT id FROM cases WHERE uuid = ?1")?
            .query_row([uuid], |r| r.get(0))
            .optional()?)
    }

    /// Adds a case exactly as recorded elsewhere. It keeps its id when that id is free here (no
    /// case has it, and no history of another case names it); otherwise it gets the id its
    /// history here already has, or the next one. Returns the id it got.
    pub fn insert_case_record(&self, r: &CaseRecord) -> Result<i64> {
        let c = &r.case;
        let free = self
            .tx
            .prepare_cached(
                "SELECT NOT EXISTS (SELECT 1 FROM cases WHERE id = ?1) \
                    AND NOT EXISTS (SELECT 1 FROM events WHERE case_id = ?1 AND case_uuid != ?2)",
            )?
            .query_row(params![c.id, c.uuid], |r| r.get::<_, bool>(0))?;
        let id = if free && c.id > 0 {
            c.id
        } else {
            self.history_case_id(&c.uuid)?
        };
        self.tx
            .prepare_cached(
                "INSERT INTO cases (id, uuid, title, template, provider, channel, holder, number, \
                 deadline, status, created_at, closed_at, updated_at, note, lang, notice_days, \
                 follows_departure) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            )?
            .execute(params![
                id,
                c.uuid,
                c.title,
                c.template,
                c.provider,
                c.channel.map(Channel::as_str),
                c.holder,
                c.number,
                day_text(c.deadline),
                c.status.as_str(),
                c.created_at.timestamp(),
                c.closed_at.map(|t| t.timestamp()),
                r.updated_at,
                c.note,
                lang_text(c.lang),
                c.notice_days,
                c.follows_departure,
            ])
            .with_context(|| {
                Msg::CannotAddCase {
                    uuid: &c.uuid,
                    title: &c.title,
                }
                .to_string()
            })?;
        self.all_stamps(&c.uuid, &r.stamps)?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Replaces every field of a case (found by id) with the record's, and the stamps of the
    /// named groups.
    pub fn update_case_record(&self, id: i64, r: &CaseRecord, groups: &[&str]) -> Result<()> {
        let c = &r.case;
        self.tx
            .prepare_cached(
                "UPDATE cases SET title = ?2, template = ?3, provider = ?4, channel = ?5, \
                 holder = ?6, number = ?7, deadline = ?8, status = ?9, closed_at = ?10, \
                 note = ?11, updated_at = ?12, lang = ?13, notice_days = ?14, \
                 follows_departure = ?15 WHERE id = ?1",
            )?
            .execute(params![
                id,
                c.title,
                c.template,
                c.provider,
                c.channel.map(Channel::as_str),
                c.holder,
                c.number,
                day_text(c.deadline),
                c.status.as_str(),
                c.closed_at.map(|t| t.timestamp()),
                c.note,
                r.updated_at,
                lang_text(c.lang),
                c.notice_days,
                c.follows_departure,
            ])
            .with_context(|| Msg::CannotUpdateCase { id }.to_string())?;
        // The trigger stamped what changed as a change made here; it was made elsewhere.
        self.set_stamps(&c.uuid, &r.stamps, groups)
    }

    /// Adds a step exactly as recorded elsewhere, to the case with this local id.
    pub fn insert_step_record(&self, case_id: i64, r: &StepRecord) -> Result<i64> {
        let s = &r.step;
        let (kind, days, reference) = rule_columns(s.rule.as_ref());
        self.tx
            .prepare_cached(
                "INSERT INTO steps (uuid, case_id, position, key, title, how, status, due, \
                 rule_kind, rule_days, rule_ref, due_manual, done_at, updated_at, note, abroad) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?
            .execute(params![
                s.uuid,
                case_id,
                s.position,
                s.key,
                s.title,
                s.how,
                s.status.as_str(),
                day_text(s.due),
                kind,
                days,
                reference,
                s.due_manual,
                day_text(s.done_at),
                r.updated_at,
                s.note,
                s.abroad,
            ])
            .with_context(|| {
                Msg::CannotAddStep {
                    uuid: &s.uuid,
                    key: &s.key,
                }
                .to_string()
            })?;
        self.all_stamps(&s.uuid, &r.stamps)?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Replaces every field of a step (found by id) with the record's, and the stamps of the
    /// named groups.
    pub fn update_step_record(&self, id: i64, r: &StepRecord, groups: &[&str]) -> Result<()> {
        let s = &r.step;
        let (kind, days, reference) = rule_columns(s.rule.as_ref());
        self.tx
            .prepare_cached(
                "UPDATE steps SET position = ?2, key = ?3, title = ?4, how = ?5, status = ?6, \
                 due = ?7, rule_kind = ?8, rule_days = ?9, rule_ref = ?10, due_manual = ?11, \
                 done_at = ?12, note = ?13, updated_at = ?14, abroad = ?15 WHERE id = ?1",
            )?
            .execute(params![
                id,
                s.position,
                s.key,
                s.title,
                s.how,
                s.status.as_str(),
                day_text(s.due),
                kind,
                days,
                reference,
                s.due_manual,
                day_text(s.done_at),
                s.note,
                r.updated_at,
                s.abroad,
            ])
            .with_context(|| Msg::CannotUpdateStep { key: &s.key }.to_string())?;
        self.set_stamps(&s.uuid, &r.stamps, groups)
    }

    /// The events that made the case with this UUID begin or stop existing, from every
    /// database (an import's own record of its changes excepted: it repeats other events).
    pub fn presence_events(&self, case_uuid: &str) -> Result<Vec<PresenceEvent>> {
        self.presence_of(case_uuid, false)
    }

    /// The same for the steps of the case with this UUID, each step's UUID as the entity.
    pub fn step_presence_events(&self, case_uuid: &str) -> Result<Vec<PresenceEvent>> {
        self.presence_of(case_uuid, true)
    }

    fn presence_of(&self, case_uuid: &str, steps: bool) -> Result<Vec<PresenceEvent>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT e.uuid, e.at, (e.before IS NULL OR e.before = 'null'), \
               (e.after IS NULL OR e.after = 'null'), \
               (SELECT r.uuid FROM events r WHERE r.id = e.reverts), coalesce(e.step_uuid, e.case_uuid) \
             FROM events e WHERE e.case_uuid = ?1 AND (e.step_uuid IS NOT NULL) = ?2 \
               AND e.origin != 'merge' \
               AND ((e.before IS NULL OR e.before = 'null') != (e.after IS NULL OR e.after = 'null'))",
        )?;
        let mut rows = stmt.query(params![case_uuid, steps])?;
        let mut found = Vec::new();
        while let Some(row) = rows.next()? {
            let uuid: Option<String> = row.get(0)?;
            let reverts: Option<String> = row.get(4)?;
            let entity: String = row.get(5)?;
            // Only whether before and after are there counts, not what they hold: no JSON read.
            found.extend(PresenceEvent::of_absence(
                uuid.as_deref().unwrap_or_default(),
                &entity,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                reverts.as_deref(),
            ));
        }
        Ok(found)
    }

    /// The local id the history of the case with this UUID is filed under: the case's, else the
    /// one its history here already has, else a new one that no case or history uses (and that
    /// `add` will never give, since it counts the history's ids too). Never an id from a file.
    pub fn history_case_id(&self, case_uuid: &str) -> Result<i64> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT coalesce( \
                   (SELECT id FROM cases WHERE uuid = ?1), \
                   (SELECT e.case_id FROM events e WHERE e.case_uuid = ?1 \
                      AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id) \
                    ORDER BY e.id DESC LIMIT 1), \
                   max(coalesce((SELECT max(id) FROM cases), 0), \
                       coalesce((SELECT max(case_id) FROM events), 0)) + 1)",
            )?
            .query_row([case_uuid], |r| r.get(0))?)
    }

    /// Removes a step's row and nothing else: a merge sets every position itself.
    pub fn remove_step_row(&self, id: i64) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM steps WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    /// Gives a step a key no other step can hold (its UUID) for the moment, so that keys can
    /// change hands within one case without two steps sharing one.
    pub fn park_step_key(&self, id: i64) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE steps SET key = uuid WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    /// A case's steps as records, in position order.
    pub fn step_records_of(&self, case_id: i64) -> Result<Vec<StepRecord>> {
        self.step_records(case_id)
    }

    /// Adds an event recorded elsewhere, under this database's id for its case. Returns false
    /// when an event with its UUID is already here.
    pub fn insert_event_record(&self, e: &EventRecord, case_id: i64) -> Result<bool> {
        let added = self
            .tx
            .prepare_cached(
                "INSERT INTO events (uuid, at, case_id, case_uuid, step_uuid, step_key, kind, \
                 before, after, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'file') \
                 ON CONFLICT (uuid) DO NOTHING",
            )?
            .execute(params![
                e.uuid,
                e.at,
                case_id,
                e.case_uuid,
                e.step_uuid,
                e.step_key,
                e.kind,
                json_text(e.before.as_ref()),
                json_text(e.after.as_ref()),
            ])?;
        if added == 1 {
            // The change it belongs to and the event it reverts, by their UUIDs: both were
            // recorded before it, so they are here by now (or it starts a change of its own).
            let id = self.tx.last_insert_rowid();
            self.tx
                .prepare_cached(
                    "UPDATE events SET \
                       change_id = coalesce((SELECT id FROM events WHERE uuid = ?2), ?1), \
                       reverts = (SELECT id FROM events WHERE uuid = ?3) \
                     WHERE id = ?1",
                )?
                .execute(params![id, e.change, e.reverts])?;
        }
        Ok(added == 1)
    }

    /// Cases with exactly this title, open ones first, then by id.
    pub fn cases_titled(&self, title: &str) -> Result<Vec<i64>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id FROM cases WHERE title = ?1 ORDER BY status = 'closed', id",
        )?;
        let rows = stmt.query_map([title], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
