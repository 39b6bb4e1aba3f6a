//! Putting cases and steps back as the history recorded them, for undo and redo: whole cases and
//! steps under their own ids and uuids, and single fields.

use super::Tx;
use super::cases::{day_text, lang_text};
use super::steps::{rule_columns, step_columns, step_from_row};
use crate::domain::history::{CaseField, CaseSnapshot, StepField, StepSnapshot};
use crate::domain::merge::{CASE_GROUPS, STEP_GROUPS};
use crate::domain::model::{Channel, Step};
use crate::msg::Msg;
use anyhow::{Context, Result};
use chrono::{DateTime, FixedOffset};
use rusqlite::{OptionalExtension, params};

impl Tx<'_> {
    pub fn case_id_by_uuid(&self, uuid: &str) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached("SELECT id FROM cases WHERE uuid = ?1")?
            .query_row([uuid], |r| r.get(0))
            .optional()?)
    }

    /// A step and the id of its case.
    pub fn step_by_uuid(&self, uuid: &str) -> Result<Option<(i64, Step)>> {
        Ok(self
            .tx
            .prepare_cached(&format!(
                "SELECT s.case_id, {} FROM steps s WHERE s.uuid = ?1",
                step_columns("s")
            ))?
            .query_row([uuid], |r| Ok((r.get(0)?, step_from_row(r, 1)?)))
            .optional()?)
    }

    /// Whether a case with this id exists.
    pub fn case_id_taken(&self, id: i64) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT 1 FROM cases WHERE id = ?1")?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn step_id_taken(&self, id: i64) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT 1 FROM steps WHERE id = ?1")?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Puts a whole case back, with its steps, under the id and uuids it had.
    pub fn restore_case(&self, case: &CaseSnapshot, now: DateTime<FixedOffset>) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO cases (id, uuid, title, template, provider, channel, holder, number, \
                 deadline, status, created_at, closed_at, updated_at, note, lang, notice_days, \
                 follows_departure) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            )?
            .execute(params![
                case.id,
                case.uuid,
                case.title,
                case.template,
                case.provider,
                case.channel.map(Channel::as_str),
                case.holder,
                case.number,
                day_text(case.deadline),
                case.status.as_str(),
                case.created_at.timestamp(),
                case.closed_at.map(|t| t.timestamp()),
                now.timestamp(),
                case.note,
                lang_text(case.lang),
                case.notice_days,
                case.deadline_from.as_deref() == Some("departure"),
            ])
            .with_context(|| Msg::CannotRestoreCase { id: case.id }.to_string())?;
        self.stamp_as_new(&case.uuid, &CASE_GROUPS, now.timestamp())?;
        for step in &case.steps {
            self.insert_snapshot(case.id, step, now)?;
        }
        Ok(())
    }

    /// Puts a step back at its position, the steps from there on moving down one.
    pub fn restore_step(
        &self,
        case_id: i64,
        step: &StepSnapshot,
        now: DateTime<FixedOffset>,
    ) -> Result<()> {
        self.make_room(case_id, step.position)?;
        self.insert_snapshot(case_id, step, now)
    }

    fn insert_snapshot(
        &self,
        case_id: i64,
        step: &StepSnapshot,
        now: DateTime<FixedOffset>,
    ) -> Result<()> {
        let (kind, days, reference) = rule_columns(step.rule.as_ref());
        // Its own row id when free (it is, unless the database was changed outside closeout);
        // else a new one: nothing refers to a step by row id.
        let id = match step.id {
            Some(id) if !self.step_id_taken(id)? => Some(id),
            _ => None,
        };
        self.tx
            .prepare_cached(
                "INSERT INTO steps (id, uuid, case_id, position, key, title, how, status, due, \
                 rule_kind, rule_days, rule_ref, due_manual, done_at, updated_at, note, abroad) \
                 VALUES (?16, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?17)",
            )?
            .execute(params![
                step.uuid,
                case_id,
                step.position,
                step.key,
                step.title,
                step.how,
                step.status.as_str(),
                day_text(step.due),
                kind,
                days,
                reference,
                step.due_manual,
                day_text(step.done_at),
                now.timestamp(),
                step.note,
                id,
                step.abroad,
            ])
            .with_context(|| Msg::CannotRestoreStep { key: &step.key }.to_string())?;
        self.stamp_as_new(&step.uuid, &STEP_GROUPS, now.timestamp())
    }

    /// Sets one field of a case. A status sets `closed_at` as `close` and `reopen` do; a
    /// `ClosedAt` that follows puts back the recorded time.
    pub fn set_case_field(
        &self,
        id: i64,
        field: &CaseField,
        now: DateTime<FixedOffset>,
    ) -> Result<()> {
        if let CaseField::Status(status) = field {
            return self.set_case_status(id, *status, now);
        }
        if let CaseField::Order(uuids) = field {
            return self.set_step_order(id, uuids, now);
        }
        let (sql, value): (&str, rusqlite::types::Value) = match field {
            CaseField::Title(v) => (
                "UPDATE cases SET title = ?2, updated_at = ?3 WHERE id = ?1",
                v.clone().into(),
            ),
            CaseField::Template(v) => (
                "UPDATE cases SET template = ?2, updated_at = ?3 WHERE id = ?1",
                v.clone().into(),
            ),
            CaseField::Provider(v) => (
                "UPDATE cases SET provider = ?2, updated_at = ?3 WHERE id = ?1",
                v.clone().into(),
            ),
            CaseField::Channel(v) => (
                "UPDATE cases SET channel = ?2, updated_at = ?3 WHERE id = ?1",
                v.map(|c| c.as_str().to_string()).into(),
            ),
            CaseField::Holder(v) => (
                "UPDATE cases SET holder = ?2, updated_at = ?3 WHERE id = ?1",
                v.clone().into(),
            ),
            CaseField::Number(v) => (
                "UPDATE cases SET number = ?2, updated_at = ?3 WHERE id = ?1",
                v.clone().into(),
            ),
            CaseField::Deadline(v) => (
                "UPDATE cases SET deadline = ?2, updated_at = ?3 WHERE id = ?1",
                day_text(*v).into(),
            ),
            CaseField::Note(v) => (
                "UPDATE cases SET note = ?2, updated_at = ?3 WHERE id = ?1",
                v.clone().into(),
            ),
            CaseField::Lang(v) => (
                "UPDATE cases SET lang = ?2, updated_at = ?3 WHERE id = ?1",
                lang_text(*v).to_string().into(),
            ),
            CaseField::NoticeDays(v) => (
                "UPDATE cases SET notice_days = ?2, updated_at = ?3 WHERE id = ?1",
                (*v).into(),
            ),
            CaseField::FollowsDeparture(v) => (
                "UPDATE cases SET follows_departure = ?2, updated_at = ?3 WHERE id = ?1",
                i64::from(*v).into(),
            ),
            CaseField::ClosedAt(v) => (
                "UPDATE cases SET closed_at = ?2, updated_at = ?3 WHERE id = ?1 AND status = 'closed'",
                v.map(|t| t.timestamp()).into(),
            ),
            CaseField::Status(_) | CaseField::Order(_) => return Ok(()),
        };
        self.tx
            .prepare_cached(sql)?
            .execute(params![id, value, now.timestamp()])?;
        Ok(())
    }

    /// Puts a case's steps in the order of `uuids`, numbered 1..n; steps not named follow in
    /// the order they had.
    fn set_step_order(
        &self,
        case_id: i64,
        uuids: &[String],
        now: DateTime<FixedOffset>,
    ) -> Result<()> {
        let steps = self.steps(case_id)?;
        let named = uuids
            .iter()
            .filter_map(|u| steps.iter().find(|s| &s.uuid == u));
        let rest = steps.iter().filter(|s| !uuids.contains(&s.uuid));
        let mut stmt = self
            .tx
            .prepare_cached("UPDATE steps SET position = ?2, updated_at = ?3 WHERE id = ?1")?;
        for (n, s) in named.chain(rest).enumerate() {
            let position = n as i64 + 1;
            if s.position != position {
                stmt.execute(params![s.id, position, now.timestamp()])?;
            }
        }
        Ok(())
    }

    /// Sets one field of a step; a position moves it, the steps between shifting by one.
    pub fn set_step_field(
        &self,
        case_id: i64,
        step: &Step,
        field: &StepField,
        now: DateTime<FixedOffset>,
    ) -> Result<()> {
        let (sql, value): (&str, rusqlite::types::Value) = match field {
            StepField::Position(to) => return self.move_step(step, case_id, *to, now),
            StepField::Rule(rule) => {
                let (kind, days, reference) = rule_columns(rule.as_ref());
                self.tx
                    .prepare_cached(
                        "UPDATE steps SET rule_kind = ?2, rule_days = ?3, rule_ref = ?4, \
                         updated_at = ?5 WHERE id = ?1",
                    )?
                    .execute(params![step.id, kind, days, reference, now.timestamp()])?;
                return Ok(());
            }
            StepField::Key(v) => (
                "UPDATE steps SET key = ?2, updated_at = ?3 WHERE id = ?1",
                v.clone().into(),
            ),
            StepField::Title(v) => (
                "UPDATE steps SET title = ?2, updated_at = ?3 WHERE id = ?1",
                v.clone().into(),
            ),
            StepField::How(v) => (
                "UPDATE steps SET how = ?2, updated_at = ?3 WHERE id = ?1",
                v.clone().into(),
            ),
            StepField::Status(v) => (
                "UPDATE steps SET status = ?2, updated_at = ?3 WHERE id = ?1",
                v.as_str().to_string().into(),
            ),
            StepField::DoneAt(v) => (
                "UPDATE steps SET done_at = ?2, updated_at = ?3 WHERE id = ?1",
                day_text(*v).into(),
            ),
            StepField::Due(v) => (
                "UPDATE steps SET due = ?2, updated_at = ?3 WHERE id = ?1",
                day_text(*v).into(),
            ),
            StepField::DueManual(v) => (
                "UPDATE steps SET due_manual = ?2, updated_at = ?3 WHERE id = ?1",
                i64::from(*v).into(),
            ),
            StepField::Note(v) => (
                "UPDATE steps SET note = ?2, updated_at = ?3 WHERE id = ?1",
                v.clone().into(),
            ),
        };
        self.tx
            .prepare_cached(sql)?
            .execute(params![step.id, value, now.timestamp()])?;
        Ok(())
    }
}
