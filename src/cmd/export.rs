//! `export [--format json|csv|taskwarrior|ics] [--output FILE] [--case CASE] [--all]`: the cases
//! in a file other programs read, on standard output or written whole to a private file.
//!
//! Every format is a writer fed the same stream of records in one read transaction; a new format
//! is one more arm in `write`.

use super::file::write_whole;
use super::{Ctx, resolve_case};
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::refuse;
use crate::format::{closeout, csv, taskwarrior};
use crate::msg::Msg;
use crate::render::ics::IcsWriter;
use crate::render::json;
use crate::render::todo::{self, Written};
use crate::store::{Access, SCHEMA_VERSION, Scope, Tx};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// What an export wrote, for the line (or JSON) that `--output` prints.
#[derive(Debug, Default, Serialize)]
pub struct Summary<'a> {
    pub format: &'static str,
    pub output: Option<&'a Path>,
    pub cases: usize,
    pub steps: usize,
    pub events: usize,
    /// CSV rows or Taskwarrior tasks.
    pub rows: usize,
}

pub fn run(args: ExportArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open(Access::Read)?;
    let summary = match &args.output {
        // Standard output is the export itself; `--json` changes nothing there.
        None => store.read(|tx| write(tx, &args, out))?,
        Some(path) => {
            let mut summary = store.read(|tx| write_whole(path, |file| write(tx, &args, file)))?;
            summary.output = Some(path);
            summary
        }
    };
    let Some(path) = summary.output else {
        return Ok(());
    };
    if ctx.json {
        return json::write(out, &summary);
    }
    let path = path.display().to_string();
    let said = match args.format {
        ExportFormat::Json => Msg::WroteJson {
            cases: summary.cases,
            steps: summary.steps,
            events: summary.events,
            path: &path,
        },
        ExportFormat::Csv => Msg::WroteCsv {
            rows: summary.rows,
            cases: summary.cases,
            path: &path,
        },
        ExportFormat::Taskwarrior => Msg::WroteTasks {
            rows: summary.rows,
            cases: summary.cases,
            path: &path,
        },
        ExportFormat::Ics => Msg::WroteIcs {
            todos: summary.rows,
            events: summary.events,
            path: &path,
        },
    };
    writeln!(out, "{said}")?;
    Ok(())
}

/// Which cases `export` means: one named case, every case, or the open ones.
fn scope(tx: &Tx, args: &ExportArgs) -> Result<Scope> {
    Ok(match &args.case {
        Some(word) => Scope::Case(resolve_case(tx, word)?.case.id),
        None if args.all => Scope::All,
        None => Scope::Open,
    })
}

fn write<'a>(tx: &Tx, args: &ExportArgs, out: &mut dyn Write) -> Result<Summary<'a>> {
    let scope = scope(tx, args)?;
    let mut s = Summary::default();
    match args.format {
        ExportFormat::Json => {
            s.format = "json";
            let written = write_json(tx, scope, out)?;
            (s.cases, s.steps, s.events) = (written.cases, written.steps, written.events);
        }
        ExportFormat::Csv => {
            s.format = "csv";
            let mut w = csv::Writer::start(out)?;
            tx.case_records(scope, |case, steps| {
                s.cases += 1;
                s.steps += steps.len();
                w.case(&case, &steps)
            })?;
            s.rows = w.finish()?;
        }
        ExportFormat::Taskwarrior => {
            s.format = "taskwarrior";
            let mut w = taskwarrior::Writer::start(out)?;
            tx.case_records(scope, |case, steps| {
                s.cases += 1;
                s.steps += steps.len();
                w.case(&case, &steps)
            })?;
            s.rows = w.finish()?;
        }
        ExportFormat::Ics => {
            s.format = "ics";
            let written = write_calendar(tx, scope, out)?;
            (s.cases, s.rows, s.events) = (written.cases, written.todos, written.events);
        }
    }
    Ok(s)
}

/// The calendar: a to-do per dated step and an event per open deadline, of one case with
/// `--case`, else of every case (a calendar keeps finished work as completed or cancelled).
/// Its opening lines wait for its first entry: RFC 5545 wants at least one component, so an
/// export with nothing to show is refused before anything is written.
fn write_calendar(tx: &Tx, scope: Scope, out: &mut dyn Write) -> Result<Written> {
    let mut w = IcsWriter::new(out);
    let mut written = Written::default();
    let mut started = false;
    // Every case but with `--case` (a calendar keeps finished work too).
    let scope = match scope {
        Scope::Case(id) => Scope::Case(id),
        _ => Scope::All,
    };
    tx.calendar_of(scope, |c| {
        if !todo::has_entries(&c) {
            return Ok(());
        }
        if !started {
            todo::start(&mut w)?;
            started = true;
        }
        written.cases += 1;
        todo::case(&mut w, &c, &mut written)?;
        Ok(())
    })?;
    if started {
        todo::finish(&mut w)?;
    }
    if written.todos + written.events == 0 {
        refuse!("{}", Msg::NothingToExport);
    }
    Ok(written)
}

/// closeout's own format for `scope`: its cases, then their history.
pub(super) fn write_json(tx: &Tx, scope: Scope, out: &mut dyn Write) -> Result<closeout::Written> {
    let departure = tx
        .departure_stamp()?
        .map(|stamp| Ok::<_, anyhow::Error>(closeout::FileDeparture::new(tx.departure()?, &stamp)))
        .transpose()?;
    let mut w = closeout::Writer::start(out, SCHEMA_VERSION, &tx.device_id()?, departure.as_ref())?;
    tx.case_records(scope, |case, steps| w.case(&case, &steps))?;
    tx.event_texts(scope, |e| w.event(e))?;
    w.finish()
}
