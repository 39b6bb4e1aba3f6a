//! Queries on steps: the checklist of a case, status, due dates, notes, and the `pending` rows.

use super::Tx;
use super::cases::{day_text, parse_day, stored_day};
use crate::domain::date::{iso, parse_iso};
use crate::domain::model::{Rule, Step, StepStatus};
use crate::domain::view::PendingRow;
use crate::msg::Msg;
use anyhow::{Context, Result};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Row, params};

/// A step about to be added to a case.
pub struct NewStep<'a> {
    pub position: i64,
    pub key: &'a str,
    pub title: &'a str,
    pub how: &'a str,
    pub rule: Option<&'a Rule>,
    pub due: Option<NaiveDate>,
    pub abroad: bool,
}

/// Which pending steps to show.
pub struct PendingFilter<'a> {
    pub holder: Option<&'a str>,
    pub case_id: Option<i64>,
    pub before: Option<NaiveDate>,
}

/// How many columns `step_columns` names: what a query selects after them starts here.
pub(super) const STEP_WIDTH: usize = 15;

/// The step columns `step_from_row` reads, for a table known as `alias`.
pub(super) fn step_columns(alias: &str) -> String {
    [
        "id",
        "uuid",
        "position",
        "key",
        "title",
        "how",
        "status",
        "due",
        "rule_kind",
        "rule_days",
        "rule_ref",
        "due_manual",
        "done_at",
        "note",
        "abroad",
    ]
    .map(|c| format!("{alias}.{c}"))
    .join(", ")
}

fn step_status(text: &str) -> StepStatus {
    match text {
        "done" => StepStatus::Done,
        "skipped" => StepStatus::Skipped,
        _ => StepStatus::Pending,
    }
}

/// Reads a step from the columns of `step_columns`, starting at column `at`.
pub(super) fn step_from_row(row: &Row, at: usize) -> rusqlite::Result<Step> {
    let kind: Option<String> = row.get(at + 8)?;
    let days: Option<i64> = row.get(at + 9)?;
    let reference: Option<String> = row.get(at + 10)?;
    let rule = match (kind.as_deref(), days, reference) {
        (Some("before"), Some(days), _) => Some(Rule::BeforeDeadline { days }),
        (Some("after"), Some(days), Some(key)) => Some(Rule::AfterStep { key, days }),
        _ => None,
    };
    Ok(Step {
        id: row.get(at)?,
        uuid: row.get(at + 1)?,
        position: row.get(at + 2)?,
        key: row.get(at + 3)?,
        title: row.get(at + 4)?,
        how: row.get(at + 5)?,
        status: step_status(&row.get::<_, String>(at + 6)?),
        due: parse_day(row.get(at + 7)?),
        rule,
        due_manual: row.get(at + 11)?,
        done_at: parse_day(row.get(at + 12)?),
        note: row.get(at + 13)?,
        abroad: row.get(at + 14)?,
    })
}

/// A new pending step of a case.
pub(super) const INSERT_STEP: &str = "\
    INSERT INTO steps (uuid, case_id, position, key, title, how, status, due, rule_kind, \
    rule_days, rule_ref, updated_at, abroad) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?8, ?9, ?10, ?11, ?12)";

pub(super) fn rule_columns(
    rule: Option<&Rule>,
) -> (Option<&'static str>, Option<i64>, Option<&str>) {
    match rule {
        Some(Rule::BeforeDeadline { days }) => (Some("before"), Some(*days), None),
        Some(Rule::AfterStep { key, days }) => (Some("after"), Some(*days), Some(key.as_str())),
        None => (None, None, None),
    }
}

/// A dated thing in a month: a pending step's due date, or (with no step) a case deadline.
pub struct DueItem<'a> {
    pub day: NaiveDate,
    pub case_id: i64,
    pub case_title: &'a str,
    pub step: Option<(i64, &'a str)>,
}

/// How `pending` reads its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PendingPlan {
    /// The partial index of pending steps, already in display order: nothing to sort, but the
    /// pending steps of closed cases (closed with `close --force`) are read and left out.
    ByDue,
    /// The open cases, each with its pending steps, sorted: for when most cases are closed, so
    /// that what was closed costs nothing.
    ByCase,
    /// One case (`?2`), by its id.
    OneCase,
}

/// Every open case (of holder `?1`, when given) in id order, for `pending` with no other filter:
/// one pass over the cases' pages before the steps are read (see `Tx::pending_whole`).
pub(super) const OPEN_CASES: &str = "SELECT id, title, holder FROM cases INDEXED BY cases_by_status \
     WHERE status = 'open' AND (?1 IS NULL OR holder = ?1) ORDER BY id";

