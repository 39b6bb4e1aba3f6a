//! `edit` and `deadline`: changing a case's own fields. A new deadline moves the due dates that
//! follow it (dates set by hand stay); a new provider or channel refreshes the how-to of pending
//! template steps.

use super::{Ctx, apply_schedule, print_changed, record_case, record_step, reload, resolve_case};
use crate::catalog::Catalog;
use crate::cli::{EditArgs, Setting};
use crate::clock::Now;
use crate::domain::change::Kind;
use crate::domain::date::DueSpec;
use crate::domain::model::{Case, CaseWithSteps, Channel, StepStatus, append_note};
use crate::error::Failure;
use crate::msg::Msg;
use crate::render::json::day_value;
use crate::store::{Access, CaseFields, Tx};
use anyhow::Result;
use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use std::io::Write;

/// What to change; `None` leaves a field as it is.
#[derive(Debug, Default)]
struct Changes {
    title: Option<String>,
    provider: Option<Option<String>>,
    channel: Option<Option<Channel>>,
    number: Option<Option<String>>,
    holder: Option<String>,
    deadline: Option<Option<NaiveDate>>,
    /// A line to add to the note, as `note` adds one: earlier lines stay.
    note: Option<String>,
}

pub fn edit(args: EditArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    // Templates are read only when the how-to may have to follow a new provider or channel.
    let catalog = if args.provider.is_some() || args.channel.is_some() {
        Some(ctx.templates()?)
    } else {
        None
    };
    let usage = |m: &str| -> anyhow::Error { Failure::Usage(m.to_string()).into() };
    let title = match args.title.as_deref().map(str::trim) {
        Some("") => return Err(usage(&Msg::EmptyNewTitle.to_string())),
        other => other.map(str::to_string),
    };
    let holder = match args.holder.as_deref().map(str::trim) {
        Some("") => return Err(usage(&Msg::EmptyHolder.to_string())),
        other => other.map(str::to_string),
    };
    let note = match args.note {
        Some(line) if line.trim().is_empty() => {
            return Err(usage(&Msg::EmptyNote.to_string()));
        }
        other => other,
    };
    let changes = Changes {
        title,
        provider: args
            .provider
            .as_deref()
            .map(|p| provider_name(p, catalog.as_ref())),
        channel: args.channel.map(|c| match c {
            Setting::Set(ch) => Some(ch),
            Setting::Clear => None,
        }),
        number: args
            .number
            .map(|n| Some(n).filter(|n| !n.trim().is_empty())),
        holder,
        deadline: args
            .deadline
            .map(|spec| resolve_deadline(spec, &ctx.now))
            .transpose()?,
        note,
    };
    run(&args.case, changes, catalog.as_ref(), ctx, out)
}

pub fn deadline(case: &str, date: DueSpec, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let changes = Changes {
        deadline: Some(resolve_deadline(date, &ctx.now)?),
        ..Changes::default()
    };
    run(case, changes, None, ctx, out)
}

fn resolve_deadline(spec: DueSpec, now: &Now) -> Result<Option<NaiveDate>> {
    match spec {
        DueSpec::On(spec) => Ok(Some(super::resolve_day(spec, now)?)),
        DueSpec::Clear => Ok(None),
    }
}

/// A provider as `add` writes it: as the templates spell it, empty for none.
fn provider_name(text: &str, catalog: Option<&Catalog>) -> Option<String> {
    let p = text.trim();
    if p.is_empty() {
        return None;
    }
    Some(catalog.map_or_else(|| p.to_string(), |c| c.provider_spelling(p)))
}

fn run(
    case: &str,
    changes: Changes,
    catalog: Option<&Catalog>,
    ctx: &Ctx,
    out: &mut dyn Write,
) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let applied = store.write(|tx| {
        let cs = resolve_case(tx, case)?;
        apply(tx, cs, &changes, catalog, ctx)
    })?;
    if let Some(d) = applied.new_deadline {
        super::warn_past_deadline(d, ctx.now.today);
    }
    print_changed(ctx, out, &applied.case, &applied.said)
}

/// What an edit did.
struct Applied {
    /// The case as it now is.
    case: CaseWithSteps,
    /// What to tell the user, one line each.
    said: Vec<String>,
    /// The new deadline, when it changed.
    new_deadline: Option<Option<NaiveDate>>,
}

fn text(v: Option<&str>) -> String {
    v.map_or_else(|| Msg::LogNone.to_string(), |s| format!("'{s}'"))
}

fn day(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| Msg::LogNone.to_string(), |d| d.to_string())
}

/// "case #1: provider 'Telenet' (was 'Proximus')", with the field's name in the user's language.
fn said_field(id: i64, field: Msg, value: &str, was: &str) -> String {
    Msg::EditField {
        id,
        field: &field.to_string(),
        value,
        was,
    }
    .to_string()
}

