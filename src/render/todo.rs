//! What goes into a calendar: for the export, one VTODO per step with a due date and one VEVENT
//! per open case's deadline; for a CalDAV task list, one calendar object per case and per step,
//! written by the same code, with what is needed to rebuild the case added.
//!
//! Every value comes from the database, none from the clock: DTSTAMP is the component's last
//! change (what RFC 5545 asks for in an object without METHOD), so exporting twice without a
//! change in between gives the same bytes, and a calendar that imports again updates by UID. A
//! task list gets the same bytes for the same state too, which is how a sync knows what to send.
//!
//! A file speaks the case's language, not the interface's: the words put around a case's own
//! texts (deadline, provider, note, tomorrow) are in the language of its checklist, so that a
//! Chinese case reads in Chinese on a phone whatever language exported it. The `: ` between the
//! case's title and a step's stays as it is in either language: a sync reads it back.

use super::ics::IcsWriter;
use crate::domain::merge::Departure;
use crate::domain::model::{CaseStatus, Rule, StepStatus};
use crate::domain::view::{CalendarCase, CalendarStep};
use crate::msg::Msg;
use chrono::{DateTime, Days, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use std::io;

/// The time of day, local, at which a reminder pops up.
const ALARM_HOUR: u32 = 9;

/// The step whose reminder also comes the day before: the request, the one the notice counts to.
use crate::domain::schedule::SUBMIT;

/// Who a to-do is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The calendar file: dated steps only, as a calendar app imports them.
    Export,
    /// A to-do on a CalDAV task list: every step, under its case's to-do (RELATED-TO), with the
    /// `X-CLOSEOUT-` properties another closeout needs to rebuild the case.
    Remote,
}

/// What an export wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub todos: usize,
    pub events: usize,
    /// Cases with at least one entry.
    pub cases: usize,
}

/// Whether a case gives the calendar anything: a dated step, or a deadline while open.
pub fn has_entries(c: &CalendarCase) -> bool {
    deadline_event(c).is_some() || c.steps.iter().any(|s| s.step.due.is_some())
}

fn deadline_event(c: &CalendarCase) -> Option<NaiveDate> {
    c.case
        .deadline
        .filter(|_| c.case.status == CaseStatus::Open)
}

/// Writes the opening lines of the calendar.
pub fn start(w: &mut IcsWriter) -> io::Result<()> {
    w.begin("VCALENDAR")?;
    w.raw("VERSION", "2.0")?;
    w.text(
        "PRODID",
        concat!("-//closeout//closeout ", env!("CARGO_PKG_VERSION"), "//EN"),
    )?;
    w.raw("CALSCALE", "GREGORIAN")?;
    w.text("X-WR-CALNAME", "closeout")
}

pub fn finish(w: &mut IcsWriter) -> io::Result<()> {
    w.end("VCALENDAR")
}

/// Writes the components of one case.
pub fn case(w: &mut IcsWriter, c: &CalendarCase, written: &mut Written) -> io::Result<()> {
    if let Some(deadline) = deadline_event(c) {
        event(w, c, deadline)?;
        written.events += 1;
    }
    for s in c.steps.iter().filter(|s| s.step.due.is_some()) {
        todo(w, c, s, Purpose::Export)?;
        written.todos += 1;
    }
    Ok(())
}

fn event(w: &mut IcsWriter, c: &CalendarCase, deadline: NaiveDate) -> io::Result<()> {
    let case = &c.case;
    w.begin("VEVENT")?;
    w.text("UID", &format!("deadline-{}", case.uuid))?;
    let changed = c.updated.to_utc();
    w.utc("DTSTAMP", changed)?;
    w.utc("LAST-MODIFIED", changed)?;
    w.raw("SEQUENCE", &c.revisions.to_string())?;
    w.text(
        "SUMMARY",
        &Msg::IcsDeadline { title: &case.title }.text(case.lang),
    )?;
    case_description(w, c)?;
    // An all-day event: the end is the next day, exclusive.
    w.date("DTSTART", deadline)?;
    w.date(
        "DTEND",
        deadline.checked_add_days(Days::new(1)).unwrap_or(deadline),
    )?;
    w.raw("TRANSP", "TRANSPARENT")?;
    w.end("VEVENT")
}

/// The case's provider, number and note, when it has any.
fn case_description(w: &mut IcsWriter, c: &CalendarCase) -> io::Result<()> {
    let case = &c.case;
    let lang = case.lang;
    let mut lines = Vec::new();
    if let Some(value) = &case.provider {
        lines.push(Msg::IcsProvider { value }.text(lang));
    }
    if let Some(value) = &case.number {
        lines.push(Msg::IcsNumber { value }.text(lang));
    }
    if let Some(note) = &case.note {
        lines.push(format!("{}\n{note}", Msg::IcsNote.text(lang)));
    }
    if !lines.is_empty() {
        w.text("DESCRIPTION", &lines.join("\n"))?;
    }
    Ok(())
}

