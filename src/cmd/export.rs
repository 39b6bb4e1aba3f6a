//! `export [--format json|csv|taskwarrior] [--output FILE] [--case CASE] [--all]`: the cases in a
//! file other programs read, on standard output or written whole to a private file.
//!
//! Every format is a writer fed the same stream of records in one read transaction; a new format
//! is one more arm in `write`.

use super::file::write_whole;
use super::{Ctx, resolve_case};
use crate::cli::{ExportArgs, ExportFormat};
use crate::format::{closeout, csv, taskwarrior};
use crate::render::json;
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
    let what = match args.format {
        ExportFormat::Json => format!(
            "{} case(s), {} step(s) and {} event(s)",
            summary.cases, summary.steps, summary.events
        ),
        ExportFormat::Csv => format!("{} row(s) for {} case(s)", summary.rows, summary.cases),
        ExportFormat::Taskwarrior => {
            format!("{} task(s) for {} case(s)", summary.rows, summary.cases)
        }
    };
    writeln!(out, "wrote {what} to {}", path.display())?;
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
    }
    Ok(s)
}

/// closeout's own format for `scope`: its cases, then their history.
pub(super) fn write_json(tx: &Tx, scope: Scope, out: &mut dyn Write) -> Result<closeout::Written> {
    let mut w = closeout::Writer::start(out, SCHEMA_VERSION, &tx.device_id()?)?;
    tx.case_records(scope, |case, steps| w.case(&case, &steps))?;
    tx.event_records(scope, |e| w.event(&e))?;
    w.finish()
}
