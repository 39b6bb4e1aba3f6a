//! One module per subcommand: typed arguments in, one transaction, output out. No SQL here.

mod add;
mod ask;
mod backup;
mod calendar;
mod close;
mod config;
mod dashboard;
mod departure;
mod due;
mod edit;
mod export;
mod file;
mod guide;
mod import;
mod list;
mod log;
mod mark;
mod note;
mod pending;
mod remind;
mod remote;
mod remote_sync;
mod show;
mod snooze;
mod step;
mod sync;
mod template;
mod undo;

use crate::catalog::Catalog;
use crate::cli::{Command, Lazy};
use crate::clock::Now;
use crate::domain::change::Kind;
use crate::domain::date::DateSpec;
use crate::domain::model::{CaseStatus, CaseWithSteps, Step};
use crate::domain::resolve::{CaseMatch, CaseRef, StepMatch, match_case, match_step};
use crate::domain::schedule;
use crate::domain::text::Lang;
use crate::domain::view::PendingRow;
use crate::error::{Failure, refuse};
use crate::msg::Msg;
use crate::render::{human, json};
use crate::store::{Access, NewEvent, Store, Tx, WriteWatch};
use anyhow::Result;
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;

/// What every command is given besides its own arguments.
pub struct Ctx {
    pub db: PathBuf,
    pub json: bool,
    pub now: Now,
    /// The language of messages and of template text.
    pub lang: Lang,
    /// The settings file's defaults (empty for `config` itself, which reads the file on its own).
    pub config: crate::config::Config,
    /// Whether human output may use colour.
    pub color: bool,
    /// The width human output should fit, when known (a terminal, or COLUMNS).
    pub width: Option<usize>,
    /// Where the command's write stands, for the exit code when printing fails.
    pub writes: WriteWatch,
    /// The folder of the user's own templates, if there is a home folder to find it in.
    pub templates_dir: Option<PathBuf>,
}

impl Ctx {
    /// How human output looks for this invocation.
    pub fn view(&self) -> crate::render::View {
        crate::render::View {
            today: self.now.today,
            lang: self.lang,
            color: self.color,
            width: self.width,
        }
    }

    fn open(&self, access: Access) -> Result<Store> {
        Ok(self.prepared(Store::open(&self.db, access)?))
    }

    /// The built-in and the user's templates, with any problem of a user file said on stderr.
    fn templates(&self) -> Result<Catalog> {
        let catalog = Catalog::load(self.templates_dir.as_deref())?;
        catalog.warn();
        Ok(catalog)
    }

    /// Watches the store's writes and tells the user once about an upgrade it makes.
    fn prepared(&self, store: Store) -> Store {
        store.watched(self.writes.clone()).on_upgrade(|up| {
            let said = Msg::DbUpgraded {
                from: up.from,
                to: up.to,
                copy: &up.copy.display().to_string(),
            };
            warn(&format!("note: {said}"));
            if let Some(earlier) = &up.earlier {
                let said = Msg::DbEarlierCopy {
                    path: &earlier.display().to_string(),
                };
                warn(&format!("note: {said}"));
            }
        })
    }
}