/// Applies the changes inside the command's transaction and records them as one `case.edit`
/// event with the fields before and after, then the how-to and due dates that follow.
fn apply(
    tx: &Tx,
    cs: CaseWithSteps,
    ch: &Changes,
    catalog: Option<&Catalog>,
    ctx: &Ctx,
) -> Result<Applied> {
    let now = &ctx.now;
    let old = &cs.case;
    let mut new: Case = old.clone();
    let mut before = Map::new();
    let mut after = Map::new();
    let mut said = Vec::new();
    let id = old.id;

    if let Some(title) = ch.title.as_ref().filter(|t| **t != old.title) {
        before.insert("title".into(), json!(old.title));
        after.insert("title".into(), json!(title));
        said.push(said_field(
            id,
            Msg::HeadTitle,
            &text(Some(title)),
            &text(Some(&old.title)),
        ));
        new.title = title.clone();
    }
    if let Some(provider) = ch.provider.as_ref().filter(|p| **p != old.provider) {
        before.insert("provider".into(), json!(old.provider));
        after.insert("provider".into(), json!(provider));
        said.push(said_field(
            id,
            Msg::FieldProvider,
            &text(provider.as_deref()),
            &text(old.provider.as_deref()),
        ));
        new.provider = provider.clone();
    }
    if let Some(channel) = ch.channel.filter(|c| *c != old.channel) {
        before.insert("channel".into(), json!(old.channel));
        after.insert("channel".into(), json!(channel));
        let name =
            |c: Option<Channel>| c.map_or_else(|| Msg::LogNone.to_string(), |c| c.to_string());
        said.push(said_field(
            id,
            Msg::FieldChannel,
            &name(channel),
            &name(old.channel),
        ));
        new.channel = channel;
    }
    if let Some(number) = ch.number.as_ref().filter(|n| **n != old.number) {
        before.insert("number".into(), json!(old.number));
        after.insert("number".into(), json!(number));
        said.push(said_field(
            id,
            Msg::FieldNumber,
            &text(number.as_deref()),
            &text(old.number.as_deref()),
        ));
        new.number = number.clone();
    }
    if let Some(holder) = ch.holder.as_ref().filter(|h| **h != old.holder) {
        before.insert("holder".into(), json!(old.holder));
        after.insert("holder".into(), json!(holder));
        said.push(said_field(
            id,
            Msg::FieldHolder,
            &text(Some(holder)),
            &text(Some(&old.holder)),
        ));
        new.holder = holder.clone();
    }
    let deadline_changed = ch.deadline.filter(|d| *d != old.deadline);
    if let Some(deadline) = deadline_changed {
        before.insert("deadline".into(), day_value(old.deadline));
        after.insert("deadline".into(), day_value(deadline));
        said.push(said_field(
            id,
            Msg::FieldDeadline,
            &day(deadline),
            &day(old.deadline),
        ));
        new.deadline = deadline;
    }
    if let Some(line) = &ch.note {
        let note = append_note(old.note.as_deref(), line);
        before.insert("note".into(), json!(old.note));
        after.insert("note".into(), json!(note));
        said.push(Msg::EditNote { id }.to_string());
        new.note = Some(note);
    }

    if before.is_empty() {
        said.push(
            Msg::EditNothing {
                id,
                title: &old.title,
            }
            .to_string(),
        );
        return Ok(Applied {
            case: cs,
            said,
            new_deadline: None,
        });
    }

    tx.set_case_fields(
        id,
        &CaseFields {
            title: &new.title,
            provider: new.provider.as_deref(),
            channel: new.channel,
            holder: &new.holder,
            number: new.number.as_deref(),
            deadline: new.deadline,
            note: new.note.as_deref(),
        },
        now.at,
    )?;
    record_case(
        tx,
        &cs,
        Kind::CaseEdit,
        Some(Value::Object(before)),
        Some(Value::Object(after)),
        now,
    )?;
    if let Some(catalog) =
        catalog.filter(|_| new.provider != old.provider || new.channel != old.channel)
    {
        refresh_how(tx, &cs, &new, catalog, ctx, &mut said)?;
    }
    let changed = reload(tx, id)?;
    let changed = match deadline_changed {
        Some(_) => {
            let rescheduled = apply_schedule(tx, changed, now)?;
            say_moves(&cs, &rescheduled, &mut said);
            rescheduled
        }
        None => changed,
    };
    Ok(Applied {
        case: changed,
        said,
        new_deadline: deadline_changed,
    })
}

/// Gives the pending steps that came from the case's template the how-to that its new provider
/// and channel call for, recording each change.
fn refresh_how(
    tx: &Tx,
    cs: &CaseWithSteps,
    new: &Case,
    catalog: &Catalog,
    ctx: &Ctx,
    said: &mut Vec<String>,
) -> Result<()> {
    let now = &ctx.now;
    // A case from a template this closeout does not know keeps its text.
    let Some(entry) = catalog.find(&new.template) else {
        return Ok(());
    };
    let drafts = entry
        .template
        .steps(new.provider.as_deref(), new.channel, ctx.lang);
    for step in cs.steps.iter().filter(|s| s.status == StepStatus::Pending) {
        let Some(draft) = drafts.iter().find(|d| d.key == step.key) else {
            continue;
        };
        if draft.how == step.how {
            continue;
        }
        tx.set_step_how(step.id, &draft.how, now.at)?;
        record_step(
            tx,
            cs,
            step,
            Kind::StepHow,
            json!({ "how": step.how }),
            json!({ "how": draft.how }),
            now,
        )?;
        said.push(
            Msg::NewHow {
                position: step.position,
                key: &step.key,
            }
            .to_string(),
        );
    }
    Ok(())
}

/// Says which due dates the new deadline moved, and which hand-set dates it left alone.
fn say_moves(before: &CaseWithSteps, after: &CaseWithSteps, said: &mut Vec<String>) {
    for (old, new) in before.steps.iter().zip(&after.steps) {
        if old.id != new.id || new.status != StepStatus::Pending {
            continue;
        }
        if old.due != new.due {
            said.push(
                Msg::DueMoved {
                    position: new.position,
                    key: &new.key,
                    due: &day(new.due),
                    was: &day(old.due),
                }
                .to_string(),
            );
        } else if new.due_manual && new.due.is_some() {
            said.push(
                Msg::DueKept {
                    position: new.position,
                    key: &new.key,
                    due: &day(new.due),
                }
                .to_string(),
            );
        }
    }
}
