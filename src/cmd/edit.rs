//! `edit` and `deadline`: changing a case's own fields. A new deadline moves the due dates that
//! follow it (dates set by hand stay); a new provider or channel refreshes the how-to of pending
//! template steps.

use super::{Ctx, apply_schedule, print_changed, record_case, record_step, reload, resolve_case};
use crate::catalog::{Catalog, Entry};
use crate::cli::{DeadlineSpec, EditArgs, NoticeSpec, Setting};
use crate::clock::Now;
use crate::domain::change::Kind;
use crate::domain::date::DueSpec;
use crate::domain::model::{Case, CaseWithSteps, Channel, StepStatus, append_note};
use crate::domain::text::Lang;
use crate::error::{Failure, refuse};
use crate::msg::Msg;
use crate::render::json::{self, day_value};
use crate::store::{Access, CaseFields, Tx};
use anyhow::Result;
use chrono::NaiveDate;
use serde_json::{Map, Value, json};
use std::io::Write;

/// A new deadline: the case's own (or none), or the departure's, which it then follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DeadlineChange {
    Own(Option<NaiveDate>),
    /// `required`: refused when no departure is set (the user asked to follow it); else a
    /// cleared departure leaves the case without a deadline, no longer following.
    Departure {
        required: bool,
    },
}

/// What to change; `None` leaves a field as it is.
#[derive(Debug, Default)]
pub(super) struct Changes {
    title: Option<String>,
    provider: Option<Option<String>>,
    channel: Option<Option<Channel>>,
    number: Option<Option<String>>,
    holder: Option<String>,
    deadline: Option<DeadlineChange>,
    /// A line to add to the note, as `note` adds one: earlier lines stay.
    note: Option<String>,
    notice: Option<Option<i64>>,
    /// The checklist's language: template text is rewritten in it.
    lang: Option<Lang>,
}

impl Changes {
    /// A case's deadline taken from the departure as it now is (none when it was cleared).
    pub(super) fn follow_departure() -> Changes {
        Changes {
            deadline: Some(DeadlineChange::Departure { required: false }),
            ..Changes::default()
        }
    }
}

pub fn edit(args: EditArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let nothing = args.title.is_none()
        && args.provider.is_none()
        && args.channel.is_none()
        && args.number.is_none()
        && args.holder.is_none()
        && args.deadline.is_none()
        && args.note.is_none()
        && args.notice.is_none()
        && args.lang.is_none();
    if nothing {
        return Err(Failure::Usage(Msg::EditNothingAsked.to_string()).into());
    }
    // Templates are read only when the how-to may have to follow a new provider, channel or
    // language.
    let catalog = if args.provider.is_some() || args.channel.is_some() || args.lang.is_some() {
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
        notice: args.notice.map(|n| match n {
            NoticeSpec::Days(d) => Some(d),
            NoticeSpec::Clear => None,
        }),
        lang: args.lang,
    };
    run(&args.case, changes, catalog.as_ref(), ctx, out)
}

pub fn deadline(case: &str, date: DeadlineSpec, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let changes = Changes {
        deadline: Some(resolve_deadline(date, &ctx.now)?),
        ..Changes::default()
    };
    run(case, changes, None, ctx, out)
}

fn resolve_deadline(spec: DeadlineSpec, now: &Now) -> Result<DeadlineChange> {
    match spec {
        DeadlineSpec::Date(DueSpec::On(spec)) => {
            Ok(DeadlineChange::Own(Some(super::resolve_day(spec, now)?)))
        }
        DeadlineSpec::Date(DueSpec::Clear) => Ok(DeadlineChange::Own(None)),
        DeadlineSpec::Departure => Ok(DeadlineChange::Departure { required: true }),
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
    if applied.replanned {
        super::warn_notice_too_late(&applied.case.case, &applied.case.steps, ctx.now.today);
    }
    print_changed(ctx, out, &applied.case, &applied.said)
}

/// What an edit did.
pub(super) struct Applied {
    /// The case as it now is.
    pub case: CaseWithSteps,
    /// What to tell the user, one line each.
    pub said: Vec<String>,
    /// The new deadline, when it changed.
    new_deadline: Option<Option<NaiveDate>>,
    /// The deadline or the notice changed: the dates were counted again.
    replanned: bool,
}

fn text(v: Option<&str>) -> String {
    v.map_or_else(
        || Msg::LogNone.to_string(),
        |s| Msg::Quoted { text: s }.to_string(),
    )
}

fn day(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| Msg::LogNone.to_string(), |d| d.to_string())
}

