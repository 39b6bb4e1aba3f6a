//! `import FILE [--dry-run] [--all-tasks]`: merging a closeout export or a Taskwarrior export
//! into the database by UUID, in one transaction, after the whole file has been checked.
//!
//! `merge_closeout`, shared with `sync`, applies what the merge engine (`domain::merge`)
//! decides; no merge rule lives here.

use super::add::login_name;
use super::mark;
use super::{Ctx, apply_schedule, record_case, record_step, reload};
use crate::cli::ImportArgs;
use crate::clock::Now;
use crate::domain::change::Kind as ChangeKind;
use crate::domain::change::{HOUSEHOLD, HOUSEHOLD_UUID};
use crate::domain::merge::{CasePlan, StepOp, StepRecord, plan_case, presence};
use crate::domain::model::{CaseStatus, CaseWithSteps, Step, StepStatus};
use crate::error::Failure;
use crate::format::closeout::{
    Checked, FileCase, FileEvent, each_case, each_case_at, each_case_line, each_event,
    each_event_at, each_event_line,
};
use crate::format::taskwarrior::{self, Scope, Task};
use crate::format::{self, Kind};
use crate::msg::Msg;
use crate::render::json::{self, StepJson, day_value};
use crate::store::{Access, CaseFields, Tx};
use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// A checked import file.
pub(super) enum Incoming {
    Closeout(CloseoutFile),
    Taskwarrior(Vec<Task>),
}

/// A closeout export, checked whole and read again, one record at a time, by each pass of the
/// merge: a file of any size costs the same memory.
pub(super) struct CloseoutFile {
    source: Source,
    checked: Checked,
}

/// Where an import file is read from: a file, opened again for each pass, or standard input,
/// which can be read only once and is kept.
pub(super) enum Source {
    File(PathBuf),
    Bytes(Vec<u8>),
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl Source {
    /// The file from its start, a byte-order mark skipped.
    fn open(&self) -> std::io::Result<Box<dyn Read + '_>> {
        match self {
            Source::File(path) => {
                let mut r = BufReader::with_capacity(1 << 16, File::open(path)?);
                if r.fill_buf()?.starts_with(BOM) {
                    r.consume(BOM.len());
                }
                Ok(Box::new(r))
            }
            Source::Bytes(bytes) => Ok(Box::new(bytes.strip_prefix(BOM).unwrap_or(bytes))),
        }
    }

    /// The file from `offset` (from its start, a byte-order mark left out).
    fn open_at(&self, offset: u64) -> std::io::Result<Box<dyn Read + '_>> {
        match self {
            Source::File(path) => {
                use std::io::{Seek, SeekFrom};
                let mut file = File::open(path)?;
                let mut start = [0u8; 3];
                let bom = match file.read_exact(&mut start) {
                    Ok(()) if start == BOM => BOM.len() as u64,
                    _ => 0,
                };
                file.seek(SeekFrom::Start(bom + offset))?;
                Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
            }
            Source::Bytes(bytes) => {
                let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
                let at = usize::try_from(offset).map_or(bytes.len(), |o| o.min(bytes.len()));
                Ok(Box::new(&bytes[at..]))
            }
        }
    }

    /// What kind of file this is, from its first character.
    fn kind(&self) -> std::io::Result<Kind> {
        let mut r = self.open()?;
        let mut chunk = [0u8; 512];
        loop {
            let n = r.read(&mut chunk)?;
            if n == 0 {
                return Ok(Kind::Unknown);
            }
            if let Some(i) = chunk[..n].iter().position(|b| !b.is_ascii_whitespace()) {
                return Ok(format::kind(&chunk[i..n]));
            }
        }
    }

    /// The whole file, for a format read whole.
    fn bytes(&self) -> std::io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            Source::File(path) => std::fs::read(path).map(std::borrow::Cow::Owned),
            Source::Bytes(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
        }
    }
}

/// A file to import or sync from, refused as unreadable when it cannot be read (missing, a
/// folder, no permission), as reading it whole would refuse it.
pub(super) fn open_file(path: &Path) -> Result<Source> {
    let source = Source::File(path.to_path_buf());
    let readable = source.open().and_then(|mut r| r.read(&mut [0u8; 1]));
    match readable {
        Ok(_) => Ok(source),
        Err(e) => Err(Failure::Refused(
            Msg::CannotReadWhy {
                path: &path.display().to_string(),
                error: &crate::error::io_reason(&e),
            }
            .to_string(),
        )
        .into()),
    }
}

#[derive(Debug, Default, Clone, Copy, Serialize)]
pub(super) struct Counts {
    pub added: usize,
    pub updated: usize,
    pub left: usize,
    pub deleted: usize,
}

#[derive(Debug, Default, Clone, Copy, Serialize)]
pub(super) struct EventCounts {
    pub added: usize,
    /// Already in this database.
    pub left: usize,
}

