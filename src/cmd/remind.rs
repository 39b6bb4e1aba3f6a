//! `remind`: what is overdue, due today or due soon, in three groups; silent when nothing is.

use super::Ctx;
use crate::cli::RemindArgs;
use crate::domain::span::Span;
use crate::domain::view::{RemindRow, RemindStep};
use crate::error::Failure;
use crate::render::{human::RemindTable, json};
use crate::store::{Access, QuietAsk, is_quiet};
use anyhow::Result;
use std::collections::HashSet;
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
    let holder = args.holder.as_deref();
    // A prompt may run `remind` before every command: when the mark says nothing has changed
    // since it last had nothing to say today, it says nothing again without opening the database.
    let ask = QuietAsk::new(ctx.now.today, last, holder, ctx.json);
    if is_quiet(&ctx.db, &ask) {
        return say_nothing(ctx, out);
    }
    let mut store = ctx.open(Access::Read)?;
    let (said, seen) = store.read(|tx| {
        let seen = tx.data_version()?;
        super::check_holder(tx, holder)?;
        let squeezed = super::squeezed_steps(tx, holder, ctx.now.today)?;
        let mut said = !squeezed.is_empty();
        if ctx.json {
            let flagged: HashSet<(i64, i64)> = squeezed
                .iter()
                .flat_map(|(cs, steps)| steps.iter().map(|s| (cs.case.id, s.position)))
                .collect();
            let mut shown = HashSet::new();
            let mut array = json::ArrayWriter::start(out)?;
            tx.remind_rows(last, holder, |row| {
                said = true;
                let at = row.step.as_ref().map(|s| (row.case_id, s.position));
                let late = at.is_some_and(|at| flagged.contains(&at));
                if let Some(at) = at.filter(|_| late) {
                    shown.insert(at);
                }
                array.item(&json::RemindJson {
                    late_for_deadline: late,
                    ..json::RemindJson::new(&row, ctx.now.today)
                })
            })?;
            // Steps with no room left that fall due later than the window come after, flagged.
            for (cs, steps) in &squeezed {
                for s in steps {
                    let Some(due) = s.due.filter(|_| !shown.contains(&(cs.case.id, s.position)))
                    else {
                        continue;
                    };
                    let row = RemindRow {
                        case_id: cs.case.id,
                        case_title: cs.case.title.clone(),
                        holder: cs.case.holder.clone(),
                        step: Some(RemindStep {
                            position: s.position,
                            key: s.key.clone(),
                            title: s.title.clone(),
                        }),
                        due,
                    };
                    array.item(&json::RemindJson {
                        late_for_deadline: true,
                        ..json::RemindJson::new(&row, ctx.now.today)
                    })?;
                }
            }
            array.finish()?;
            return Ok((said, seen));
        }
        let mut table = RemindTable::new(&ctx.view());
        tx.remind_rows(last, holder, |row| {
            said = true;
            table.row(&row);
            Ok(())
        })?;
        for (cs, steps) in &squeezed {
            for s in steps {
                table.no_room(cs.case.id, &cs.case.title, s);
            }
        }
        table.finish(out)?;
        Ok((said, seen))
    })?;
    if !said {
        store.mark_quiet(&ask, seen);
    }
    Ok(())
}

/// What `remind` prints when nothing is due: nothing, or under `--json` an empty list.
fn say_nothing(ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    if ctx.json {
        json::ArrayWriter::start(out)?.finish()?;
    } else {
        RemindTable::new(&ctx.view()).finish(out)?;
    }
    Ok(())
}
