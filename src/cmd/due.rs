//! `due`: a due date set by hand, which rules then leave alone.

use super::{Ctx, print_changed, record_step, reload, resolve_case_of_step, resolve_steps};
use crate::domain::change::Kind;
use crate::domain::date::DueSpec;
use crate::msg::Msg;
use crate::render::json::day_value;
use crate::store::Access;
use anyhow::Result;
use serde_json::json;
use std::io::Write;

pub fn run(case: &str, step: &str, date: DueSpec, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let due = match date {
        DueSpec::On(spec) => Some(super::resolve_day(spec, &ctx.now)?),
        DueSpec::Clear => None,
    };
    let mut store = ctx.open(Access::Write)?;
    let (cs, message) = store.write(|tx| {
        let cs = resolve_case_of_step(tx, case, Some(step), "due", &format!(" {}", Msg::ArgDate))?;
        let index = resolve_steps(&cs, &[step.to_string()])?[0];
        let s = &cs.steps[index];
        // The same date, already set by hand: a change in name only, kept out of the history
        // (and of `undo`).
        if s.due == due && s.due_manual {
            let message = match due {
                Some(d) => Msg::DueUnchanged {
                    position: s.position,
                    key: &s.key,
                    day: &d.to_string(),
                },
                None => Msg::NoDueUnchanged {
                    position: s.position,
                    key: &s.key,
                },
            };
            let message = message.to_string();
            return Ok((cs, message));
        }
        tx.set_step_due(s.id, due, true, ctx.now.at)?;
        record_step(
            tx,
            &cs,
            s,
            Kind::StepDue,
            json!({ "due": day_value(s.due), "manual": s.due_manual }),
            json!({ "due": day_value(due), "manual": true }),
            &ctx.now,
        )?;
        let message = match due {
            Some(d) => Msg::StepDue {
                position: s.position,
                key: &s.key,
                day: &d.to_string(),
            }
            .to_string(),
            None => Msg::StepNoDue {
                position: s.position,
                key: &s.key,
            }
            .to_string(),
        };
        Ok((reload(tx, cs.case.id)?, message))
    })?;
    // A day typed without a year lands on its next occurrence, which may be months past the
    // deadline (`30/11` on 1 December): kept, but said.
    if let (Some(d), Some(deadline)) = (due, cs.case.deadline)
        && d > deadline
    {
        super::warn(&format!(
            "warning: {}",
            Msg::DueAfterDeadline {
                day: &d.to_string(),
                id: cs.case.id,
                deadline: &deadline.to_string(),
            }
        ));
    }
    print_changed(ctx, out, &cs, &[message])
}
