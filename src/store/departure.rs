//! The household's departure date: one per database, in `settings`, with its own field-clock
//! stamp so that export, import and sync carry it like any field of a case.

use super::Tx;
use super::cases::{CASE_COLUMNS, case_from_row, day_text, parse_day};
use super::steps::{step_columns, step_from_row};
use crate::domain::merge::Stamp;
use crate::domain::model::CaseWithSteps;
use anyhow::Result;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{OptionalExtension, params};

/// The field clock's entity and field for the departure (cases and steps use their UUIDs).
const ENTITY: &str = "household";
const FIELD: &str = "departure";

/// The open cases where a step may have no room before the deadline (`?1` holder or NULL,
/// `?2` today): what `remind` and the dashboard check before they plan those cases again. Each
/// case keeps the earliest and latest date of its pending steps (migration 0008), and the two
/// partial indexes hold the cases that one of them flags: a step on or after the deadline or on
/// the day the case was made; with a notice period, a step already past.
pub(super) const MAYBE_SQUEEZED: &str = "\
    SELECT c.id FROM cases c INDEXED BY cases_maybe_squeezed \
      WHERE c.status = 'open' AND c.deadline IS NOT NULL \
      AND (c.pending_last >= c.deadline \
           OR c.pending_first <= date(c.created_at, 'unixepoch', '+1 day')) \
      AND (?1 IS NULL OR c.holder = ?1) \
    UNION \
    SELECT c.id FROM cases c INDEXED BY cases_open_notice_by_first \
      WHERE c.status = 'open' AND c.deadline IS NOT NULL AND c.notice_days IS NOT NULL \
      AND c.pending_first < ?2 AND (?1 IS NULL OR c.holder = ?1) \
    ORDER BY 1";

/// The cases `MAYBE_SQUEEZED` finds, or (`steps`) their steps after their case's id, in case
/// then position order.
pub(super) fn squeezed_sql(steps: bool) -> String {
    match steps {
        false => format!(
            "SELECT {CASE_COLUMNS} FROM cases c WHERE c.id IN ({MAYBE_SQUEEZED}) ORDER BY c.id"
        ),
        true => format!(
            "SELECT s.case_id, {} FROM steps s WHERE s.case_id IN ({MAYBE_SQUEEZED}) \
             ORDER BY s.case_id, s.position",
            step_columns("s")
        ),
    }
}

impl Tx<'_> {
    pub fn departure(&self) -> Result<Option<NaiveDate>> {
        let text: Option<String> = self
            .tx
            .prepare_cached("SELECT value FROM settings WHERE key = 'departure'")?
            .query_row([], |r| r.get(0))
            .optional()?;
        Ok(parse_day(text))
    }

    /// When the departure last changed, and where; `None` if it never did.
    pub fn departure_stamp(&self) -> Result<Option<Stamp>> {
        Ok(self
            .tx
            .prepare_cached("SELECT at, device FROM field_clock WHERE entity = ?1 AND field = ?2")?
            .query_row([ENTITY, FIELD], |r| {
                Ok(Stamp {
                    at: r.get(0)?,
                    device: r.get(1)?,
                })
            })
            .optional()?)
    }

    /// Sets or clears the departure as a change made here, stamped as the triggers stamp a
    /// case's fields: now, but never below the previous stamp + 1.
    pub fn set_departure(&self, day: Option<NaiveDate>, now: DateTime<FixedOffset>) -> Result<()> {
        self.write_departure(day)?;
        self.tx
            .prepare_cached(
                "INSERT INTO field_clock (entity, field, at, device) \
                 VALUES (?1, ?2, max(?3, coalesce((SELECT at + 1 FROM field_clock \
                     WHERE entity = ?1 AND field = ?2), 0)), \
                     (SELECT value FROM settings WHERE key = 'device')) \
                 ON CONFLICT (entity, field) DO UPDATE SET at = excluded.at, device = excluded.device",
            )?
            .execute(params![ENTITY, FIELD, now.timestamp()])?;
        Ok(())
    }

    /// Takes a departure merged from elsewhere, with the stamp it had there.
    pub fn take_departure(&self, day: Option<NaiveDate>, stamp: &Stamp) -> Result<()> {
        self.write_departure(day)?;
        self.tx
            .prepare_cached(
                "INSERT INTO field_clock (entity, field, at, device) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (entity, field) DO UPDATE SET at = excluded.at, device = excluded.device",
            )?
            .execute(params![ENTITY, FIELD, stamp.at, stamp.device])?;
        Ok(())
    }

    fn write_departure(&self, day: Option<NaiveDate>) -> Result<()> {
        match day_text(day) {
            Some(text) => self
                .tx
                .prepare_cached(
                    "INSERT INTO settings (key, value) VALUES ('departure', ?1) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )?
                .execute([text])?,
            None => self
                .tx
                .prepare_cached("DELETE FROM settings WHERE key = 'departure'")?
                .execute([])?,
        };
        Ok(())
    }

    /// The open cases, with their checklists, by id, with a pending step to do before leaving
    /// whose date says it may have no room left: on or after the deadline (a rule holds such
    /// steps on it; a hand-set date may lie after it), or on the day the case was made (where a
    /// rule that asked for an earlier day puts it; a day either side, as that day is local). The
    /// rule itself decides. Two statements for all of them (`squeezed_sql`), not one per case.
    pub fn cases_maybe_squeezed(
        &self,
        holder: Option<&str>,
        today: NaiveDate,
    ) -> Result<Vec<CaseWithSteps>> {
        let today = day_text(Some(today));
        let mut stmt = self.tx.prepare_cached(&squeezed_sql(false))?;
        let cases = stmt.query_map(params![holder, today], case_from_row)?;
        let mut found: Vec<CaseWithSteps> = cases
            .map(|case| {
                Ok(CaseWithSteps {
                    case: case?,
                    steps: Vec::new(),
                })
            })
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.tx.prepare_cached(&squeezed_sql(true))?;
        let mut rows = stmt.query(params![holder, today])?;
        // Both in case order: each step goes to the case it follows.
        let mut at = 0;
        while let Some(row) = rows.next()? {
            let case_id: i64 = row.get(0)?;
            while found.get(at).is_some_and(|cs| cs.case.id < case_id) {
                at += 1;
            }
            if let Some(cs) = found.get_mut(at).filter(|cs| cs.case.id == case_id) {
                cs.steps.push(step_from_row(row, 1)?);
            }
        }
        Ok(found)
    }

    /// The open cases whose deadline follows the departure, by id.
    pub fn following_cases(&self) -> Result<Vec<i64>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id FROM cases WHERE status = 'open' AND follows_departure = 1 ORDER BY id",
        )?;
        let ids = stmt.query_map([], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }
}
