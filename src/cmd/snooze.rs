//! `snooze`: one step's due date moved later, which then counts as set by hand.

use super::{Ctx, print_changed, record_step, reload, resolve_case_of_step, resolve_steps};
use crate::domain::change::Kind;
use crate::domain::model::StepStatus;
use crate::domain::schedule::{Waiting, waiting_on};
use crate::domain::span::Span;
use crate::error::refuse;
use crate::msg::Msg;
use crate::render::json::day_value;
use crate::store::Access;
use anyhow::Result;
use serde_json::json;
use std::io::Write;

pub fn run(case: &str, step: &str, by: Span, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let today = ctx.now.today;
    let mut store = ctx.open(Access::Write)?;
    let (cs, message) = store.write(|tx| {
        let cs = resolve_case_of_step(
            tx,
            case,
            Some(step),
            "snooze",
            &format!(" {}", Msg::ArgDuration),
        )?;
        let index = resolve_steps(&cs, &[step.to_string()])?[0];
        let s = &cs.steps[index];
        if s.status != StepStatus::Pending {
            refuse!(
                "{}",
                Msg::NothingToSnooze {
                    position: s.position,
                    key: &s.key,
                    status: &super::status_word(s.status),
                    id: cs.case.id
                }
            );
        }
        // A step whose date follows another step's completion has no date to move yet: a date
        // made up now would fall before the step it waits for.
        if let Some(Waiting::Step(other)) = waiting_on(s)
            && let Some(o) = cs.steps.iter().find(|o| o.key == other)
            && o.status == StepStatus::Pending
        {
            refuse!(
                "{}",
                Msg::SnoozeWaits {
                    position: s.position,
                    key: &s.key,
                    other_position: o.position,
                    other: &o.key,
                    id: cs.case.id
                }
            );
        }
        // Later than both the due date and today: snoozing an overdue step puts it ahead of
        // today, not still in the past.
        let from = s.due.map_or(today, |d| d.max(today));
        // A day that cannot be stored is a value the command line cannot have: exit 2.
        let Some(due) = by.after(from) else {
            return Err(crate::error::Failure::Usage(
                Msg::PastCalendarEnd {
                    from: &from.to_string(),
                    by: &by.to_string(),
                }
                .to_string(),
            )
            .into());
        };
        tx.set_step_due(s.id, Some(due), true, ctx.now.at)?;
        record_step(
            tx,
            &cs,
            s,
            Kind::StepDue,
            json!({ "due": day_value(s.due), "manual": s.due_manual }),
            json!({ "due": day_value(Some(due)), "manual": true, "by": "snooze", "days": by.in_days() }),
            &ctx.now,
        )?;
        let was = s
            .due
            .map_or_else(|| Msg::NoDate.to_string(), |d| d.to_string());
        let message = Msg::Snoozed {
            position: s.position,
            key: &s.key,
            due: &due.to_string(),
            was: &was,
        }
        .to_string();
        Ok((reload(tx, cs.case.id)?, message))
    })?;
    print_changed(ctx, out, &cs, &[message])
}
