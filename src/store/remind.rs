//! The query behind `remind`: pending steps of open cases and open cases' deadlines up to a day.

use super::Tx;
use super::cases::{day_text, parse_day};
use crate::domain::view::{RemindRow, RemindStep};
use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::params;

/// Steps come from the partial index of pending steps, read as a range up to `?1` (CROSS JOIN
/// keeps SQLite from walking every open case's steps instead); deadlines from the partial index of
/// open cases by deadline.
/// Finished work and steps due later are never read. A deadline whose case has `submit` done
/// no longer counts: what remains is its pending steps. Within a day: by case, the case's steps before
/// its deadline, then position.
pub(super) const REMIND: &str = "\
    SELECT s.due, s.case_id, c.title, c.holder, 0 AS kind, s.position, s.key, s.title \
    FROM steps s CROSS JOIN cases c ON c.id = s.case_id \
    WHERE s.status = 'pending' AND s.due <= ?1 AND c.status = 'open' \
      AND (?2 IS NULL OR c.holder = ?2) \
    UNION ALL \
    SELECT c.deadline, c.id, c.title, c.holder, 1, NULL, NULL, NULL \
    FROM cases c INDEXED BY cases_open_by_deadline \
    WHERE c.status = 'open' AND c.deadline <= ?1 AND (?2 IS NULL OR c.holder = ?2) \
      AND NOT EXISTS (SELECT 1 FROM steps d WHERE d.case_id = c.id AND d.key = 'submit' \
                      AND d.status = 'done') \
    ORDER BY 1, 2, 5, 6";

impl Tx<'_> {
    /// Streams what is due on or before `last` to `each`, oldest first.
    pub fn remind_rows(
        &self,
        last: NaiveDate,
        holder: Option<&str>,
        mut each: impl FnMut(RemindRow) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(REMIND)?;
        let mut rows = stmt.query(params![day_text(Some(last)), holder])?;
        while let Some(row) = rows.next()? {
            // A date that does not read back is not a date anything is due on.
            let Some(due) = parse_day(row.get(0)?) else {
                continue;
            };
            let step = match row.get::<_, Option<i64>>(5)? {
                Some(position) => Some(RemindStep {
                    position,
                    key: row.get(6)?,
                    title: row.get(7)?,
                }),
                None => None,
            };
            each(RemindRow {
                case_id: row.get(1)?,
                case_title: row.get(2)?,
                holder: row.get(3)?,
                step,
                due,
            })?;
        }
        Ok(())
    }
}