/// Every pending step, dated (by due) or undated, from the partial index of pending steps alone,
/// already in display order; the steps of cases that are not open are left out by the caller.
pub(super) fn pending_steps_sql(dated: bool) -> &'static str {
    if dated {
        "SELECT case_id, position, key, title, due FROM steps INDEXED BY steps_pending_by_due \
         WHERE status = 'pending' AND due IS NOT NULL ORDER BY due, case_id, position"
    } else {
        "SELECT case_id, position, key, title, due FROM steps INDEXED BY steps_pending_by_due \
         WHERE status = 'pending' AND due IS NULL ORDER BY case_id, position"
    }
}

/// The open cases' titles and holders, back to back in one string, by id.
struct OpenCases {
    text: String,
    /// Id, and the ends of its title and holder in `text` (each starts where the one before ends).
    cases: Vec<(i64, u32, u32)>,
}

impl OpenCases {
    fn get(&self, id: i64) -> Option<(&str, &str)> {
        let at = self.cases.binary_search_by_key(&id, |c| c.0).ok()?;
        let start = match at {
            0 => 0,
            _ => self.cases[at - 1].2 as usize,
        };
        let (_, title_end, holder_end) = self.cases[at];
        let (title_end, holder_end) = (title_end as usize, holder_end as usize);
        Some((
            self.text.get(start..title_end)?,
            self.text.get(title_end..holder_end)?,
        ))
    }
}

/// The `pending` query for dated steps (by due, `?3` an optional last day) or undated ones.
/// Parameters: `?1` holder, `?2` case id, `?3` last day, each NULL for no filter.
pub(super) fn pending_sql(dated: bool, plan: PendingPlan) -> String {
    let columns = "SELECT s.case_id, c.title, c.holder, s.position, s.key, s.title, s.due";
    let select = match plan {
        PendingPlan::ByDue => format!(
            "{columns} FROM steps s INDEXED BY steps_pending_by_due \
             CROSS JOIN cases c ON c.id = s.case_id \
             WHERE s.status = 'pending' AND c.status = 'open' \
               AND (?1 IS NULL OR c.holder = ?1) AND (?2 IS NULL OR s.case_id = ?2)"
        ),
        PendingPlan::ByCase => format!(
            "{columns} FROM cases c INDEXED BY cases_by_status \
             CROSS JOIN steps s INDEXED BY steps_by_case ON s.case_id = c.id \
             WHERE s.status = 'pending' AND c.status = 'open' \
               AND (?1 IS NULL OR c.holder = ?1) AND (?2 IS NULL OR c.id = ?2)"
        ),
        PendingPlan::OneCase => format!(
            "{columns} FROM cases c CROSS JOIN steps s INDEXED BY steps_by_case \
             ON s.case_id = c.id \
             WHERE c.id = ?2 AND s.status = 'pending' AND c.status = 'open' \
               AND (?1 IS NULL OR c.holder = ?1)"
        ),
    };
    if dated {
        format!(
            "{select} AND s.due IS NOT NULL AND (?3 IS NULL OR s.due <= ?3) \
             ORDER BY s.due, s.case_id, s.position"
        )
    } else {
        format!("{select} AND s.due IS NULL AND ?3 IS NULL ORDER BY s.case_id, s.position")
    }
}

