//! What a calendar export reads: every case with its steps, when each last changed, and how many
//! changes the history holds for it (a calendar's SEQUENCE).

use super::cases::{CASE_COLUMNS, case_from_row, local_time};
use super::steps::{step_columns, step_from_row};
use super::{Scope, Tx};
use crate::domain::view::{CalendarCase, CalendarStep};
use anyhow::Result;
use std::collections::HashMap;

/// Per step of one case (None: the case itself): changes recorded, and the time of the last
/// `done`.
type Revisions = HashMap<Option<String>, (i64, Option<i64>)>;

/// The changes recorded for one case, by step. Keyed by UUID, not id: an id can be used again
/// after a deletion, a UUID never. The case's creation is not a change.
pub(crate) const REVISIONS_SQL: &str = "SELECT step_uuid, count(*), \
       max(CASE WHEN kind = 'step.done' THEN at END) \
     FROM events INDEXED BY events_by_case_uuid \
     WHERE case_uuid = ?1 AND kind != 'case.add' GROUP BY step_uuid";

/// The cases and steps a calendar reads, of the cases `which` picks (a condition on `c`).
pub(crate) fn calendar_sql(which: &str) -> String {
    format!(
        "SELECT {CASE_COLUMNS}, c.updated_at, {}, s.updated_at \
         FROM cases c LEFT JOIN steps s ON s.case_id = c.id \
         WHERE {which} ORDER BY c.id, s.position",
        step_columns("s")
    )
}

impl Tx<'_> {
    /// Streams every case, in id order, with its steps in position order.
    pub fn calendar(&self, each: impl FnMut(CalendarCase) -> Result<()>) -> Result<()> {
        self.calendar_of(Scope::All, each)
    }

    /// Streams the cases of `scope` the same way, one case in memory at a time: the history
    /// is counted case by case through its index, never held whole.
    pub fn calendar_of(
        &self,
        scope: Scope,
        mut each: impl FnMut(CalendarCase) -> Result<()>,
    ) -> Result<()> {
        let (which, id) = match scope {
            Scope::Open => ("c.status = 'open'", None),
            Scope::All => ("1", None),
            Scope::Case(id) => ("c.id = ?1", Some(id)),
        };
        // Prepared once for the whole calendar, not taken from the cache case by case.
        let mut counts = self.tx.prepare(REVISIONS_SQL)?;
        let mut revisions_of = |uuid: &str| -> Result<Revisions> {
            let rows = counts.query_map([uuid], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let case_width = CASE_COLUMNS.split(',').count();
        let mut stmt = self.tx.prepare(&calendar_sql(which))?;
        let step_at = case_width + 1;
        let step_updated_at = step_at + step_columns("s").split(',').count();
        let mut rows = match id {
            Some(id) => stmt.query([id])?,
            None => stmt.query([])?,
        };
        let mut current: Option<(CalendarCase, Revisions)> = None;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            if current.as_ref().is_some_and(|(c, _)| c.case.id != id)
                && let Some((done, _)) = current.take()
            {
                each(done)?;
            }
            if current.is_none() {
                let case = case_from_row(row)?;
                let revisions = revisions_of(&case.uuid)?;
                let (count, _) = revisions.get(&None).copied().unwrap_or((0, None));
                current = Some((
                    CalendarCase {
                        case,
                        updated: local_time(row.get(case_width)?),
                        revisions: count,
                        steps: Vec::new(),
                    },
                    revisions,
                ));
            }
            // A case without steps comes back once, with NULL step columns.
            if row.get::<_, Option<i64>>(step_at)?.is_none() {
                continue;
            }
            let step = step_from_row(row, step_at)?;
            if let Some((c, revisions)) = current.as_mut() {
                let (count, done_at) = revisions
                    .get(&Some(step.uuid.clone()))
                    .copied()
                    .unwrap_or((0, None));
                c.steps.push(CalendarStep {
                    updated: local_time(row.get(step_updated_at)?),
                    revisions: count,
                    done_recorded: done_at.map(local_time),
                    step,
                });
            }
        }
        if let Some((last, _)) = current {
            each(last)?;
        }
        Ok(())
    }
}
