//! The household's departure date: one per database, in `settings`, with its own field-clock
//! stamp so that export, import and sync carry it like any field of a case.

use super::Tx;
use super::cases::{day_text, parse_day};
use crate::domain::merge::Stamp;
use anyhow::Result;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{OptionalExtension, params};

/// The field clock's entity and field for the departure (cases and steps use their UUIDs).
const ENTITY: &str = "household";
const FIELD: &str = "departure";

/// The open cases where a step may have no room before the deadline (`?1` holder or NULL,
/// `?2` today): what `remind` and the dashboard check before they plan those cases again.
pub(super) const MAYBE_SQUEEZED: &str = "\
    SELECT c.id FROM cases c WHERE c.status = 'open' AND c.deadline IS NOT NULL \
      AND (?1 IS NULL OR c.holder = ?1) \
      AND EXISTS (SELECT 1 FROM steps s WHERE s.case_id = c.id \
          AND s.status = 'pending' AND s.abroad = 0 AND s.due IS NOT NULL \
          AND (s.due >= c.deadline \
               OR s.due <= date(c.created_at, 'unixepoch', '+1 day') \
               OR (c.notice_days IS NOT NULL AND s.due < ?2))) \
      ORDER BY c.id";

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

    /// The open cases, by id, with a pending step to do before leaving whose date says it may
    /// have no room left: on or after the deadline (a rule holds such steps on it; a hand-set
    /// date may lie after it), or on the day the case was made (where a rule that asked for an
    /// earlier day puts it; a day either side, as that day is local). The rule itself decides.
    pub fn cases_maybe_squeezed(&self, holder: Option<&str>, today: NaiveDate) -> Result<Vec<i64>> {
        let mut stmt = self.tx.prepare_cached(MAYBE_SQUEEZED)?;
        let ids = stmt.query_map(params![holder, day_text(Some(today))], |r| r.get(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
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
