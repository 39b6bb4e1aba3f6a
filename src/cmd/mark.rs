//! `done`, `skip` and `reopen`: moving steps between pending and finished, closing and reopening
//! the case as its checklist fills or empties.

use super::{
    Ctx, apply_schedule_saying, print_changed, record_case, record_step, reload,
    resolve_case_of_step, resolve_steps,
};
use crate::cli::{DoneArgs, SkipArgs};
use crate::clock::Now;
use crate::domain::change::Kind;
use crate::domain::model::{CaseStatus, CaseWithSteps, StepStatus, append_note};
use crate::msg::Msg;
use crate::render::json::{day_value, stamp};
use crate::store::{Access, Tx};
use anyhow::Result;
use chrono::NaiveDate;
use serde_json::json;
use std::io::Write;

pub fn done(args: DoneArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let day = super::resolve_optional_day(args.date, &ctx.now)?.unwrap_or(ctx.now.today);
    finish(
        &args.case,
        &args.steps,
        StepStatus::Done,
        Some(day),
        args.note.as_deref(),
        ctx,
        out,
    )
}

pub fn skip(args: SkipArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    finish(
        &args.case,
        &args.steps,
        StepStatus::Skipped,
        None,
        args.note.as_deref(),
        ctx,
        out,
    )
}

fn finish(
    case: &str,
    words: &[String],
    status: StepStatus,
    day: Option<NaiveDate>,
    note: Option<&str>,
    ctx: &Ctx,
    out: &mut dyn Write,
) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let mut odd = None;
    let usage = match status {
        StepStatus::Skipped => "skip",
        _ => "done",
    };
    let (cs, messages) = store.write(|tx| {
        let first = words.first().map(String::as_str);
        let cs = resolve_case_of_step(tx, case, first, usage, "")?;
        let mut messages = Vec::new();
        let mut changed = false;
        for i in resolve_steps(&cs, words)? {
            let step = &cs.steps[i];
            if step.status == status
                || (status == StepStatus::Skipped && step.status == StepStatus::Done)
            {
                messages.push(already(step));
                continue;
            }
            tx.set_step_status(step.id, status, day, ctx.now.at)?;
            record_step(
                tx,
                &cs,
                step,
                if status == StepStatus::Done {
                    Kind::StepDone
                } else {
                    Kind::StepSkip
                },
                json!({ "status": step.status, "done_at": day_value(step.done_at) }),
                json!({ "status": status, "done_at": day_value(day) }),
                &ctx.now,
            )?;
            if let Some(line) = note {
                add_step_note(tx, &cs, i, line, &ctx.now)?;
            }
            let (position, key) = (step.position, step.key.as_str());
            let said = match day {
                Some(d) => Msg::StepDoneOn {
                    position,
                    key,
                    day: &d.to_string(),
                }
                .to_string(),
                None => Msg::StepSkipped { position, key }.to_string(),
            };
            messages.push(said);
            changed = true;
        }
        if !changed {
            return Ok((cs, messages));
        }
        if let Some(d) = day {
            odd = odd_done_day(&cs, d, ctx.now.today);
        }
        let cs = apply_schedule_saying(tx, reload(tx, cs.case.id)?, &ctx.now, &mut messages)?;
        let cs = close_if_finished(tx, cs, &ctx.now, &mut messages)?;
        Ok((cs, messages))
    })?;
    // Said, not refused: a step may well have been done before its case was written down, and
    // the date is the user's to give.
    if let Some(said) = odd {
        super::warn(&format!("warning: {said}"));
    }
    print_changed(ctx, out, &cs, &messages)
}

/// What is odd about the day steps are marked done on: after today, or before the case was
/// added.
fn odd_done_day(cs: &CaseWithSteps, day: NaiveDate, today: NaiveDate) -> Option<String> {
    let created = cs.case.created_at.date_naive();
    let said = if day > today {
        Msg::DoneAfterToday {
            day: &day.to_string(),
            today: &today.to_string(),
        }
    } else if day < created {
        Msg::DoneBeforeCase {
            day: &day.to_string(),
            id: cs.case.id,
            created: &created.to_string(),
        }
    } else {
        return None;
    };
    Some(said.to_string())
}