/// One calendar object for a task list: the case's own to-do (`step` None) or a step's. A case
/// that follows the departure carries the household's departure (`departure`), so that another
/// device takes the date its deadline follows along with the deadline.
pub fn remote_object(
    c: &CalendarCase,
    step: Option<&CalendarStep>,
    departure: Option<&Departure>,
) -> String {
    let mut out = Vec::new();
    let mut w = IcsWriter::new(&mut out);
    // Writing into memory cannot fail.
    let _ = start(&mut w)
        .and_then(|()| match step {
            Some(s) => todo(&mut w, c, s, Purpose::Remote),
            None => case_todo(&mut w, c, departure),
        })
        .and_then(|()| finish(&mut w));
    String::from_utf8(out).unwrap_or_default()
}

/// The case as a to-do: its deadline as DUE, done when the case is closed.
fn case_todo(w: &mut IcsWriter, c: &CalendarCase, departure: Option<&Departure>) -> io::Result<()> {
    let case = &c.case;
    w.begin("VTODO")?;
    w.text("UID", &case.uuid)?;
    let changed = c.updated.to_utc();
    w.utc("DTSTAMP", changed)?;
    w.utc("LAST-MODIFIED", changed)?;
    w.raw("SEQUENCE", &c.revisions.to_string())?;
    w.text("SUMMARY", &case.title)?;
    case_description(w, c)?;
    if let Some(deadline) = case.deadline {
        w.date("DUE", deadline)?;
    }
    match (case.status, case.closed_at) {
        (CaseStatus::Open, _) => w.raw("STATUS", "NEEDS-ACTION")?,
        (CaseStatus::Closed, closed) => {
            w.raw("STATUS", "COMPLETED")?;
            if let Some(at) = closed {
                w.utc("COMPLETED", at.to_utc())?;
            }
        }
    }
    w.text("X-CLOSEOUT-KIND", "case")?;
    w.text("X-CLOSEOUT-TEMPLATE", &case.template)?;
    w.text("X-CLOSEOUT-HOLDER", &case.holder)?;
    if let Some(provider) = &case.provider {
        w.text("X-CLOSEOUT-PROVIDER", provider)?;
    }
    if let Some(channel) = case.channel {
        w.text("X-CLOSEOUT-CHANNEL", channel.as_str())?;
    }
    if let Some(number) = &case.number {
        w.text("X-CLOSEOUT-NUMBER", number)?;
    }
    case_record(w, c)?;
    if let Some(d) = departure.filter(|_| case.follows_departure) {
        departure_record(w, d)?;
    }
    w.end("VTODO")
}

/// The rest of what another closeout needs to rebuild the case from its to-do alone: the fields
/// that the standard properties do not carry, or carry in words of the sync's language.
fn case_record(w: &mut IcsWriter, c: &CalendarCase) -> io::Result<()> {
    let case = &c.case;
    w.raw("X-CLOSEOUT-ID", &case.id.to_string())?;
    w.text("X-CLOSEOUT-TITLE", &case.title)?;
    w.raw("X-CLOSEOUT-STATUS", case.status.as_str())?;
    w.text("X-CLOSEOUT-CREATED", &case.created_at.to_rfc3339())?;
    if let Some(at) = case.closed_at {
        w.text("X-CLOSEOUT-CLOSED", &at.to_rfc3339())?;
    }
    if let Some(deadline) = case.deadline {
        w.raw("X-CLOSEOUT-DEADLINE", &deadline.to_string())?;
    }
    if case.follows_departure {
        w.raw("X-CLOSEOUT-DEADLINE-FROM", "departure")?;
    }
    if let Some(days) = case.notice_days {
        w.raw("X-CLOSEOUT-NOTICE", &days.to_string())?;
    }
    w.raw("X-CLOSEOUT-LANG", lang_name(case.lang))?;
    if let Some(note) = &case.note {
        w.text("X-CLOSEOUT-NOTE", note)?;
    }
    Ok(())
}

/// The departure: its day (`none` once cleared), and when (seconds since 1970) and on which
/// device it last changed, as `import` compares them.
fn departure_record(w: &mut IcsWriter, d: &Departure) -> io::Result<()> {
    let day = d
        .day
        .map_or_else(|| "none".to_string(), |day| day.to_string());
    w.raw("X-CLOSEOUT-DEPARTURE", &day)?;
    w.raw("X-CLOSEOUT-DEPARTURE-AT", &d.stamp.at.to_string())?;
    w.text("X-CLOSEOUT-DEPARTURE-DEVICE", &d.stamp.device)
}

/// A language as closeout's files name it.
fn lang_name(lang: crate::i18n::Lang) -> &'static str {
    match lang {
        crate::i18n::Lang::En => "en",
        crate::i18n::Lang::Zh => "zh",
    }
}