/// One case that an import added, changed or deleted.
#[derive(Debug, Serialize)]
pub(super) struct Change {
    pub action: &'static str,
    /// The case's id in this database.
    pub case: i64,
    pub uuid: String,
    pub title: String,
    /// For `updated`: what changed, e.g. "note", "step 3 'unbind': status, note" (in English,
    /// whatever the language: this is the JSON report).
    pub what: Vec<String>,
    /// The same, in the user's language, for the human report.
    #[serde(skip)]
    pub said: Vec<String>,
    /// For `added`: how many steps came with it.
    pub steps: usize,
}

/// One thing an import changed in a case, worded once for the JSON report (English, stable) and
/// once for the person reading it (their language).
enum Detail {
    /// A field group of the case: "note", "deadline", …
    Field(&'static str),
    StepAdded {
        position: i64,
        key: String,
    },
    StepChanged {
        position: i64,
        key: String,
        fields: Vec<&'static str>,
    },
    StepRemoved {
        position: i64,
        key: String,
    },
    /// Every step finished in Taskwarrior: closed, as `done` closes it.
    Closed,
    /// A step pending again in a closed case: open again, as `reopen` opens it.
    Reopened,
}

impl Detail {
    /// The report's `what`, in English whatever the user's language: the catalog's English
    /// sentences about steps, with field groups named as they are in files and stamps, and a
    /// case's closing or opening as the status words `closed` and `reopened`.
    fn english(&self) -> String {
        crate::i18n::Lang::En.speaking(|| match self {
            Detail::Field(g) => (*g).to_string(),
            Detail::Closed => "closed".to_string(),
            Detail::Reopened => "reopened".to_string(),
            Detail::StepChanged {
                position,
                key,
                fields,
            } => Msg::ImportStepChanged {
                position: *position,
                key,
                fields: &fields.join(", "),
            }
            .to_string(),
            other => other.said(),
        })
    }

    fn said(&self) -> String {
        match self {
            Detail::Field(g) => field_word(g),
            Detail::StepAdded { position, key } => Msg::ImportStepAdded {
                position: *position,
                key,
            }
            .to_string(),
            Detail::StepChanged {
                position,
                key,
                fields,
            } => Msg::ImportStepChanged {
                position: *position,
                key,
                fields: &fields
                    .iter()
                    .map(|g| field_word(g))
                    .collect::<Vec<_>>()
                    .join(&Msg::Listed.to_string()),
            }
            .to_string(),
            Detail::StepRemoved { position, key } => Msg::ImportStepRemoved {
                position: *position,
                key,
            }
            .to_string(),
            Detail::Closed => Msg::ImportCaseClosed.to_string(),
            Detail::Reopened => Msg::ImportCaseReopened.to_string(),
        }
    }
}

/// A merged field group's name in the user's language.
pub(super) fn field_word(group: &str) -> String {
    let word = match group {
        "title" => Msg::HeadTitle,
        "provider" => Msg::FieldProvider,
        "channel" => Msg::FieldChannel,
        "holder" => Msg::FieldHolder,
        "number" => Msg::FieldNumber,
        "deadline" => Msg::FieldDeadline,
        "template" => Msg::FieldTemplate,
        "note" => Msg::FieldNote,
        "status" => Msg::FieldStatus,
        "due" => Msg::HeadDue,
        "key" => Msg::HeadStep,
        "position" => Msg::FieldPosition,
        "rule" => Msg::FieldRule,
        "how" => Msg::FieldHow,
        "lang" => Msg::FieldLang,
        "notice" => Msg::FieldNotice,
        other => return other.to_string(),
    };
    word.to_string()
}

/// The English and the user's wording of what changed in one case.
#[derive(Default)]
pub(super) struct Details {
    what: Vec<String>,
    said: Vec<String>,
}

impl Details {
    fn push(&mut self, d: Detail) {
        self.what.push(d.english());
        self.said.push(d.said());
    }

    fn is_empty(&self) -> bool {
        self.what.is_empty()
    }
}

/// What an import did (or, with --dry-run, would do).
#[derive(Debug, Default, Serialize)]
pub(super) struct Report {
    pub cases: Counts,
    pub steps: Counts,
    pub events: EventCounts,
    pub changes: Vec<Change>,
    /// Changes left out of `changes`: a report for people lists only the first `LISTED`, and
    /// counts the rest, so that an import of many cases holds no list of them all.
    #[serde(skip)]
    pub unlisted: usize,
    /// Keep every change in `changes` (the JSON report lists them all).
    #[serde(skip)]
    pub list_all: bool,
    /// For a Taskwarrior import: the tasks and attributes it did not take.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tasks: Option<TaskReport>,
}

impl Report {
    /// A report that lists every change (`all`) or only as many as a person reads.
    pub(super) fn listing(all: bool) -> Report {
        Report {
            list_all: all,
            ..Report::default()
        }
    }

