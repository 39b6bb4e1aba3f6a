//! Read models: what the store fills for the printers and file writers to read, so that
//! `render/` and `format/` know cases, steps and changes without knowing the storage room.

use crate::domain::model::{Case, CaseStatus, Step};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde_json::Value;

/// One row of `list`: a case, its progress and its next pending step.
pub struct ListRow {
    pub id: i64,
    pub title: String,
    pub holder: String,
    pub status: CaseStatus,
    pub deadline: Option<NaiveDate>,
    pub done: i64,
    pub total: i64,
    pub next: Option<Step>,
}

/// One row of `pending`, borrowed from the query's current row: long lists allocate nothing per row.
pub struct PendingRow<'a> {
    pub case_id: i64,
    pub case_title: &'a str,
    pub holder: &'a str,
    pub position: i64,
    pub key: &'a str,
    pub title: &'a str,
    pub due: Option<NaiveDate>,
}

/// A step due, or a case deadline, on or before the last day `remind` looks at.
pub struct RemindRow {
    pub case_id: i64,
    pub case_title: String,
    pub holder: String,
    /// The step; `None` for the case's deadline.
    pub step: Option<RemindStep>,
    pub due: NaiveDate,
}

pub struct RemindStep {
    pub position: i64,
    pub key: String,
    pub title: String,
}

/// A recorded change.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: i64,
    /// The change (one command) this event is part of: the id of its first event.
    pub change: i64,
    pub at: DateTime<FixedOffset>,
    pub case_id: i64,
    pub case_uuid: String,
    pub step_uuid: Option<String>,
    pub step_key: Option<String>,
    /// The step's position now, if it still exists.
    pub step_position: Option<i64>,
    pub kind: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// For `undo` and `redo` events: the original event taken back or brought back, and its kind.
    pub reverts: Option<i64>,
    pub reverts_kind: Option<String>,
}

/// A case as the calendar sees it.
pub struct CalendarCase {
    pub case: Case,
    /// When the case's own fields last changed.
    pub updated: DateTime<FixedOffset>,
    /// Changes recorded for the case as a whole since it was added.
    pub revisions: i64,
    pub steps: Vec<CalendarStep>,
}

pub struct CalendarStep {
    pub step: Step,
    /// When the step last changed.
    pub updated: DateTime<FixedOffset>,
    /// Changes recorded for this step.
    pub revisions: i64,
    /// When the step was last marked done (the command's time, not the day it names).
    pub done_recorded: Option<DateTime<FixedOffset>>,
}

/// A recorded change as it travels between databases.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRecord {
    pub uuid: String,
    pub at: i64,
    /// The case's id in the database the event comes from; ids are local, `case_uuid` is not.
    pub case_id: i64,
    pub case_uuid: String,
    pub step_uuid: Option<String>,
    pub step_key: Option<String>,
    pub kind: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// The UUID of the first event of the change (one command) it belongs to.
    pub change: Option<String>,
    /// For an undo or a redo: the UUID of the event it takes back or brings back.
    pub reverts: Option<String>,
}

/// A recorded change as an export reads it: borrowed from the row, its before and after as the
/// JSON text the database holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventText<'a> {
    pub uuid: &'a str,
    pub at: i64,
    pub case_id: i64,
    pub case_uuid: &'a str,
    pub step_uuid: Option<&'a str>,
    pub step_key: Option<&'a str>,
    pub kind: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    pub change: Option<&'a str>,
    pub reverts: Option<&'a str>,
}
