//! `closeout` alone: open cases with their progress, what is overdue or due today, the next
//! deadline; or, before the first case, how to start.

use super::Ctx;
use crate::domain::date::iso;
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
}

#[derive(Serialize)]
struct DashboardJson {
    cases: Vec<Value>,
    overdue: Vec<Value>,
    today: Vec<Value>,
    next_deadline: Option<Deadline>,
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
        let mut next: Option<(NaiveDate, i64, String)> = None;
        tx.list_rows(&open, |row| {
            let sooner = |d: &NaiveDate| next.as_ref().is_none_or(|(n, _, _)| d < n);
            if let Some(d) = row.deadline.filter(|d| *d >= today && sooner(d)) {
                next = Some((d, row.id, row.title.clone()));
            }
            if ctx.json {
                cases.push(serde_json::to_value(json::ListJson::from(&row))?);
            } else {
                table.row(&row);
            }
            Ok(())
        })?;
        let mut overdue = Vec::new();
        let mut due_today = Vec::new();
        let mut late_table = human::DueTable::new(&ctx.view());
        let mut today_table = human::DueTable::new(&ctx.view());
        tx.pending_rows(&due_now, |row| {
            let late = row.due.is_some_and(|d| d < today);
            if ctx.json {
                let value = serde_json::to_value(json::PendingJson::new(&row, today))?;
                if late { &mut overdue } else { &mut due_today }.push(value);
            } else if late {
                late_table.row(&row);
            } else {
                today_table.row(&row);
            }
            Ok(())
        })?;
        if ctx.json {
            let next_deadline = next.map(|(d, case, title)| Deadline {
                case,
                title,
                deadline: iso(d),
            });
            return json::write(
                out,
                &DashboardJson {
                    cases,
                    overdue,
                    today: due_today,
                    next_deadline,
                },
            );
        }
        if table.is_empty() {
            wrap::write(out, &Msg::StartGuide.to_string(), ctx.view().width)?;
            return Ok(());
        }
        writeln!(out, "{}", Msg::OpenCases)?;
        table.finish(out, false)?;
        for (title, table) in [(Msg::Overdue, late_table), (Msg::DueToday, today_table)] {
            if !table.is_empty() {
                writeln!(out, "\n{title}")?;
                table.finish(out)?;
            }
        }
        if let Some((d, case, title)) = next {
            let said = Msg::NextDeadline {
                day: &iso(d),
                case,
                title: &title,
                when: &human::when(d, today),
            };
            writeln!(out)?;
            wrap::write(out, &said.to_string(), ctx.view().width)?;
        }
        Ok(())
    })
}