/// A line on stderr that must not stop the command, even if stderr is closed.
fn warn(line: &str) {
    let line = crate::render::inert::inert_lines(line);
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Says that a deadline lies in the past: accepted, since the user may be late.
fn warn_past_deadline(deadline: Option<chrono::NaiveDate>, today: chrono::NaiveDate) {
    if let Some(d) = deadline.filter(|d| crate::domain::remind::is_overdue(*d, today)) {
        let said = Msg::PastDeadline {
            day: &d.to_string(),
            when: &crate::render::human::when(d, today),
        };
        warn(&format!("warning: {said}"));
    }
}

pub fn run(command: Command, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::Add(Lazy(args)) if args.title.is_none() => {
            add::run(ask::add(args, ctx)?, ctx, out)
        }
        Command::Add(Lazy(args)) => add::run(args, ctx, out),
        Command::List(Lazy(args)) => list::run(args, ctx, out),
        Command::Show { case } => show::run(&case, ctx, out),
        Command::Done(Lazy(args)) => mark::done(args, ctx, out),
        Command::Skip(Lazy(args)) => mark::skip(args, ctx, out),
        Command::Reopen { case, steps } => mark::reopen(&case, &steps, ctx, out),
        Command::Pending(Lazy(args)) => pending::run(args, ctx, out),
        Command::Remind(Lazy(args)) => remind::run(args, ctx, out),
        Command::Due { case, step, date } => due::run(&case, &step, date, ctx, out),
        Command::Deadline { case, date } => edit::deadline(&case, date, ctx, out),
        Command::Departure { date } => departure::run(date, ctx, out),
        Command::Snooze { case, step, by } => snooze::run(&case, &step, by, ctx, out),
        Command::Edit(Lazy(args)) => edit::edit(args, ctx, out),
        Command::Note { case, words } => note::run(&case, &words, ctx, out),
        Command::Close { case, force } => close::close(&case, force, ctx, out),
        Command::Delete { case, yes } => close::delete(&case, yes, ctx, out),
        Command::Export(Lazy(args)) => export::run(args, ctx, out),
        Command::Log { case } => log::run(case.as_deref(), ctx, out),
        Command::Import(Lazy(args)) => import::run(args, ctx, out),
        Command::Sync(Lazy(args)) => sync::run(args, ctx, out),
        Command::Remote(Lazy(command)) => remote::run(command, ctx, out),
        Command::Completions { shell } => Ok(crate::complete::script(shell, out)?),
        Command::Complete { index, words } => {
            Ok(crate::complete::answer(index, &words, &ctx.db, out)?)
        }
        Command::Man { dir: None } => Ok(crate::manual::page(out)?),
        Command::Man { dir: Some(dir) } => crate::manual::write_all(&dir, out),
        Command::Guide { topic } => guide::run(topic, ctx, out),
        Command::Calendar { month } => calendar::run(month, ctx, out),
        Command::Config { action } => config::run(action, ctx, out),
        Command::Backup { file } => backup::backup(&file, ctx, out),
        Command::Restore { file } => backup::restore(&file, ctx, out),
        Command::Undo { list: true } => undo::list(ctx, out),
        Command::Undo { list: false } => undo::revert(undo::Direction::Undo, ctx, out),
        Command::Redo => undo::revert(undo::Direction::Redo, ctx, out),
        Command::Step(Lazy(command)) => step::run(command, ctx, out),
        Command::Templates => template::list(ctx, out),
        Command::Template(Lazy(command)) => template::run(command, ctx, out),
    }
}

pub use dashboard::run as dashboard;

/// A step status as a word in a sentence.
fn status_word(status: crate::domain::model::StepStatus) -> String {
    use crate::domain::model::StepStatus;
    match status {
        StepStatus::Pending => Msg::Pending,
        StepStatus::Done => Msg::Done,
        StepStatus::Skipped => Msg::Skipped,
    }
    .to_string()
}

/// The day a typed date names, today being `ctx`'s; a date beyond the calendar is a usage error.
fn resolve_day(spec: DateSpec, now: &Now) -> Result<chrono::NaiveDate> {
    spec.resolve(now.today).ok_or_else(|| {
        crate::error::Failure::Usage(
            Msg::OutsideCalendar {
                value: &spec.to_string(),
            }
            .to_string(),
        )
        .into()
    })
}

/// `resolve_day` for an optional date.
fn resolve_optional_day(spec: Option<DateSpec>, now: &Now) -> Result<Option<chrono::NaiveDate>> {
    spec.map(|s| resolve_day(s, now)).transpose()
}

/// Refuses a `--holder` that no case has, naming the holders there are: an empty list would
/// read as "nothing due" when the name is only misspelt.
fn check_holder(tx: &Tx, holder: Option<&str>) -> Result<()> {
    let Some(name) = holder else {
        return Ok(());
    };
    if tx.has_holder(name)? {
        return Ok(());
    }
    let holders = tx.holders()?;
    // Before the first case there is no name to suggest, and nothing to show either.
    if holders.is_empty() {
        return Ok(());
    }
    refuse!(
        "{}",
        Msg::NoSuchHolder {
            name,
            holders: &holders.join(&Msg::Listed.to_string())
        }
    )
}