pub(super) fn add_step_note(
    tx: &Tx,
    cs: &CaseWithSteps,
    index: usize,
    line: &str,
    now: &Now,
) -> Result<()> {
    let step = &cs.steps[index];
    // `cs` holds the note as it is: commands name each step once (their steps are deduplicated)
    // and change no note before this one.
    let current = step.note.clone();
    let note = append_note(current.as_deref(), line);
    tx.set_step_note(step.id, &note, now.at)?;
    record_step(
        tx,
        cs,
        step,
        Kind::StepNote,
        json!({ "note": current }),
        json!({ "note": note }),
        now,
    )
}

/// Closes an open case whose every step is done or skipped, and says so.
pub(super) fn close_if_finished(
    tx: &Tx,
    cs: CaseWithSteps,
    now: &Now,
    messages: &mut Vec<String>,
) -> Result<CaseWithSteps> {
    if cs.case.status != CaseStatus::Open || cs.finished() < cs.steps.len() {
        return Ok(cs);
    }
    tx.set_case_status(cs.case.id, CaseStatus::Closed, now.at)?;
    record_case(
        tx,
        &cs,
        Kind::CaseClose,
        Some(json!({ "status": "open" })),
        Some(json!({ "status": "closed", "auto": true, "closed_at": stamp(now.at) })),
        now,
    )?;
    messages.push(
        Msg::CaseAutoClosed {
            id: cs.case.id,
            title: &cs.case.title,
        }
        .to_string(),
    );
    reload(tx, cs.case.id)
}

pub fn reopen(case: &str, words: &[String], ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let (cs, messages) = store.write(|tx| {
        let first = words.first().map(String::as_str);
        let cs = resolve_case_of_step(tx, case, first, "reopen", "")?;
        let mut messages = Vec::new();
        let mut reopened_steps = false;
        for i in resolve_steps(&cs, words)? {
            let step = &cs.steps[i];
            if step.status == StepStatus::Pending {
                messages.push(already(step));
                continue;
            }
            tx.set_step_status(step.id, StepStatus::Pending, None, ctx.now.at)?;
            record_step(
                tx,
                &cs,
                step,
                Kind::StepReopen,
                json!({ "status": step.status, "done_at": day_value(step.done_at) }),
                json!({ "status": "pending", "done_at": null }),
                &ctx.now,
            )?;
            messages.push(
                Msg::StepPendingAgain {
                    position: step.position,
                    key: &step.key,
                }
                .to_string(),
            );
            reopened_steps = true;
        }
        // A pending step belongs to an open case; without STEP, reopening the case is the point.
        if cs.case.status == CaseStatus::Closed && (words.is_empty() || reopened_steps) {
            messages.push(reopen_case(tx, &cs, &ctx.now)?);
        } else if words.is_empty() {
            messages.push(
                Msg::CaseAlreadyOpen {
                    id: cs.case.id,
                    title: &cs.case.title,
                }
                .to_string(),
            );
        }
        let cs = apply_schedule_saying(tx, reload(tx, cs.case.id)?, &ctx.now, &mut messages)?;
        Ok((cs, messages))
    })?;
    print_changed(ctx, out, &cs, &messages)
}

/// Reopens a closed case, records it, and says so.
pub(super) fn reopen_case(tx: &Tx, cs: &CaseWithSteps, now: &Now) -> Result<String> {
    tx.set_case_status(cs.case.id, CaseStatus::Open, now.at)?;
    record_case(
        tx,
        cs,
        Kind::CaseReopen,
        Some(json!({ "status": "closed", "closed_at": cs.case.closed_at.map(stamp) })),
        Some(json!({ "status": "open", "closed_at": null })),
        now,
    )?;
    Ok(Msg::CaseOpenAgain {
        id: cs.case.id,
        title: &cs.case.title,
    }
    .to_string())
}

/// "step 5 'submit' is already done (2026-11-30); nothing changed", the status said once.
fn already(step: &crate::domain::model::Step) -> String {
    let (position, key) = (step.position, step.key.as_str());
    match step.status {
        StepStatus::Done => {
            let when = step
                .done_at
                .map(|d| {
                    Msg::OnDay {
                        day: &d.to_string(),
                    }
                    .to_string()
                })
                .unwrap_or_default();
            Msg::StepAlreadyDone {
                position,
                key,
                when: &when,
            }
            .to_string()
        }
        StepStatus::Skipped => Msg::StepAlreadySkipped { position, key }.to_string(),
        StepStatus::Pending => Msg::StepAlreadyPending { position, key }.to_string(),
    }
}
