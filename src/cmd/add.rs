//! `add`: a new case and its checklist, due dates counted back from the deadline.

use super::{Ctx, print_case, record_case};
use crate::cli::AddArgs;
use crate::domain::change::Kind;
use crate::domain::schedule::rule_due;
use crate::domain::template::provider_in_title;
use crate::error::Failure;
use crate::msg::Msg;
use crate::render::json;
use crate::store::{Access, NewCase, NewStep};
use anyhow::Result;
use std::io::Write;

pub fn run(args: AddArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let title = args.title.as_deref().unwrap_or_default().trim();
    if title.is_empty() {
        return Err(Failure::Usage(Msg::EmptyTitle.to_string()).into());
    }
    let deadline = super::resolve_optional_day(args.deadline, &ctx.now)?;
    let catalog = ctx.templates()?;
    let template = &catalog.named(&args.template)?.template;
    // A provider some template knows is written as the template spells it.
    let provider = match args.provider.as_deref().map(str::trim) {
        Some(p) if !p.is_empty() => Some(catalog.provider_spelling(p)),
        _ => provider_in_title(title, catalog.provider_names()).map(str::to_string),
    };
    let holder = args
        .holder
        .clone()
        .or_else(|| ctx.config.holder.clone())
        .unwrap_or_else(login_name);
    let channel = args.channel.or(ctx.config.channel);
    let drafts = template.steps(provider.as_deref(), channel, ctx.lang);

    let mut store = ctx.open(Access::Write)?;
    let cs = store.write(|tx| {
        let id = tx.insert_case(
            &NewCase {
                title,
                template: &template.name,
                provider: provider.as_deref(),
                channel,
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
                    key: &draft.key,
                    title: &draft.title,
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
            Kind::CaseAdd,
            None,
            Some(json::case_value(&cs)),
            &ctx.now,
        )?;
        Ok(cs)
    })?;

    super::warn_past_deadline(deadline, ctx.now.today);
    if !ctx.json {
        let added = Msg::CaseAdded {
            id: cs.case.id,
            title: &cs.case.title,
            template: &cs.case.template,
            steps: cs.steps.len(),
        };
        writeln!(out, "{added}\n")?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Command;
    use crate::clock::Now;
    use crate::domain::text::Lang;
    use crate::store::Store;

    /// A case made in each language from each built-in: the copy keeps that language's text.
    #[test]
    fn a_case_takes_its_steps_in_the_language_in_use() {
        let dir = tempfile::tempdir().expect("tempdir");
        let now = Now::at("2026-11-30T09:00:00+00:00".parse().expect("time"));
        for (lang, template, submit) in [
            (Lang::En, "sim", "Submit the cancellation request"),
            (Lang::Zh, "sim", "提交注销申请"),
            (Lang::En, "contract", "Submit the cancellation request"),
            (Lang::Zh, "contract", "提交注销申请"),
            (Lang::En, "internet", "Submit the cancellation request"),
            (Lang::Zh, "internet", "提交注销申请"),
        ] {
            let ctx = Ctx {
                db: dir.path().join("closeout.db"),
                json: true,
                now,
                lang,
                config: Default::default(),
                color: false,
                width: None,
                writes: Default::default(),
                templates_dir: None,
            };
            let args = AddArgs {
                title: Some("Telenet".into()),
                template: template.into(),
                provider: None,
                channel: None,
                number: None,
                holder: Some("alice".into()),
                deadline: None,
                note: None,
            };
            let mut out = Vec::new();
            crate::cmd::run(Command::Add(args), &ctx, &mut out).expect("add");
            let case: serde_json::Value = serde_json::from_slice(&out).expect("json");
            let id = case["id"].as_i64().expect("id");
            let stored = Store::open(&ctx.db, crate::store::Access::Read)
                .and_then(|mut s| s.read(|tx| tx.case_with_steps(id)))
                .expect("read")
                .expect("case");
            let step = stored
                .steps
                .iter()
                .find(|s| s.key == "submit")
                .expect("submit");
            assert_eq!(step.title, submit, "{template} {lang:?}");
            assert!(step.how.contains("Telenet"), "{}", step.how);
            assert_eq!(stored.case.template, template);
        }
    }
}
