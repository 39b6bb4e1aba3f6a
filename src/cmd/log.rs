//! `log`: the history of changes, oldest first.

use super::{Ctx, resolve_case};
use crate::render::{human, json};
use crate::store::Access;
use anyhow::Result;
use std::io::Write;

pub fn run(case: Option<&str>, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open(Access::Read)?;
    store.read(|tx| {
        let case_id = match case {
            Some(word) => Some(resolve_case(tx, word)?.case.id),
            None => None,
        };
        if ctx.json {
            let mut array = json::ArrayWriter::start(out)?;
            tx.events(case_id, |e| array.item(&json::EventJson::from(&e)))?;
            array.finish()?;
            return Ok(());
        }
        let mut any = false;
        tx.events(case_id, |e| {
            any = true;
            human::event(out, &e)
        })?;
        if !any {
            writeln!(out, "{}", crate::msg::Msg::NoChanges)?;
        }
        Ok(())
    })
}