/// How many open cases have this title (letter case and outer spaces aside), and the first
/// `SAME_TITLE_NAMED` of them by id, as `#id title`.
fn open_cases_titled(tx: &Tx, title: &str) -> Result<(usize, Vec<String>)> {
    let named = |c: &CaseRef| format!("#{} {}", c.id, c.title);
    if title.trim().is_ascii() {
        // SQLite's lower() folds an ASCII title exactly as Rust does: the index answers alone.
        let (count, first) =
            tx.case_refs_titled_first(title, CaseStatus::Open, SAME_TITLE_NAMED)?;
        return Ok((count, first.iter().map(named).collect()));
    }
    let wanted = title.trim().to_lowercase();
    let open = match tx.case_refs_holding(title, CaseStatus::Open)? {
        Some(holding) => holding,
        None => tx.case_refs(CaseStatus::Open)?,
    };
    let same: Vec<&CaseRef> = open
        .iter()
        .filter(|c| c.title.trim().to_lowercase() == wanted)
        .collect();
    let shown = same
        .iter()
        .take(SAME_TITLE_NAMED)
        .map(|c| named(c))
        .collect();
    Ok((same.len(), shown))
}

/// How many cases sharing a title a warning names; it counts the others.
const SAME_TITLE_NAMED: usize = 3;

/// A case or step that is not there, as the error `--json` names `not_found`.
fn not_found(said: Msg) -> anyhow::Error {
    Failure::NotFound(said.to_string()).into()
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
            None => Err(not_found(Msg::NoCaseId { id: word })),
        };
    }
    // The index looks up words of three characters or more.
    let indexed = word.chars().count() >= 3;
    let mut matched = match_by_word(tx, word, indexed)?;
    if matched == CaseMatch::None && indexed {
        // Nothing the index found: every title, as letter case may fold otherwise in Rust than
        // in SQLite for a few letters. Costs a read of every case, only when nothing matched.
        matched = match_by_word(tx, word, false)?;
    }
    match matched {
        CaseMatch::One(id) => match tx.case_with_steps(id)? {
            Some(cs) => Ok(cs),
            None => Err(not_found(Msg::NoCaseId {
                id: &id.to_string(),
            })),
        },
        CaseMatch::None => Err(not_found(Msg::NoCaseMatches { word })),
        CaseMatch::Ambiguous(candidates) => {
            let names: Vec<String> = candidates
                .iter()
                .map(|c| format!("#{} {}", c.id, c.title))
                .collect();
            Err(Failure::Ambiguous(
                Msg::CaseAmbiguous {
                    word,
                    count: names.len(),
                    names: &names.join(&Msg::Listed.to_string()),
                }
                .to_string(),
            )
            .into())
        }
    }
}

/// What a CASE word finds among the open cases, else among the closed: through the indexes
/// when `indexed` (a whole title of ASCII characters is one lookup; else the index of title
/// pieces gives the candidates), else reading every title.
fn match_by_word(tx: &Tx, word: &str, indexed: bool) -> Result<CaseMatch> {
    for status in [CaseStatus::Open, CaseStatus::Closed] {
        let refs = if indexed {
            // An ASCII word's whole-title matches are the titles SQLite's lower() makes equal.
            if word.is_ascii() {
                let titled = tx.case_refs_titled(word, status)?;
                if !titled.is_empty() {
                    return Ok(match_case(word, &titled));
                }
            }
            tx.case_refs_holding(word, status)?.unwrap_or_default()
        } else {
            tx.case_refs(status)?
        };
        let matched = match_case(word, &refs);
        if matched != CaseMatch::None {
            return Ok(matched);
        }
    }
    Ok(CaseMatch::None)
}