    fn change(&mut self, change: Change) {
        if self.list_all || self.changes.len() < LISTED {
            self.changes.push(change);
        } else {
            self.unlisted += 1;
        }
    }
}

/// What a Taskwarrior import read and did not take.
#[derive(Debug, Default, Serialize)]
pub(super) struct TaskReport {
    /// Deleted tasks closeout never had.
    pub ignored_deleted: usize,
    /// Tasks of no case here, left out (`--all-tasks` takes them).
    pub left_out: usize,
    /// What taken tasks have that their steps do not keep.
    pub not_taken: Vec<NotTaken>,
}

/// The attributes of one task that its step did not take.
#[derive(Debug, Serialize)]
pub(super) struct NotTaken {
    pub uuid: String,
    /// The case's id here.
    pub case: i64,
    pub title: String,
    pub position: i64,
    pub key: String,
    /// Taskwarrior's names: project, start, priority, scheduled, wait, until, depends, tags.
    pub attributes: Vec<&'static str>,
}

/// Reads and checks an import file; a problem is refused before anything is opened.
pub(super) fn parse(name: &str, source: Source) -> Result<Incoming> {
    let unreadable = |e: std::io::Error| {
        Msg::NotJson {
            error: &e.to_string(),
        }
        .to_string()
    };
    let checked = match source.kind().map_err(unreadable) {
        Ok(Kind::Closeout) => format::closeout::check_stream(|| source.open())
            .map(|checked| Incoming::Closeout(CloseoutFile { source, checked })),
        Ok(Kind::Taskwarrior) => source
            .bytes()
            .map_err(unreadable)
            .and_then(|bytes| taskwarrior::read(&bytes))
            .map(Incoming::Taskwarrior),
        Ok(Kind::Unknown) => Err(Msg::ImportUnknownKind.to_string()),
        Err(problem) => Err(problem),
    };
    checked.map_err(|problem| {
        Failure::Refused(
            Msg::CannotImport {
                name,
                problem: &problem,
            }
            .to_string(),
        )
        .into()
    })
}

fn read_input(path: &Path) -> Result<(String, Source)> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .with_context(|| Msg::CannotReadStdin.to_string())?;
        return Ok(("standard input".to_string(), Source::Bytes(bytes)));
    }
    Ok((path.display().to_string(), open_file(path)?))
}

pub fn run(args: ImportArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let (name, source) = read_input(&args.file)?;
    let incoming = parse(&name, source)?;
    // A rehearsal needs no file: on a missing database it works on an empty one in memory.
    let access = if args.dry_run {
        Access::Read
    } else {
        Access::Write
    };
    let mut store = ctx.open(access)?;
    store.for_bulk()?;
    let apply = |tx: &Tx| -> Result<Report> {
        let mut report = Report::listing(ctx.json);
        match &incoming {
            Incoming::Closeout(file) => {
                merge_closeout(tx, file, &ctx.now, ChangeKind::Import, &mut report)?;
            }
            Incoming::Taskwarrior(tasks) => {
                merge_taskwarrior(tx, tasks, args.all_tasks, &ctx.now, &mut report)?;
            }
        }
        Ok(report)
    };
    let report = if args.dry_run {
        store.rehearse(apply)?
    } else {
        store.write(apply)?
    };
    print_report(ctx, out, &name, &report, args.dry_run)
}

#[derive(Serialize)]
struct ReportJson<'a> {
    file: &'a str,
    dry_run: bool,
    #[serde(flatten)]
    report: &'a Report,
}

/// The most cases listed one by one; the counts cover the rest.
const LISTED: usize = 20;

pub(super) fn print_report(
    ctx: &Ctx,
    out: &mut dyn Write,
    name: &str,
    report: &Report,
    dry_run: bool,
) -> Result<()> {
    if ctx.json {
        return json::write(
            out,
            &ReportJson {
                file: name,
                dry_run,
                report,
            },
        );
    }
    write_report(out, name, report, dry_run)
}

pub(super) fn write_report(
    out: &mut dyn Write,
    name: &str,
    report: &Report,
    dry_run: bool,
) -> Result<()> {
    let verb = |action: &'static str| -> Msg<'static> {
        match (dry_run, action) {
            (false, "added") => Msg::VerbAdded,
            (false, "updated") => Msg::VerbUpdated,
            (false, _) => Msg::VerbDeleted,
            (true, "added") => Msg::VerbWouldAdd,
            (true, "updated") => Msg::VerbWouldUpdate,
            (true, _) => Msg::VerbWouldDelete,
        }
    };
    for c in report.changes.iter().take(LISTED) {
        let detail = match c.action {
            "added" if c.steps == 1 => Msg::OneStepDetail.to_string(),
            "added" => Msg::StepsDetail { count: c.steps }.to_string(),
            "updated" => Msg::UpdatedDetail {
                what: &c.said.join("; "),
            }
            .to_string(),
            _ => String::new(),
        };
        let said = Msg::ImportLine {
            verb: &verb(c.action).to_string(),
            id: c.case,
            title: &c.title,
            detail: &detail,
        };
        writeln!(out, "{said}")?;
    }
    let changes = report.changes.len() + report.unlisted;
    if changes > LISTED {
        let count = changes - LISTED;
        writeln!(out, "{}", Msg::AndMoreLines { count })?;
    }
    if let Some(tasks) = &report.tasks {
        write_not_taken(out, tasks)?;
    }
    let (c, s, e) = (&report.cases, &report.steps, &report.events);
    let head = if dry_run {
        Msg::DryRun { name }.to_string()
    } else {
        name.to_string()
    };
    let said = Msg::ImportSummary {
        head: &head,
        ca: c.added,
        cu: c.updated,
        cd: c.deleted,
        cl: c.left,
        sa: s.added,
        su: s.updated,
        sl: s.left,
        ea: e.added,
        el: e.left,
    };
    writeln!(out, "{said}")?;
    Ok(())
}

