//! Taskwarrior's import JSON (what `task import` reads and `task export` writes): one task per
//! step, keeping the step's UUID, so that moving tasks back and forth updates instead of
//! doubling.
//!
//! Mapping: description "case title: step title", project the case title, status pending or
//! completed (a skipped step is completed with the tag `skipped`), due the end of the due day in
//! local time (Taskwarrior calls a task overdue once its due moment has passed, closeout once its
//! day has), end the moment it was marked done (local noon of the done day when it was marked on
//! another day), entry when the case was made, modified its last change, and one annotation per
//! line of the step's note.

use super::closeout::Uuid;
use crate::domain::date::parse_iso;
use crate::domain::merge::{CaseRecord, StepRecord};
use crate::domain::model::{Step, StepStatus};
use crate::msg::Msg;
use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use std::io::Write;

/// Taskwarrior's time format, always UTC.
const TIME: &str = "%Y%m%dT%H%M%SZ";

/// An instant as Taskwarrior writes it: `20261130T090000Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TwTime(pub i64);

impl Serialize for TwTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = DateTime::<Utc>::from_timestamp(self.0, 0).unwrap_or_default();
        s.serialize_str(&t.format(TIME).to_string())
    }
}

impl<'de> Deserialize<'de> for TwTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        NaiveDateTime::parse_from_str(&text, TIME)
            .map(|t| TwTime(t.and_utc().timestamp()))
            .map_err(|_| {
                de::Error::custom(format!(
                    "'{text}' is not a Taskwarrior time (20261130T090000Z)"
                ))
            })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub entry: Option<TwTime>,
    pub description: String,
}

/// One task, with the attributes closeout writes and reads; others (urgency, id, user-defined
/// attributes) are ignored when read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub uuid: Uuid,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<TwTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<TwTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<TwTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<TwTime>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<Annotation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The step's status when closeout exported it (an attribute Taskwarrior keeps as it is), so
    /// that an import can tell a status changed in Taskwarrior from one left behind there.
    #[serde(
        default,
        rename = "closeoutstatus",
        skip_serializing_if = "Option::is_none"
    )]
    pub base_status: Option<String>,
    /// The due day when closeout exported it (absent: none).
    #[serde(
        default,
        rename = "closeoutdue",
        skip_serializing_if = "Option::is_none"
    )]
    pub base_due: Option<String>,
    /// Attributes a step has no place for: read only to say that they were not taken.
    #[serde(default, skip_serializing)]
    pub start: Option<serde_json::Value>,
    #[serde(default, skip_serializing)]
    pub priority: Option<serde_json::Value>,
    #[serde(default, skip_serializing)]
    pub wait: Option<serde_json::Value>,
    #[serde(default, skip_serializing)]
    pub scheduled: Option<serde_json::Value>,
    #[serde(default, skip_serializing)]
    pub until: Option<serde_json::Value>,
    #[serde(default, skip_serializing)]
    pub depends: Option<serde_json::Value>,
}

/// Which tasks of a `task export` an import takes: a whole Taskwarrior database holds much that
/// is not closeout's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A task closeout exported, or one in a project that names a case here.
    Take,
    /// A deleted task closeout never knew: nothing to take, in a case's project or with
    /// `--all-tasks` alike.
    Ignore,
    /// Any other task: counted and left out, unless `--all-tasks` takes it.
    LeaveOut,
}

/// The tag that marks a completed task as a skipped step.
pub const SKIPPED: &str = "skipped";

/// A local wall-clock moment of `day`, as seconds since the epoch (UTC when the moment does not
/// exist locally).
fn local_moment(day: NaiveDate, time: NaiveTime) -> i64 {
    let naive = day.and_time(time);
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| naive.and_utc().timestamp(), |t| t.timestamp())
}

fn end_of(day: NaiveDate) -> i64 {
    local_moment(day, NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default())
}

fn noon_of(day: NaiveDate) -> i64 {
    local_moment(day, NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default())
}

/// The local day of an instant.
pub fn local_day(secs: i64) -> NaiveDate {
    super::local(secs).date_naive()
}

