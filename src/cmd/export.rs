//! `export --format ics [--output FILE]`: the checklists as a calendar, on stdout or written to a
//! private file that is replaced whole (temporary file in the same folder, then a rename).

use super::Ctx;
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::{Failure, refuse};
use crate::render::calendar::{self, Written};
use crate::render::ics::IcsWriter;
use crate::render::json;
use crate::store::{Access, Store};
use anyhow::{Context, Result};
use serde::Serialize;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

pub fn run(args: ExportArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    if ctx.json && args.output.is_none() {
        return Err(Failure::Usage(
            "--json describes a written file; with the calendar on standard output, leave it out or add --output FILE"
                .into(),
        )
        .into());
    }
    let mut store = ctx.open(Access::Read)?;
    let written = match &args.output {
        None => write_calendar(&mut store, args.format, out)?,
        Some(path) => write_file(path, |file| write_calendar(&mut store, args.format, file))?,
    };
    if let Some(path) = &args.output {
        if ctx.json {
            json::write(
                out,
                &Summary {
                    format: "ics",
                    output: path,
                    todos: written.todos,
                    events: written.events,
                },
            )?;
        } else {
            writeln!(
                out,
                "wrote {} to-do(s) and {} event(s) to {}",
                written.todos,
                written.events,
                path.display()
            )?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct Summary<'a> {
    format: &'static str,
    output: &'a Path,
    todos: usize,
    events: usize,
}

/// Streams the calendar in one read transaction. The calendar's opening lines wait for its first
/// entry: RFC 5545 wants at least one component, so an export with nothing to show is refused
/// before anything is written.
fn write_calendar(store: &mut Store, format: ExportFormat, out: &mut dyn Write) -> Result<Written> {
    match format {
        ExportFormat::Ics => {}
    }
    let written = store.read(|tx| {
        let mut w = IcsWriter::new(out);
        let mut written = Written::default();
        let mut started = false;
        tx.calendar(|c| {
            if !calendar::has_entries(&c) {
                return Ok(());
            }
            if !started {
                calendar::start(&mut w)?;
                started = true;
            }
            calendar::case(&mut w, &c, &mut written)?;
            Ok(())
        })?;
        if started {
            calendar::finish(&mut w)?;
        }
        Ok(written)
    })?;
    if written.todos + written.events == 0 {
        refuse!(
            "nothing to export: no step has a due date and no open case has a deadline; \
             `closeout deadline CASE DATE` gives a case one"
        );
    }
    Ok(written)
}

/// Writes `path` through a temporary file in the same folder, created 0600 and renamed over the
/// target once complete, so that a reader never sees half a calendar and a failure leaves the
/// old file as it was.
fn write_file<T>(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let Some(name) = path.file_name() else {
        refuse!("--output {} names no file", path.display());
    };
    if path.is_dir() {
        refuse!("--output {} is a folder; name a file in it", path.display());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        refuse!(
            "cannot write {}: the folder {} does not exist",
            path.display(),
            dir.display()
        );
    }
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| -> Result<T> {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(&temp)
            .with_context(|| format!("cannot create {}", temp.display()))?;
        let mut buffered = BufWriter::new(file);
        let value = fill(&mut buffered)?;
        let file = buffered
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("cannot write {}", temp.display()))?;
        file.sync_all()
            .with_context(|| format!("cannot write {}", temp.display()))?;
        fs::rename(&temp, path).with_context(|| format!("cannot replace {}", path.display()))?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    } else if let Ok(d) = fs::File::open(&dir) {
        // The rename itself survives a crash once the folder is synced; a failure here loses
        // nothing that was asked for.
        let _ = d.sync_all();
    }
    result
}