/// The tasks and attributes a Taskwarrior import did not take, in the user's language.
fn write_not_taken(out: &mut dyn Write, tasks: &TaskReport) -> Result<()> {
    for n in tasks.not_taken.iter().take(LISTED) {
        let what: Vec<String> = n.attributes.iter().map(|a| attribute_word(a)).collect();
        let said = Msg::ImportNotTaken {
            id: n.case,
            title: &n.title,
            position: n.position,
            key: &n.key,
            what: &what.join(Msg::TwListSeparator.to_string().as_str()),
        };
        writeln!(out, "{said}")?;
    }
    if tasks.not_taken.len() > LISTED {
        let count = tasks.not_taken.len() - LISTED;
        writeln!(out, "{}", Msg::AndMoreLines { count })?;
    }
    if tasks.left_out > 0 {
        let count = tasks.left_out;
        writeln!(out, "{}", Msg::ImportTasksLeftOut { count })?;
    }
    if tasks.ignored_deleted > 0 {
        let count = tasks.ignored_deleted;
        writeln!(out, "{}", Msg::ImportTasksIgnored { count })?;
    }
    Ok(())
}

/// A Taskwarrior attribute's name in the user's language.
fn attribute_word(name: &str) -> String {
    let word = match name {
        "project" => Msg::TwProject,
        "start" => Msg::TwStart,
        "priority" => Msg::TwPriority,
        "scheduled" => Msg::TwScheduled,
        "wait" => Msg::TwWait,
        "until" => Msg::TwUntil,
        "depends" => Msg::TwDepends,
        "tags" => Msg::TwTags,
        other => return other.to_string(),
    };
    word.to_string()
}

/// The fields of `before` and `after` (two JSON objects) whose values differ, each side keeping
/// only those, named as the history names them; `skip` are fields that are not the record's own.
pub(super) fn differing(before: &Value, after: &Value, skip: &[&str]) -> Option<(Value, Value)> {
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else {
        return None;
    };
    let (mut from, mut to) = (serde_json::Map::new(), serde_json::Map::new());
    for (name, value) in a {
        if skip.contains(&name.as_str()) || b.get(name) == Some(value) {
            continue;
        }
        // The history calls a step's due_manual "manual".
        let named = if name == "due_manual" { "manual" } else { name };
        from.insert(
            named.to_string(),
            b.get(name).cloned().unwrap_or(Value::Null),
        );
        to.insert(named.to_string(), value.clone());
    }
    (!to.is_empty()).then_some((Value::Object(from), Value::Object(to)))
}

/// A step as its history records it (`step.add`, `step.remove`).
pub(super) fn step_json(s: &Step) -> Value {
    serde_json::to_value(StepJson::from(s)).unwrap_or(Value::Null)
}

/// Records, as this merge's own change (`kind` import or sync), what it did to one case: `before`
/// is the case as it was here (`None`: new here), `after` as it is now (`None`: deleted). Undo
/// takes the whole import or sync back from these.
fn record_merge(
    tx: &Tx,
    kind: ChangeKind,
    before: Option<&CaseWithSteps>,
    after: Option<&CaseWithSteps>,
    now: &Now,
) -> Result<()> {
    let (b, a) = match (before, after) {
        (None, None) => return Ok(()),
        (None, Some(a)) => return record_case(tx, a, kind, None, Some(json::case_value(a)), now),
        (Some(b), None) => return record_case(tx, b, kind, Some(json::case_value(b)), None, now),
        (Some(b), Some(a)) => (b, a),
    };
    // The case's fields, and the order of its steps as one value: positions move together, and
    // taking them back one by one would shift the others under each move.
    let with_order = |cs: &CaseWithSteps| {
        let mut v = json::case_value(cs);
        v["order"] = cs.steps.iter().map(|s| s.uuid.clone()).collect();
        v
    };
    let skip = ["id", "uuid", "created_at", "steps"];
    if let Some((from, to)) = differing(&with_order(b), &with_order(a), &skip) {
        record_case(tx, a, kind, Some(from), Some(to), now)?;
    }
    for o in b
        .steps
        .iter()
        .filter(|o| !a.steps.iter().any(|s| s.uuid == o.uuid))
    {
        record_step(tx, a, o, kind, step_json(o), None, now)?;
    }
    for s in &a.steps {
        match b.steps.iter().find(|o| o.uuid == s.uuid) {
            None => record_step(tx, a, s, kind, None, step_json(s), now)?,
            Some(o) => {
                let skip = ["uuid", "position"];
                if let Some((from, to)) = differing(&step_json(o), &step_json(s), &skip) {
                    record_step(tx, a, s, kind, from, to, now)?;
                }
            }
        }
    }
    Ok(())
}