/// The task for one step of a case.
pub fn task(case: &CaseRecord, r: &StepRecord) -> Task {
    let s = &r.step;
    let (status, end, tags) = match s.status {
        StepStatus::Pending => ("pending", None, vec![]),
        StepStatus::Done => {
            let end = match s.done_at {
                Some(day) if local_day(r.updated_at) == day => r.updated_at,
                Some(day) => noon_of(day),
                None => r.updated_at,
            };
            ("completed", Some(end), vec![])
        }
        StepStatus::Skipped => ("completed", Some(r.updated_at), vec![SKIPPED.to_string()]),
    };
    let lines: Vec<&str> = s
        .note
        .as_deref()
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    // Each annotation needs its own moment (Taskwarrior keys them by it); the last line is the
    // step's last change, the ones before it a second apart.
    let n = lines.len() as i64;
    let annotations = lines
        .iter()
        .enumerate()
        .map(|(i, line)| Annotation {
            entry: Some(TwTime(r.updated_at - (n - 1 - i as i64))),
            description: (*line).to_string(),
        })
        .collect();
    Task {
        uuid: Uuid(s.uuid.clone()),
        description: format!("{}: {}", case.case.title, s.title),
        project: Some(case.case.title.clone()),
        status: status.to_string(),
        entry: Some(TwTime(case.case.created_at.timestamp())),
        modified: Some(TwTime(r.updated_at.max(case.case.created_at.timestamp()))),
        due: s.due.map(|d| TwTime(end_of(d))),
        end: end.map(TwTime),
        annotations,
        tags,
        base_status: Some(s.status.as_str().to_string()),
        base_due: s.due.map(crate::domain::date::iso),
        start: None,
        priority: None,
        wait: None,
        scheduled: None,
        until: None,
        depends: None,
    }
}

/// Writes tasks as one JSON array, a task per line.
pub struct Writer<'w> {
    out: &'w mut dyn Write,
    tasks: usize,
    line: Vec<u8>,
}

impl<'w> Writer<'w> {
    pub fn start(out: &'w mut dyn Write) -> anyhow::Result<Writer<'w>> {
        out.write_all(b"[")?;
        Ok(Writer {
            out,
            tasks: 0,
            line: Vec::with_capacity(1024),
        })
    }

    pub fn case(&mut self, case: &CaseRecord, steps: &[StepRecord]) -> anyhow::Result<()> {
        for s in steps {
            self.line.clear();
            self.line
                .extend_from_slice(if self.tasks == 0 { b"\n" } else { b",\n" });
            serde_json::to_writer(&mut self.line, &task(case, s))?;
            self.out.write_all(&self.line)?;
            self.tasks += 1;
        }
        Ok(())
    }

    pub fn finish(self) -> anyhow::Result<usize> {
        self.out
            .write_all(if self.tasks == 0 { b"]\n" } else { b"\n]\n" })?;
        Ok(self.tasks)
    }
}

/// What a task says about its step, in closeout's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct StepView {
    pub title: String,
    pub status: StepStatus,
    pub done_at: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub note: Option<String>,
    /// When the task last changed: its `modified`, else its `entry`.
    pub changed_at: Option<i64>,
    /// What closeout exported, when the task came from closeout.
    pub base: Option<Base>,
}

/// A step's status and due day as closeout exported them into a task.
#[derive(Debug, Clone, PartialEq)]
pub struct Base {
    pub status: StepStatus,
    pub due: Option<NaiveDate>,
}

fn step_status(name: &str) -> Option<StepStatus> {
    match name {
        "pending" => Some(StepStatus::Pending),
        "done" => Some(StepStatus::Done),
        "skipped" => Some(StepStatus::Skipped),
        _ => None,
    }
}

/// Reads `task export` output: a JSON array of tasks. Recurring templates (status `recurring`)
/// are left out: their instances are tasks of their own.
pub fn read(bytes: &[u8]) -> Result<Vec<Task>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let tasks: Vec<Task> = serde_json::from_slice(bytes).map_err(|e| {
        Msg::NotTaskwarrior {
            error: &e.to_string(),
        }
        .to_string()
    })?;
    let mut uuids = std::collections::HashSet::new();
    for (i, t) in tasks.iter().enumerate() {
        if !uuids.insert(&t.uuid) {
            return Err(Msg::TaskUuidTwice {
                n: i + 1,
                uuid: &t.uuid.0,
            }
            .to_string());
        }
        if !["pending", "completed", "deleted", "waiting", "recurring"].contains(&t.status.as_str())
        {
            return Err(Msg::TaskStatus {
                n: i + 1,
                uuid: &t.uuid.0,
                status: &t.status,
            }
            .to_string());
        }
        if t.description.trim().is_empty() {
            return Err(Msg::TaskEmpty {
                n: i + 1,
                uuid: &t.uuid.0,
            }
            .to_string());
        }
    }
    Ok(tasks
        .into_iter()
        .filter(|t| t.status != "recurring")
        .collect())
}