/// `resolve_case` for a command that takes CASE then STEP: when CASE finds no case but the
/// words read the other way round (STEP names a case, and CASE one of its steps), the error says
/// so and shows the right order. `usage` is the command as typed up to CASE (`done`), `rest`
/// what follows STEP in its usage (` DATE`, or nothing). A number for CASE gets no such hint: it
/// is as likely a mistyped id.
fn resolve_case_of_step(
    tx: &Tx,
    case: &str,
    step: Option<&str>,
    usage: &str,
    rest: &str,
) -> Result<CaseWithSteps> {
    let err = match resolve_case(tx, case) {
        Ok(cs) => return Ok(cs),
        Err(err) => err,
    };
    let (case, missing) = (
        case.trim(),
        matches!(err.downcast_ref::<Failure>(), Some(Failure::NotFound(_))),
    );
    let Some(word) = step.map(str::trim).filter(|_| missing) else {
        return Err(err);
    };
    if case.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err);
    }
    // Only a case the STEP word finds alone, and only one of its steps for the CASE word.
    match resolve_case(tx, word) {
        Ok(other) if matches!(match_step(case, &other.steps), StepMatch::One(_)) => {
            Err(not_found(Msg::CaseStepSwapped {
                case: word,
                step: case,
                id: other.case.id,
                usage: &format!("closeout {usage} {word} {case}{rest}"),
            }))
        }
        _ => Err(err),
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
                return Err(not_found(Msg::NoStep {
                    id: cs.case.id,
                    word,
                    count: cs.steps.len(),
                    keys: &keys.join(&Msg::Listed.to_string()),
                }));
            }
            StepMatch::Ambiguous(keys) => {
                return Err(Failure::Ambiguous(
                    Msg::StepAmbiguous {
                        word,
                        keys: &keys.join(&Msg::Or.to_string()),
                    }
                    .to_string(),
                )
                .into());
            }
        };
        if !found.contains(&index) {
            found.push(index);
        }
    }
    Ok(found)
}

/// Records a change to one step; `None` for the side where the step does not exist (added,
/// removed).
fn record_step(
    tx: &Tx,
    cs: &CaseWithSteps,
    step: &Step,
    kind: Kind,
    before: impl Into<Option<Value>>,
    after: impl Into<Option<Value>>,
    now: &Now,
) -> Result<()> {
    tx.record(
        &NewEvent {
            case_id: cs.case.id,
            case_uuid: &cs.case.uuid,
            step: Some((&step.uuid, &step.key)),
            kind,
            before: before.into(),
            after: after.into(),
        },
        now.at,
    )
}

/// Records a change to the case itself.
fn record_case(
    tx: &Tx,
    cs: &CaseWithSteps,
    kind: Kind,
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
    let changes = schedule::reschedule(&cs.steps, &schedule::Plan::of(&cs.case));
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
            Kind::StepDue,
            json!({ "due": json::day_value(step.due) }),
            json!({ "due": json::day_value(due), "by": "rule" }),
            now,
        )?;
    }
    reload(tx, cs.case.id)
}

/// `apply_schedule`, saying in `messages` each step whose due date the rules moved: marking a
/// step done can date the steps that wait for it, and reopening it can take their dates away.
fn apply_schedule_saying(
    tx: &Tx,
    cs: CaseWithSteps,
    now: &Now,
    messages: &mut Vec<String>,
) -> Result<CaseWithSteps> {
    let before: Vec<(i64, Option<chrono::NaiveDate>)> =
        cs.steps.iter().map(|s| (s.id, s.due)).collect();
    let after = apply_schedule(tx, cs, now)?;
    for step in &after.steps {
        let was = before.iter().find(|(id, _)| *id == step.id).map(|b| b.1);
        if was.is_none_or(|was| was == step.due) {
            continue;
        }
        let (position, key) = (step.position, step.key.as_str());
        let said = match step.due {
            Some(day) => Msg::StepNowDue {
                position,
                key,
                day: &day.to_string(),
            }
            .to_string(),
            None => match &step.rule {
                Some(crate::domain::model::Rule::AfterStep { key: after, .. }) => {
                    Msg::StepWaitsFor {
                        position,
                        key,
                        after,
                    }
                    .to_string()
                }
                _ => Msg::StepNoLongerDated { position, key }.to_string(),
            },
        };
        messages.push(said);
    }
    Ok(after)
}

