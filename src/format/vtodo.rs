//! To-dos that come back from a CalDAV task list, read with a real iCalendar parser (the
//! `icalendar` crate's): what closeout compares with what it sent to tell what changed there,
//! and the case or step a to-do closeout wrote describes (`case_of`, `step_of`), so that a
//! database that never had the case rebuilds it from the list alone.

use crate::domain::merge::{Departure, Stamp};
use crate::domain::model::{Case, CaseStatus, Rule, Step, StepStatus};
use chrono::{DateTime, FixedOffset, Local, NaiveDate, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime, TodoStatus};
use std::collections::BTreeMap;

/// What closeout reads of one to-do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteTodo {
    pub uid: String,
    pub summary: String,
    /// Finished there: COMPLETED or CANCELLED.
    pub state: TodoState,
    /// The day it was completed (its COMPLETED time, in this machine's zone).
    pub completed: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub last_modified: Option<DateTime<Utc>>,
    /// The UID it is a part of.
    pub related_to: Option<String>,
    /// The `X-CLOSEOUT-…` properties closeout wrote, by name without the prefix, unescaped.
    pub closeout: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TodoState {
    Open,
    Completed,
    Cancelled,
}

/// The first to-do in a calendar object, or None when the text holds none (or is not
/// iCalendar).
pub fn read(text: &str) -> Option<RemoteTodo> {
    let calendar = text.parse::<Calendar>().ok()?;
    let todo = calendar.todos().next()?;
    let state = match todo.get_status() {
        Some(TodoStatus::Completed) => TodoState::Completed,
        Some(TodoStatus::Cancelled) => TodoState::Cancelled,
        // No STATUS, but a COMPLETED time: apps that only stamp the time mean done.
        _ if todo.get_completed().is_some() => TodoState::Completed,
        _ => TodoState::Open,
    };
    let completed = todo
        .get_completed()
        .map(|at| at.with_timezone(&Local).date_naive());
    let due = todo.get_due().map(|d| match d {
        DatePerhapsTime::Date(day) => day,
        DatePerhapsTime::DateTime(CalendarDateTime::Utc(at)) => {
            at.with_timezone(&Local).date_naive()
        }
        DatePerhapsTime::DateTime(CalendarDateTime::Floating(at)) => at.date(),
        DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, .. }) => {
            date_time.date()
        }
    });
    Some(RemoteTodo {
        uid: todo.get_uid()?.to_string(),
        summary: todo.get_summary().unwrap_or_default().to_string(),
        state,
        completed,
        due,
        last_modified: todo.get_last_modified(),
        related_to: todo.property_value("RELATED-TO").map(str::to_string),
        closeout: todo
            .properties()
            .iter()
            .filter_map(|(name, p)| {
                let name = name.to_ascii_uppercase();
                let short = name.strip_prefix("X-CLOSEOUT-")?.to_string();
                Some((short, unescape(p.value())))
            })
            .collect(),
    })
}

/// A TEXT value as RFC 5545 escapes it, read back (the parser leaves `X-` values as written).
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// What kind of to-do closeout wrote it as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Made {
    Case,
    Step,
}

impl RemoteTodo {
    fn x(&self, name: &str) -> Option<&str> {
        self.closeout.get(name).map(String::as_str)
    }

    fn flag(&self, name: &str) -> bool {
        self.x(name).is_some_and(|v| v.eq_ignore_ascii_case("TRUE"))
    }

    fn day(&self, name: &str) -> Option<NaiveDate> {
        self.x(name).and_then(crate::domain::date::parse_iso)
    }

    /// A case's or a step's to-do, as closeout wrote it; None for another app's.
    pub fn made(&self) -> Option<Made> {
        match self.x("KIND") {
            Some("case") => Some(Made::Case),
            Some("step") => Some(Made::Step),
            _ => None,
        }
    }
}

fn instant(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text.trim()).ok()
}

/// The household's departure a case's to-do carries (see `render::todo`); None when it carries
/// none, or not all of it.
pub fn departure_of(t: &RemoteTodo) -> Option<Departure> {
    if t.made()? != Made::Case {
        return None;
    }
    let day = match t.x("DEPARTURE")?.trim() {
        "none" => None,
        text => Some(crate::domain::date::parse_iso(text)?),
    };
    let at = t.x("DEPARTURE-AT")?.trim().parse().ok()?;
    let device = t.x("DEPARTURE-DEVICE")?.to_string();
    Some(Departure {
        day,
        stamp: Stamp { at, device },
    })
}

