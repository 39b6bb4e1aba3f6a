//! What the history means for undo and redo: which change each takes back, and what an event's
//! before and after say, read back into cases, steps and field values.
//!
//! Undo is linear. Commands and redos push their change on a stack, an undo pops the top, and a
//! redo brings back the newest undo not yet redone; a new command forgets what could be redone.
//! The stack is not stored: it is read from the history, newest first, by matching each undo
//! with the change it took back, as brackets match.

use super::date::parse_iso;
use super::model::{CaseStatus, Channel, Rule, StepStatus};
use crate::i18n::Lang;
use crate::msg::Msg;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::ops::ControlFlow;

/// What a change was, as undo and redo see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// A command that changed cases, or a redo (which changes them again).
    Apply,
    Undo,
    Redo,
}

/// Reads changes newest first and collects, up to `limit`, those `undo` would take back in turn.
#[derive(Debug)]
pub struct UndoStack {
    unmatched_undos: usize,
    limit: usize,
    pub found: Vec<i64>,
}

impl UndoStack {
    pub fn new(limit: usize) -> Self {
        UndoStack {
            unmatched_undos: 0,
            limit,
            found: Vec::new(),
        }
    }

    pub fn feed(&mut self, change: i64, kind: ChangeKind) -> ControlFlow<()> {
        match kind {
            ChangeKind::Undo => self.unmatched_undos += 1,
            // Taken back by a newer undo.
            _ if self.unmatched_undos > 0 => self.unmatched_undos -= 1,
            _ => {
                self.found.push(change);
                if self.found.len() >= self.limit {
                    return ControlFlow::Break(());
                }
            }
        }
        ControlFlow::Continue(())
    }
}

/// Reads changes newest first and finds the undo `redo` would take back: the newest undo no
/// redo has answered, unless a command came after it.
#[derive(Debug, Default)]
pub struct RedoTarget {
    unmatched_redos: usize,
    pub found: Option<i64>,
}

impl RedoTarget {
    pub fn feed(&mut self, change: i64, kind: ChangeKind) -> ControlFlow<()> {
        match kind {
            ChangeKind::Apply => return ControlFlow::Break(()),
            ChangeKind::Redo => self.unmatched_redos += 1,
            ChangeKind::Undo if self.unmatched_redos > 0 => self.unmatched_redos -= 1,
            ChangeKind::Undo => {
                self.found = Some(change);
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }
}

/// A case as `case.add` and `case.delete` keep it (the `show --json` shape).
#[derive(Debug, Clone, Deserialize)]
pub struct CaseSnapshot {
    pub id: i64,
    pub uuid: String,
    pub title: String,
    pub template: String,
    pub provider: Option<String>,
    pub channel: Option<Channel>,
    pub holder: String,
    pub number: Option<String>,
    #[serde(default, deserialize_with = "day")]
    pub deadline: Option<NaiveDate>,
    pub status: CaseStatus,
    #[serde(deserialize_with = "instant")]
    pub created_at: DateTime<FixedOffset>,
    #[serde(default, deserialize_with = "maybe_instant")]
    pub closed_at: Option<DateTime<FixedOffset>>,
    pub note: Option<String>,
    #[serde(default)]
    pub steps: Vec<StepSnapshot>,
    /// Added in schema 5; older events have none.
    #[serde(default)]
    pub lang: Lang,
    #[serde(default)]
    pub notice_days: Option<i64>,
    #[serde(default)]
    pub deadline_from: Option<String>,
}

/// A step as `step.add`, `step.remove` and case snapshots keep it. Fields added to the JSON later
/// (how, due_manual, rule) default when an older event lacks them.
#[derive(Debug, Clone, Deserialize)]
pub struct StepSnapshot {
    /// The step's row id, kept since events record it; put back when it is free.
    #[serde(default)]
    pub id: Option<i64>,
    pub uuid: String,
    pub position: i64,
    pub key: String,
    pub title: String,
    pub status: StepStatus,
    #[serde(default, deserialize_with = "day")]
    pub due: Option<NaiveDate>,
    #[serde(default, deserialize_with = "day")]
    pub done_at: Option<NaiveDate>,
    pub note: Option<String>,
    #[serde(default)]
    pub how: String,
    #[serde(default)]
    pub due_manual: bool,
    #[serde(default)]
    pub rule: Option<Rule>,
    #[serde(default)]
    pub abroad: bool,
}

/// One field of a case set to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseField {
    Title(String),
    Template(String),
    Provider(Option<String>),
    Channel(Option<Channel>),
    Holder(String),
    Number(Option<String>),
    Deadline(Option<NaiveDate>),
    Note(Option<String>),
    Status(CaseStatus),
    ClosedAt(Option<DateTime<FixedOffset>>),
    Lang(Lang),
    NoticeDays(Option<i64>),
    /// `deadline_from`: whether the deadline follows the departure.
    FollowsDeparture(bool),
    /// The order of the case's steps, by UUID (as an import or sync settled it): steps not
    /// named keep their order after the named ones.
    Order(Vec<String>),
}

/// One field of a step set to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepField {
    Title(String),
    How(String),
    Status(StepStatus),
    DoneAt(Option<NaiveDate>),
    Due(Option<NaiveDate>),
    DueManual(bool),
    Note(Option<String>),
    Position(i64),
    Key(String),
    Rule(Option<Rule>),
}

