//! Human output: the checklist of a case, the `list` and `pending` tables, the history.

use super::table::{Columns, Table};
use crate::domain::date::iso;
use crate::domain::model::{CaseStatus, CaseWithSteps, StepStatus};
use crate::domain::schedule::waiting_on;
use crate::store::{Event, ListRow, PendingRow};
use anyhow::Result;
use chrono::NaiveDate;
use std::io::Write;

pub fn mark(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Done => "[x]",
        StepStatus::Pending => "[ ]",
        StepStatus::Skipped => "[-]",
    }
}

/// A small progress bar: `###---` for 3 finished of 6, always six cells wide.
pub fn bar(done: i64, total: i64) -> String {
    const CELLS: i64 = 6;
    let filled = if total <= 0 {
        0
    } else {
        (done * CELLS + total / 2) / total
    };
    let filled = filled.clamp(0, CELLS) as usize;
    format!(
        "{}{}",
        "#".repeat(filled),
        "-".repeat(CELLS as usize - filled)
    )
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(iso).unwrap_or_default()
}

/// "3 days late", "due today", "in 5 days".
pub fn when(due: NaiveDate, today: NaiveDate) -> String {
    let days = (due - today).num_days();
    match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        -1 => "1 day late".to_string(),
        d if d < 0 => format!("{} days late", -d),
        d => format!("in {d} days"),
    }
}

/// The flag beside a pending step's due date.
fn flag(due: Option<NaiveDate>, today: NaiveDate) -> &'static str {
    match due {
        Some(d) if d < today => "overdue",
        Some(d) if d == today => "today",
        _ => "",
    }
}

pub fn case(out: &mut dyn Write, cs: &CaseWithSteps, today: NaiveDate) -> Result<()> {
    let c = &cs.case;
    let status = match c.status {
        CaseStatus::Open => "open",
        CaseStatus::Closed => "closed",
    };
    writeln!(out, "#{} {}  ({status})", c.id, c.title)?;
    let mut field = |name: &str, value: Option<String>| -> Result<()> {
        if let Some(v) = value {
            let mut lines = v.lines();
            writeln!(out, "  {name:<9} {}", lines.next().unwrap_or_default())?;
            for more in lines {
                writeln!(out, "  {:<9} {more}", "")?;
            }
        }
        Ok(())
    };
    field("provider", c.provider.clone())?;
    field("channel", c.channel.map(|ch| ch.to_string()))?;
    field("holder", Some(c.holder.clone()))?;
    field("number", c.number.clone())?;
    field(
        "deadline",
        c.deadline.map(|d| format!("{d} ({})", when(d, today))),
    )?;
    field("template", Some(c.template.clone()))?;
    field(
        "created",
        Some(c.created_at.format("%Y-%m-%d %H:%M").to_string()),
    )?;
    field(
        "closed",
        c.closed_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string()),
    )?;
    field("note", c.note.clone())?;
    writeln!(out)?;
    checklist(out, cs, today)?;
    writeln!(
        out,
        "\n{} of {} steps finished",
        cs.finished(),
        cs.steps.len()
    )?;
    Ok(())
}

/// The steps of a case as a table, with the how-to of each pending step and any note beneath it.
pub fn checklist(out: &mut dyn Write, cs: &CaseWithSteps, today: NaiveDate) -> Result<()> {
    let mut table = Table::new(&["#", "", "step", "title", "due", "done", ""], &[0]);
    for s in &cs.steps {
        let pending = s.status == StepStatus::Pending;
        let due = match (s.due, pending.then(|| waiting_on(s)).flatten()) {
            (Some(d), _) => day(Some(d)),
            (None, Some(why)) => format!("({why})"),
            (None, None) => String::new(),
        };
        let mut flags = Vec::new();
        if pending && !flag(s.due, today).is_empty() {
            flags.push(flag(s.due, today));
        }
        if s.due_manual && s.due.is_some() {
            flags.push("set by hand");
        }
        table.row(&[
            s.position.to_string().as_str(),
            mark(s.status),
            &s.key,
            &s.title,
            &due,
            &day(s.done_at),
            &flags.join(", "),
        ]);
    }
    let mut lines = table.lines();
    if let Some(header) = lines.next() {
        writeln!(out, "{header}")?;
    }
    for (line, s) in lines.zip(&cs.steps) {
        writeln!(out, "{line}")?;
        if s.status == StepStatus::Pending && !s.how.is_empty() {
            writeln!(out, "       {}", s.how)?;
        }
        for note in s.note.iter().flat_map(|n| n.lines()) {
            writeln!(out, "       note: {note}")?;
        }
    }
    Ok(())
}

pub struct ListTable {
    table: Table,
}

impl Default for ListTable {
    fn default() -> Self {
        Self::new()
    }
}

impl ListTable {
    pub fn new() -> Self {
        ListTable {
            table: Table::new(
                &[
                    "id", "title", "holder", "progress", "next", "due", "deadline",
                ],
                &[0],
            ),
        }
    }

