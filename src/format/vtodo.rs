//! To-dos that come back from a CalDAV task list, read with a real iCalendar parser (the
//! `icalendar` crate's): what closeout compares with what it sent to tell what the phone changed.

use chrono::{DateTime, Local, NaiveDate, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime, TodoStatus};

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