/// "case #1: provider 'Telenet' (was 'Proximus')", with the field's name in the user's language.
fn said_field(id: i64, field: Msg, value: &str, was: &str) -> String {
    // A value is quoted, a day or a number of days: only a cleared field is the bare "none".
    if value == Msg::LogNone.to_string() {
        return Msg::EditFieldCleared {
            id,
            field: &field.to_string(),
            was,
        }
        .to_string();
    }
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
pub(super) fn apply(
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
    if let Some(Some(c)) = ch.channel {
        let entry = catalog.and_then(|cat| cat.find(&old.template));
        let template = entry.map(Entry::template).transpose()?;
        if let Some(t) = template.filter(|t| !t.offers(c)) {
            return Err(Failure::Usage(
                Msg::ChannelNotOffered {
                    template: &old.template,
                    channel: c.as_str(),
                    offered: &Channel::listed_of(&t.offered(), crate::i18n::Lang::current()),
                }
                .to_string(),
            )
            .into());
        }
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
    let wanted = match ch.deadline {
        None => None,
        Some(DeadlineChange::Own(d)) => Some((d, false)),
        Some(DeadlineChange::Departure { required }) => match tx.departure()? {
            Some(d) => Some((Some(d), true)),
            None if required => refuse!("{}", Msg::NoDeparture),
            None => Some((None, false)),
        },
    };
    let mut deadline_changed = None;
    if let Some((deadline, follows)) =
        wanted.filter(|(d, f)| (*d, *f) != (old.deadline, old.follows_departure))
    {
        new.deadline = deadline;
        new.follows_departure = follows;
        if deadline != old.deadline {
            before.insert("deadline".into(), day_value(old.deadline));
            after.insert("deadline".into(), day_value(deadline));
            deadline_changed = Some(deadline);
        }
        let (was_from, now_from) = (json::deadline_from(old), json::deadline_from(&new));
        if was_from != now_from {
            before.insert("deadline_from".into(), json!(was_from));
            after.insert("deadline_from".into(), json!(now_from));
        }
        let shown = |c: &Case| {
            let d = day(c.deadline);
            match c.follows_departure {
                true => Msg::FollowsDeparture { day: &d }.to_string(),
                false => d,
            }
        };
        said.push(said_field(
            id,
            Msg::FieldDeadline,
            &shown(&new),
            &shown(old),
        ));
    }
    let notice_changed = ch.notice.filter(|n| *n != old.notice_days);
    if let Some(notice) = notice_changed {
        before.insert("notice_days".into(), json!(old.notice_days));
        after.insert("notice_days".into(), json!(notice));
        let shown = |n: Option<i64>| {
            n.map_or_else(
                || Msg::LogNone.to_string(),
                |days| Msg::NoticeDays { days }.to_string(),
            )
        };
        said.push(said_field(
            id,
            Msg::FieldNotice,
            &shown(notice),
            &shown(old.notice_days),
        ));
        new.notice_days = notice;
        // A notice counts back from the deadline to `submit`: a checklist whose request follows
        // another step instead (a bank account closed once the refunds are in) has nothing to move.
        let counts_back = cs.steps.iter().any(|s| {
            s.key == crate::domain::schedule::SUBMIT
                && matches!(
                    s.rule,
                    Some(crate::domain::model::Rule::BeforeDeadline { .. })
                )
        });
        if notice.is_some() && !counts_back {
            said.push(Msg::NoticeMovesNothing { id }.to_string());
        }
    }
    if let Some(lang) = ch.lang.filter(|l| *l != old.lang) {
        before.insert("lang".into(), json!(old.lang));
        after.insert("lang".into(), json!(lang));
        let name = |l: Lang| json!(l).as_str().unwrap_or_default().to_string();
        said.push(said_field(id, Msg::FieldLang, &name(lang), &name(old.lang)));
        new.lang = lang;
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
            replanned: false,
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
            lang: new.lang,
            notice_days: new.notice_days,
            follows_departure: new.follows_departure,
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
    if let Some(catalog) = catalog.filter(|_| {
        new.provider != old.provider || new.channel != old.channel || new.lang != old.lang
    }) {
        refresh_text(tx, &cs, &new, catalog, ctx, &mut said)?;
    }
    let changed = reload(tx, id)?;
    let replanned = deadline_changed.is_some() || notice_changed.is_some();
    let changed = match replanned {
        true => {
            let rescheduled = apply_schedule(tx, changed, now)?;
            say_moves(&cs, &rescheduled, &mut said);
            rescheduled
        }
        false => changed,
    };
    Ok(Applied {
        case: changed,
        said,
        new_deadline: deadline_changed,
        replanned,
    })
}

/// Gives the steps that came from the case's template the text its new provider, channel or
/// language calls for, recording each change: the how-to of pending steps for a new provider or
/// channel, always in the case's language; and for a new language, the title and how-to of every
/// step whose text is still the template's (text the user wrote stays).
fn refresh_text(
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
    let old = &cs.case;
    let template = entry.template()?;
    let drafts = template.steps(new.provider.as_deref(), new.channel, new.lang);
    if new.lang != old.lang {
        let was = template.steps(old.provider.as_deref(), old.channel, old.lang);
        for step in &cs.steps {
            let (Some(from), Some(to)) = (
                was.iter().find(|d| d.key == step.key),
                drafts.iter().find(|d| d.key == step.key),
            ) else {
                continue;
            };
            let mut before = Map::new();
            let mut after = Map::new();
            let mut title = &step.title;
            let mut how = &step.how;
            if step.title == from.title && step.title != to.title {
                before.insert("title".into(), json!(step.title));
                after.insert("title".into(), json!(to.title));
                title = &to.title;
            }
            if step.how == from.how && step.how != to.how {
                before.insert("how".into(), json!(step.how));
                after.insert("how".into(), json!(to.how));
                how = &to.how;
            }
            if before.is_empty() {
                continue;
            }
            tx.set_step_text(step.id, title, how, now.at)?;
            record_step(
                tx,
                cs,
                step,
                Kind::StepEdit,
                Value::Object(before),
                Value::Object(after),
                now,
            )?;
            said.push(
                Msg::NewText {
                    position: step.position,
                    key: &step.key,
                }
                .to_string(),
            );
        }
        return Ok(());
    }
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
        if old.due.is_some() && new.due.is_none() {
            said.push(
                Msg::DueCleared {
                    position: new.position,
                    key: &new.key,
                    was: &day(old.due),
                }
                .to_string(),
            );
        } else if old.due != new.due {
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