    pub fn row(&mut self, r: &ListRow) {
        let (next, due) = match (&r.next, r.status) {
            (_, CaseStatus::Closed) => ("(closed)".to_string(), String::new()),
            (Some(s), _) => (format!("{} {}", s.position, s.key), day(s.due)),
            (None, _) => (String::new(), String::new()),
        };
        self.table.row(&[
            r.id.to_string().as_str(),
            &r.title,
            &r.holder,
            &format!("{} {}/{}", bar(r.done, r.total), r.done, r.total),
            &next,
            &due,
            &day(r.deadline),
        ]);
    }

    pub fn finish(self, out: &mut dyn Write, all: bool) -> Result<()> {
        if self.table.is_empty() {
            let hint = if all {
                "no cases yet; start one with: closeout add Proximus --deadline +3w"
            } else {
                "no open cases; `closeout list --all` shows closed ones, `closeout add TITLE` starts one"
            };
            writeln!(out, "{hint}")?;
            return Ok(());
        }
        for line in self.table.lines() {
            writeln!(out, "{line}")?;
        }
        Ok(())
    }
}

/// The `pending` table, printed in two passes over the rows (measure, then print) so that a list
/// of any length takes no memory.
pub struct PendingTable {
    columns: Columns,
    today: NaiveDate,
    rows: usize,
}

impl PendingTable {
    pub fn new(today: NaiveDate) -> Self {
        PendingTable {
            columns: Columns::new(&["case", "title", "#", "step", "", "due", ""], &[0, 2]),
            today,
            rows: 0,
        }
    }

    fn cells<'r>(&self, r: &PendingRow<'r>) -> [std::borrow::Cow<'r, str>; 7] {
        let flag = match r.due {
            Some(d) if d <= self.today => when(d, self.today),
            _ => String::new(),
        };
        [
            r.case_id.to_string().into(),
            r.case_title.into(),
            r.position.to_string().into(),
            r.key.into(),
            r.title.into(),
            day(r.due).into(),
            flag.into(),
        ]
    }

    /// First pass: widen the columns to fit a row.
    pub fn measure(&mut self, r: &PendingRow) {
        let cells = self.cells(r);
        self.columns.measure(&cells);
        self.rows += 1;
    }

    /// Between the passes: the header, or the empty state. False when there is nothing to print.
    pub fn start(&self, out: &mut dyn Write) -> Result<bool> {
        if self.rows == 0 {
            writeln!(out, "nothing pending")?;
            return Ok(false);
        }
        writeln!(out, "{}", self.columns.header_line())?;
        Ok(true)
    }

    /// Second pass: print a row.
    pub fn print(&self, out: &mut dyn Write, r: &PendingRow) -> Result<()> {
        writeln!(out, "{}", self.columns.line(&self.cells(r)))?;
        Ok(())
    }
}

/// One line of history: "2026-11-30 09:00  #1  step 'unbind' done".
pub fn event(out: &mut dyn Write, e: &Event) -> Result<()> {
    let step = e.step_key.as_deref().unwrap_or("");
    let field = |v: &Option<serde_json::Value>, name: &str| -> String {
        v.as_ref()
            .and_then(|v| v.get(name))
            .map(|x| match x {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => "none".to_string(),
                other => other.to_string(),
            })
            .unwrap_or_else(|| "none".to_string())
    };
    let what = match e.kind.as_str() {
        "case.add" => format!("case created: {}", field(&e.after, "title")),
        "case.close" => "case closed".to_string(),
        "case.reopen" => "case reopened".to_string(),
        "case.delete" => format!("case deleted: {}", field(&e.before, "title")),
        "case.note" => "case note added".to_string(),
        "step.done" => format!("step '{step}' done on {}", field(&e.after, "done_at")),
        "step.skip" => format!("step '{step}' skipped"),
        "step.reopen" => format!("step '{step}' reopened"),
        "step.due" => format!(
            "step '{step}' due {} (was {})",
            field(&e.after, "due"),
            field(&e.before, "due")
        ),
        "step.note" => format!("step '{step}' note added"),
        "step.add" => format!("step '{step}' added"),
        "step.import" => format!("step '{step}' changed in Taskwarrior"),
        other => other.to_string(),
    };
    writeln!(
        out,
        "{}  #{:<4} {what}",
        e.at.format("%Y-%m-%d %H:%M"),
        e.case_id
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_rounds_to_six_cells() {
        assert_eq!(bar(0, 6), "------");
        assert_eq!(bar(3, 6), "###---");
        assert_eq!(bar(6, 6), "######");
        assert_eq!(bar(1, 3), "##----");
        assert_eq!(bar(0, 0), "------");
    }

    #[test]
    fn when_says_late_today_or_ahead() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(when(d("2026-11-27"), d("2026-11-30")), "3 days late");
        assert_eq!(when(d("2026-11-29"), d("2026-11-30")), "1 day late");
        assert_eq!(when(d("2026-11-30"), d("2026-11-30")), "today");
        assert_eq!(when(d("2026-12-01"), d("2026-11-30")), "tomorrow");
        assert_eq!(when(d("2026-12-05"), d("2026-11-30")), "in 5 days");
    }
}
