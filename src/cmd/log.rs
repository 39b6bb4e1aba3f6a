//! `log`: the history of changes, oldest first, one line per command.

use super::{Ctx, resolve_case};
use crate::domain::view::Event;
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
        // One line per change: the events of one command on one case, read in a row.
        let mut change: Vec<Event> = Vec::new();
        let mut any = false;
        tx.events(case_id, |e| {
            any = true;
            if change
                .last()
                .is_some_and(|last| last.change != e.change || last.case_id != e.case_id)
            {
                human::change(out, &change, "", ctx.view().width)?;
                change.clear();
            }
            change.push(e);
            Ok(())
        })?;
        human::change(out, &change, "", ctx.view().width)?;
        if !any {
            let said = crate::msg::Msg::NoChanges.to_string();
            crate::render::wrap::write(out, &said, ctx.view().width)?;
        }
        Ok(())
    })
}
