//! One module per subcommand: typed arguments in, one transaction, output out. No SQL here.

mod add;
mod close;
mod due;
mod export;
mod file;
mod import;
mod list;
mod log;
mod mark;
mod note;
mod pending;
mod show;
mod sync;

use crate::cli::Command;
use crate::clock::Now;
use crate::domain::model::{CaseStatus, CaseWithSteps, Step};
use crate::domain::resolve::{CaseMatch, StepMatch, match_case, match_step};
use crate::domain::schedule;
use crate::error::refuse;
use crate::render::{human, json};
use crate::store::{Access, NewEvent, Store, Tx};
use anyhow::Result;
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;

/// What every command is given besides its own arguments.
pub struct Ctx {
    pub db: PathBuf,
    pub json: bool,
    pub now: Now,
}

impl Ctx {
    fn open(&self, access: Access) -> Result<Store> {
        Store::open(&self.db, access)
    }
}

pub fn run(command: Command, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::Add(args) => add::run(args, ctx, out),
        Command::List(args) => list::run(args, ctx, out),
        Command::Show { case } => show::run(&case, ctx, out),
        Command::Done(args) => mark::done(args, ctx, out),
        Command::Skip(args) => mark::skip(args, ctx, out),
        Command::Reopen { case, steps } => mark::reopen(&case, &steps, ctx, out),
        Command::Pending(args) => pending::run(args, ctx, out),
        Command::Due { case, step, date } => due::run(&case, &step, date, ctx, out),
        Command::Note { case, words } => note::run(&case, &words, ctx, out),
        Command::Close { case, force } => close::close(&case, force, ctx, out),
        Command::Delete { case, yes } => close::delete(&case, yes, ctx, out),
        Command::Log { case } => log::run(case.as_deref(), ctx, out),
        Command::Export(args) => export::run(args, ctx, out),
        Command::Import(args) => import::run(args, ctx, out),
        Command::Sync(args) => sync::run(args, ctx, out),
        Command::Completions { shell } => Ok(crate::cli::completions(shell, out)?),
        Command::Man => Ok(crate::cli::manual(out)?),
    }
}

/// Finds the one case a CASE word means: an id, else a piece of an open case's title or
/// provider, else (so that `reopen` and `show` reach them) of a closed case's.
fn resolve_case(tx: &Tx, word: &str) -> Result<CaseWithSteps> {
    let word = word.trim();
    if !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
        let found = match word.parse::<i64>() {
            Ok(id) => tx.case_with_steps(id)?,
            Err(_) => None,
        };
        return match found {
            Some(cs) => Ok(cs),
            None => refuse!("no case #{word}; `closeout list --all` shows every case"),
        };
    }
    let mut matched = match_case(word, &tx.case_refs(CaseStatus::Open)?);
    if matched == CaseMatch::None {
        matched = match_case(word, &tx.case_refs(CaseStatus::Closed)?);
    }
    match matched {
        CaseMatch::One(id) => match tx.case_with_steps(id)? {
            Some(cs) => Ok(cs),
            None => refuse!("no case #{id}"),
        },
        CaseMatch::None => {
            refuse!("no case matches '{word}'; `closeout list --all` shows every case")
        }
        CaseMatch::Ambiguous(candidates) => {
            let names: Vec<String> = candidates
                .iter()
                .map(|c| format!("#{} {}", c.id, c.title))
                .collect();
            refuse!(
                "'{word}' matches {} cases: {}; use the case id",
                names.len(),
                names.join(", ")
            )
        }
    }
}

/// The indexes of the steps that STEP words name, in the order given, each once.
fn resolve_steps(cs: &CaseWithSteps, words: &[String]) -> Result<Vec<usize>> {
    let mut found = Vec::with_capacity(words.len());
    for word in words {
        let index = match match_step(word, &cs.steps) {
            StepMatch::One(i) => i,
            StepMatch::None => {
                let keys: Vec<&str> = cs.steps.iter().map(|s| s.key.as_str()).collect();
                refuse!(
                    "case #{} has no step '{word}'; its steps are 1..{}: {}",
                    cs.case.id,
                    cs.steps.len(),
                    keys.join(", ")
                )
            }
            StepMatch::Ambiguous(keys) => {
                refuse!(
                    "'{word}' could be {}; type more of the key",
                    keys.join(" or ")
                )
            }
        };
        if !found.contains(&index) {
            found.push(index);
        }
    }
    Ok(found)
}

/// Records a change to one step.
fn record_step(
    tx: &Tx,
    cs: &CaseWithSteps,
    step: &Step,
    kind: &str,
    before: Value,
    after: Value,
    now: &Now,
) -> Result<()> {
    tx.record(
        &NewEvent {
            case_id: cs.case.id,
            case_uuid: &cs.case.uuid,
            step: Some((&step.uuid, &step.key)),
            kind,
            before: Some(before),
            after: Some(after),
        },
        now.at,
    )
}

/// Records a change to the case itself.
fn record_case(
    tx: &Tx,
    cs: &CaseWithSteps,
    kind: &str,
    before: Option<Value>,
    after: Option<Value>,
    now: &Now,
) -> Result<()> {
    tx.record(
        &NewEvent {
            case_id: cs.case.id,
            case_uuid: &cs.case.uuid,
            step: None,
            kind,
            before,
            after,
        },
        now.at,
    )
}

/// Brings rule-driven due dates in line with the case after a change (a step done or reopened),
/// recording each date that moves. Returns the case as it now is.
fn apply_schedule(tx: &Tx, cs: CaseWithSteps, now: &Now) -> Result<CaseWithSteps> {
    let created = cs.case.created_at.date_naive();
    let changes = schedule::reschedule(&cs.steps, cs.case.deadline, created);
    if changes.is_empty() {
        return Ok(cs);
    }
    for (i, due) in changes {
        let step = &cs.steps[i];
        tx.set_step_due(step.id, due, false, now.at)?;
        record_step(
            tx,
            &cs,
            step,
            "step.due",
            json!({ "due": json::day_value(step.due) }),
            json!({ "due": json::day_value(due), "by": "rule" }),
            now,
        )?;
    }
    reload(tx, cs.case.id)
}

fn reload(tx: &Tx, id: i64) -> Result<CaseWithSteps> {
    match tx.case_with_steps(id)? {
        Some(cs) => Ok(cs),
        None => refuse!("case #{id} disappeared while it was being changed; try again"),
    }
}

/// Prints what a write command changed: its messages and the checklist, or the case as JSON.
fn print_changed(
    ctx: &Ctx,
    out: &mut dyn Write,
    cs: &CaseWithSteps,
    messages: &[String],
) -> Result<()> {
    if ctx.json {
        return json::write(out, &json::CaseJson::from(cs));
    }
    for m in messages {
        writeln!(out, "{m}")?;
    }
    Ok(())
}

/// Prints the case as `show` does, or as JSON.
fn print_case(ctx: &Ctx, out: &mut dyn Write, cs: &CaseWithSteps) -> Result<()> {
    if ctx.json {
        json::write(out, &json::CaseJson::from(cs))
    } else {
        human::case(out, cs, ctx.now.today)
    }
}
