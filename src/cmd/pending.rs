//! `pending`: every pending step of every open case, soonest due first.

use super::{Ctx, resolve_case};
use crate::cli::PendingArgs;
use crate::render::{human::PendingTable, json};
use crate::store::{Access, PendingFilter};
use anyhow::Result;
use std::io::Write;

pub fn run(args: PendingArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let before = super::resolve_optional_day(args.before, &ctx.now)?;
    let mut store = ctx.open(Access::Read)?;
    store.read(|tx| {
        super::check_holder(tx, args.holder.as_deref())?;
        let case_id = match &args.case {
            Some(word) => Some(resolve_case(tx, word)?.case.id),
            None => None,
        };
        let filter = PendingFilter {
            holder: args.holder.as_deref(),
            case_id,
            before,
        };
        if ctx.json {
            let mut array = json::ArrayWriter::start(out)?;
            tx.pending_rows(&filter, |row| {
                array.item(&json::PendingJson::new(&row, ctx.now.today))
            })?;
            array.finish()?;
            return Ok(());
        }
        let mut table = PendingTable::new(&ctx.view());
        tx.pending_rows(&filter, |row| {
            table.row(&row);
            Ok(())
        })?;
        table.finish(out)
    })
}
