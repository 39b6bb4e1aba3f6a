//! The history of changes: every write records what it changed, before and after, as JSON.

use super::Tx;
use super::cases::local_time;
use anyhow::Result;
use chrono::{DateTime, FixedOffset};
use rusqlite::params;
use serde_json::Value;

/// A change about to be recorded.
pub struct NewEvent<'a> {
    pub case_id: i64,
    pub case_uuid: &'a str,
    pub step: Option<(&'a str, &'a str)>,
    pub kind: &'a str,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// A recorded change.
pub struct Event {
    pub at: DateTime<FixedOffset>,
    pub case_id: i64,
    pub step_key: Option<String>,
    pub kind: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

fn json_text(value: Option<&Value>) -> Option<String> {
    value.map(Value::to_string)
}

fn parse_json(text: Option<String>) -> Option<Value> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

impl Tx<'_> {
    pub fn record(&self, event: &NewEvent, now: DateTime<FixedOffset>) -> Result<()> {
        let (step_uuid, step_key) = event.step.unzip();
        self.tx
            .prepare_cached(
                "INSERT INTO events (at, case_id, case_uuid, step_uuid, step_key, kind, before, after, uuid) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                now.timestamp(),
                event.case_id,
                event.case_uuid,
                step_uuid,
                step_key,
                event.kind,
                json_text(event.before.as_ref()),
                json_text(event.after.as_ref()),
                // Its identity wherever the history is imported, so that it is never doubled.
                uuid::Uuid::now_v7().to_string(),
            ])?;
        Ok(())
    }

    /// Streams the history, oldest first, of one case or of all. By time, then by the order of
    /// recording: events merged in from another database arrive later but happened earlier.
    pub fn events(
        &self,
        case_id: Option<i64>,
        mut each: impl FnMut(Event) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT at, case_id, step_key, kind, before, after FROM events \
             WHERE ?1 IS NULL OR case_id = ?1 ORDER BY at, id",
        )?;
        let mut rows = stmt.query([case_id])?;
        while let Some(row) = rows.next()? {
            each(Event {
                at: local_time(row.get(0)?),
                case_id: row.get(1)?,
                step_key: row.get(2)?,
                kind: row.get(3)?,
                before: parse_json(row.get(4)?),
                after: parse_json(row.get(5)?),
            })?;
        }
        Ok(())
    }
}
