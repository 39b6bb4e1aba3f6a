//! `calendar [MONTH]`: the month as a grid like `cal`, with the days that have steps due or a
//! deadline marked, and what falls on them listed below.

use super::Ctx;
use crate::domain::date::iso;
use crate::domain::month::{self, MonthSpec};
use crate::error::Failure;
use crate::msg::Msg;
use crate::render::json;
use crate::render::month::{Day, DayDeadline, DayStep, NAMED_PER_DAY, grid, legend, mark};
use crate::store::Access;
use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

#[derive(Serialize)]
struct MonthJson {
    month: String,
    days: Vec<Day>,
}

pub fn run(month: Option<MonthSpec>, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let today = ctx.now.today;
    let (first, last) = month::first_day(month, today)
        .and_then(|f| Some((f, month::last_day(f)?)))
        .ok_or_else(|| Failure::Usage(Msg::MonthOutside.to_string()))?;
    let mut days: BTreeMap<NaiveDate, Day> = BTreeMap::new();
    let mut counts: BTreeMap<NaiveDate, (usize, usize)> = BTreeMap::new();
    let mut store = ctx.open(Access::Read)?;
    store.read(|tx| {
        tx.due_between(first, last, |item| {
            let count = counts.entry(item.day).or_default();
            let day = days.entry(item.day).or_default();
            match item.step {
                Some((position, key)) => {
                    count.0 += 1;
                    // One more than a line names: a last one is named rather than counted.
                    if ctx.json || day.steps.len() <= NAMED_PER_DAY {
                        day.steps.push(DayStep {
                            case: item.case_id,
                            case_title: item.case_title.to_string(),
                            position,
                            key: key.to_string(),
                        });
                    }
                }
                None => {
                    count.1 += 1;
                    day.deadlines.push(DayDeadline {
                        case: item.case_id,
                        title: item.case_title.to_string(),
                    });
                }
            }
            Ok(())
        })
    })?;
    if ctx.json {
        return json::write(
            out,
            &MonthJson {
                month: format!("{:04}-{:02}", first.year(), first.month()),
                days: days
                    .into_iter()
                    .map(|(date, mut d)| {
                        d.date = iso(date);
                        d
                    })
                    .collect(),
            },
        );
    }
    let marker = |date: NaiveDate| match counts.get(&date) {
        Some(&(steps, deadlines)) => mark(date, today, steps, deadlines),
        None => ' ',
    };
    grid(out, first, marker)?;
    legend(out, &days, &counts, today, ctx.view().width)
}
