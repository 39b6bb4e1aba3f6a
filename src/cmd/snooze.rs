//! `snooze`: one step's due date moved later, which then counts as set by hand.

use super::{Ctx, print_changed, record_step, reload, resolve_case, resolve_steps};
use crate::domain::model::StepStatus;
use crate::domain::span::Span;
use crate::error::refuse;
use crate::render::json::day_value;
use crate::store::Access;
use anyhow::Result;
use serde_json::json;
use std::io::Write;

pub fn run(case: &str, step: &str, by: Span, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let today = ctx.now.today;
    let mut store = ctx.open(Access::Write)?;
    let (cs, message) = store.write(|tx| {
        let cs = resolve_case(tx, case)?;
        let index = resolve_steps(&cs, &[step.to_string()])?[0];
        let s = &cs.steps[index];
        if s.status != StepStatus::Pending {
            refuse!(
                "step {} '{}' is {}, so there is nothing to snooze; `closeout reopen {} {}` makes it pending again",
                s.position,
                s.key,
                s.status.as_str(),
                cs.case.id,
                s.key
            );
        }
        // Later than both the due date and today: snoozing an overdue step puts it ahead of
        // today, not still in the past.
        let from = s.due.map_or(today, |d| d.max(today));
        let Some(due) = by.after(from) else {
            refuse!("{from} plus {by} is past the end of the calendar");
        };
        tx.set_step_due(s.id, Some(due), true, ctx.now.at)?;
        record_step(
            tx,
            &cs,
            s,
            "step.due",
            json!({ "due": day_value(s.due), "manual": s.due_manual }),
            json!({ "due": day_value(Some(due)), "manual": true, "by": "snooze", "days": by.in_days() }),
            &ctx.now,
        )?;
        let was = s.due.map_or_else(|| "no date".to_string(), |d| d.to_string());
        let message = format!(
            "step {} '{}' snoozed to {due} (was {was})",
            s.position, s.key
        );
        Ok((reload(tx, cs.case.id)?, message))
    })?;
    print_changed(ctx, out, &cs, &[message])
}