/// What taking an event from one side to the other does.
#[derive(Debug)]
pub enum Transition {
    CaseCreate(Box<CaseSnapshot>),
    CaseRemove,
    CaseSet(Vec<CaseField>),
    StepCreate(Box<StepSnapshot>),
    StepRemove,
    StepSet(Vec<StepField>),
}

/// Keys of event objects that describe how a change happened, not a field's value.
const REMARKS: [&str; 5] = ["auto", "forced", "by", "days", "reason"];

/// The transition from the `from` side of an event (what is there now) to the `to` side, for an
/// event on a step or on the case itself. Refuses what this closeout cannot take back exactly.
pub fn transition(
    on_step: bool,
    from: Option<&Value>,
    to: Option<&Value>,
) -> Result<Transition, String> {
    let absent = |v: Option<&Value>| v.is_none_or(Value::is_null);
    let snapshot_error = |e: serde_json::Error| {
        Msg::RecordUnreadable {
            error: &e.to_string(),
        }
        .to_string()
    };
    match (absent(from), absent(to), on_step) {
        (true, true, _) => Err(Msg::RecordEmpty.to_string()),
        (true, false, false) => serde_json::from_value(to.cloned().unwrap_or_default())
            .map(|s| Transition::CaseCreate(Box::new(s)))
            .map_err(snapshot_error),
        (true, false, true) => serde_json::from_value(to.cloned().unwrap_or_default())
            .map(|s| Transition::StepCreate(Box::new(s)))
            .map_err(snapshot_error),
        (false, true, false) => Ok(Transition::CaseRemove),
        (false, true, true) => Ok(Transition::StepRemove),
        (false, false, on_step) => {
            let to = to
                .and_then(Value::as_object)
                .ok_or_else(|| Msg::RecordNotObject.to_string())?;
            if on_step {
                fields(to, step_field).map(Transition::StepSet)
            } else {
                // A status sets closed_at as close and reopen do; the recorded time comes after.
                let mut set = fields(to, case_field)?;
                set.sort_by_key(|f| matches!(f, CaseField::ClosedAt(_)));
                Ok(Transition::CaseSet(set))
            }
        }
    }
}

fn fields<T>(
    object: &Map<String, Value>,
    read: fn(&str, &Value) -> Option<Result<T, ()>>,
) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    for (name, value) in object {
        if REMARKS.contains(&name.as_str()) {
            continue;
        }
        match read(name, value) {
            Some(Ok(field)) => out.push(field),
            Some(Err(())) => {
                let value = value.to_string();
                return Err(Msg::FieldUnreadable {
                    name,
                    value: &value,
                }
                .to_string());
            }
            None => return Err(Msg::FieldUnknown { name }.to_string()),
        }
    }
    Ok(out)
}

fn text(v: &Value) -> Result<String, ()> {
    v.as_str().map(str::to_string).ok_or(())
}

fn maybe_text(v: &Value) -> Result<Option<String>, ()> {
    match v {
        Value::Null => Ok(None),
        other => text(other).map(Some),
    }
}

fn maybe_day(v: &Value) -> Result<Option<NaiveDate>, ()> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => parse_iso(s).map(Some).ok_or(()),
        _ => Err(()),
    }
}

fn parsed<T: for<'de> Deserialize<'de>>(v: &Value) -> Result<T, ()> {
    T::deserialize(v).map_err(|_| ())
}

fn case_field(name: &str, v: &Value) -> Option<Result<CaseField, ()>> {
    Some(match name {
        "title" => text(v).map(CaseField::Title),
        "template" => text(v).map(CaseField::Template),
        "provider" => maybe_text(v).map(CaseField::Provider),
        "channel" => parsed(v).map(CaseField::Channel),
        "holder" => text(v).map(CaseField::Holder),
        "number" => maybe_text(v).map(CaseField::Number),
        "deadline" => maybe_day(v).map(CaseField::Deadline),
        "note" => maybe_text(v).map(CaseField::Note),
        "status" => parsed(v).map(CaseField::Status),
        "closed_at" => maybe_instant(v).map(CaseField::ClosedAt).map_err(|_| ()),
        "lang" => parsed(v).map(CaseField::Lang),
        "notice_days" => parsed(v).map(CaseField::NoticeDays),
        "deadline_from" => match v {
            Value::Null => Ok(CaseField::FollowsDeparture(false)),
            Value::String(s) if s == "departure" => Ok(CaseField::FollowsDeparture(true)),
            Value::String(s) if s == "case" => Ok(CaseField::FollowsDeparture(false)),
            _ => Err(()),
        },
        "order" => parsed(v).map(CaseField::Order),
        _ => return None,
    })
}

