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

/// The open cases' deadlines the dashboard shows, gathered case by case without keeping the
/// others: those today or past (they join the steps, as in `remind`), and the nearest from today
/// on with every case sharing its day. At 100,000 steps every open case has a deadline, and
/// keeping each with its title took more memory than the rest of the dashboard.
#[derive(Default)]
struct Deadlines {
    /// Today or past, in the order added until `finish` sorts them.
    due: Vec<DueOn>,
    /// The nearest deadline from today on, and its cases.
    ahead: Option<Next>,
}

/// A case's deadline: the day, the case's id and title.
type DueOn = (NaiveDate, i64, String);

/// The deadline named as next: its day, and each case (id, title) whose deadline it is.
type Next = (NaiveDate, Vec<(i64, String)>);

impl Deadlines {
    fn add(&mut self, day: NaiveDate, id: i64, title: &str, today: NaiveDate) {
        if day <= today {
            self.due.push((day, id, title.to_string()));
        }
        if day >= today {
            match &mut self.ahead {
                Some((next, cases)) if *next == day => cases.push((id, title.to_string())),
                Some((next, _)) if *next < day => {}
                _ => self.ahead = Some((day, vec![(id, title.to_string())])),
            }
        }
    }

    /// The deadlines today or past, soonest first (ties by id), and the one to name as next:
    /// the nearest from today on, or, when every one has passed, the one missed last (the case
    /// is still open, so it is still the one to meet). Every case sharing that day comes with
    /// it, by id.
    fn finish(mut self) -> (Vec<DueOn>, Option<Next>) {
        self.due.sort();
        let next = match self.ahead {
            Some((day, mut cases)) => {
                cases.sort();
                Some((day, cases))
            }
            None => self.due.last().map(|&(day, _, _)| {
                let cases = self
                    .due
                    .iter()
                    .filter(|d| d.0 == day)
                    .map(|(_, id, title)| (*id, title.clone()))
                    .collect();
                (day, cases)
            }),
        };
        (self.due, next)
    }
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
        // First, while nothing else is held: planning the flagged cases loads all their steps.
        let squeezed = super::squeezed_steps(tx, None, today)?;
        let mut table = ListTable::new(&ctx.view());
        let mut cases = Vec::new();
        let mut deadlines = Deadlines::default();
        tx.list_rows(&open, |row| {
            if let Some(d) = row.deadline {
                deadlines.add(d, row.id, &row.title, today);
            }
            if ctx.json {
                cases.push(serde_json::to_value(json::ListJson::from(&row))?);
            } else {
                table.row(&row);
            }
            Ok(())
        })?;
        let (due_deadlines, next) = deadlines.finish();
        // Deadlines today or past join the steps, as in `remind`: a step before its case's
        // deadline on the same day.
        let mut due_deadlines = due_deadlines.iter().peekable();
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
        let departure = tx.departure()?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).expect("day") + chrono::Duration::days(n)
    }

    /// What the dashboard named when it kept every deadline: all of them sorted, those up to
    /// today, and the nearest from today on or else the last one.
    fn keeping_all(all: &[DueOn], today: NaiveDate) -> (Vec<DueOn>, Option<Next>) {
        let mut all = all.to_vec();
        all.sort();
        let due = all.iter().filter(|d| d.0 <= today).cloned().collect();
        let ahead = all.iter().map(|d| d.0).filter(|d| *d >= today).min();
        let next = ahead.or_else(|| all.iter().map(|d| d.0).max()).map(|next| {
            let cases = all
                .iter()
                .filter(|d| d.0 == next)
                .map(|(_, id, title)| (*id, title.clone()))
                .collect();
            (next, cases)
        });
        (due, next)
    }

    #[test]
    fn the_deadlines_kept_give_what_keeping_all_of_them_gave() {
        let today = day(0);
        // Offsets from today of case 1, 2, …: past only, today, ties ahead, out of order.
        let sets: [&[i64]; 7] = [
            &[],
            &[-3, -1, -7, -1],
            &[0],
            &[5, -2, 0, 3, 3, -2],
            &[9, 4, 4, 12, 4],
            &[1, -1, 1, 0, 0, 2],
            &[-5, 30, 30, -5, 29],
        ];
        for offsets in sets {
            let all: Vec<DueOn> = offsets
                .iter()
                .enumerate()
                .map(|(i, n)| (day(*n), i as i64 + 1, format!("case {}", i + 1)))
                .collect();
            let mut kept = Deadlines::default();
            for (d, id, title) in &all {
                kept.add(*d, *id, title, today);
            }
            assert_eq!(kept.finish(), keeping_all(&all, today), "{offsets:?}");
        }
    }

    #[test]
    fn only_the_deadlines_shown_are_kept() {
        let today = day(0);
        let mut kept = Deadlines::default();
        for id in 1..=1000 {
            kept.add(day(10 + id % 50), id, "a title", today);
        }
        kept.add(day(-1), 1001, "past", today);
        assert_eq!(kept.due.len(), 1);
        let (day_ahead, cases) = kept.ahead.as_ref().expect("ahead");
        assert_eq!(*day_ahead, day(10));
        assert_eq!(cases.len(), 20);
    }
}
