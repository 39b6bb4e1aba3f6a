//! The JSON contract: field names documented in docs/json.md. Fields may be added, never renamed or
//! removed. Dates are `YYYY-MM-DD`, timestamps RFC 3339 with offset, absent values `null`.

use crate::domain::date::iso;
use crate::domain::model::{Case, CaseStatus, CaseWithSteps, Channel, Rule, Step, StepStatus};
use crate::domain::remind::is_overdue;
use crate::domain::remind::{Group, days_left};
use crate::domain::view::{Event, ListRow, PendingRow, RemindRow};
use crate::i18n::Lang;
use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use serde::Serialize;
use serde_json::Value;

fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(iso)
}

/// A day as it appears in event payloads: `"YYYY-MM-DD"` or `null`.
pub fn day_value(d: Option<NaiveDate>) -> Value {
    day(d).map_or(Value::Null, Value::String)
}

/// An instant as RFC 3339 with its offset, to the second.
pub fn stamp(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The title a reminder row for a case deadline carries in JSON, whatever the language.
const DEADLINE_TITLE: &str = "Case deadline";

#[derive(Serialize)]
pub struct StepJson<'a> {
    pub position: i64,
    pub key: &'a str,
    pub title: &'a str,
    pub status: StepStatus,
    pub due: Option<String>,
    pub done_at: Option<String>,
    pub note: Option<&'a str>,
    pub uuid: &'a str,
    pub how: &'a str,
    /// The due date was set by hand and no rule moves it.
    pub due_manual: bool,
    /// The rule the due date follows, as templates write it.
    pub rule: Option<&'a Rule>,
    /// The step can be done after leaving; the others must be done by the deadline.
    pub abroad: bool,
    /// A step to do before leaving that the deadline no longer leaves room for. Given with the
    /// case (`show`, `add`, `edit`), not in `list`'s next step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub late_for_deadline: Option<bool>,
}

impl<'a> From<&'a Step> for StepJson<'a> {
    fn from(s: &'a Step) -> Self {
        StepJson {
            position: s.position,
            key: &s.key,
            title: &s.title,
            status: s.status,
            due: day(s.due),
            done_at: day(s.done_at),
            note: s.note.as_deref(),
            uuid: &s.uuid,
            how: &s.how,
            due_manual: s.due_manual,
            rule: s.rule.as_ref(),
            abroad: s.abroad,
            late_for_deadline: None,
        }
    }
}

#[derive(Serialize)]
pub struct CaseJson<'a> {
    pub id: i64,
    pub uuid: &'a str,
    pub title: &'a str,
    pub template: &'a str,
    pub provider: Option<&'a str>,
    pub channel: Option<Channel>,
    pub holder: &'a str,
    pub number: Option<&'a str>,
    pub deadline: Option<String>,
    pub status: CaseStatus,
    pub created_at: String,
    pub closed_at: Option<String>,
    pub note: Option<&'a str>,
    pub steps: Vec<StepJson<'a>>,
    /// The language of the checklist: "en" or "zh".
    pub lang: Lang,
    /// Days before the end the provider must have the request, or null.
    pub notice_days: Option<i64>,
    /// "departure" when the deadline follows the departure date, "case" when it is the case's
    /// own, null without a deadline.
    pub deadline_from: Option<&'static str>,
}

/// Where a case's deadline comes from, as JSON names it.
pub fn deadline_from(c: &Case) -> Option<&'static str> {
    match (c.deadline, c.follows_departure) {
        (None, _) => None,
        (Some(_), true) => Some("departure"),
        (Some(_), false) => Some("case"),
    }
}

impl<'a> CaseJson<'a> {
    /// The case as seen on `today` (which steps no longer have room before the deadline).
    pub fn at(cs: &'a CaseWithSteps, today: chrono::NaiveDate) -> Self {
        let c = &cs.case;
        let squeezed = crate::domain::schedule::Plan::of(c).squeezed_all(&cs.steps, today);
        CaseJson {
            id: c.id,
            uuid: &c.uuid,
            title: &c.title,
            template: &c.template,
            provider: c.provider.as_deref(),
            channel: c.channel,
            holder: &c.holder,
            number: c.number.as_deref(),
            deadline: day(c.deadline),
            status: c.status,
            created_at: stamp(c.created_at),
            closed_at: c.closed_at.map(stamp),
            note: c.note.as_deref(),
            steps: cs
                .steps
                .iter()
                .zip(squeezed)
                .map(|(s, squeezed)| StepJson {
                    late_for_deadline: Some(squeezed),
                    ..StepJson::from(s)
                })
                .collect(),
            lang: c.lang,
            notice_days: c.notice_days,
            deadline_from: deadline_from(c),
        }
    }
}

/// The whole case as a JSON value, as events keep it before a deletion. Each step also keeps its
/// row id, so that undoing the deletion gives every step its own back.
pub fn case_value(cs: &CaseWithSteps) -> Value {
    // As on the day it was made: a record of the case, not of what today makes of it.
    let made = cs.case.created_at.date_naive();
    let mut value = serde_json::to_value(CaseJson::at(cs, made)).unwrap_or(Value::Null);
    if let Some(steps) = value.get_mut("steps").and_then(Value::as_array_mut) {
        for (json, step) in steps.iter_mut().zip(&cs.steps) {
            if let Some(object) = json.as_object_mut() {
                object.insert("id".into(), step.id.into());
            }
        }
    }
    value
}

