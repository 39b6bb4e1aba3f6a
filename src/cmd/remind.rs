//! `remind`: what is overdue, due today or due soon, in three groups; silent when nothing is.

use super::Ctx;
use crate::cli::RemindArgs;
use crate::domain::span::Span;
use crate::domain::view::{RemindRow, RemindStep};
use crate::error::Failure;
use crate::render::{human::RemindTable, json};
use crate::store::Access;
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
    let mut store = ctx.open(Access::Read)?;
    store.read(|tx| {
        super::check_holder(tx, args.holder.as_deref())?;
        let squeezed = super::squeezed_steps(tx, args.holder.as_deref(), ctx.now.today)?;
        if ctx.json {
            let flagged: HashSet<(i64, i64)> = squeezed
                .iter()
                .flat_map(|(cs, steps)| steps.iter().map(|s| (cs.case.id, s.position)))
                .collect();
            let mut shown = HashSet::new();
            let mut array = json::ArrayWriter::start(out)?;
            tx.remind_rows(last, args.holder.as_deref(), |row| {
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
            return Ok(());
        }
        let mut table = RemindTable::new(&ctx.view());
        tx.remind_rows(last, args.holder.as_deref(), |row| {
            table.row(&row);
            Ok(())
        })?;
        for (cs, steps) in &squeezed {
            for s in steps {
                table.no_room(cs.case.id, &cs.case.title, s);
            }
        }
        table.finish(out)?;
        Ok(())
    })
}