impl Task {
    /// The case this task belongs to: its project, else "Taskwarrior".
    pub fn case_title(&self) -> String {
        self.project
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .unwrap_or("Taskwarrior")
            .to_string()
    }

    /// Whether an import takes this task: `known` when its UUID is a step's here, `in_a_case`
    /// when its project names a case here, `all` with `--all-tasks`.
    pub fn scope(&self, known: bool, in_a_case: bool, all: bool) -> Scope {
        if known {
            Scope::Take
        } else if self.status == "deleted" {
            Scope::Ignore
        } else if in_a_case || all {
            Scope::Take
        } else {
            Scope::LeaveOut
        }
    }

    /// What the task has that its step in the case titled `case` does not take, named as
    /// Taskwarrior names it: a project other than the case (a step stays in its case), and the
    /// attributes a step has no place for (tags other than `skipped`).
    pub fn not_taken(&self, case: &str) -> Vec<&'static str> {
        let mut left = Vec::new();
        // A project that still heads the description is the case's old title, renamed here
        // since: not a move made in Taskwarrior.
        let project = self.case_title();
        if project != case
            && !self.description.starts_with(&format!(
                "{}: ",
                self.project.as_deref().unwrap_or_default()
            ))
        {
            left.push("project");
        }
        for (name, value) in [
            ("start", &self.start),
            ("priority", &self.priority),
            ("scheduled", &self.scheduled),
            ("wait", &self.wait),
            ("until", &self.until),
            ("depends", &self.depends),
        ] {
            if value.as_ref().is_some_and(|v| !v.is_null()) {
                left.push(name);
            }
        }
        if self.tags.iter().any(|t| t != SKIPPED) {
            left.push("tags");
        }
        left
    }

    /// The task as a step of the case titled `case` (its project when closeout does not know
    /// it): the title without the "case: " closeout put before it, even when the project was
    /// changed in Taskwarrior since.
    pub fn view_in(&self, case: &str) -> StepView {
        let mut view = self.view();
        if let Some(rest) = self.description.strip_prefix(&format!("{case}: ")) {
            view.title = rest.trim().to_string();
        }
        view
    }

    /// The task as a step: the title without the "project: " closeout put before it.
    pub fn view(&self) -> StepView {
        let title = self
            .project
            .as_deref()
            .and_then(|p| self.description.strip_prefix(&format!("{p}: ")))
            .unwrap_or(&self.description)
            .trim()
            .to_string();
        let finished_on = self.end.or(self.modified).map(|t| local_day(t.0));
        let (status, done_at) = match self.status.as_str() {
            "completed" if self.tags.iter().any(|t| t == SKIPPED) => (StepStatus::Skipped, None),
            "completed" => (StepStatus::Done, finished_on),
            "deleted" => (StepStatus::Skipped, None),
            _ => (StepStatus::Pending, None),
        };
        let lines: Vec<&str> = self
            .annotations
            .iter()
            .map(|a| a.description.as_str())
            .collect();
        StepView {
            title,
            status,
            done_at,
            due: self.due.map(|t| local_day(t.0)),
            note: (!lines.is_empty()).then(|| lines.join("\n")),
            changed_at: self.modified.or(self.entry).map(|t| t.0),
            base: self
                .base_status
                .as_deref()
                .and_then(step_status)
                .map(|status| Base {
                    status,
                    due: self.base_due.as_deref().and_then(parse_iso),
                }),
        }
    }
}

