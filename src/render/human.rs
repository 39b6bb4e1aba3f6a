//! Human output: the checklist of a case, the `list` and `pending` tables, the history.

use super::inert::inert;
use super::table::{Columns, NumberMap, Table, Texts, width};
use super::wrap;
use super::{Tone, View};
use crate::domain::change::{HOUSEHOLD, Kind};
use crate::domain::date::iso;
use crate::domain::model::{CaseStatus, CaseWithSteps, StepStatus};
use crate::domain::remind::Group;
use crate::domain::schedule::{Waiting, waiting_on};
use crate::domain::view::{Event, ListRow, PendingRow, RemindRow};
use crate::msg::Msg;
use anyhow::Result;
use chrono::NaiveDate;
use std::collections::HashMap;
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

/// "3 days late", "today", "in 5 days".
pub fn when(due: NaiveDate, today: NaiveDate) -> String {
    let days = (due - today).num_days();
    match days {
        0 => Msg::Today,
        1 => Msg::Tomorrow,
        -1 => Msg::OneDayLate,
        d if d < 0 => Msg::DaysLate { days: -d },
        d => Msg::InDays { days: d },
    }
    .to_string()
}

/// The flag beside a pending step's due date.
fn flag(due: Option<NaiveDate>, today: NaiveDate) -> Option<Msg<'static>> {
    match due.map(|d| Group::of(d, today)) {
        Some(Group::Overdue) => Some(Msg::FlagOverdue),
        Some(Group::Today) => Some(Msg::FlagToday),
        _ => None,
    }
}

pub fn case(out: &mut dyn Write, cs: &CaseWithSteps, view: &View) -> Result<()> {
    let today = view.today;
    let c = &cs.case;
    let status = match c.status {
        CaseStatus::Open => Msg::StatusOpen,
        CaseStatus::Closed => Msg::StatusClosed,
    };
    let head = Msg::CaseHead {
        id: c.id,
        title: &c.title,
        status: &status.to_string(),
    };
    for line in wrap::fill(&head.to_string(), view.width, "", "   ") {
        writeln!(out, "{line}")?;
    }
    let fields = [
        (Msg::FieldProvider, c.provider.clone()),
        (Msg::FieldChannel, c.channel.map(|ch| ch.to_string())),
        (Msg::FieldHolder, Some(c.holder.clone())),
        (Msg::FieldNumber, c.number.clone()),
        (
            Msg::FieldDeadline,
            c.deadline.map(|d| {
                let day = Msg::DayWhen {
                    day: &d.to_string(),
                    when: &when(d, today),
                }
                .to_string();
                if c.follows_departure {
                    Msg::FollowsDeparture { day: &day }.to_string()
                } else {
                    day
                }
            }),
        ),
        (
            Msg::FieldNotice,
            c.notice_days
                .map(|days| Msg::NoticeDays { days }.to_string()),
        ),
        (Msg::FieldTemplate, Some(c.template.clone())),
        (
            Msg::FieldCreated,
            Some(c.created_at.format("%Y-%m-%d %H:%M").to_string()),
        ),
        (
            Msg::FieldClosed,
            c.closed_at.map(|t| t.format("%Y-%m-%d %H:%M").to_string()),
        ),
        (Msg::FieldNote, c.note.clone()),
    ];
    let names: Vec<String> = fields.iter().map(|(name, _)| name.to_string()).collect();
    let label_width = names
        .iter()
        .map(|n| super::table::width(n))
        .max()
        .unwrap_or(0)
        + 1;
    // Values wrap under themselves, after the labels.
    let hang = " ".repeat(label_width + 3);
    for (name, (field, value)) in names.iter().zip(&fields) {
        let Some(value) = value else { continue };
        let pad = " ".repeat(label_width - super::table::width(name));
        let label = format!("  {name}{pad} ");
        // A note is shown line by line; any other field is one line, shown inert.
        let lines: Vec<&str> = if *field == Msg::FieldNote {
            value.lines().collect()
        } else {
            vec![value]
        };
        for (i, text) in lines.iter().enumerate() {
            let first = if i == 0 { label.as_str() } else { &hang };
            for line in wrap::fill(text, view.width, first, &hang) {
                writeln!(out, "{line}")?;
            }
        }
    }
    writeln!(out)?;
    checklist(out, cs, view)?;
    let finished = Msg::Finished {
        done: cs.finished(),
        total: cs.steps.len(),
    };
    writeln!(out, "\n{finished}")?;
    Ok(())
}