impl Tx<'_> {
    /// Streams the pending steps due and the open case deadlines from `from` to `to`, each kind
    /// in date order, steps first.
    pub fn due_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        mut each: impl FnMut(DueItem<'_>) -> Result<()>,
    ) -> Result<()> {
        let steps = "SELECT s.due, s.case_id, c.title, s.position, s.key \
             FROM steps s INDEXED BY steps_pending_by_due CROSS JOIN cases c ON c.id = s.case_id \
             WHERE s.status = 'pending' AND c.status = 'open' AND s.due BETWEEN ?1 AND ?2 \
             ORDER BY s.due, s.case_id, s.position";
        let deadlines = "SELECT c.deadline, c.id, c.title, NULL, NULL FROM cases c \
             WHERE c.status = 'open' AND c.deadline BETWEEN ?1 AND ?2 ORDER BY c.deadline, c.id";
        for sql in [steps, deadlines] {
            let mut stmt = self.tx.prepare_cached(sql)?;
            let mut rows = stmt.query(params![iso(from), iso(to)])?;
            while let Some(row) = rows.next()? {
                let Some(day) = row.get_ref(0)?.as_str_or_null()?.and_then(parse_iso) else {
                    continue;
                };
                let step = match row.get::<_, Option<i64>>(3)? {
                    Some(position) => Some((position, row.get_ref(4)?.as_str()?)),
                    None => None,
                };
                each(DueItem {
                    day,
                    case_id: row.get(1)?,
                    case_title: row.get_ref(2)?.as_str()?,
                    step,
                })?;
            }
        }
        Ok(())
    }

    pub fn insert_step(
        &self,
        case_id: i64,
        new: &NewStep,
        now: DateTime<FixedOffset>,
    ) -> Result<i64> {
        let (kind, days, reference) = rule_columns(new.rule);
        self.tx
            .prepare_cached(INSERT_STEP)?
            .execute(params![
                uuid::Uuid::now_v7().to_string(),
                case_id,
                new.position,
                new.key,
                new.title,
                new.how,
                stored_day(new.due)?,
                kind,
                days,
                reference,
                now.timestamp(),
                new.abroad,
            ])
            .with_context(|| Msg::CannotSaveStep { key: new.key }.to_string())?;
        Ok(self.tx.last_insert_rowid())
    }

    /// The checklist of a case, in position order.
    pub fn steps(&self, case_id: i64) -> Result<Vec<Step>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {} FROM steps s WHERE s.case_id = ?1 ORDER BY s.position",
            step_columns("s")
        ))?;
        let rows = stmt.query_map([case_id], |r| step_from_row(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn set_step_status(
        &self,
        step_id: i64,
        status: StepStatus,
        done_at: Option<NaiveDate>,
        now: DateTime<FixedOffset>,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE steps SET status = ?2, done_at = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![
                step_id,
                status.as_str(),
                stored_day(done_at)?,
                now.timestamp()
            ])?;
        Ok(())
    }

    /// Sets a step's due date; `manual` marks a date the user chose, which rules leave alone.
    pub fn set_step_due(
        &self,
        step_id: i64,
        due: Option<NaiveDate>,
        manual: bool,
        now: DateTime<FixedOffset>,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE steps SET due = ?2, due_manual = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![step_id, stored_day(due)?, manual, now.timestamp()])?;
        Ok(())
    }

    pub fn set_step_note(
        &self,
        step_id: i64,
        note: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE steps SET note = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![step_id, note, now.timestamp()])?;
        Ok(())
    }

    pub fn set_step_how(&self, step_id: i64, how: &str, now: DateTime<FixedOffset>) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE steps SET how = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![step_id, how, now.timestamp()])?;
        Ok(())
    }

    /// Whether at most a quarter of the cases are open, counting no further than that: then the
    /// open cases' steps, sorted, cost less than the pending steps of every case read in order.
    fn mostly_closed(&self) -> Result<bool> {
        let cases: i64 = self
            .tx
            .prepare_cached("SELECT coalesce(max(id), 0) FROM cases")?
            .query_row([], |r| r.get(0))?;
        let quarter = cases / 4 + 1;
        let open: i64 = self
            .tx
            .prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM cases INDEXED BY cases_by_status \
                 WHERE status = 'open' LIMIT ?1)",
            )?
            .query_row([quarter], |r| r.get(0))?;
        Ok(open < quarter)
    }

    /// Streams the pending steps of open cases to `each`: by due date (none last), then case,
    /// then position, dated then undated (SQLite sorts NULL first). Usually two passes over the
    /// partial index of pending steps, each already in display order, since sorting every row
    /// instead would cost time and memory in proportion to the list: with no filter but the
    /// holder, after one pass over the open cases (`pending_whole`), else joined with each
    /// step's case; when most cases are closed, the open cases' steps, sorted (see
    /// `PendingPlan`).
    pub fn pending_rows(
        &self,
        filter: &PendingFilter,
        mut each: impl FnMut(PendingRow<'_>) -> Result<()>,
    ) -> Result<()> {
        let before = day_text(filter.before);
        let plan = match filter.case_id {
            Some(_) => PendingPlan::OneCase,
            None if self.mostly_closed()? => PendingPlan::ByCase,
            None if filter.before.is_none() => return self.pending_whole(filter.holder, each),
            None => PendingPlan::ByDue,
        };
        for sql in [pending_sql(true, plan), pending_sql(false, plan)] {
            let mut stmt = self.tx.prepare_cached(&sql)?;
            let mut rows = stmt.query(params![filter.holder, filter.case_id, before])?;
            while let Some(row) = rows.next()? {
                let text = |i: usize| -> Result<&str> { Ok(row.get_ref(i)?.as_str()?) };
                each(PendingRow {
                    case_id: row.get(0)?,
                    case_title: text(1)?,
                    holder: text(2)?,
                    position: row.get(3)?,
                    key: text(4)?,
                    title: text(5)?,
                    due: row.get_ref(6)?.as_str_or_null()?.and_then(parse_iso),
                })?;
            }
        }
        Ok(())
    }
}

