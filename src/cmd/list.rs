//! `list`: one row per case with progress and the next step.

use super::Ctx;
use crate::cli::ListArgs;
use crate::render::{human::ListTable, json};
use crate::store::{Access, ListFilter};
use anyhow::Result;
use std::io::Write;

pub fn run(args: ListArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open(Access::Read)?;
    let filter = ListFilter {
        all: args.all,
        holder: args.holder.as_deref(),
    };
    store.read(|tx| {
        super::check_holder(tx, args.holder.as_deref())?;
        if ctx.json {
            let mut array = json::ArrayWriter::start(out)?;
            tx.list_rows(&filter, |row| array.item(&json::ListJson::from(&row)))?;
            array.finish()?;
            return Ok(());
        }
        let mut table = ListTable::new(&ctx.view());
        tx.list_rows(&filter, |row| {
            table.row(&row);
            Ok(())
        })?;
        table.finish(out, args.all)
    })
}