fn step_field(name: &str, v: &Value) -> Option<Result<StepField, ()>> {
    Some(match name {
        "title" => text(v).map(StepField::Title),
        "how" => text(v).map(StepField::How),
        "status" => parsed(v).map(StepField::Status),
        "done_at" => maybe_day(v).map(StepField::DoneAt),
        "due" => maybe_day(v).map(StepField::Due),
        "manual" => parsed(v).map(StepField::DueManual),
        "note" => maybe_text(v).map(StepField::Note),
        "position" => parsed(v).map(StepField::Position),
        "key" => text(v).map(StepField::Key),
        "rule" => Option::<Rule>::deserialize(v.clone())
            .map(StepField::Rule)
            .map_err(|_| ()),
        _ => return None,
    })
}

/// The first field whose value in `from` is not what the case or step (`current`, as its JSON)
/// holds now: the history and the database disagree, and taking the change back would be a guess.
/// A step order is not compared: setting one never loses a step, and the steps an undo adds or
/// removes before it change the order on purpose.
pub fn first_mismatch(from: Option<&Value>, current: &Value) -> Option<String> {
    let from = from?.as_object()?;
    from.iter()
        .filter(|(name, _)| {
            !REMARKS.contains(&name.as_str()) && !["closed_at", "order"].contains(&name.as_str())
        })
        .find(|(name, value)| {
            let name = if name.as_str() == "manual" {
                "due_manual"
            } else {
                name.as_str()
            };
            current.get(name) != Some(value)
        })
        .map(|(name, _)| name.clone())
}

fn instant<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
    let text = String::deserialize(d)?;
    DateTime::parse_from_rfc3339(&text)
        .map_err(|_| serde::de::Error::custom(format!("'{text}' is not an RFC 3339 time")))
}

fn maybe_instant<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(text) => DateTime::parse_from_rfc3339(&text)
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("'{text}' is not an RFC 3339 time"))),
    }
}