impl Tx<'_> {
    /// `pending_rows` with no filter but the holder: every pending step of every open case. The
    /// open cases are read first, in one pass in id order, then the pending steps alone, in
    /// display order. Joined step by step, the cases' pages were read in the order of the steps'
    /// dates and pushed out of the cache again and again (at 100,000 steps, 23,000 reads from
    /// the operating system for a table of 645 pages); this way each page is read once.
    fn pending_whole(
        &self,
        holder: Option<&str>,
        mut each: impl FnMut(PendingRow<'_>) -> Result<()>,
    ) -> Result<()> {
        // Both passes read pages in order, each once: a small cache loses nothing, and the
        // memory goes to the list instead.
        self.tx.pragma_update(None, "cache_size", -128)?;
        let result = self.pending_whole_with(holder, &mut each);
        self.tx
            .pragma_update(None, "cache_size", super::PAGE_CACHE)?;
        result
    }

    fn pending_whole_with(
        &self,
        holder: Option<&str>,
        each: &mut impl FnMut(PendingRow<'_>) -> Result<()>,
    ) -> Result<()> {
        let mut open = OpenCases {
            text: String::new(),
            cases: Vec::new(),
        };
        let mut stmt = self.tx.prepare_cached(OPEN_CASES)?;
        let mut rows = stmt.query([holder])?;
        let end = |text: &String| u32::try_from(text.len()).context("too much text in titles");
        while let Some(row) = rows.next()? {
            open.text.push_str(row.get_ref(1)?.as_str()?);
            let title_end = end(&open.text)?;
            open.text.push_str(row.get_ref(2)?.as_str()?);
            open.cases.push((row.get(0)?, title_end, end(&open.text)?));
        }
        // Up to half of each is room to grow, which the list of steps needs more.
        open.text.shrink_to_fit();
        open.cases.shrink_to_fit();
        for dated in [true, false] {
            let mut stmt = self.tx.prepare_cached(pending_steps_sql(dated))?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let case_id = row.get(0)?;
                // A closed case's steps (closed with --force), or another holder's.
                let Some((case_title, holder)) = open.get(case_id) else {
                    continue;
                };
                let text = |i: usize| -> Result<&str> { Ok(row.get_ref(i)?.as_str()?) };
                each(PendingRow {
                    case_id,
                    case_title,
                    holder,
                    position: row.get(1)?,
                    key: text(2)?,
                    title: text(3)?,
                    due: row.get_ref(4)?.as_str_or_null()?.and_then(parse_iso),
                })?;
            }
        }
        Ok(())
    }
}

/// Reshaping a checklist: positions stay 1..n without gaps. There is no UNIQUE on (case,
/// position), so inside the transaction steps may share a position for a moment.
impl Tx<'_> {
    /// Moves the steps at `position` and after one place down, to make room for a new step there.
    pub fn make_room(&self, case_id: i64, position: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE steps SET position = position + 1 WHERE case_id = ?1 AND position >= ?2",
            )?
            .execute(params![case_id, position])?;
        Ok(())
    }

    /// Removes a step and closes the gap it leaves.
    pub fn delete_step(&self, step: &Step, case_id: i64) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM steps WHERE id = ?1")?
            .execute([step.id])?;
        self.tx
            .prepare_cached(
                "UPDATE steps SET position = position - 1 WHERE case_id = ?1 AND position > ?2",
            )?
            .execute(params![case_id, step.position])?;
        Ok(())
    }

    /// Moves a step from its position to `to`, shifting the steps in between by one.
    pub fn move_step(
        &self,
        step: &Step,
        case_id: i64,
        to: i64,
        now: DateTime<FixedOffset>,
    ) -> Result<()> {
        let from = step.position;
        let (shift, low, high) = if to < from {
            (1, to, from - 1)
        } else {
            (-1, from + 1, to)
        };
        self.tx
            .prepare_cached(
                "UPDATE steps SET position = position + ?2 \
                 WHERE case_id = ?1 AND position BETWEEN ?3 AND ?4",
            )?
            .execute(params![case_id, shift, low, high])?;
        self.tx
            .prepare_cached("UPDATE steps SET position = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![step.id, to, now.timestamp()])?;
        Ok(())
    }

    /// Sets a step's title and how-to.
    pub fn set_step_text(
        &self,
        step_id: i64,
        title: &str,
        how: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE steps SET title = ?2, how = ?3, updated_at = ?4 WHERE id = ?1")?
            .execute(params![step_id, title, how, now.timestamp()])?;
        Ok(())
    }
}