/// A note's non-empty lines, so that no note and an empty one are the same.
fn lines(note: Option<&str>) -> Vec<&str> {
    note.unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// What a task changes in the step it came from: the step as it becomes, and the field groups
/// that change. `None` when nothing does.
///
/// Taskwarrior keeps one `modified` time per task, not per field, so a value left behind in a
/// task that changed for another reason must not pass for a change. What closeout exported is in
/// the task (`closeoutstatus`, `closeoutdue`): a status or due day that differs from it was
/// changed in Taskwarrior, and is taken when `at` (the task's `modified`) is newer than the step's
/// own change of that field. A task without them (made by an older export) can only finish a
/// pending step or give it a due day. The title is taken when it differs and is newer; note
/// lines are only ever added, never removed.
pub fn changes(view: &StepView, local: &StepRecord, at: i64) -> Option<(Step, Vec<&'static str>)> {
    let newer = |group: &str| local.stamps.get(group).is_none_or(|s| at > s.at);
    let now = &local.step;
    let mut step = now.clone();
    let mut groups = Vec::new();
    if view.title != now.title && !view.title.is_empty() && newer("title") {
        step.title.clone_from(&view.title);
        groups.push("title");
    }
    let status_changed = match &view.base {
        Some(base) => view.status != base.status,
        None => now.status == StepStatus::Pending,
    };
    if status_changed && view.status != now.status && newer("status") {
        step.status = view.status;
        step.done_at = view.done_at;
        groups.push("status");
    }
    let due_changed = match &view.base {
        Some(base) => view.due != base.due,
        None => view.due.is_some(),
    };
    if due_changed && view.due != now.due && newer("due") {
        step.due = view.due;
        step.due_manual = true;
        groups.push("due");
    }
    let mut note = lines(now.note.as_deref());
    let before = note.len();
    for line in lines(view.note.as_deref()) {
        if !note.contains(&line) {
            note.push(line);
        }
    }
    if note.len() > before {
        step.note = Some(note.join("\n"));
        groups.push("note");
    }
    (!groups.is_empty()).then_some((step, groups))
}

/// A step key made from a title: lower-case ASCII letters and digits joined by '-', at most 24
/// characters; "task" when nothing is left (a title in Chinese).
pub fn key_for(title: &str) -> String {
    let mut key = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if key.len() + word.len() + 1 > 24 {
            break;
        }
        if !key.is_empty() {
            key.push('-');
        }
        key.push_str(&word.to_ascii_lowercase());
    }
    if key.is_empty() {
        "task".to_string()
    } else {
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local() -> StepRecord {
        StepRecord {
            step: Step {
                id: 1,
                uuid: "0193a1b2-0000-7000-8000-000000000002".into(),
                position: 6,
                key: "confirm".into(),
                title: "Confirm".into(),
                how: String::new(),
                status: StepStatus::Pending,
                due: None,
                rule: None,
                due_manual: false,
                done_at: None,
                note: Some("first".into()),
                abroad: false,
            },
            updated_at: 100,
            stamps: Default::default(),
        }
    }

    fn view(base: Option<Base>) -> StepView {
        StepView {
            title: "Confirm".into(),
            status: StepStatus::Pending,
            done_at: None,
            due: None,
            note: Some("first".into()),
            changed_at: Some(100),
            base,
        }
    }

    fn day(s: &str) -> NaiveDate {
        parse_iso(s).expect("day")
    }

    #[test]
    fn a_value_left_behind_in_a_task_is_not_a_change() {
        // Exported pending without a date; since then closeout gave it a date and finished it.
        let mut here = local();
        here.step.due = Some(day("2026-12-08"));
        here.step.status = StepStatus::Done;
        here.step.done_at = Some(day("2026-12-02"));
        for group in ["due", "status"] {
            here.stamps.insert(
                group.into(),
                crate::domain::merge::Stamp {
                    at: 200,
                    device: "d".into(),
                },
            );
        }
        let base = Base {
            status: StepStatus::Pending,
            due: None,
        };
        // The task was annotated later (modified 300), its status and due untouched.
        let mut v = view(Some(base));
        v.note = Some("first\nasked again".into());
        let (step, groups) = changes(&v, &here, 300).expect("a new note line");
        assert_eq!(groups, ["note"]);
        assert_eq!(step.status, StepStatus::Done);
        assert_eq!(step.due, Some(day("2026-12-08")));
        assert_eq!(step.note.as_deref(), Some("first\nasked again"));
    }

    #[test]
    fn changes_made_in_taskwarrior_are_taken_when_newer() {
        let base = Base {
            status: StepStatus::Pending,
            due: None,
        };
        let mut v = view(Some(base));
        v.status = StepStatus::Done;
        v.done_at = Some(day("2026-12-03"));
        v.due = Some(day("2026-12-10"));
        let (step, groups) = changes(&v, &local(), 300).expect("changes");
        assert_eq!(groups, ["status", "due"]);
        assert_eq!(step.done_at, Some(day("2026-12-03")));
        assert!(step.due_manual);
        // The same change, older than closeout's own change of the status: closeout's stays.
        let mut here = local();
        here.stamps.insert(
            "status".into(),
            crate::domain::merge::Stamp {
                at: 400,
                device: "d".into(),
            },
        );
        let (_, groups) = changes(&v, &here, 300).expect("due still newer");
        assert_eq!(groups, ["due"]);
        // Nothing changed: nothing to do; note lines removed in Taskwarrior stay.
        let mut v = view(None);
        v.note = None;
        assert_eq!(changes(&v, &local(), 300), None);
    }

    fn a_task(status: &str, project: Option<&str>, description: &str) -> Task {
        let text = serde_json::json!({
            "uuid": "0193a1b2-0000-7000-8000-000000000009",
            "status": status,
            "project": project,
            "description": description,
        });
        serde_json::from_value(text).expect("task")
    }

    #[test]
    fn an_import_takes_the_tasks_of_cases_and_leaves_the_rest() {
        let pending = a_task("pending", Some("Home"), "Paint the wall");
        let deleted = a_task("deleted", Some("Home"), "Old shelf");
        // (known, in a case, --all-tasks)
        for (known, in_a_case, all, pending_is, deleted_is) in [
            (true, false, false, Scope::Take, Scope::Take),
            (false, true, false, Scope::Take, Scope::Ignore),
            (false, false, false, Scope::LeaveOut, Scope::Ignore),
            (false, false, true, Scope::Take, Scope::Ignore),
        ] {
            assert_eq!(pending.scope(known, in_a_case, all), pending_is);
            assert_eq!(deleted.scope(known, in_a_case, all), deleted_is);
        }
    }

    #[test]
    fn what_a_step_cannot_keep_is_named() {
        let mut t = a_task("pending", Some("Other"), "Orange: Clear the balance");
        assert_eq!(t.not_taken("Orange"), ["project"]);
        assert_eq!(t.view_in("Orange").title, "Clear the balance");
        assert_eq!(t.view().title, "Orange: Clear the balance");
        // The case renamed here since the export: the project is its old title, not a move.
        t.project = Some("Orange".into());
        assert_eq!(t.not_taken("Orange mobile"), Vec::<&str>::new());
        t.tags = vec![SKIPPED.into()];
        t.priority = Some(serde_json::json!("H"));
        t.depends = Some(serde_json::json!("0193a1b2-0000-7000-8000-000000000002"));
        assert_eq!(t.not_taken("Orange"), ["priority", "depends"]);
        t.tags.push("urgent".into());
        assert_eq!(t.not_taken("Orange"), ["priority", "depends", "tags"]);
    }

    #[test]
    fn keys_from_titles() {
        assert_eq!(key_for("Call the bank"), "call-the-bank");
        assert_eq!(key_for("注销手机卡"), "task");
        assert_eq!(
            key_for("Send form #2 to Proximus (online)"),
            "send-form-2-to-proximus"
        );
    }

    #[test]
    fn reads_what_task_export_writes() {
        let text = r#"[
{"id":0,"description":"Proximus: Submit","end":"20261201T110000Z","entry":"20261130T090000Z",
 "modified":"20261201T110000Z","project":"Proximus","status":"completed",
 "uuid":"0193a1b2-0000-7000-8000-000000000002","urgency":0,
 "annotations":[{"entry":"20261201T110000Z","description":"form sent"}]},
{"id":1,"description":"Buy a new SIM","entry":"20261130T090000Z","status":"recurring",
 "uuid":"0193a1b2-0000-7000-8000-000000000003"}
]"#;
        let tasks = read(text.as_bytes()).expect("valid");
        assert_eq!(tasks.len(), 1);
        let view = tasks[0].view();
        assert_eq!(view.title, "Submit");
        assert_eq!(view.status, StepStatus::Done);
        assert_eq!(view.note.as_deref(), Some("form sent"));
        assert_eq!(tasks[0].case_title(), "Proximus");
    }

    #[test]
    fn refuses_what_is_not_a_task_list() {
        for (text, says) in [
            ("{\"format\": \"x\"}", "JSON array of tasks"),
            (
                "[{\"uuid\": \"nope\", \"description\": \"x\", \"status\": \"pending\"}]",
                "not a UUID",
            ),
            (
                "[{\"uuid\": \"0193a1b2-0000-7000-8000-000000000002\", \"description\": \"x\", \"status\": \"open\"}]",
                "status 'open'",
            ),
            (
                "[{\"uuid\": \"0193a1b2-0000-7000-8000-000000000002\", \"description\": \"x\", \"status\": \"pending\", \"due\": \"2026-12-01\"}]",
                "not a Taskwarrior time",
            ),
        ] {
            let err = read(text.as_bytes()).expect_err(text);
            assert!(err.contains(says), "{text}: {err}");
        }
    }
}