fn todo(w: &mut IcsWriter, c: &CalendarCase, s: &CalendarStep, purpose: Purpose) -> io::Result<()> {
    let step = &s.step;
    let due = step.due;
    if due.is_none() && purpose == Purpose::Export {
        return Ok(());
    }
    let summary = format!("{}: {}", c.case.title, step.title);
    w.begin("VTODO")?;
    w.text("UID", &step.uuid)?;
    // The case's title is in the summary: a change to the case changes the to-do too.
    let changed = s.updated.max(c.updated).to_utc();
    w.utc("DTSTAMP", changed)?;
    w.utc("LAST-MODIFIED", changed)?;
    w.raw("SEQUENCE", &(s.revisions + c.revisions).to_string())?;
    w.text("SUMMARY", &summary)?;
    let description = match (step.how.trim(), step.note.as_deref()) {
        ("", None) => String::new(),
        (how, None) => how.to_string(),
        ("", Some(note)) => format!("{}\n{note}", Msg::IcsNote.text(c.case.lang)),
        (how, Some(note)) => format!("{how}\n\n{}\n{note}", Msg::IcsNote.text(c.case.lang)),
    };
    if !description.is_empty() {
        w.text("DESCRIPTION", &description)?;
    }
    if let Some(due) = due {
        w.date("DUE", due)?;
    }
    let open = c.case.status == CaseStatus::Open;
    match step.status {
        StepStatus::Pending if open => w.raw("STATUS", "NEEDS-ACTION")?,
        StepStatus::Done => {
            w.raw("STATUS", "COMPLETED")?;
            if let Some(day) = step.done_at {
                w.utc("COMPLETED", completed(day, s.done_recorded))?;
            }
        }
        // Skipped, or left pending when the case was closed: nothing more to do.
        _ => w.raw("STATUS", "CANCELLED")?,
    }
    if purpose == Purpose::Remote {
        step_origin(w, c, step)?;
    }
    if let (StepStatus::Pending, true, Some(due)) = (step.status, open, due) {
        alarm(w, &summary, due)?;
        if step.key == SUBMIT
            && let Some(eve) = due.checked_sub_days(Days::new(1))
        {
            let said = Msg::IcsTomorrow { summary: &summary };
            alarm(w, &said.text(c.case.lang), eve)?;
        }
    }
    w.end("VTODO")
}

/// Where a step belongs and what drives its date, for a task list.
fn step_origin(
    w: &mut IcsWriter,
    c: &CalendarCase,
    step: &crate::domain::model::Step,
) -> io::Result<()> {
    w.text("RELATED-TO", &c.case.uuid)?;
    w.text("X-CLOSEOUT-KIND", "step")?;
    w.text("X-CLOSEOUT-KEY", &step.key)?;
    w.text("X-CLOSEOUT-TITLE", &step.title)?;
    w.raw("X-CLOSEOUT-POSITION", &step.position.to_string())?;
    match &step.rule {
        Some(Rule::BeforeDeadline { days }) => {
            w.text("X-CLOSEOUT-RULE", &format!("before-deadline {days}"))?
        }
        Some(Rule::AfterStep { key, days }) => {
            w.text("X-CLOSEOUT-RULE", &format!("after {key} {days}"))?
        }
        None => {}
    }
    if step.due_manual {
        w.raw("X-CLOSEOUT-DUE-SET-BY-HAND", "TRUE")?;
    }
    // The step's own status and dates as closeout holds them: STATUS, DUE and COMPLETED say them
    // to task apps (a pending step of a closed case is cancelled there), and a difference between
    // the two is what an app changed.
    w.raw("X-CLOSEOUT-STATUS", step.status.as_str())?;
    if c.case.status == CaseStatus::Closed {
        w.raw("X-CLOSEOUT-CASE-STATUS", CaseStatus::Closed.as_str())?;
    }
    if let Some(day) = step.done_at {
        w.raw("X-CLOSEOUT-DONE", &day.to_string())?;
    }
    if let Some(due) = step.due {
        w.raw("X-CLOSEOUT-DUE", &due.to_string())?;
    }
    if !step.how.is_empty() {
        w.text("X-CLOSEOUT-HOW", &step.how)?;
    }
    if let Some(note) = &step.note {
        w.text("X-CLOSEOUT-NOTE", note)?;
    }
    if step.abroad {
        w.raw("X-CLOSEOUT-ABROAD", "TRUE")?;
    }
    Ok(())
}

fn alarm(w: &mut IcsWriter, description: &str, day: NaiveDate) -> io::Result<()> {
    w.begin("VALARM")?;
    w.raw("ACTION", "DISPLAY")?;
    w.text("DESCRIPTION", description)?;
    // An absolute trigger must be in UTC (RFC 5545, 3.8.6.3): 09:00 in this machine's zone.
    w.utc("TRIGGER;VALUE=DATE-TIME", local_to_utc(day, ALARM_HOUR))?;
    w.end("VALARM")
}

/// When a done step was completed: the moment it was marked done, when that was on the day it
/// names; otherwise (`done --date` for another day) that day's local noon.
fn completed(day: NaiveDate, recorded: Option<DateTime<chrono::FixedOffset>>) -> DateTime<Utc> {
    match recorded {
        Some(at) if at.with_timezone(&Local).date_naive() == day => at.to_utc(),
        _ => local_to_utc(day, 12),
    }
}

/// `hour`:00 local time on `day`, in UTC. In the rare hour a clock change skips, the same hour
/// read as UTC.
fn local_to_utc(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    let naive = NaiveDateTime::new(
        day,
        NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN),
    );
    Local
        .from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| naive.and_utc(), |t| t.to_utc())
}
