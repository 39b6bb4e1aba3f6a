//! `add`: a new case and its checklist, due dates counted back from the deadline.

use super::{Ctx, print_case, record_case};
use crate::cli::AddArgs;
use crate::domain::schedule::rule_due;
use crate::domain::template::Operator;
use crate::error::Failure;
use crate::render::{human, json};
use crate::store::{Access, NewCase, NewStep};
use anyhow::Result;
use std::io::Write;

pub fn run(args: AddArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let title = args.title.trim();
    if title.is_empty() {
        return Err(Failure::Usage(
            "the title is empty; say what is being cancelled, e.g. `closeout add Proximus`".into(),
        )
        .into());
    }
    let deadline = match args.deadline {
        Some(spec) => Some(spec.resolve(ctx.now.today).ok_or_else(|| {
            Failure::Usage(format!("the deadline '{spec}' is outside the calendar"))
        })?),
        None => None,
    };
    let provider = args
        .provider
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Operator::by_name(p).map_or_else(|| p.to_string(), |o| o.name().to_string()))
        .or_else(|| Operator::in_title(title).map(|o| o.name().to_string()));
    let holder = args.holder.clone().unwrap_or_else(login_name);
    let drafts = args.template.steps(provider.as_deref(), args.channel);

    let mut store = ctx.open(Access::Write)?;
    let cs = store.write(|tx| {
        let id = tx.insert_case(
            &NewCase {
                title,
                template: args.template.name(),
                provider: provider.as_deref(),
                channel: args.channel,
                holder: &holder,
                number: args.number.as_deref(),
                deadline,
                note: args.note.as_deref(),
            },
            ctx.now.at,
        )?;
        for (i, draft) in drafts.iter().enumerate() {
            // Only rules on the deadline can give a date now: no step is done yet.
            let due = draft
                .rule
                .as_ref()
                .and_then(|r| rule_due(r, deadline, ctx.now.today, &[]));
            tx.insert_step(
                id,
                &NewStep {
                    position: i as i64 + 1,
                    key: draft.key,
                    title: draft.title,
                    how: &draft.how,
                    rule: draft.rule.as_ref(),
                    due,
                },
                ctx.now.at,
            )?;
        }
        let cs = super::reload(tx, id)?;
        record_case(
            tx,
            &cs,
            "case.add",
            None,
            Some(json::case_value(&cs)),
            &ctx.now,
        )?;
        Ok(cs)
    })?;

    if let Some(d) = deadline.filter(|d| *d < ctx.now.today) {
        eprintln!(
            "warning: the deadline {d} is already past ({}); every step is due at once",
            human::when(d, ctx.now.today)
        );
    }
    if !ctx.json {
        writeln!(
            out,
            "added case #{} {} ({} template, {} steps)\n",
            cs.case.id,
            cs.case.title,
            cs.case.template,
            cs.steps.len()
        )?;
    }
    print_case(ctx, out, &cs)
}

/// The login user's name, the default holder.
pub(super) fn login_name() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| "me".to_string())
}