/// The case a case's to-do describes (its id the one it has where it was written). None when the
/// to-do is not a case's, or lacks what a case needs.
pub fn case_of(t: &RemoteTodo) -> Option<Case> {
    if t.made()? != Made::Case {
        return None;
    }
    let status = match t.x("STATUS")? {
        "open" => CaseStatus::Open,
        "closed" => CaseStatus::Closed,
        _ => return None,
    };
    Some(Case {
        id: t.x("ID").and_then(|v| v.parse().ok()).unwrap_or(0),
        uuid: t.uid.clone(),
        title: t
            .x("TITLE")
            .map_or_else(|| t.summary.clone(), str::to_string),
        template: t.x("TEMPLATE")?.to_string(),
        provider: t.x("PROVIDER").map(str::to_string),
        channel: t.x("CHANNEL").and_then(|c| c.parse().ok()),
        holder: t.x("HOLDER")?.to_string(),
        number: t.x("NUMBER").map(str::to_string),
        deadline: t.day("DEADLINE"),
        status,
        created_at: instant(t.x("CREATED")?)?,
        closed_at: t.x("CLOSED").and_then(instant),
        note: t.x("NOTE").map(str::to_string),
        lang: t.x("LANG").and_then(|l| l.parse().ok()).unwrap_or_default(),
        notice_days: t.x("NOTICE").and_then(|d| d.parse().ok()),
        follows_departure: t.x("DEADLINE-FROM") == Some("departure"),
    })
}

/// A rule as the step's to-do writes it: `before-deadline 21` or `after submit 7`.
fn rule_of(text: &str) -> Option<Rule> {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["before-deadline", days] => Some(Rule::BeforeDeadline {
            days: days.parse().ok()?,
        }),
        ["after", key, days] => Some(Rule::AfterStep {
            key: (*key).to_string(),
            days: days.parse().ok()?,
        }),
        _ => None,
    }
}

/// What closeout writes as STATUS for a step's status (in an open case or a closed one).
fn shown(status: StepStatus, case_closed: bool) -> TodoState {
    match status {
        StepStatus::Pending if !case_closed => TodoState::Open,
        StepStatus::Done => TodoState::Completed,
        _ => TodoState::Cancelled,
    }
}

/// The step a step's to-do describes, with what an app changed there taken in: a STATUS that is
/// not the one closeout wrote for the step's status is a status set there (completed: done on
/// its COMPLETED day, else `today`; cancelled: skipped; open again: pending), and a DUE that is
/// not the one closeout wrote is a due date set by hand. None when the to-do is not a step's.
pub fn step_of(t: &RemoteTodo, today: NaiveDate) -> Option<Step> {
    if t.made()? != Made::Step {
        return None;
    }
    let written = t.x("STATUS").and_then(|s| match s {
        "pending" => Some(StepStatus::Pending),
        "done" => Some(StepStatus::Done),
        "skipped" => Some(StepStatus::Skipped),
        _ => None,
    });
    let case_closed = t.x("CASE-STATUS") == Some("closed");
    let (status, done_at) = match written {
        Some(s) if shown(s, case_closed) == t.state => (s, t.day("DONE")),
        _ => match t.state {
            TodoState::Completed => (StepStatus::Done, Some(t.completed.unwrap_or(today))),
            TodoState::Cancelled => (StepStatus::Skipped, None),
            TodoState::Open => (StepStatus::Pending, None),
        },
    };
    let (due, due_manual) = if t.due == t.day("DUE") {
        (t.due, t.flag("DUE-SET-BY-HAND"))
    } else {
        (t.due, true)
    };
    Some(Step {
        id: 0,
        uuid: t.uid.clone(),
        position: t.x("POSITION").and_then(|p| p.parse().ok()).unwrap_or(0),
        key: t.x("KEY")?.to_string(),
        title: t.x("TITLE")?.to_string(),
        how: t.x("HOW").unwrap_or_default().to_string(),
        status,
        due,
        rule: t.x("RULE").and_then(rule_of),
        due_manual,
        done_at: if status == StepStatus::Done {
            done_at.or(Some(today))
        } else {
            None
        },
        note: t.x("NOTE").map(str::to_string),
        abroad: t.flag("ABROAD"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHONE: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VTODO\r\nUID:abc\r\nDTSTAMP:20261201T080000Z\r\nSUMMARY:Proximus: Gather documents\r\nDUE;VALUE=DATE:20261210\r\nSTATUS:COMPLETED\r\nCOMPLETED:20261203T171500Z\r\nRELATED-TO:case-1\r\nLAST-MODIFIED:20261203T171500Z\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";

    #[test]
    fn reads_what_a_phone_writes() {
        let t = read(PHONE).expect("a to-do");
        assert_eq!(t.uid, "abc");
        assert_eq!(t.state, TodoState::Completed);
        assert_eq!(t.completed, NaiveDate::from_ymd_opt(2026, 12, 3));
        assert_eq!(t.due, NaiveDate::from_ymd_opt(2026, 12, 10));
        assert_eq!(t.related_to.as_deref(), Some("case-1"));
    }

    #[test]
    fn a_due_time_counts_as_its_day_and_no_status_is_open() {
        let text = PHONE
            .replace(
                "DUE;VALUE=DATE:20261210",
                "DUE;TZID=Europe/Brussels:20261211T090000",
            )
            .replace("STATUS:COMPLETED\r\nCOMPLETED:20261203T171500Z\r\n", "");
        let t = read(&text).expect("a to-do");
        assert_eq!(t.due, NaiveDate::from_ymd_opt(2026, 12, 11));
        assert_eq!(t.state, TodoState::Open);
        assert_eq!(t.completed, None);
    }

    #[test]
    fn text_without_a_todo_is_none() {
        assert!(read("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n").is_none());
        assert!(read("<html>").is_none());
    }
}