/// Merges a closeout export (`kind`: import or sync, for the record of what it changed). The
/// decisions are the merge engine's (`domain::merge`): whether each case exists, which value of
/// each field wins, how keys and positions settle. This applies them, files the incoming history
/// under this database's ids, and records what changed here as one change undo can take back.
pub(super) fn merge_closeout(
    tx: &Tx,
    file: &CloseoutFile,
    now: &Now,
    kind: ChangeKind,
    report: &mut Report,
) -> Result<()> {
    tx.record_as_merge();
    // The departure, as any field: the newer stamp wins. Cases carry their own deadlines.
    if let Some(incoming) = &file.checked.departure {
        let stamp = incoming.stamp();
        if tx.departure_stamp()?.is_none_or(|local| stamp > local) {
            tx.take_departure(incoming.day.as_ref().map(|d| d.0), &stamp)?;
        }
    }
    let reread = |e: std::io::Error| anyhow::Error::from(e);
    // The cases that may be here and no longer exist once the file's history is in (UUIDs as
    // numbers, in order). A case here exists by its own history, and the file's events can
    // take it away only by a removal (an event of the case with a before and no after, an
    // undo of its creation included): the cases such events name, and those of the file's
    // cases the history says are gone. (Held for every case the file named, this set was the
    // merge's largest allocation.)
    let mut named: BTreeSet<u128> = BTreeSet::new();

    // The history first, each event once, under this database's id for its case (never the
    // file's): a case new here then gets the id its history has. Once it is in, the history
    // here holds every creation and removal, the file's and this database's, from which each
    // case's and step's existence is decided (newest wins).
    let mut on_event = |e: FileEvent| {
        let record = e.to_record();
        let absent = |v: &Option<Value>| v.as_ref().is_none_or(Value::is_null);
        if record.step_uuid.is_none() && !absent(&record.before) && absent(&record.after) {
            named.insert(uuid_number(&e.case_uuid.0));
        }
        let case_id = if record.case_uuid == HOUSEHOLD_UUID {
            HOUSEHOLD
        } else {
            tx.history_case_id(&record.case_uuid)?
        };
        if tx.insert_event_record(&record, case_id)? {
            report.events.added += 1;
        } else {
            report.events.left += 1;
        }
        Ok(())
    };
    let (checked, source) = (&file.checked, &file.source);
    match checked.events_at {
        Some(at) if checked.lines => each_event_line(
            source.open_at(at).map_err(reread)?,
            checked.events,
            &mut on_event,
        )?,
        Some(at) => each_event_at(source.open_at(at).map_err(reread)?, &mut on_event)?,
        None => each_event(source.open().map_err(reread)?, &mut on_event)?,
    }

    let mut reschedule = Vec::new();
    let mut on_case = |fc: FileCase| {
        if merge_case(tx, &fc, now, kind, report, &mut reschedule)? == Merged::Gone {
            named.insert(uuid_number(&fc.uuid.0));
        }
        Ok(())
    };
    match checked.cases_at {
        Some(at) if checked.lines => each_case_line(
            source.open_at(at).map_err(reread)?,
            checked.cases,
            &mut on_case,
        )?,
        Some(at) => each_case_at(source.open_at(at).map_err(reread)?, &mut on_case)?,
        None => each_case(source.open().map_err(reread)?, &mut on_case)?,
    }

    for number in named {
        let uuid = uuid::Uuid::from_u128(number).hyphenated().to_string();
        if exists(tx, &uuid)? != Some(false) {
            continue;
        }
        let Some(id) = tx.case_id_of(&uuid)? else {
            continue;
        };
        let cs = reload(tx, id)?;
        record_merge(tx, kind, Some(&cs), None, now)?;
        tx.delete_case(id)?;
        report.cases.deleted += 1;
        report.change(Change {
            action: "deleted",
            case: id,
            uuid: uuid.clone(),
            title: cs.case.title.clone(),
            what: Vec::new(),
            said: Vec::new(),
            steps: 0,
        });
    }

    // Rule-driven dates follow the merged deadline and done days, as after any other change.
    for id in reschedule {
        if let Some(cs) = tx.case_with_steps(id)? {
            apply_schedule(tx, cs, now)?;
        }
    }
    Ok(())
}

/// A checked UUID as a number: in the same order as its text.
fn uuid_number(uuid: &str) -> u128 {
    uuid::Uuid::parse_str(uuid).map_or(0, |u| u.as_u128())
}

/// Whether the case with this UUID exists once every creation and removal recorded here is
/// taken together (`None`: none is recorded).
fn exists(tx: &Tx, uuid: &str) -> Result<Option<bool>> {
    Ok(presence(&tx.presence_events(uuid)?).get(uuid).copied())
}

/// What `merge_case` did with a case of the file.
#[derive(Debug, PartialEq)]
enum Merged {
    /// Merged (or already the same here).
    Merged,
    /// Not merged: the history says the case no longer exists.
    Gone,
}

