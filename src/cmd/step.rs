//! `step add|remove|move|edit`: the user reshapes a case's own copy of its checklist. Positions
//! stay 1..n without gaps; each change is recorded so that `undo` can take it back.

use super::mark::{close_if_finished, reopen_case};
use super::{
    Ctx, apply_schedule_saying, print_changed, record_step, reload, resolve_case, resolve_steps,
};
use crate::cli::{StepAddArgs, StepCommand};
use crate::domain::change::Kind;
use crate::domain::model::{CaseStatus, CaseWithSteps, Rule, Step};
use crate::domain::reshape::{move_target, new_key};
use crate::domain::template::{not_a_key, valid_key};
use crate::error::{Failure, refuse};
use crate::msg::Msg;
use crate::render::json::step_value;
use crate::store::{Access, NewStep};
use anyhow::Result;
use serde_json::{Map, Value, json};
use std::io::Write;

pub fn run(command: StepCommand, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    match command {
        StepCommand::Add(args) => add(args, ctx, out),
        StepCommand::Remove { case, step } => remove(&case, &step, ctx, out),
        StepCommand::Move {
            case,
            step,
            after,
            first: _,
        } => move_step(&case, &step, after.as_deref(), ctx, out),
        StepCommand::Edit {
            case,
            step,
            title,
            how,
        } => edit(&case, &step, title, how, ctx, out),
    }
}

fn find<'a>(cs: &'a CaseWithSteps, word: &str) -> Result<&'a Step> {
    let index = resolve_steps(cs, &[word.to_string()])?[0];
    Ok(&cs.steps[index])
}

fn add(args: StepAddArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let usage = |m: String| -> anyhow::Error { Failure::Usage(m).into() };
    let title = args.title.trim();
    if title.is_empty() {
        return Err(usage(Msg::StepTitleEmpty.to_string()));
    }
    let key = args.key.as_deref().map(str::trim);
    if let Some(k) = key.filter(|k| !valid_key(k)) {
        return Err(usage(not_a_key(k).to_string()));
    }
    let due = match args.due {
        Some(spec) => Some(spec.resolve(ctx.now.today).ok_or_else(|| {
            usage(
                Msg::OutsideCalendar {
                    value: &spec.to_string(),
                }
                .to_string(),
            )
        })?),
        None => None,
    };
    let mut store = ctx.open(Access::Write)?;
    let (cs, messages) = store.write(|tx| {
        let cs = resolve_case(tx, &args.case)?;
        let position = match &args.after {
            Some(word) => find(&cs, word)?.position + 1,
            None => cs.steps.len() as i64 + 1,
        };
        let taken: Vec<&str> = cs.steps.iter().map(|s| s.key.as_str()).collect();
        let key = match key {
            Some(k) if taken.iter().any(|t| t.eq_ignore_ascii_case(k)) => refuse!(
                "{}",
                Msg::StepKeyTaken {
                    id: cs.case.id,
                    key: k
                }
            ),
            Some(k) => k.to_string(),
            None => new_key(title, position, &taken),
        };
        tx.make_room(cs.case.id, position)?;
        let id = tx.insert_step(
            cs.case.id,
            &NewStep {
                position,
                key: &key,
                title,
                how: "",
                rule: None,
                due: None,
                abroad: false,
            },
            ctx.now.at,
        )?;
        // A step of the user's own follows no rule: its date is the one given, if any.
        if due.is_some() {
            tx.set_step_due(id, due, true, ctx.now.at)?;
        }
        let now_cs = reload(tx, cs.case.id)?;
        let step = now_cs
            .steps
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| Failure::Refused(Msg::NewStepVanished.to_string()))?;
        record_step(
            tx,
            &now_cs,
            step,
            Kind::StepAdd,
            None,
            step_value(step),
            &ctx.now,
        )?;
        let mut messages = vec![
            Msg::StepAdded {
                position,
                key: &key,
                id: cs.case.id,
                title: &cs.case.title,
            }
            .to_string(),
        ];
        // A pending step belongs to an open case.
        if cs.case.status == CaseStatus::Closed {
            messages.push(reopen_case(tx, &now_cs, &ctx.now)?);
        }
        Ok((reload(tx, cs.case.id)?, messages))
    })?;
    print_changed(ctx, out, &cs, &messages)
}