/// Warns when a notice leaves no time to meet the deadline: `submit` would have to be done
/// before today. Says the earliest end the notice allows, a request sent today.
fn warn_notice_too_late(
    case: &crate::domain::model::Case,
    steps: &[Step],
    today: chrono::NaiveDate,
) {
    let (Some(deadline), Some(notice)) = (case.deadline, case.notice_days) else {
        return;
    };
    let submit_done = steps
        .iter()
        .any(|s| s.key == schedule::SUBMIT && s.status.is_finished());
    let latest = deadline.checked_sub_days(chrono::Days::new(notice.unsigned_abs()));
    if submit_done || latest.is_none_or(|d| d >= today) {
        return;
    }
    let earliest = today
        .checked_add_days(chrono::Days::new(notice.unsigned_abs()))
        .map_or_else(String::new, |d| d.to_string());
    let said = Msg::NoticeTooLate {
        id: case.id,
        notice,
        deadline: &deadline.to_string(),
        earliest: &earliest,
    };
    warn(&format!("warning: {said}"));
}

/// The pending steps of open cases that must be done before leaving and that the deadline no
/// longer leaves room for, case by case: `remind` and the dashboard list them apart.
fn squeezed_steps(
    tx: &Tx,
    holder: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<Vec<(CaseWithSteps, Vec<Step>)>> {
    let mut found = Vec::new();
    for mut cs in tx.cases_maybe_squeezed(holder, today)? {
        let squeezed = schedule::Plan::of(&cs.case).squeezed_all(&cs.steps, today);
        // Only the squeezed steps are kept, moved out: the case's other steps are not needed
        // again, and a dashboard holds these while it builds its tables.
        let steps: Vec<Step> = std::mem::take(&mut cs.steps)
            .into_iter()
            .zip(squeezed)
            .filter(|(_, squeezed)| *squeezed)
            .map(|(s, _)| s)
            .collect();
        if !steps.is_empty() {
            found.push((cs, steps));
        }
    }
    Ok(found)
}

/// The squeezed steps as `pending` rows, case by case, for a table of due steps.
fn squeezed_rows(squeezed: &[(CaseWithSteps, Vec<Step>)]) -> impl Iterator<Item = PendingRow<'_>> {
    squeezed.iter().flat_map(|(cs, steps)| {
        steps.iter().map(move |s| PendingRow {
            case_id: cs.case.id,
            case_title: &cs.case.title,
            holder: &cs.case.holder,
            position: s.position,
            key: &s.key,
            title: &s.title,
            due: s.due,
        })
    })
}

/// The squeezed steps as JSON rows: the `pending` fields, with the case's deadline.
fn squeezed_json(squeezed: &[(CaseWithSteps, Vec<Step>)], today: chrono::NaiveDate) -> Vec<Value> {
    let mut rows = Vec::new();
    for (cs, steps) in squeezed {
        for s in steps {
            let row = PendingRow {
                case_id: cs.case.id,
                case_title: &cs.case.title,
                holder: &cs.case.holder,
                position: s.position,
                key: &s.key,
                title: &s.title,
                due: s.due,
            };
            let mut value =
                serde_json::to_value(json::PendingJson::new(&row, today)).unwrap_or(Value::Null);
            if let Some(object) = value.as_object_mut() {
                object.insert("deadline".into(), json::day_value(cs.case.deadline));
                object.insert("late_for_deadline".into(), Value::Bool(true));
            }
            rows.push(value);
        }
    }
    rows
}

fn reload(tx: &Tx, id: i64) -> Result<CaseWithSteps> {
    match tx.case_with_steps(id)? {
        Some(cs) => Ok(cs),
        None => Err(not_found(Msg::CaseVanished { id })),
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
        return json::write(out, &json::CaseJson::at(cs, ctx.now.today));
    }
    for m in messages {
        writeln!(out, "{m}")?;
    }
    Ok(())
}

/// Prints the case as `show` does, or as JSON.
fn print_case(ctx: &Ctx, out: &mut dyn Write, cs: &CaseWithSteps) -> Result<()> {
    if ctx.json {
        json::write(out, &json::CaseJson::at(cs, ctx.now.today))
    } else {
        human::case(out, cs, &ctx.view())
    }
}
