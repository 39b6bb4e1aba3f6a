//! `add`: a new case and its checklist, due dates counted back from the deadline.

use super::{Ctx, print_case, record_case};
use crate::catalog::Reason;
use crate::cli::AddArgs;
use crate::domain::change::Kind;
use crate::domain::schedule::Plan;
use crate::domain::template::provider_in_title;
use crate::domain::text::Lang;
use crate::error::Failure;
use crate::msg::Msg;
use crate::render::json;
use crate::store::{Access, CaseFields, NewStep};
use anyhow::Result;
use std::io::Write;

pub fn run(args: AddArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let title = args.title.as_deref().unwrap_or_default().trim();
    if title.is_empty() {
        return Err(Failure::Usage(Msg::EmptyTitle.to_string()).into());
    }
    let deadline = super::resolve_optional_day(args.deadline, &ctx.now)?;
    // `none` is what the notice error offers: on a new case it is no notice at all.
    let notice_days = match args.notice {
        Some(crate::cli::NoticeSpec::Days(days)) => Some(days),
        Some(crate::cli::NoticeSpec::Clear) | None => None,
    };
    let catalog = ctx.templates()?;
    let given = args
        .provider
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let (entry, reason) = match args.template.as_deref() {
        Some(name) => (catalog.named(name)?, None),
        None => {
            let (entry, reason) = catalog.choose(title, given);
            (entry, Some(reason))
        }
    };
    let template = entry.template()?;
    // A provider some template knows is written as the template spells it.
    let provider = match given {
        Some(p) => Some(catalog.provider_spelling(p)),
        None => provider_in_title(title, catalog.provider_names()).map(str::to_string),
    };
    if args.holder.as_deref().is_some_and(|h| h.trim().is_empty()) {
        return Err(Failure::Usage(Msg::EmptyHolder.to_string()).into());
    }
    let holder = args
        .holder
        .clone()
        .or_else(|| ctx.config.holder.clone())
        .unwrap_or_else(login_name);
    let channel = args.channel.or(ctx.config.channel);
    if let Some(c) = channel.filter(|c| !template.offers(*c)) {
        return Err(Failure::Usage(
            Msg::ChannelNotOffered {
                template: &template.name,
                channel: c.as_str(),
                offered: &crate::domain::model::Channel::listed_of(
                    &template.offered(),
                    crate::i18n::Lang::current(),
                ),
            }
            .to_string(),
        )
        .into());
    }
    // One language for the whole checklist: asked for, else the title's, else the one in use.
    let lang = args
        .lang
        .unwrap_or_else(|| Lang::for_title(title, ctx.lang));
    let drafts = template.steps(provider.as_deref(), channel, lang);

    let mut store = ctx.open(Access::Write)?;
    let (cs, same_title) = store.write(|tx| {
        let same_title = super::open_cases_titled(tx, title)?;
        // Without a deadline of its own, the case follows the departure, if one is set.
        let (deadline, follows_departure) = match deadline {
            Some(d) => (Some(d), false),
            None => match tx.departure()? {
                Some(d) => (Some(d), true),
                None => (None, false),
            },
        };
        let id = tx.insert_case(
            &template.name,
            &CaseFields {
                title,
                provider: provider.as_deref(),
                channel,
                holder: &holder,
                number: args.number.as_deref(),
                deadline,
                note: args.note.as_deref(),
                lang,
                notice_days,
                follows_departure,
            },
            ctx.now.at,
        )?;
        let plan = Plan {
            deadline,
            created: ctx.now.today,
            notice_days,
        };
        // The rules see the whole checklist (the notice counts back to `submit`); only rules on
        // the deadline can give a date now, since no step is done yet.
        let checklist: Vec<crate::domain::model::Step> =
            drafts.iter().map(|d| d.as_step()).collect();
        let dues = plan.dues(&checklist);
        for (i, (draft, due)) in drafts.iter().zip(dues).enumerate() {
            tx.insert_step(
                id,
                &NewStep {
                    position: i as i64 + 1,
                    key: &draft.key,
                    title: &draft.title,
                    how: &draft.how,
                    rule: draft.rule.as_ref(),
                    due,
                    abroad: draft.abroad,
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
        Ok((cs, same_title))
    })?;

    super::warn_past_deadline(deadline, ctx.now.today);
    let (same_count, same_named) = same_title;
    if same_count > 0 {
        let named = same_named.join(&Msg::Listed.to_string());
        let cases = match same_count - same_named.len() {
            0 => named,
            more => Msg::CasesAndMore {
                cases: &named,
                more,
            }
            .to_string(),
        };
        let said = match same_count {
            1 => Msg::SameTitleOpen { cases: &cases },
            count => Msg::SameTitleOpenMany {
                count,
                cases: &cases,
            },
        };
        super::warn(&format!("warning: {said}"));
    }
    super::warn_notice_too_late(&cs.case, &cs.steps, ctx.now.today);
    if !ctx.json {
        let added = Msg::CaseAdded {
            id: cs.case.id,
            title: &cs.case.title,
            template: &cs.case.template,
            steps: cs.steps.len(),
        };
        writeln!(out, "{added}")?;
        if let Some(reason) = &reason {
            let name = &cs.case.template;
            let chose = match reason {
                Reason::Word(word) => Msg::ChoseByWord {
                    template: name,
                    word,
                }
                .to_string(),
                Reason::Provider(provider) => {
                    let others = catalog.also_knowing(provider, name);
                    match others.as_slice() {
                        [] => Msg::ChoseByProvider {
                            template: name,
                            provider,
                        }
                        .to_string(),
                        // A provider of several kinds of contract (Telenet: a SIM card, an
                        // internet line): the template taken is only the first that knows it,
                        // so say which others do and how to take one.
                        [only] => chose_of_several(name, provider, &others, title, only),
                        _ => chose_of_several(
                            name,
                            provider,
                            &others,
                            title,
                            &Msg::ArgName.to_string(),
                        ),
                    }
                }
                Reason::Fallback => Msg::ChoseFallback { template: name }.to_string(),
            };
            writeln!(out, "{chose}")?;
        }
        writeln!(out)?;
    }
    print_case(ctx, out, &cs)
}

/// The line that says which template a provider's name chose, when others know it too.
fn chose_of_several(
    template: &str,
    provider: &str,
    others: &[&str],
    title: &str,
    other: &str,
) -> String {
    let usage = format!("closeout add {} --template {other}", shell_word(title));
    Msg::ChoseByProviderOfSeveral {
        template,
        provider,
        others: &others.join(&Msg::Or.to_string()),
        usage: &usage,
    }
    .to_string()
}

/// A title as a shell word: as it is when that is safe, else in single quotes.
fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_.,+@%/:".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// The login user's name, the default holder.
pub(super) fn login_name() -> String {
    crate::login::name()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Command;
    use crate::clock::Now;
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
                template: Some(template.into()),
                provider: None,
                channel: None,
                number: None,
                holder: Some("alice".into()),
                deadline: None,
                note: None,
                lang: Some(lang),
                notice: None,
            };
            let mut out = Vec::new();
            crate::cmd::run(Command::Add(crate::cli::Lazy(args)), &ctx, &mut out).expect("add");
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