/// Merges one case of the file, as the engine plans it.
fn merge_case(
    tx: &Tx,
    fc: &FileCase,
    now: &Now,
    kind: ChangeKind,
    report: &mut Report,
    reschedule: &mut Vec<i64>,
) -> Result<Merged> {
    if exists(tx, &fc.uuid.0)? == Some(false) {
        report.cases.left += 1;
        report.steps.left += fc.steps.len();
        return Ok(Merged::Gone);
    }
    let incoming = fc.to_record();
    let incoming_steps: Vec<StepRecord> = fc.steps.iter().map(|s| s.to_record()).collect();
    let local = tx.case_record(&incoming.case.uuid)?;
    let local_steps = match &local {
        Some(l) => tx.step_records_of(l.case.id)?,
        None => Vec::new(),
    };
    let removed = removed_steps(tx, &incoming.case.uuid)?;
    let plan = plan_case(
        local.as_ref().map(|l| (l, local_steps.as_slice())),
        &incoming,
        &incoming_steps,
        &removed,
    );
    if local.is_some() && plan.case.is_none() && plan.steps.is_empty() {
        // Already the same here, stamps and all: nothing to write or record.
        report.cases.left += 1;
        report.steps.left += fc.steps.len();
        return Ok(Merged::Merged);
    }
    let before = match &local {
        Some(l) => tx.case_with_steps(l.case.id)?,
        None => None,
    };
    let mut what = Details::default();
    let case_id = match &local {
        Some(l) => {
            if let Some(m) = &plan.case {
                let stamped: Vec<&str> = m.taken.iter().chain(&m.adopted).copied().collect();
                tx.update_case_record(l.case.id, &m.record, &stamped)?;
                for g in &m.taken {
                    what.push(Detail::Field(g));
                }
            }
            l.case.id
        }
        None => tx.insert_case_record(&incoming)?,
    };
    let touched = apply_steps(tx, case_id, &plan, &local_steps, now, report, &mut what)?;
    report.steps.left += fc.steps.len().saturating_sub(touched);
    let after = reload(tx, case_id)?;
    record_merge(tx, kind, before.as_ref(), Some(&after), now)?;
    if local.is_none() {
        report.cases.added += 1;
        report.change(Change {
            action: "added",
            case: case_id,
            uuid: incoming.case.uuid.clone(),
            title: incoming.case.title.clone(),
            what: Vec::new(),
            said: Vec::new(),
            steps: fc.steps.len(),
        });
    } else if what.is_empty() {
        report.cases.left += 1;
    } else {
        report.cases.updated += 1;
        reschedule.push(case_id);
        report.change(Change {
            action: "updated",
            case: case_id,
            uuid: incoming.case.uuid.clone(),
            title: after.case.title.clone(),
            what: what.what,
            said: what.said,
            steps: 0,
        });
    }
    Ok(Merged::Merged)
}

/// Adds and rewrites the steps of one case as the engine planned, and says what changed.
/// Returns how many steps were added or visibly changed.
pub(super) fn apply_steps(
    tx: &Tx,
    case_id: i64,
    plan: &CasePlan,
    local: &[StepRecord],
    now: &Now,
    report: &mut Report,
    what: &mut Details,
) -> Result<usize> {
    // Keys may change hands: every step that gives one up lets go of it first.
    for op in &plan.steps {
        if let StepOp::Update { id, record, .. } = op
            && local
                .iter()
                .any(|l| l.step.id == *id && l.step.key != record.step.key)
        {
            tx.park_step_key(*id)?;
        }
    }
    let mut touched = 0;
    for op in &plan.steps {
        match op {
            StepOp::Remove { id } => {
                tx.remove_step_row(*id)?;
                report.steps.deleted += 1;
                if let Some(l) = local.iter().find(|l| l.step.id == *id) {
                    what.push(Detail::StepRemoved {
                        position: l.step.position,
                        key: l.step.key.clone(),
                    });
                }
            }
            StepOp::Add { record, renumbered } => {
                tx.insert_step_record(case_id, record)?;
                if *renumbered {
                    tx.stamp_as_new(&record.step.uuid, &["position"], now.at.timestamp())?;
                }
                report.steps.added += 1;
                touched += 1;
                what.push(Detail::StepAdded {
                    position: record.step.position,
                    key: record.step.key.clone(),
                });
            }
            StepOp::Update {
                id,
                record,
                taken,
                stamped,
            } => {
                tx.update_step_record(*id, record, stamped)?;
                if !taken.is_empty() {
                    report.steps.updated += 1;
                    touched += 1;
                    what.push(Detail::StepChanged {
                        position: record.step.position,
                        key: record.step.key.clone(),
                        fields: taken.clone(),
                    });
                }
            }
        }
    }
    Ok(touched)
}

/// The fields of a step that a Taskwarrior import may change, for the history.
fn tw_fields(s: &Step) -> Value {
    json!({
        "title": s.title,
        "status": s.status,
        "done_at": day_value(s.done_at),
        "due": day_value(s.due),
        "note": s.note,
    })
}

/// What a Taskwarrior import keeps per case while it reads the tasks, so that each task costs
/// the same however many the case already has: the case itself (for the history), its keys, and
/// the next free position.
struct TwCase {
    head: CaseWithSteps,
    keys: HashSet<String>,
    /// For each key made from a description, the next suffix to try.
    suffixes: HashMap<String, usize>,
    next_position: i64,
}