fn day<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    match text {
        None => Ok(None),
        Some(s) => parse_iso(&s)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(format!("'{s}' is not a day"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChangeKind::{Apply, Redo, Undo};
    use serde_json::json;

    /// The changes undo would take back and the one redo would bring back, for a history given
    /// oldest first as (change, kind).
    fn stacks(history: &[(i64, ChangeKind)]) -> (Vec<i64>, Option<i64>) {
        let mut undo = UndoStack::new(10);
        for &(c, k) in history.iter().rev() {
            if undo.feed(c, k).is_break() {
                break;
            }
        }
        let mut redo = RedoTarget::default();
        for &(c, k) in history.iter().rev() {
            if redo.feed(c, k).is_break() {
                break;
            }
        }
        (undo.found, redo.found)
    }

    #[test]
    fn undo_takes_back_the_newest_change_still_in_effect() {
        assert_eq!(stacks(&[]), (vec![], None));
        assert_eq!(stacks(&[(1, Apply), (2, Apply)]), (vec![2, 1], None));
        // 3 undid 2: undo would now take back 1, redo bring 2 back (by taking back 3).
        assert_eq!(
            stacks(&[(1, Apply), (2, Apply), (3, Undo)]),
            (vec![1], Some(3))
        );
        assert_eq!(
            stacks(&[(1, Apply), (2, Apply), (3, Undo), (4, Undo)]),
            (vec![], Some(4))
        );
        // 5 redid what 4 undid (change 1): undo takes back 5; redo brings back 2 next.
        assert_eq!(
            stacks(&[(1, Apply), (2, Apply), (3, Undo), (4, Undo), (5, Redo)]),
            (vec![5], Some(3))
        );
        // Undo of a redo can itself be redone.
        assert_eq!(
            stacks(&[(1, Apply), (2, Undo), (3, Redo), (4, Undo)]),
            (vec![], Some(4))
        );
        // A new command forgets what could be redone, and stacks on what is in effect.
        assert_eq!(
            stacks(&[(1, Apply), (2, Apply), (3, Undo), (4, Apply)]),
            (vec![4, 1], None)
        );
    }

    #[test]
    fn the_undo_list_stops_at_its_limit() {
        let history: Vec<(i64, ChangeKind)> = (1..=30).map(|c| (c, Apply)).collect();
        let mut undo = UndoStack::new(10);
        let mut read = 0;
        for &(c, k) in history.iter().rev() {
            read += 1;
            if undo.feed(c, k).is_break() {
                break;
            }
        }
        assert_eq!(undo.found, (21..=30).rev().collect::<Vec<_>>());
        assert_eq!(read, 10);
    }

    #[test]
    fn events_read_back_into_transitions() {
        let done = transition(
            true,
            Some(&json!({ "status": "done", "done_at": "2026-11-30" })),
            Some(&json!({ "status": "pending", "done_at": null })),
        );
        assert!(matches!(done, Ok(Transition::StepSet(f)) if f == [
            StepField::DoneAt(None),
            StepField::Status(StepStatus::Pending),
        ]));
        let closed = transition(
            false,
            Some(&json!({ "status": "open" })),
            Some(&json!({ "status": "closed", "auto": true })),
        );
        assert!(
            matches!(closed, Ok(Transition::CaseSet(f)) if f == [CaseField::Status(CaseStatus::Closed)])
        );
        let reopened = transition(
            false,
            Some(&json!({ "status": "open", "closed_at": null })),
            Some(&json!({ "status": "closed", "closed_at": "2026-11-30T09:00:00+00:00" })),
        );
        let Ok(Transition::CaseSet(f)) = reopened else {
            panic!("{reopened:?}")
        };
        assert_eq!(f[0], CaseField::Status(CaseStatus::Closed));
        assert!(matches!(f[1], CaseField::ClosedAt(Some(_))));
        assert!(matches!(
            transition(false, Some(&json!({ "id": 1 })), None),
            Ok(Transition::CaseRemove)
        ));
        let unknown = transition(
            true,
            Some(&json!({ "colour": 1 })),
            Some(&json!({ "colour": 2 })),
        );
        assert!(matches!(unknown, Err(e) if e.contains("field 'colour'")));
        let bad = transition(
            true,
            Some(&json!({ "due": 1 })),
            Some(&json!({ "due": "someday" })),
        );
        assert!(matches!(bad, Err(e) if e.contains("due")));
    }

    #[test]
    fn an_older_step_record_without_rule_or_how_reads_back() {
        let step = json!({ "uuid": "u", "position": 2, "key": "k", "title": "T",
                           "status": "done", "due": null, "done_at": "2026-11-30", "note": null });
        let t = transition(true, None, Some(&step));
        let Ok(Transition::StepCreate(s)) = t else {
            panic!("{t:?}")
        };
        assert_eq!(
            (s.how.as_str(), s.due_manual, s.rule.clone()),
            ("", false, None)
        );
        let with_rule = json!({ "uuid": "u", "position": 2, "key": "k", "title": "T",
                           "status": "pending", "due": null, "done_at": null, "note": null,
                           "rule": { "after": { "step": "submit", "days": 7 } } });
        let Ok(Transition::StepCreate(s)) = transition(true, None, Some(&with_rule)) else {
            panic!("no step")
        };
        assert_eq!(
            s.rule,
            Some(Rule::AfterStep {
                key: "submit".into(),
                days: 7
            })
        );
    }

    #[test]
    fn a_mismatch_names_the_field() {
        let current = json!({ "status": "done", "due_manual": true, "note": null });
        assert_eq!(
            first_mismatch(Some(&json!({ "status": "done", "manual": true })), &current),
            None
        );
        assert_eq!(
            first_mismatch(
                Some(&json!({ "status": "pending", "by": "rule" })),
                &current
            ),
            Some("status".into())
        );
    }

    #[test]
    fn a_merge_record_reads_back_with_its_step_order_key_and_rule() {
        let t = transition(
            false,
            Some(&json!({ "order": ["b", "a"], "template": "sim" })),
            Some(&json!({ "order": ["a", "b"], "template": "contract" })),
        );
        let Ok(Transition::CaseSet(f)) = t else {
            panic!("{t:?}")
        };
        assert!(f.contains(&CaseField::Order(vec!["a".into(), "b".into()])));
        assert!(f.contains(&CaseField::Template("contract".into())));
        let t = transition(
            true,
            Some(&json!({ "key": "netflix", "rule": null })),
            Some(&json!({ "key": "netflix-3f2a", "rule": { "before_deadline": 5 } })),
        );
        let Ok(Transition::StepSet(f)) = t else {
            panic!("{t:?}")
        };
        assert!(f.contains(&StepField::Key("netflix-3f2a".into())));
        assert!(f.contains(&StepField::Rule(Some(Rule::BeforeDeadline { days: 5 }))));
        // The order is set, not compared: the steps an undo adds or removes first change it.
        let current = json!({ "template": "contract" });
        assert_eq!(
            first_mismatch(
                Some(&json!({ "order": ["x"], "template": "contract" })),
                &current
            ),
            None
        );
    }
}