fn remove(case: &str, word: &str, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let (cs, messages) = store.write(|tx| {
        let cs = resolve_case(tx, case)?;
        let step = find(&cs, word)?;
        if cs.steps.len() == 1 {
            refuse!(
                "{}",
                Msg::OnlyStep {
                    key: &step.key,
                    id: cs.case.id
                }
            );
        }
        // A rule that waits for this step would wait forever.
        let followers: Vec<String> = cs
            .steps
            .iter()
            .filter(|s| matches!(&s.rule, Some(Rule::AfterStep { key, .. }) if *key == step.key))
            .map(|s| Msg::Quoted { text: &s.key }.to_string())
            .collect();
        if !followers.is_empty() {
            refuse!(
                "{}",
                Msg::StepFollowed {
                    followers: &followers.join(&Msg::Listed.to_string()),
                    key: &step.key
                }
            );
        }
        tx.delete_step(step, cs.case.id)?;
        record_step(
            tx,
            &cs,
            step,
            Kind::StepRemove,
            step_value(step),
            None,
            &ctx.now,
        )?;
        let mut messages = vec![
            Msg::StepRemoved {
                position: step.position,
                key: &step.key,
                id: cs.case.id,
                title: &cs.case.title,
                count: cs.steps.len() - 1,
            }
            .to_string(),
        ];
        let now_cs = apply_schedule_saying(tx, reload(tx, cs.case.id)?, &ctx.now, &mut messages)?;
        let now_cs = close_if_finished(tx, now_cs, &ctx.now, &mut messages)?;
        Ok((now_cs, messages))
    })?;
    print_changed(ctx, out, &cs, &messages)
}

fn move_step(
    case: &str,
    word: &str,
    after: Option<&str>,
    ctx: &Ctx,
    out: &mut dyn Write,
) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let (cs, message) = store.write(|tx| {
        let cs = resolve_case(tx, case)?;
        let step = find(&cs, word)?;
        let anchor = match after {
            Some(w) => Some(find(&cs, w)?),
            None => None,
        };
        if anchor.is_some_and(|a| a.id == step.id) {
            refuse!("{}", Msg::AfterItself);
        }
        let to = move_target(step.position, anchor.map(|a| a.position));
        if to == step.position {
            let message = Msg::StepThereAlready {
                position: step.position,
                key: &step.key,
            }
            .to_string();
            return Ok((cs, message));
        }
        tx.move_step(step, cs.case.id, to, ctx.now.at)?;
        record_step(
            tx,
            &cs,
            step,
            Kind::StepMove,
            json!({ "position": step.position }),
            json!({ "position": to }),
            &ctx.now,
        )?;
        let message = Msg::StepMoved {
            key: &step.key,
            to,
            was: step.position,
        }
        .to_string();
        Ok((reload(tx, cs.case.id)?, message))
    })?;
    print_changed(ctx, out, &cs, &[message])
}

fn edit(
    case: &str,
    word: &str,
    title: Option<String>,
    how: Option<String>,
    ctx: &Ctx,
    out: &mut dyn Write,
) -> Result<()> {
    let title = title.map(|t| t.trim().to_string());
    if title.as_deref() == Some("") {
        return Err(Failure::Usage(Msg::NewStepTitleEmpty.to_string()).into());
    }
    let how = how.map(|h| h.trim().to_string());
    let mut store = ctx.open(Access::Write)?;
    let (cs, message) = store.write(|tx| {
        let cs = resolve_case(tx, case)?;
        let step = find(&cs, word)?;
        let (mut before, mut after) = (Map::new(), Map::new());
        let mut changed = Vec::new();
        if let Some(t) = title.as_ref().filter(|t| **t != step.title) {
            before.insert("title".into(), json!(step.title));
            after.insert("title".into(), json!(t));
            changed.push(Msg::WordTitle.to_string());
        }
        if let Some(h) = how.as_ref().filter(|h| **h != step.how) {
            before.insert("how".into(), json!(step.how));
            after.insert("how".into(), json!(h));
            changed.push(Msg::WordHowTo.to_string());
        }
        if changed.is_empty() {
            let message = Msg::StepReadsSo {
                position: step.position,
                key: &step.key,
            }
            .to_string();
            return Ok((cs, message));
        }
        tx.set_step_text(
            step.id,
            title.as_deref().unwrap_or(&step.title),
            how.as_deref().unwrap_or(&step.how),
            ctx.now.at,
        )?;
        record_step(
            tx,
            &cs,
            step,
            Kind::StepEdit,
            Value::Object(before),
            Value::Object(after),
            &ctx.now,
        )?;
        let message = Msg::StepNewText {
            position: step.position,
            key: &step.key,
            what: &changed.join(&Msg::And.to_string()),
        }
        .to_string();
        Ok((reload(tx, cs.case.id)?, message))
    })?;
    print_changed(ctx, out, &cs, &[message])
}