/// The steps of a case as a table, with the how-to of each pending step and any note beneath it.
pub fn checklist(out: &mut dyn Write, cs: &CaseWithSteps, view: &View) -> Result<()> {
    let today = view.today;
    let squeezed = crate::domain::schedule::Plan::of(&cs.case).squeezed_all(&cs.steps, view.today);
    let header = [
        "#".to_string(),
        String::new(),
        Msg::HeadStep.to_string(),
        Msg::HeadTitle.to_string(),
        Msg::HeadDue.to_string(),
        Msg::HeadDone.to_string(),
        Msg::HeadFlags.to_string(),
    ];
    // On a narrow terminal the flags, then the title, then the done date move under the row,
    // whole.
    const TITLE: usize = 3;
    const DONE: usize = 5;
    const FLAGS: usize = 6;
    let mut table = Table::new(&header, &[0])
        .flexible(&[TITLE])
        .droppable(&[FLAGS, TITLE, DONE])
        .fixed(&[0, 1, DONE]);
    let mut beneath: Vec<[String; 3]> = Vec::with_capacity(cs.steps.len());
    // A step left pending in a closed case is no longer due: it is neither late nor today.
    let open = cs.case.status == CaseStatus::Open;
    for (s, squeezed) in cs.steps.iter().zip(squeezed) {
        let pending = s.status == StepStatus::Pending;
        let due = match (s.due, pending.then(|| waiting_on(s)).flatten()) {
            (Some(d), _) => day(Some(d)),
            (None, Some(Waiting::Step(key))) => Msg::AfterStep { key }.to_string(),
            (None, Some(Waiting::Deadline)) => Msg::NoDeadline.to_string(),
            (None, None) => String::new(),
        };
        let mut flags = Vec::new();
        if let Some(f) = flag(s.due, today).filter(|_| pending && open) {
            flags.push(f.to_string());
        }
        if s.due_manual && s.due.is_some() {
            flags.push(Msg::FlagByHand.to_string());
        }
        if squeezed {
            flags.push(Msg::FlagSqueezed.to_string());
        }
        let tone = if pending && open {
            view.due_tone(s.due)
        } else {
            Tone::Faint
        };
        let done = s
            .done_at
            .map(|d| Msg::DoneOnDay { day: &iso(d) }.to_string())
            .unwrap_or_default();
        beneath.push([s.title.clone(), done, flags.join(", ")]);
        table.row_toned(
            &[
                s.position.to_string().as_str(),
                mark(s.status),
                &s.key,
                &s.title,
                &due,
                &day(s.done_at),
                &flags.join(&Msg::Listed.to_string()),
            ],
            tone,
        );
    }
    const INDENT: &str = "       ";
    let wrap = |text: &str| wrap::fill(text, view.width, INDENT, INDENT);
    table.fit(view.width, "");
    let moved = [!table.shown(TITLE), !table.shown(DONE), !table.shown(FLAGS)];
    // Each step's how-to and notes are printed under its row, after what did not fit in it.
    table.write_rows(out, view, true, "", |out, i, line| {
        writeln!(out, "{line}")?;
        let Some(s) = cs.steps.get(i) else {
            return Ok(());
        };
        let under = beneath.get(i).into_iter().flatten().zip(moved);
        for (text, _) in under.filter(|(t, moved)| *moved && !t.is_empty()) {
            for l in wrap(text) {
                writeln!(out, "{l}")?;
            }
        }
        if s.status == StepStatus::Pending && !s.how.is_empty() {
            for l in s.how.lines().flat_map(wrap) {
                writeln!(out, "{l}")?;
            }
        }
        for note in s.note.iter().flat_map(|n| n.lines()) {
            for l in wrap(&Msg::NotePrefix { note }.to_string()) {
                writeln!(out, "{l}")?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

pub struct ListTable {
    table: Table,
    view: View,
}

impl ListTable {
    pub fn new(view: &View) -> Self {
        ListTable {
            table: Table::new(
                &[
                    Msg::HeadId,
                    Msg::HeadTitle,
                    Msg::HeadHolder,
                    Msg::HeadProgress,
                    Msg::HeadNext,
                    Msg::HeadDue,
                    Msg::HeadDeadline,
                ]
                .map(|m| m.to_string()),
                &[0],
            )
            .flexible(&[1, 2])
            .droppable(&[3, 2, 6])
            .fixed(&[0, 3, 5, 6])
            .unique(&[0, 1]),
            view: *view,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    pub fn row(&mut self, r: &ListRow) {
        let (next, due, tone) = match (&r.next, r.status) {
            (_, CaseStatus::Closed) => (Msg::Closed.to_string(), String::new(), Tone::Faint),
            (Some(s), _) => (
                format!("{} {}", s.position, s.key),
                day(s.due),
                self.view.due_tone(s.due),
            ),
            (None, _) => (String::new(), String::new(), Tone::Plain),
        };
        self.table.row_toned(
            &[
                r.id.to_string().as_str(),
                &r.title,
                &r.holder,
                &format!("{} {}/{}", bar(r.done, r.total), r.done, r.total),
                &next,
                &due,
                &day(r.deadline),
            ],
            tone,
        );
    }

    pub fn finish(self, out: &mut dyn Write, all: bool) -> Result<()> {
        if self.table.is_empty() {
            let hint = if all {
                Msg::NoCasesYet
            } else {
                Msg::NoOpenCases
            };
            wrap::write(out, &hint.to_string(), self.view.width)?;
            return Ok(());
        }
        self.table.write(out, &self.view, true, "")?;
        Ok(())
    }
}

/// A short list of pending rows kept until printed (the dashboard's overdue and today lists).
pub struct DueTable {
    table: Table,
    view: View,
    /// The headings, each with the index of the row it goes above.
    sections: Vec<(usize, String)>,
}

impl DueTable {
    pub fn new(view: &View) -> Self {
        DueTable {
            table: Table::new(&["", "", "", "", "", "", ""], &[0, 2])
                .flexible(&[1, 4])
                .droppable(&[6, 4])
                .fixed(&[0, 2, 5]),
            view: *view,
            sections: Vec::new(),
        }
    }

    /// Starts a section: `heading` goes above the rows that follow, after a blank line. The
    /// sections share the columns, so that their rows line up and fit alike.
    pub fn section(&mut self, heading: &str) {
        self.sections.push((self.table.len(), heading.to_string()));
    }

    pub fn row(&mut self, r: &PendingRow) {
        let when = r.due.map(|d| when(d, self.view.today)).unwrap_or_default();
        self.table.row_toned(
            &[
                r.case_id.to_string().as_str(),
                r.case_title,
                &r.position.to_string(),
                r.key,
                r.title,
                &day(r.due),
                &when,
            ],
            self.view.due_tone(r.due),
        );
    }

    /// A case's deadline among the steps, as `remind` shows it.
    pub fn deadline(&mut self, case_id: i64, case_title: &str, due: NaiveDate) {
        self.table.row_toned(
            &[
                case_id.to_string().as_str(),
                case_title,
                "",
                &Msg::DeadlineRow.to_string(),
                &Msg::CaseDeadline.to_string(),
                &day(Some(due)),
                &when(due, self.view.today),
            ],
            self.view.due_tone(Some(due)),
        );
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The rows without the header, indented, each section after a blank line and its heading.
    pub fn finish(self, out: &mut dyn Write) -> Result<()> {
        let sections = self.sections;
        self.table
            .write_rows(out, &self.view, false, "  ", |out, i, line| {
                for (_, heading) in sections.iter().filter(|(at, _)| *at == i) {
                    writeln!(out, "\n{heading}")?;
                }
                writeln!(out, "{line}")
            })?;
        Ok(())
    }
}

/// The `pending` table, read in one pass. A row is kept as three small numbers: which case
/// (its id and title, kept once per case), which step (position, key and title, which repeat
/// across cases made from one template) and the due date, 12 bytes a row, so that a long list is
/// neither read twice nor held as strings.
pub struct PendingTable {
    columns: Columns,
    view: View,
    texts: Texts,
    /// Case id and title text, once per case.
    cases: Vec<(i64, u32)>,
    case_ids: CaseIndex,
    /// Position text, key text and title text, once per distinct step.
    steps: Vec<(u32, u32, u32)>,
    step_ids: NumberMap<(i64, u32, u32), u32>,
    /// The width of the last row's flag, by its due date: rows come in order of due date.
    last_flag: Option<(Option<NaiveDate>, usize)>,
    /// The rows in chunks of a fixed size: a list that grows is never copied to a bigger one,
    /// which would need both in memory at once.
    rows: Vec<Vec<KeptRow>>,
}

/// Writes `n` in decimal into `text`, replacing what it held: a row's id without `fmt`'s
/// machinery or an allocation, for tables of many rows.
fn decimal(text: &mut String, n: i64) {
    text.clear();
    if n < 0 {
        text.push('-');
    }
    let mut digits = [0u8; 20];
    let mut rest = n.unsigned_abs();
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &d in &digits[at..] {
        text.push(char::from(d));
    }
}

/// Rows per chunk of `PendingTable::rows` (96 KiB).
const CHUNK: usize = 8192;

/// A `pending` row as the table keeps it until printed: indexes into `cases` and `steps`.
struct KeptRow {
    case: u32,
    step: u32,
    due: Option<NaiveDate>,
}

impl PendingTable {
    pub fn new(view: &View) -> Self {
        PendingTable {
            columns: Columns::new(
                &[
                    Msg::HeadCase.to_string(),
                    Msg::HeadTitle.to_string(),
                    "#".to_string(),
                    Msg::HeadStep.to_string(),
                    String::new(),
                    Msg::HeadDue.to_string(),
                    String::new(),
                ],
                &[0, 2],
            )
            .flexible(&[1, 4])
            .droppable(&[6, 4])
            .fixed(&[0, 2, 5]),
            view: *view,
            texts: Texts::default(),
            cases: Vec::new(),
            case_ids: CaseIndex::default(),
            steps: Vec::new(),
            step_ids: NumberMap::default(),
            last_flag: None,
            rows: Vec::new(),
        }
    }

    fn flag(&self, due: Option<NaiveDate>) -> String {
        match due {
            Some(d) if d <= self.view.today => when(d, self.view.today),
            _ => String::new(),
        }
    }

    /// Keeps a row, widening the columns to fit it.
    pub fn row(&mut self, r: &PendingRow) {
        let digits = |n: i64| {
            n.unsigned_abs()
                .checked_ilog10()
                .map_or(1, |d| d as usize + 1)
        };
        let case = match self.case_ids.get(r.case_id) {
            Some(case) => case,
            None => {
                // A case's title comes once: stored as it is, with no lookup to share it.
                let title = self.texts.push(r.case_title);
                self.columns
                    .measure_widths(&[digits(r.case_id), self.texts.get(title).1]);
                let case = u32::try_from(self.cases.len()).unwrap_or(u32::MAX);
                self.cases.push((r.case_id, title));
                self.case_ids.insert(r.case_id, case);
                case
            }
        };
        let (key, title) = (self.texts.intern(r.key), self.texts.intern(r.title));
        let step = match self.step_ids.get(&(r.position, key, title)) {
            Some(&step) => step,
            None => {
                let widths = [
                    0,
                    0,
                    digits(r.position),
                    self.texts.get(key).1,
                    self.texts.get(title).1,
                ];
                self.columns.measure_widths(&widths);
                let step = u32::try_from(self.steps.len()).unwrap_or(u32::MAX);
                let position = self.texts.intern(&r.position.to_string());
                self.steps.push((position, key, title));
                self.step_ids.insert((r.position, key, title), step);
                step
            }
        };
        let due = if r.due.is_some() { 10 } else { 0 };
        let flag = match self.last_flag {
            Some((day, flag)) if day == r.due => flag,
            _ => {
                let flag = width(&self.flag(r.due));
                self.last_flag = Some((r.due, flag));
                flag
            }
        };
        self.columns.measure_widths(&[0, 0, 0, 0, 0, due, flag]);
        if self.rows.last().is_none_or(|chunk| chunk.len() == CHUNK) {
            self.rows.push(Vec::with_capacity(CHUNK));
        }
        if let Some(chunk) = self.rows.last_mut() {
            chunk.push(KeptRow {
                case,
                step,
                due: r.due,
            });
        }
    }

    /// Fits the columns to the width and prints the header and the rows, or the empty state.
    pub fn finish(mut self, out: &mut dyn Write) -> Result<()> {
        if self.rows.is_empty() {
            wrap::write(out, &Msg::NothingPending.to_string(), self.view.width)?;
            return Ok(());
        }
        self.columns.fit(self.view.width);
        writeln!(out, "{}", self.columns.header_line())?;
        // One line reused for every row; the date and its flag made again only when they change
        // (rows come in order of due date). Every text is inert already: the stored ones were
        // made so, and dates and flags are closeout's own.
        let (mut line, mut id) = (String::new(), String::new());
        let mut shown: Option<(Option<NaiveDate>, String, String, usize)> = None;
        for r in self.rows.iter().flatten() {
            let (case_id, case_title) = self.cases[r.case as usize];
            decimal(&mut id, case_id);
            let (position, key, title) = self.steps[r.step as usize];
            let (_, due, flag, flag_width) = match shown {
                Some(ref same) if same.0 == r.due => same,
                _ => {
                    let flag = self.flag(r.due);
                    let flag_width = width(&flag);
                    shown.insert((r.due, day(r.due), flag, flag_width))
                }
            };
            self.columns.line_of_inert_into(
                &mut line,
                [
                    (id.as_str(), id.len()),
                    self.texts.get(case_title),
                    self.texts.get(position),
                    self.texts.get(key),
                    self.texts.get(title),
                    (due.as_str(), due.len()),
                    (flag.as_str(), *flag_width),
                ]
                .into_iter(),
            );
            let painted = self.view.paint(self.view.due_tone(r.due), &line);
            out.write_all(painted.as_bytes())?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// Where each case is in a table's list of cases, by case id. Case ids are the database's row
/// ids, small and dense: a plain array indexed by id takes 4 bytes a case where a hash map would
/// take about 30. An id far beyond the others goes to a map instead.
#[derive(Default)]
struct CaseIndex {
    dense: Vec<u32>,
    sparse: HashMap<i64, u32>,
    count: usize,
}

impl CaseIndex {
    const ABSENT: u32 = u32::MAX;

    fn get(&self, id: i64) -> Option<u32> {
        let dense = usize::try_from(id)
            .ok()
            .and_then(|i| self.dense.get(i).copied())
            .filter(|&at| at != Self::ABSENT);
        dense.or_else(|| self.sparse.get(&id).copied())
    }

    fn insert(&mut self, id: i64, at: u32) {
        // The array may grow to a few times the number of cases seen, never further.
        self.count += 1;
        let room = 4 * self.count + 65_536;
        match usize::try_from(id) {
            Ok(i) if i < self.dense.len() => self.dense[i] = at,
            Ok(i) if i < room => {
                self.dense.resize(i + 1, Self::ABSENT);
                self.dense[i] = at;
            }
            _ => {
                self.sparse.insert(id, at);
            }
        }
    }
}

/// `remind`'s text: rows under the headings Overdue, Today and Soon, then the steps the deadline
/// no longer leaves room for, in one table so that the columns line up across groups. Rows
/// arrive oldest first, so the groups arrive in order.
pub struct RemindTable {
    table: Table,
    groups: Vec<Heading>,
    view: View,
}

/// The heading a row of `remind` goes under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heading {
    Due(Group),
    /// No room before the deadline: after a blank line, since it is not a time.
    NoRoom,
}

impl RemindTable {
    pub fn new(view: &View) -> Self {
        RemindTable {
            // No header: the group headings stand in its place.
            table: Table::new(&["", "", "", "", "", ""], &[])
                .flexible(&[1, 3])
                .droppable(&[5, 3])
                .fixed(&[0, 4]),
            groups: Vec::new(),
            view: *view,
        }
    }

    pub fn row(&mut self, r: &RemindRow) {
        let deadline_title = Msg::CaseDeadline.to_string();
        let (step, title) = match &r.step {
            Some(s) => (format!("{} {}", s.position, s.key), s.title.as_str()),
            None => (Msg::DeadlineRow.to_string(), deadline_title.as_str()),
        };
        self.table.row_toned(
            &[
                format!("#{}", r.case_id).as_str(),
                &r.case_title,
                &step,
                title,
                &day(Some(r.due)),
                &when(r.due, self.view.today),
            ],
            self.view.due_tone(Some(r.due)),
        );
        self.groups
            .push(Heading::Due(Group::of(r.due, self.view.today)));
    }

    /// A step the deadline no longer leaves room for, in the rows' format, under a heading of
    /// its own after the others.
    pub fn no_room(&mut self, case_id: i64, case_title: &str, step: &crate::domain::model::Step) {
        let when = step
            .due
            .map(|d| when(d, self.view.today))
            .unwrap_or_default();
        self.table.row_toned(
            &[
                format!("#{case_id}").as_str(),
                case_title,
                &format!("{} {}", step.position, step.key),
                &step.title,
                &day(step.due),
                &when,
            ],
            self.view.due_tone(step.due),
        );
        self.groups.push(Heading::NoRoom);
    }

    /// Writes the groups; nothing at all when there is no row.
    pub fn finish(self, out: &mut dyn Write) -> Result<()> {
        let groups = self.groups;
        let mut current = None;
        self.table
            .write_rows(out, &self.view, false, "  ", |out, i, line| {
                let group = groups.get(i).copied();
                if group.is_some() && current != group {
                    let heading = match group {
                        Some(Heading::Due(Group::Overdue)) => Msg::Overdue,
                        Some(Heading::Due(Group::Today)) => Msg::TodayHeading,
                        Some(Heading::NoRoom) => {
                            if i > 0 {
                                writeln!(out)?;
                            }
                            Msg::HeadingSqueezed
                        }
                        _ => Msg::Soon,
                    };
                    writeln!(out, "{heading}")?;
                    current = group;
                }
                writeln!(out, "{line}")
            })?;
        Ok(())
    }
}

/// What one event did. A phrase about a step is only its predicate ("done on 2026-11-30"):
/// `told` names the step before it, once per step, in the user's language.
fn what(e: &Event) -> (bool, String) {
    let none = Msg::LogNone.to_string();
    let field = |v: &Option<serde_json::Value>, name: &str| -> String {
        v.as_ref()
            .and_then(|v| v.get(name))
            .map(|x| match x {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => none.clone(),
                // A notice period is a number of days: say so, as `edit` does.
                serde_json::Value::Number(n) if name == "notice_days" => match n.as_i64() {
                    Some(days) => Msg::NoticeDays { days }.to_string(),
                    None => n.to_string(),
                },
                other => other.to_string(),
            })
            .unwrap_or_else(|| none.clone())
    };
    let has = |name: &str| e.after.as_ref().is_some_and(|a| a.get(name).is_some());
    let (due, was) = (field(&e.after, "due"), field(&e.before, "due"));
    let step = |m: Msg| (true, m.to_string());
    let case = |m: Msg| (false, m.to_string());
    match Kind::parse(&e.kind) {
        Some(Kind::CaseAdd) => case(Msg::LogCaseAdded {
            title: &field(&e.after, "title"),
        }),
        Some(Kind::CaseClose) => case(Msg::LogCaseClosed),
        Some(Kind::CaseReopen) => case(Msg::LogCaseReopened),
        Some(Kind::CaseDelete) => case(Msg::LogCaseDeleted {
            title: &field(&e.before, "title"),
        }),
        Some(Kind::CaseNote) if note_removed(e) => case(Msg::LogCaseNoteRemoved),
        Some(Kind::CaseNote) => case(Msg::LogCaseNote),
        Some(Kind::Departure) => case(Msg::LogDeparture {
            day: &field(&e.after, "departure"),
            was: &field(&e.before, "departure"),
        }),
        Some(Kind::CaseEdit) => {
            let mut parts: Vec<String> = [
                "title",
                "provider",
                "channel",
                "number",
                "holder",
                "deadline",
                "notice_days",
                "lang",
            ]
            .iter()
            .filter(|name| has(name))
            .map(|name| {
                let word = field_name(name);
                let (value, was) = (field(&e.after, name), field(&e.before, name));
                match e.after.as_ref().and_then(|a| a.get(*name)) {
                    Some(serde_json::Value::Null) => Msg::LogFieldCleared {
                        field: &word,
                        was: &was,
                    },
                    _ => Msg::LogFieldChange {
                        field: &word,
                        value: &value,
                        was: &was,
                    },
                }
                .to_string()
            })
            .collect();
            if has("note") {
                parts.push(Msg::LogNoteAdded.to_string());
            }
            case(Msg::LogCaseEdited {
                changes: &parts.join(&Msg::Clauses.to_string()),
            })
        }
        Some(Kind::StepDone) => step(Msg::LogStepDone {
            day: &field(&e.after, "done_at"),
        }),
        Some(Kind::StepSkip) => step(Msg::LogStepSkipped),
        Some(Kind::StepReopen) => step(Msg::LogStepReopened),
        Some(Kind::StepDue) if field(&e.after, "by") == "snooze" => step(Msg::LogStepSnoozed {
            due: &due,
            was: &was,
        }),
        Some(Kind::StepDue) => step(Msg::LogStepDue {
            due: &due,
            was: &was,
        }),
        Some(Kind::StepNote) if note_removed(e) => step(Msg::LogStepNoteRemoved),
        Some(Kind::StepNote) => step(Msg::LogStepNote),
        Some(Kind::StepImport) => step(Msg::LogStepImported),
        Some(Kind::StepHow) => step(Msg::LogStepHow),
        Some(Kind::StepAdd) => step(Msg::LogStepAdded {
            title: &field(&e.after, "title"),
        }),
        Some(Kind::StepRemove) => step(Msg::LogStepRemoved {
            title: &field(&e.before, "title"),
        }),
        Some(Kind::StepMove) => step(Msg::LogStepMoved {
            to: &field(&e.after, "position"),
            was: &field(&e.before, "position"),
        }),
        Some(Kind::StepEdit) => {
            let mut parts = Vec::new();
            if has("title") {
                parts.push(
                    Msg::LogTitleChanged {
                        value: &field(&e.after, "title"),
                        was: &field(&e.before, "title"),
                    }
                    .to_string(),
                );
            }
            if has("how") {
                parts.push(Msg::LogHowChanged.to_string());
            }
            step(Msg::LogStepEdited {
                changes: &parts.join(&Msg::Clauses.to_string()),
            })
        }
        None | Some(_) => (false, inert(&e.kind).into_owned()),
    }
}

/// The history of one change: "2026-11-30 09:00  #1    step 3 'unbind' done on 2026-11-30, note
/// added", after `lead` (the undo list's number). A long summary wraps under itself, or, when
/// that leaves too little room, under the time.
pub fn change(
    out: &mut dyn Write,
    events: &[Event],
    lead: &str,
    width: Option<usize>,
) -> Result<()> {
    /// The least room for a summary beside the time before it wraps under the time instead.
    const ROOM: usize = 20;
    let Some(first) = events.first() else {
        return Ok(());
    };
    let prefix = format!(
        "{lead}{}  #{:<4} ",
        first.at.format("%Y-%m-%d %H:%M"),
        first.case_id
    );
    let hang = match width {
        Some(w) if w < super::table::width(&prefix) + ROOM => {
            " ".repeat(super::table::width(lead) + 4)
        }
        _ => " ".repeat(super::table::width(&prefix)),
    };
    for line in wrap::fill(&summary(events), width, &prefix, &hang) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// A change in words; an undo or a redo says so before the change it took back or brought back.
pub fn summary(events: &[Event]) -> String {
    let prefix = match events.first().and_then(|e| Kind::parse(&e.kind)) {
        Some(Kind::Undo) => Msg::Undone.to_string(),
        Some(Kind::Redo) => Msg::Redone.to_string(),
        _ => String::new(),
    };
    format!("{prefix}{}", told(events))
}

/// The change in words, its events' phrases in order, each step named once; an undo or a redo
/// is told as the change it took back or brought back.
pub fn told(events: &[Event]) -> String {
    let told: Vec<Event> = match events.first().and_then(|e| Kind::parse(&e.kind)) {
        // An undo recorded its events newest first, each from after back to before.
        Some(Kind::Undo) => events.iter().rev().map(|e| original(e, true)).collect(),
        Some(Kind::Redo) => events.iter().map(|e| original(e, false)).collect(),
        _ => events.to_vec(),
    };
    let mut parts: Vec<String> = Vec::with_capacity(told.len());
    let mut last_step: Option<&str> = None;
    // A change over several cases (a departure moved) says which case each part is about.
    let several = told.iter().any(|e| e.case_id != told[0].case_id);
    let mut last_case = None;
    for e in &told {
        let (about_step, phrase) = what(e);
        let new_case = several && last_case != Some(e.case_id) && e.case_id != HOUSEHOLD;
        last_case = Some(e.case_id);
        let key = e.step_key.as_deref().filter(|_| about_step);
        match key {
            Some(_) if last_step.is_some() && last_step == e.step_uuid.as_deref() => {
                parts.push(phrase);
            }
            Some(key) => {
                // A move names its positions itself.
                let phrase = &phrase;
                let told = match e
                    .step_position
                    .filter(|_| Kind::parse(&e.kind) != Some(Kind::StepMove))
                {
                    Some(position) => Msg::StepDidAt {
                        position,
                        key,
                        phrase,
                    },
                    None => Msg::StepDid { key, phrase },
                };
                parts.push(told.to_string());
            }
            None => parts.push(phrase),
        }
        if let Some(part) = parts.last_mut().filter(|_| new_case) {
            *part = format!("#{} {part}", e.case_id);
        }
        last_step = e.step_uuid.as_deref();
    }
    parts.join(&Msg::Clauses.to_string())
}

/// A case field's name as the log says it, in the user's language.
/// A note change that leaves no note: taken back by an undo here or on another device.
fn note_removed(e: &Event) -> bool {
    e.after
        .as_ref()
        .and_then(|a| a.get("note"))
        .is_none_or(|n| n.is_null() || n.as_str() == Some(""))
}

fn field_name(name: &str) -> String {
    match name {
        "title" => Msg::HeadTitle,
        "provider" => Msg::FieldProvider,
        "channel" => Msg::FieldChannel,
        "number" => Msg::FieldNumber,
        "holder" => Msg::FieldHolder,
        "deadline" => Msg::FieldDeadline,
        "notice_days" => Msg::FieldNotice,
        "lang" => Msg::FieldLang,
        other => return other.to_string(),
    }
    .to_string()
}

/// An undo or redo event told as the original change: its kind, and for an undo the original's
/// before and after (the undo went the other way).
fn original(e: &Event, undo: bool) -> Event {
    let mut told = e.clone();
    told.kind = e.reverts_kind.clone().unwrap_or_else(|| e.kind.clone());
    if undo {
        std::mem::swap(&mut told.before, &mut told.after);
    }
    told
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_writes_what_display_writes() {
        let mut text = String::from("left over");
        for n in [0, 7, 10, 99, 100_000, -1, -42, i64::MAX, i64::MIN] {
            decimal(&mut text, n);
            assert_eq!(text, n.to_string());
        }
    }

    #[test]
    fn a_note_change_that_leaves_no_note_says_removed() {
        let event = |before: &str, after: Option<&str>| Event {
            id: 1,
            change: 1,
            at: chrono::DateTime::parse_from_rfc3339("2026-12-01T09:00:00+01:00").expect("time"),
            case_id: 1,
            case_uuid: "c".into(),
            step_uuid: Some("s".into()),
            step_key: Some("method".into()),
            step_position: Some(1),
            kind: "step.note".into(),
            before: Some(serde_json::json!({ "note": before })),
            after: Some(serde_json::json!({ "note": after })),
            reverts: None,
            reverts_kind: None,
        };
        crate::i18n::Lang::En.speaking(|| {
            assert_eq!(
                summary(&[event("", Some("call first"))]),
                "step 1 'method' note added"
            );
            assert_eq!(
                summary(&[event("call first", None)]),
                "step 1 'method' note removed"
            );
        });
    }

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
