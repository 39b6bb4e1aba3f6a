//! `due`: a due date set by hand, which rules then leave alone.

use super::{Ctx, print_changed, record_step, reload, resolve_case, resolve_steps};
use crate::domain::date::DueSpec;
use crate::error::Failure;
use crate::render::json::day_value;
use crate::store::Access;
use anyhow::Result;
use serde_json::json;
use std::io::Write;

pub fn run(case: &str, step: &str, date: DueSpec, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let due =
        match date {
            DueSpec::On(spec) => Some(spec.resolve(ctx.now.today).ok_or_else(|| {
                Failure::Usage(format!("the date '{spec}' is outside the calendar"))
            })?),
            DueSpec::Clear => None,
        };
    let mut store = ctx.open(Access::Write)?;
    let (cs, message) = store.write(|tx| {
        let cs = resolve_case(tx, case)?;
        let index = resolve_steps(&cs, &[step.to_string()])?[0];
        let s = &cs.steps[index];
        tx.set_step_due(s.id, due, true, ctx.now.at)?;
        record_step(
            tx,
            &cs,
            s,
            "step.due",
            json!({ "due": day_value(s.due), "manual": s.due_manual }),
            json!({ "due": day_value(due), "manual": true }),
            &ctx.now,
        )?;
        let message = match due {
            Some(d) => format!("step {} '{}' is due {d}", s.position, s.key),
            None => format!("step {} '{}' has no due date now", s.position, s.key),
        };
        Ok((reload(tx, cs.case.id)?, message))
    })?;
    print_changed(ctx, out, &cs, &[message])
}
