//! The month as `calendar` draws it: a grid like `cal` with the marked days, and what falls on
//! each day listed below, wrapped to the terminal.

use super::wrap;
use crate::domain::date::iso;
use crate::domain::month;
use crate::domain::remind::is_overdue;
use crate::msg::Msg;
use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// How many things a day's line names before it only counts the rest (see `steps_named`).
pub const NAMED_PER_DAY: usize = 3;

/// What falls on one day: its steps (the first few, unless every one is wanted) and deadlines.
#[derive(Default, Serialize)]
pub struct Day {
    pub date: String,
    pub steps: Vec<DayStep>,
    pub deadlines: Vec<DayDeadline>,
}

#[derive(Serialize)]
pub struct DayStep {
    pub case: i64,
    pub case_title: String,
    pub position: i64,
    pub key: String,
}

#[derive(Serialize)]
pub struct DayDeadline {
    pub case: i64,
    pub title: String,
}

pub fn grid(
    out: &mut dyn Write,
    first: NaiveDate,
    marker: impl Fn(NaiveDate) -> char,
) -> Result<()> {
    let months = Msg::MonthNames.to_string();
    let name = months
        .split(' ')
        .nth(first.month0() as usize)
        .unwrap_or_default();
    let title = Msg::MonthTitle {
        name,
        year: first.year(),
    }
    .to_string();
    let weekdays = Msg::WeekdayNames.to_string();
    let names: Vec<&str> = weekdays.split(' ').collect();
    let width: usize = 7 * 4 - 1;
    let title_width = super::table::width(&title);
    writeln!(
        out,
        "{}{title}",
        " ".repeat(width.saturating_sub(title_width) / 2)
    )?;
    let header: Vec<String> = names
        .iter()
        .map(|n| format!("{}{n}", " ".repeat(2 - super::table::width(n).min(2))))
        .collect();
    writeln!(out, "{}", header.join("  "))?;
    for week in month::weeks(first) {
        let cells: Vec<String> = week
            .iter()
            .map(|d| match d {
                Some(d) => format!("{:>2}{}", d.day(), marker(*d)),
                None => "   ".to_string(),
            })
            .collect();
        writeln!(out, "{}", cells.join(" ").trim_end())?;
    }
    Ok(())
}

/// A day's mark, the rule `remind` follows too: anything on a day before today is overdue (`!`),
/// a deadline that is still ahead is `D`, steps still ahead `*`.
pub fn mark(date: NaiveDate, today: NaiveDate, steps: usize, deadlines: usize) -> char {
    match (steps, deadlines) {
        (0, 0) => ' ',
        _ if is_overdue(date, today) => '!',
        (_, 0) => '*',
        _ => 'D',
    }
}

pub fn legend(
    out: &mut dyn Write,
    days: &BTreeMap<NaiveDate, Day>,
    counts: &BTreeMap<NaiveDate, (usize, usize)>,
    today: NaiveDate,
    width: Option<usize>,
) -> Result<()> {
    writeln!(out)?;
    wrap::write(out, &Msg::CalendarLegend.to_string(), width)?;
    // What falls on a day wraps under itself, after the date and its mark.
    const HANG: &str = "              ";
    for (date, day) in days {
        let mut parts: Vec<String> = day
            .deadlines
            .iter()
            .map(|d| {
                Msg::CalendarDeadline {
                    case: d.case,
                    title: &d.title,
                }
                .to_string()
            })
            .collect();
        let steps = counts.get(date).map_or(0, |c| c.0);
        let named = steps_named(day.deadlines.len(), steps);
        parts.extend(day.steps.iter().take(named).map(|s| {
            Msg::CalendarStep {
                case: s.case,
                title: &s.case_title,
                key: &s.key,
            }
            .to_string()
        }));
        let more = steps.saturating_sub(named);
        if more > 0 {
            parts.push(Msg::CalendarMore { count: more }.to_string());
        }
        let mark = mark(*date, today, steps, day.deadlines.len());
        let lead = format!("{} {mark}  ", iso(*date));
        for line in wrap::fill(&parts.join(&Msg::Semicolon.to_string()), width, &lead, HANG) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// How many of a day's `steps` its line names, after its `deadlines`: every deadline is named,
/// then steps up to `NAMED_PER_DAY` things in all, and the rest counted; a single step left over
/// is named rather than counted, since "1 more" takes as much room as naming it.
fn steps_named(deadlines: usize, steps: usize) -> usize {
    let room = NAMED_PER_DAY.saturating_sub(deadlines);
    if steps <= room + 1 { steps } else { room }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_names_three_things_and_never_counts_just_one() {
        // (deadlines, steps) -> steps named
        for (deadlines, steps, named) in [
            (0, 3, 3),
            (0, 4, 4),
            (0, 5, 3),
            (1, 2, 2),
            (1, 3, 3),
            (1, 4, 2),
            (2, 2, 2),
            (2, 3, 1),
            (3, 1, 1),
            (3, 2, 0),
            (5, 1, 1),
            (5, 3, 0),
        ] {
            assert_eq!(steps_named(deadlines, steps), named, "{deadlines} {steps}");
            assert_ne!(steps - steps_named(deadlines, steps), 1);
        }
    }
}