impl TwCase {
    fn load(tx: &Tx, id: i64) -> Result<TwCase> {
        let cs = reload(tx, id)?;
        let keys = cs.steps.iter().map(|s| s.key.clone()).collect();
        let next_position = cs.steps.iter().map(|s| s.position).max().unwrap_or(0) + 1;
        Ok(TwCase {
            head: CaseWithSteps {
                case: cs.case,
                steps: Vec::new(),
            },
            keys,
            suffixes: HashMap::new(),
            next_position,
        })
    }

    /// A key from a description that no step of the case has: `call-the-bank`, then `-2`, `-3`…
    fn new_key(&mut self, base: String) -> String {
        let mut key = base.clone();
        if self.keys.contains(&key) {
            let n = self.suffixes.entry(base.clone()).or_insert(1);
            loop {
                *n += 1;
                key = format!("{base}-{n}");
                if !self.keys.contains(&key) {
                    break;
                }
            }
        }
        self.keys.insert(key.clone());
        key
    }
}

/// The case's `TwCase`, read the first time it is needed.
fn tw_case<'a>(tx: &Tx, loaded: &'a mut HashMap<i64, TwCase>, id: i64) -> Result<&'a mut TwCase> {
    Ok(match loaded.entry(id) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::hash_map::Entry::Vacant(e) => e.insert(TwCase::load(tx, id)?),
    })
}

