//! `remind`: what is overdue, due today or due soon, in three groups; silent when nothing is.

use super::Ctx;
use crate::cli::RemindArgs;
use crate::domain::span::Span;
use crate::error::Failure;
use crate::render::{human::RemindTable, json};
use crate::store::Access;
use anyhow::Result;
use std::io::Write;

pub fn run(args: RemindArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let within = args
        .within
        .or(ctx.config.remind_within)
        .unwrap_or(Span::days(3));
    let last = within.after(ctx.now.today).ok_or_else(|| {
        Failure::Usage(
            crate::msg::Msg::WithinTooFar {
                within: &within.to_string(),
            }
            .to_string(),
        )
    })?;
    let mut store = ctx.open(Access::Read)?;
    store.read(|tx| {
        super::check_holder(tx, args.holder.as_deref())?;
        if ctx.json {
            let mut array = json::ArrayWriter::start(out)?;
            tx.remind_rows(last, args.holder.as_deref(), |row| {
                array.item(&json::RemindJson::new(&row, ctx.now.today))
            })?;
            array.finish()?;
            return Ok(());
        }
        let mut table = RemindTable::new(&ctx.view());
        tx.remind_rows(last, args.holder.as_deref(), |row| {
            table.row(&row);
            Ok(())
        })?;
        table.finish(out)
    })
}
