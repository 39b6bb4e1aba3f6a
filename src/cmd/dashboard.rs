//! `closeout` alone: open cases with their progress, what is overdue or due today, the next
//! deadline; or, before the first case, how to start.

use super::Ctx;
use crate::domain::date::iso;
use crate::domain::remind::is_overdue;
use crate::domain::view::PendingRow;
use crate::msg::Msg;
use crate::render::human::{self, ListTable};
use crate::render::json;
use crate::render::wrap;
use crate::store::{Access, ListFilter, PendingFilter};
use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use std::io::Write;

#[derive(Serialize)]
struct Deadline {
    case: i64,
    title: String,
    deadline: String,
    /// Every case whose deadline falls on that day, the one above first.
    cases: Vec<DeadlineCase>,
}

#[derive(Serialize)]
struct DeadlineCase {
    case: i64,
    title: String,
}

/// An open case's deadline that is today or has passed, as `remind` counts it.
#[derive(Serialize)]
struct DueDeadline {
    case: i64,
    title: String,
    deadline: String,
    overdue: bool,
}

#[derive(Serialize)]
struct DashboardJson {
    cases: Vec<Value>,
    overdue: Vec<Value>,
    today: Vec<Value>,
    deadlines: Vec<DueDeadline>,
    next_deadline: Option<Deadline>,
    /// The household's departure date, or null.
    departure: Option<String>,
    /// Steps to do before leaving that the deadline no longer leaves room for.
    late_for_deadline: Vec<Value>,
}

/// What is overdue or due today, as JSON values or as the two tables.
struct DueNow<'c> {
    ctx: &'c Ctx,
    overdue: Vec<Value>,
    today: Vec<Value>,
    deadlines: Vec<DueDeadline>,
    /// Overdue, due today and (added after) no room before the deadline: one table, so that the
    /// sections' rows line up and fit alike.
    table: human::DueTable,
    /// Whether the section the rows are in is the overdue one.
    late_section: Option<bool>,
}

impl<'c> DueNow<'c> {
    fn new(ctx: &'c Ctx) -> Self {
        DueNow {
            ctx,
            overdue: Vec::new(),
            today: Vec::new(),
            deadlines: Vec::new(),
            table: human::DueTable::new(&ctx.view()),
            late_section: None,
        }
    }

    /// Starts the overdue or the due-today section unless the rows are already in it.
    fn section(&mut self, late: bool) {
        if self.late_section != Some(late) {
            let heading = if late { Msg::Overdue } else { Msg::DueToday };
            self.table.section(&heading.to_string());
            self.late_section = Some(late);
        }
    }

    fn step(&mut self, row: &PendingRow) -> Result<()> {
        let today = self.ctx.now.today;
        let late = row.due.is_some_and(|d| is_overdue(d, today));
        if self.ctx.json {
            let value = serde_json::to_value(json::PendingJson::new(row, today))?;
            if late {
                &mut self.overdue
            } else {
                &mut self.today
            }
            .push(value);
        } else {
            self.section(late);
            self.table.row(row);
        }
        Ok(())
    }

    fn deadline(&mut self, (d, id, title): &(NaiveDate, i64, String)) {
        let late = is_overdue(*d, self.ctx.now.today);
        if self.ctx.json {
            self.deadlines.push(DueDeadline {
                case: *id,
                title: title.clone(),
                deadline: iso(*d),
                overdue: late,
            });
        } else {
            self.section(late);
            self.table.deadline(*id, title, *d);
        }
    }
}

/// The deadline the dashboard names as next: the nearest from today on, or, when every one has
/// passed, the one missed last (the case is still open, so it is still the one to meet). Every
/// case sharing that day comes with it, by id.
fn next_deadline(
    deadlines: &[(NaiveDate, i64, String)],
    today: NaiveDate,
) -> Option<(NaiveDate, Vec<(i64, String)>)> {
    let ahead = deadlines.iter().map(|d| d.0).filter(|d| *d >= today).min();
    let day = ahead.or_else(|| deadlines.iter().map(|d| d.0).max())?;
    let cases = deadlines
        .iter()
        .filter(|d| d.0 == day)
        .map(|(_, id, title)| (*id, title.clone()))
        .collect();
    Some((day, cases))
}

pub fn run(ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let today = ctx.now.today;
    let mut store = ctx.open(Access::Read)?;
    let open = ListFilter {
        all: false,
        holder: None,
    };
    let due_now = PendingFilter {
        holder: None,
        case_id: None,
        before: Some(today),
    };
    store.read(|tx| {
        let mut table = ListTable::new(&ctx.view());
        let mut cases = Vec::new();
        // Every open case's deadline, soonest first (ties by id).
        let mut deadlines: Vec<(NaiveDate, i64, String)> = Vec::new();
        tx.list_rows(&open, |row| {
            if let Some(d) = row.deadline {
                deadlines.push((d, row.id, row.title.clone()));
            }
            if ctx.json {
                cases.push(serde_json::to_value(json::ListJson::from(&row))?);
            } else {
                table.row(&row);
            }
            Ok(())
        })?;
        deadlines.sort();
        // Deadlines today or past join the steps, as in `remind`: a step before its case's
        // deadline on the same day.
        let mut due_deadlines = deadlines.iter().filter(|d| d.0 <= today).peekable();
        let mut due = DueNow::new(ctx);
        tx.pending_rows(&due_now, |row| {
            while let Some(d) = due_deadlines.next_if(|d| row.due.is_some_and(|due| d.0 < due)) {
                due.deadline(d);
            }
            due.step(&row)
        })?;
        due_deadlines.for_each(|d| due.deadline(d));
        let DueNow {
            overdue,
            today: due_today,
            deadlines: json_deadlines,
            table: mut due_table,
            ..
        } = due;
        let next = next_deadline(&deadlines, today);
        let departure = tx.departure()?;
        let squeezed = super::squeezed_steps(tx, None, today)?;
        if ctx.json {
            let next_deadline = next.map(|(d, cases)| Deadline {
                case: cases[0].0,
                title: cases[0].1.clone(),
                deadline: iso(d),
                cases: cases
                    .into_iter()
                    .map(|(case, title)| DeadlineCase { case, title })
                    .collect(),
            });
            return json::write(
                out,
                &DashboardJson {
                    cases,
                    overdue,
                    today: due_today,
                    deadlines: json_deadlines,
                    next_deadline,
                    departure: departure.map(iso),
                    late_for_deadline: super::squeezed_json(&squeezed, today),
                },
            );
        }
        if let Some(d) = departure {
            let said = Msg::DashboardDeparture {
                day: &iso(d),
                when: &human::when(d, today),
            };
            writeln!(out, "{said}\n")?;
        }
        if table.is_empty() {
            wrap::write(out, &Msg::StartGuide.to_string(), ctx.view().width)?;
            return Ok(());
        }
        writeln!(out, "{}", Msg::OpenCases)?;
        table.finish(out, false)?;
        if !squeezed.is_empty() {
            due_table.section(&Msg::HeadingSqueezed.to_string());
            super::squeezed_rows(&squeezed).for_each(|row| due_table.row(&row));
        }
        due_table.finish(out)?;
        if let Some((d, cases)) = next {
            let names: Vec<String> = cases
                .iter()
                .map(|(id, title)| format!("#{id} {title}"))
                .collect();
            let said = Msg::NextDeadline {
                day: &iso(d),
                cases: &names.join(&Msg::Listed.to_string()),
                when: &human::when(d, today),
            };
            writeln!(out)?;
            wrap::write(out, &said.to_string(), ctx.view().width)?;
        }
        Ok(())
    })
}