/// Merges `task export` output. Tasks are matched to steps by UUID; what a task changed
/// (`taskwarrior::changes`) counts as a change made on this device at the task's `modified` time.
/// A new task in a project that names a case here becomes a step of it; other tasks are left out
/// (`Task::scope`) unless `all` takes them, each in a case made for its project.
fn merge_taskwarrior(
    tx: &Tx,
    tasks: &[Task],
    all: bool,
    now: &Now,
    report: &mut Report,
) -> Result<()> {
    let mut counted = TaskReport::default();
    // Cases a step of which this import made pending (a closed one opens again) or finished (an
    // open one with nothing left to do closes).
    let mut pending_again: HashSet<i64> = HashSet::new();
    let mut finished: HashSet<i64> = HashSet::new();
    // The case each project names here (`None`: none), read once per project.
    let mut cases_by_title: HashMap<String, Option<i64>> = HashMap::new();
    let mut loaded: HashMap<i64, TwCase> = HashMap::new();
    let mut changed_cases: Vec<(i64, Details)> = Vec::new();
    let mut changed_index: HashMap<i64, usize> = HashMap::new();
    let mut added_cases: HashMap<i64, usize> = HashMap::new();
    let mut seen_cases: HashSet<i64> = HashSet::new();
    let mut detail = |case_id: i64, d: Detail| match changed_index.get(&case_id) {
        Some(&i) => changed_cases[i].1.push(d),
        None => {
            let mut list = Details::default();
            list.push(d);
            changed_index.insert(case_id, changed_cases.len());
            changed_cases.push((case_id, list));
        }
    };
    for task in tasks {
        let known = tx.step_record(&task.uuid.0)?;
        if let Some((case_id, local)) = known {
            seen_cases.insert(case_id);
            let case_title = tw_case(tx, &mut loaded, case_id)?.head.case.title.clone();
            let view = task.view_in(&case_title);
            let at = view.changed_at.unwrap_or_else(|| now.at.timestamp());
            let left = task.not_taken(&case_title);
            if !left.is_empty() {
                counted.not_taken.push(NotTaken {
                    uuid: task.uuid.0.clone(),
                    case: case_id,
                    title: case_title,
                    position: local.step.position,
                    key: local.step.key.clone(),
                    attributes: left,
                });
            }
            let Some((step, groups)) = taskwarrior::changes(&view, &local, at) else {
                report.steps.left += 1;
                continue;
            };
            match (local.step.status, step.status) {
                (StepStatus::Pending, StepStatus::Pending) => {}
                (_, StepStatus::Pending) => {
                    pending_again.insert(case_id);
                }
                (StepStatus::Pending, _) => {
                    finished.insert(case_id);
                }
                _ => {}
            }
            // Stamped by the trigger as a change made here, at the task's time.
            let record = StepRecord {
                step,
                updated_at: local.updated_at.max(at),
                stamps: local.stamps.clone(),
            };
            tx.update_step_record(local.step.id, &record, &[])?;
            report.steps.updated += 1;
            let head = &tw_case(tx, &mut loaded, case_id)?.head;
            record_step(
                tx,
                head,
                &local.step,
                ChangeKind::StepImport,
                tw_fields(&local.step),
                tw_fields(&record.step),
                now,
            )?;
            detail(
                case_id,
                Detail::StepChanged {
                    position: record.step.position,
                    key: record.step.key.clone(),
                    fields: groups.clone(),
                },
            );
            continue;
        }

        let title = task.case_title();
        let existing = match cases_by_title.get(&title) {
            Some(id) => *id,
            None => {
                let id = tx.cases_titled(&title)?.first().copied();
                cases_by_title.insert(title.clone(), id);
                id
            }
        };
        match task.scope(false, existing.is_some(), all) {
            Scope::Take => {}
            Scope::Ignore => {
                counted.ignored_deleted += 1;
                continue;
            }
            Scope::LeaveOut => {
                counted.left_out += 1;
                continue;
            }
        }
        let case_id = match existing {
            Some(id) => id,
            None => {
                let id = new_case(tx, &title, now)?;
                added_cases.insert(id, 0);
                id
            }
        };
        cases_by_title.insert(title.clone(), Some(case_id));
        let view = task.view();
        let at = view.changed_at.unwrap_or_else(|| now.at.timestamp());
        let left = task.not_taken(&title);
        let case = tw_case(tx, &mut loaded, case_id)?;
        let key = case.new_key(taskwarrior::key_for(&view.title));
        let position = case.next_position;
        case.next_position += 1;
        let mut step = StepRecord {
            step: Step {
                id: 0,
                uuid: task.uuid.0.clone(),
                position,
                key,
                title: view.title.clone(),
                how: String::new(),
                status: view.status,
                due: view.due,
                rule: None,
                abroad: false,
                due_manual: view.due.is_some(),
                done_at: if view.status == StepStatus::Done {
                    view.done_at
                } else {
                    None
                },
                note: view.note.clone(),
            },
            updated_at: at,
            stamps: Default::default(),
        };
        step.step.id = tx.insert_step_record(case_id, &step)?;
        report.steps.added += 1;
        if view.status == StepStatus::Pending {
            pending_again.insert(case_id);
        }
        if !left.is_empty() {
            counted.not_taken.push(NotTaken {
                uuid: task.uuid.0.clone(),
                case: case_id,
                title: title.clone(),
                position: step.step.position,
                key: step.step.key.clone(),
                attributes: left,
            });
        }
        record_step(
            tx,
            &case.head,
            &step.step,
            ChangeKind::StepAdd,
            Value::Null,
            serde_json::to_value(StepJson::from(&step.step))?,
            now,
        )?;
        match added_cases.get_mut(&case_id) {
            Some(n) => *n += 1,
            None => detail(
                case_id,
                Detail::StepAdded {
                    position: step.step.position,
                    key: step.step.key.clone(),
                },
            ),
        }
    }

    let mut added: Vec<(i64, usize)> = added_cases.into_iter().collect();
    added.sort_unstable();
    for (id, steps) in added {
        let cs = reload(tx, id)?;
        record_case(
            tx,
            &cs,
            ChangeKind::CaseAdd,
            None,
            Some(json::case_value(&cs)),
            now,
        )?;
        // Tasks all completed make a finished case, closed as `done` would close it.
        let cs = mark::close_if_finished(tx, cs, now, &mut Vec::new())?;
        report.cases.added += 1;
        report.change(change(&cs, "added", Details::default(), steps));
    }
    report.cases.left = seen_cases
        .iter()
        .filter(|id| !changed_index.contains_key(id))
        .count();
    for (id, mut what) in changed_cases {
        // A step done in Taskwarrior moves the dates that follow it, as `done` would; the last
        // one closes the case, and one pending again opens it, as `done` and `reopen` do.
        let cs = apply_schedule(tx, reload(tx, id)?, now)?;
        let was_open = cs.case.status == CaseStatus::Open;
        let cs = if was_open && finished.contains(&id) {
            mark::close_if_finished(tx, cs, now, &mut Vec::new())?
        } else if pending_again.contains(&id) {
            mark::reopen_case(tx, &cs, now)?;
            reload(tx, id)?
        } else {
            cs
        };
        match (was_open, cs.case.status == CaseStatus::Open) {
            (true, false) => what.push(Detail::Closed),
            (false, true) => what.push(Detail::Reopened),
            _ => {}
        }
        report.cases.updated += 1;
        report.change(change(&cs, "updated", what, 0));
    }
    report.tasks = Some(counted);
    Ok(())
}

fn change(cs: &CaseWithSteps, action: &'static str, what: Details, steps: usize) -> Change {
    Change {
        action,
        case: cs.case.id,
        uuid: cs.case.uuid.clone(),
        title: cs.case.title.clone(),
        what: what.what,
        said: what.said,
        steps,
    }
}

/// A case for the tasks of a Taskwarrior project that matches no case here.
fn new_case(tx: &Tx, title: &str, now: &Now) -> Result<i64> {
    tx.insert_case(
        "imported",
        &CaseFields {
            title,
            provider: None,
            channel: None,
            holder: &login_name(),
            number: None,
            deadline: None,
            note: Some("imported from Taskwarrior"),
            lang: crate::domain::text::Lang::for_title(title, crate::domain::text::Lang::En),
            notice_days: None,
            follows_departure: false,
        },
        now.at,
    )
}

/// The steps of case `uuid` whose newest existence event removed them: what a merge must not
/// bring back from a file or a task list that still has them.
pub(super) fn removed_steps(tx: &Tx, uuid: &str) -> Result<BTreeSet<String>> {
    Ok(presence(&tx.step_presence_events(uuid)?)
        .into_iter()
        .filter(|(_, present)| !present)
        .map(|(uuid, _)| uuid)
        .collect())
}
