//! `close` and `delete`: ending a case by hand.

use super::{Ctx, print_changed, record_case, reload, resolve_case};
use crate::domain::change::Kind;
use crate::domain::model::{CaseStatus, StepStatus};
use crate::error::refuse;
use crate::msg::Msg;
use crate::render::json;
use crate::store::Access;
use anyhow::Result;
use serde_json::json;
use std::io::Write;

pub fn close(case: &str, force: bool, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let (cs, message) = store.write(|tx| {
        let cs = resolve_case(tx, case)?;
        if cs.case.status == CaseStatus::Closed {
            let message = Msg::CaseAlreadyClosed {
                id: cs.case.id,
                title: &cs.case.title,
            }
            .to_string();
            return Ok((cs, message));
        }
        let pending: Vec<&str> = cs
            .steps
            .iter()
            .filter(|s| s.status == StepStatus::Pending)
            .map(|s| s.key.as_str())
            .collect();
        if !pending.is_empty() && !force {
            refuse!(
                "{}",
                Msg::CloseRefused {
                    id: cs.case.id,
                    count: pending.len(),
                    keys: &pending.join(&Msg::Listed.to_string())
                }
            );
        }
        tx.set_case_status(cs.case.id, CaseStatus::Closed, ctx.now.at)?;
        record_case(
            tx,
            &cs,
            Kind::CaseClose,
            Some(json!({ "status": "open" })),
            Some(json!({ "status": "closed", "forced": !pending.is_empty(),
                         "closed_at": json::stamp(ctx.now.at) })),
            &ctx.now,
        )?;
        let message = Msg::CaseClosed {
            id: cs.case.id,
            title: &cs.case.title,
        }
        .to_string();
        Ok((reload(tx, cs.case.id)?, message))
    })?;
    print_changed(ctx, out, &cs, &[message])
}

pub fn delete(case: &str, yes: bool, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let cs = store.write(|tx| {
        let cs = resolve_case(tx, case)?;
        if !yes {
            refuse!(
                "{}",
                Msg::DeleteUnconfirmed {
                    id: cs.case.id,
                    title: &cs.case.title,
                    steps: cs.steps.len()
                }
            );
        }
        record_case(
            tx,
            &cs,
            Kind::CaseDelete,
            Some(json::case_value(&cs)),
            None,
            &ctx.now,
        )?;
        tx.delete_case(cs.case.id)?;
        Ok(cs)
    })?;
    let message = Msg::CaseDeleted {
        id: cs.case.id,
        title: &cs.case.title,
    }
    .to_string();
    print_changed(ctx, out, &cs, &[message])
}
