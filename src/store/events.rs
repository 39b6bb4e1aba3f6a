//! The history of changes: every write records what it changed, before and after, as JSON. The
//! events one transaction records form one change, the unit `log` shows and `undo` takes back.

use super::Tx;
use super::cases::local_time;
use crate::domain::change::Kind;
use crate::domain::history::ChangeKind;
use crate::domain::view::Event;
use anyhow::Result;
use chrono::{DateTime, FixedOffset};
use rusqlite::{Row, params};
use serde_json::Value;
use std::ops::ControlFlow;

/// Where an event was recorded (the `origin` column; see migration 0006).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// By a command run on this database.
    Here,
    /// By an import or sync, saying what it changed here: undone with it, never exported.
    Merge,
    /// By another database, brought in by an import or sync.
    File,
}

impl Origin {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Origin::Here => "here",
            Origin::Merge => "merge",
            Origin::File => "file",
        }
    }
}

/// A change about to be recorded.
pub struct NewEvent<'a> {
    pub case_id: i64,
    pub case_uuid: &'a str,
    pub step: Option<(&'a str, &'a str)>,
    pub kind: Kind,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

fn json_text(value: Option<&Value>) -> Option<String> {
    value.map(Value::to_string)
}

fn parse_json(text: Option<String>) -> Option<Value> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

const EVENT_COLUMNS: &str = "e.id, coalesce(e.change_id, e.id), e.at, e.case_id, e.case_uuid, \
     e.step_uuid, e.step_key, s.position, e.kind, e.before, e.after, e.reverts, o.kind";

/// Events with the original they revert and their step's position now.
const EVENT_FROM: &str = "events e LEFT JOIN events o ON o.id = e.reverts \
     LEFT JOIN steps s ON s.uuid = e.step_uuid";

/// One recorded change.
pub(super) const INSERT_EVENT: &str = "\
    INSERT INTO events (at, case_id, case_uuid, step_uuid, step_key, kind, before, after, \
    change_id, reverts, uuid, origin) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

/// Each change with whether it is an undo or a redo, newest first: read backwards from the index
/// on (change, kind), so that undo looks at the last few changes, not at the whole history.
/// Only changes made on this device: another database's events are its own to take back.
pub(super) const CHANGES_NEWEST_FIRST: &str = "SELECT change_id, max(kind = 'undo'), \
     max(kind = 'redo') FROM events INDEXED BY events_own_by_change \
     WHERE change_id IS NOT NULL AND origin != 'file' \
     GROUP BY change_id ORDER BY change_id DESC";

fn event_from_row(row: &Row) -> rusqlite::Result<Event> {
    Ok(Event {
        id: row.get(0)?,
        change: row.get(1)?,
        at: local_time(row.get(2)?),
        case_id: row.get(3)?,
        case_uuid: row.get(4)?,
        step_uuid: row.get(5)?,
        step_key: row.get(6)?,
        step_position: row.get(7)?,
        kind: row.get(8)?,
        before: parse_json(row.get(9)?),
        after: parse_json(row.get(10)?),
        reverts: row.get(11)?,
        reverts_kind: row.get(12)?,
    })
}

impl Tx<'_> {
    pub fn record(&self, event: &NewEvent, now: DateTime<FixedOffset>) -> Result<()> {
        self.insert_event(event, None, self.origin.get(), now)
    }

    /// Events recorded from now on in this transaction are an import's record of what it
    /// changed here (`Origin::Merge`), not a command's.
    pub fn record_as_merge(&self) {
        self.origin.set(Origin::Merge);
    }

    /// Records an `undo` or `redo` event that takes back or brings back the event `reverts`.
    pub fn record_revert(
        &self,
        event: &NewEvent,
        reverts: i64,
        now: DateTime<FixedOffset>,
    ) -> Result<()> {
        // Taking back an import's record is as local as the record itself.
        let origin: String = self
            .tx
            .prepare_cached("SELECT origin FROM events WHERE id = ?1")?
            .query_row([reverts], |r| r.get(0))?;
        let origin = if origin == Origin::Merge.as_str() {
            Origin::Merge
        } else {
            Origin::Here
        };
        self.insert_event(event, Some(reverts), origin, now)
    }

    fn insert_event(
        &self,
        event: &NewEvent,
        reverts: Option<i64>,
        origin: Origin,
        now: DateTime<FixedOffset>,
    ) -> Result<()> {
        let (step_uuid, step_key) = event.step.unzip();
        let change = self.change.get();
        self.tx.prepare_cached(INSERT_EVENT)?.execute(params![
            now.timestamp(),
            event.case_id,
            event.case_uuid,
            step_uuid,
            step_key,
            event.kind.as_str(),
            json_text(event.before.as_ref()),
            json_text(event.after.as_ref()),
            change,
            reverts,
            // Its identity wherever the history is imported, so that it is never doubled.
            uuid::Uuid::now_v7().to_string(),
            origin.as_str(),
        ])?;
        // The first event of a transaction names its change.
        if change.is_none() {
            let id = self.tx.last_insert_rowid();
            self.tx
                .prepare_cached("UPDATE events SET change_id = ?1 WHERE id = ?1")?
                .execute([id])?;
            self.change.set(Some(id));
        }
        Ok(())
    }

    /// Streams the history, oldest first, of one case or of all. An import's record of what it
    /// changed here is left out: the events it merged in say the same, as they happened. By time, then by the order of
    /// recording: events merged in from another database arrive later but happened earlier.
    pub fn events(
        &self,
        case_id: Option<i64>,
        mut each: impl FnMut(Event) -> Result<()>,
    ) -> Result<()> {
        // By time, then as recorded: events merged from another device arrive after they happened.
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM {EVENT_FROM} WHERE (?1 IS NULL OR e.case_id = ?1) \
             AND e.origin != 'merge' ORDER BY e.at, e.id"
        ))?;
        let mut rows = stmt.query([case_id])?;
        while let Some(row) = rows.next()? {
            each(event_from_row(row)?)?;
        }
        Ok(())
    }

    /// The events of one change, in the order they were recorded.
    pub fn change_events(&self, change: i64) -> Result<Vec<Event>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM {EVENT_FROM} WHERE e.change_id = ?1 ORDER BY e.id"
        ))?;
        let rows = stmt.query_map([change], event_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The change this transaction's events belong to, once it has recorded one.
    pub fn current_change(&self) -> Option<i64> {
        self.change.get()
    }

    /// Walks the changes from the newest, each with its kind, until `each` breaks.
    pub fn changes_newest_first(
        &self,
        mut each: impl FnMut(i64, ChangeKind) -> ControlFlow<()>,
    ) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(CHANGES_NEWEST_FIRST)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let kind = match (row.get::<_, bool>(1)?, row.get::<_, bool>(2)?) {
                (true, _) => ChangeKind::Undo,
                (_, true) => ChangeKind::Redo,
                _ => ChangeKind::Apply,
            };
            if each(row.get(0)?, kind).is_break() {
                break;
            }
        }
        Ok(())
    }
}
