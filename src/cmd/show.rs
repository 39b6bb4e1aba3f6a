//! `show`: one case with its whole checklist.

use super::{Ctx, print_case, resolve_case};
use crate::store::Access;
use anyhow::Result;
use std::io::Write;

pub fn run(case: &str, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open(Access::Read)?;
    let cs = store.read(|tx| resolve_case(tx, case))?;
    print_case(ctx, out, &cs)
}
