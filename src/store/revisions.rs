//! What a calendar export reads: every case with its steps, when each last changed, and how many
//! changes the history holds for it (a calendar's SEQUENCE).

use super::Tx;
use super::cases::{CASE_COLUMNS, case_from_row, local_time};
use super::steps::{step_columns, step_from_row};
use crate::domain::view::{CalendarCase, CalendarStep};
use anyhow::Result;
use std::collections::HashMap;

/// Per case and step (None: the case itself): changes recorded, and the time of the last `done`.
type Revisions = HashMap<(String, Option<String>), (i64, Option<i64>)>;

impl Tx<'_> {
    /// Streams every case, in id order, with its steps in position order.
    pub fn calendar(&self, mut each: impl FnMut(CalendarCase) -> Result<()>) -> Result<()> {
        let revisions = self.revisions()?;
        let count = |case: &str, step: Option<&str>| {
            revisions
                .get(&(case.to_string(), step.map(str::to_string)))
                .copied()
                .unwrap_or((0, None))
        };
        let case_width = CASE_COLUMNS.split(',').count();
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {CASE_COLUMNS}, c.updated_at, {}, s.updated_at \
             FROM cases c LEFT JOIN steps s ON s.case_id = c.id \
             ORDER BY c.id, s.position",
            step_columns("s")
        ))?;
        let step_at = case_width + 1;
        let step_updated_at = step_at + step_columns("s").split(',').count();
        let mut rows = stmt.query([])?;
        let mut current: Option<CalendarCase> = None;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            if current.as_ref().is_some_and(|c| c.case.id != id)
                && let Some(done) = current.take()
            {
                each(done)?;
            }
            if current.is_none() {
                let case = case_from_row(row)?;
                let (revisions, _) = count(&case.uuid, None);
                current = Some(CalendarCase {
                    case,
                    updated: local_time(row.get(case_width)?),
                    revisions,
                    steps: Vec::new(),
                });
            }
            // A case without steps comes back once, with NULL step columns.
            if row.get::<_, Option<i64>>(step_at)?.is_none() {
                continue;
            }
            let step = step_from_row(row, step_at)?;
            if let Some(c) = current.as_mut() {
                let (revisions, done_at) = count(&c.case.uuid, Some(&step.uuid));
                c.steps.push(CalendarStep {
                    updated: local_time(row.get(step_updated_at)?),
                    revisions,
                    done_recorded: done_at.map(local_time),
                    step,
                });
            }
        }
        if let Some(last) = current {
            each(last)?;
        }
        Ok(())
    }

    /// Counts of recorded changes by case and step. Keyed by UUID, not id: an id can be used
    /// again after a deletion, a UUID never. The case's creation is not a change.
    fn revisions(&self) -> Result<Revisions> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT case_uuid, step_uuid, count(*), max(CASE WHEN kind = 'step.done' THEN at END) \
             FROM events WHERE kind != 'case.add' GROUP BY case_uuid, step_uuid",
        )?;
        let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