/// One step as a JSON value with its row id, as `step.add` and `step.remove` keep it.
pub fn step_value(step: &Step) -> Value {
    let mut value = serde_json::to_value(StepJson::from(step)).unwrap_or(Value::Null);
    if let Some(object) = value.as_object_mut() {
        object.insert("id".into(), step.id.into());
    }
    value
}

#[derive(Serialize)]
pub struct PendingJson<'a> {
    pub case: i64,
    pub case_title: &'a str,
    pub holder: &'a str,
    pub position: i64,
    pub key: &'a str,
    pub title: &'a str,
    pub due: Option<String>,
    pub overdue: bool,
}

impl<'a> PendingJson<'a> {
    pub fn new(row: &PendingRow<'a>, today: NaiveDate) -> Self {
        PendingJson {
            case: row.case_id,
            case_title: row.case_title,
            holder: row.holder,
            position: row.position,
            key: row.key,
            title: row.title,
            due: day(row.due),
            overdue: row.due.is_some_and(|d| is_overdue(d, today)),
        }
    }
}

/// A `remind` row: the `pending` row fields, then its group and the days left (negative when
/// late). A case deadline has `kind` "deadline" and no position or key.
#[derive(Serialize)]
pub struct RemindJson<'a> {
    pub case: i64,
    pub case_title: &'a str,
    pub holder: &'a str,
    pub position: Option<i64>,
    pub key: Option<&'a str>,
    pub title: &'a str,
    pub due: String,
    pub overdue: bool,
    pub group: Group,
    pub days: i64,
    pub kind: &'static str,
    /// A step to do before leaving that the deadline no longer leaves room for.
    pub late_for_deadline: bool,
}

impl<'a> RemindJson<'a> {
    pub fn new(row: &'a RemindRow, today: NaiveDate) -> Self {
        RemindJson {
            case: row.case_id,
            case_title: &row.case_title,
            holder: &row.holder,
            position: row.step.as_ref().map(|s| s.position),
            key: row.step.as_ref().map(|s| s.key.as_str()),
            title: row
                .step
                .as_ref()
                .map_or(DEADLINE_TITLE, |s| s.title.as_str()),
            due: iso(row.due),
            overdue: is_overdue(row.due, today),
            group: Group::of(row.due, today),
            days: days_left(row.due, today),
            kind: if row.step.is_some() {
                "step"
            } else {
                "deadline"
            },
            late_for_deadline: false,
        }
    }
}

#[derive(Serialize)]
pub struct ListJson<'a> {
    pub id: i64,
    pub title: &'a str,
    pub holder: &'a str,
    pub status: CaseStatus,
    pub done: i64,
    pub total: i64,
    pub next: Option<StepJson<'a>>,
    pub deadline: Option<String>,
}

impl<'a> From<&'a ListRow> for ListJson<'a> {
    fn from(r: &'a ListRow) -> Self {
        ListJson {
            id: r.id,
            title: &r.title,
            holder: &r.holder,
            status: r.status,
            done: r.done,
            total: r.total,
            next: r.next.as_ref().map(StepJson::from),
            deadline: day(r.deadline),
        }
    }
}

#[derive(Serialize)]
pub struct EventJson<'a> {
    pub at: String,
    pub case: i64,
    pub step: Option<&'a str>,
    pub kind: &'a str,
    pub before: &'a Option<Value>,
    pub after: &'a Option<Value>,
    pub id: i64,
    /// The change (one command) the event is part of: the id of its first event.
    pub change: i64,
    /// For `undo` and `redo`: the original event taken back or brought back, and its kind.
    pub reverts: Option<i64>,
    pub reverts_kind: Option<&'a str>,
}

impl<'a> From<&'a Event> for EventJson<'a> {
    fn from(e: &'a Event) -> Self {
        EventJson {
            at: stamp(e.at),
            case: e.case_id,
            step: e.step_key.as_deref(),
            kind: &e.kind,
            before: &e.before,
            after: &e.after,
            id: e.id,
            change: e.change,
            reverts: e.reverts,
            reverts_kind: e.reverts_kind.as_deref(),
        }
    }
}

/// A JSON array written one element at a time, so that long results are never held whole.
pub struct ArrayWriter<'w> {
    out: &'w mut dyn std::io::Write,
    first: bool,
    /// One item is serialized here, then written whole: serde's many small writes would each go
    /// through the dynamic writer.
    buf: Vec<u8>,
}

impl<'w> ArrayWriter<'w> {
    pub fn start(out: &'w mut dyn std::io::Write) -> std::io::Result<Self> {
        out.write_all(b"[")?;
        Ok(ArrayWriter {
            out,
            first: true,
            buf: Vec::with_capacity(256),
        })
    }

    pub fn item(&mut self, value: &impl Serialize) -> anyhow::Result<()> {
        self.buf.clear();
        self.buf
            .extend_from_slice(if self.first { b"\n  " } else { b",\n  " });
        self.first = false;
        serde_json::to_writer(&mut self.buf, value)?;
        self.out.write_all(&self.buf)?;
        Ok(())
    }

    pub fn finish(self) -> std::io::Result<()> {
        if self.first {
            self.out.write_all(b"]\n")
        } else {
            self.out.write_all(b"\n]\n")
        }
    }
}

/// Writes one JSON document, pretty-printed, with a final newline.
pub fn write(out: &mut dyn std::io::Write, value: &impl Serialize) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}
