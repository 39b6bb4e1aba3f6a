//! `sync DIR`: a folder shared between devices (Syncthing, a cloud drive, a git repository) holds
//! one export per device, `closeout-DEVICE.json`. Each sync imports every other device's file and
//! then writes this device's own, so that devices converge whatever order they sync in.
//!
//! Any `closeout-*.json` is imported, conflict copies that a sync tool makes included: merging is
//! idempotent and order-free, so a file read twice or late does no harm. Names that start with a
//! dot (temporary files of sync tools and of closeout) are not read.

use super::Ctx;
use super::export::write_json;
use super::file::write_whole;
use super::import::{
    CloseoutFile, Incoming, Report, merge_closeout, open_file, parse, write_report,
};
use crate::cli::SyncArgs;
use crate::domain::change::Kind;
use crate::error::refuse;
use crate::msg::Msg;
use crate::render::json;
use crate::store::{Access, Scope};
use anyhow::{Context, Result};
use serde::Serialize;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct SyncJson<'a> {
    dir: &'a Path,
    device: &'a str,
    read: &'a [String],
    #[serde(flatten)]
    report: &'a Report,
    /// This device's file, and whether it had to be written (false: it was already up to date).
    file: &'a Path,
    written: bool,
}

/// The other devices' files in `dir`, by name.
fn others(dir: &Path, own: &str) -> Result<Vec<String>> {
    let mut names = Vec::new();
    let cannot = || {
        Msg::CannotReadFolder {
            path: &dir.display().to_string(),
        }
        .to_string()
    };
    let entries = std::fs::read_dir(dir).with_context(cannot)?;
    for entry in entries {
        let entry = entry.with_context(cannot)?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if name.starts_with("closeout-")
            && name.ends_with(".json")
            && name != own
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// How old a temporary file of this device's must be before a sync takes it for the leftover of
/// a killed one: younger, it may be another sync of this database writing right now.
/// A writer that keeps nothing and only tells whether what was written is the file's content.
struct SameAs {
    file: Option<BufReader<std::fs::File>>,
    same: bool,
    chunk: Vec<u8>,
}

impl SameAs {
    fn new(path: &Path) -> SameAs {
        let file = std::fs::File::open(path).ok().map(BufReader::new);
        SameAs {
            same: file.is_some(),
            file,
            chunk: Vec::new(),
        }
    }

    /// Whether the file held exactly what was written, and nothing more.
    fn finish(mut self) -> bool {
        self.same
            && self
                .file
                .as_mut()
                .is_some_and(|f| f.read(&mut [0u8; 1]).ok() == Some(0))
    }
}

impl Write for SameAs {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if let (true, Some(file)) = (self.same, self.file.as_mut()) {
            self.chunk.resize(data.len(), 0);
            self.same = file.read_exact(&mut self.chunk).is_ok() && self.chunk == data;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const STALE: std::time::Duration = std::time::Duration::from_secs(60);

/// Removes what a killed sync left of this device's file: `write_whole`'s temporaries,
/// `.closeout-DEVICE.json.<id>.tmp`, each the size of a whole export. Best effort: one that
/// cannot be removed is left for the next sync.
fn remove_stale_temporaries(dir: &Path, own: &str) {
    let prefix = format!(".{own}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let Some(id) = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
        else {
            continue;
        };
        if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE);
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `sync NAME` for a remote of that name, `sync DIR` for a folder, `sync` for every remote.
pub fn run(args: SyncArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let Some(target) = args.target else {
        return super::remote_sync::sync_all(ctx, out);
    };
    if let Some(name) = target.to_str()
        && super::remote::is_remote(ctx, name)?
    {
        return super::remote_sync::sync_one(name, ctx, out);
    }
    sync_folder(target, ctx, out)
}

fn sync_folder(dir: PathBuf, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    if !dir.is_dir() {
        refuse!(
            "{}",
            Msg::NotASyncFolder {
                path: &dir.display().to_string()
            }
        );
    }
    let mut store = ctx.open(Access::Write)?;
    store.for_bulk()?;
    let device = store.read(|tx| tx.device_id())?;
    let own = format!("closeout-{device}.json");
    let names = others(&dir, &own)?;

    // Every file is read and checked before anything is written.
    let mut files: Vec<CloseoutFile> = Vec::with_capacity(names.len());
    for name in &names {
        let path = dir.join(name);
        match parse(&path.display().to_string(), open_file(&path)?)? {
            Incoming::Closeout(file) => files.push(file),
            Incoming::Taskwarrior(_) => refuse!(
                "{}",
                Msg::SyncTaskwarrior {
                    path: &path.display().to_string()
                }
            ),
        }
    }

    let file: PathBuf = dir.join(&own);
    remove_stale_temporaries(&dir, &own);
    // One transaction merges the others' changes; this device's export is read from the database
    // once that has committed, so that the file never describes a change the database does not
    // hold (a sync killed in between leaves the old file, and the next sync writes it).
    let report = store.write(|tx| {
        let mut report = Report::listing(ctx.json);
        for incoming in &files {
            merge_closeout(tx, incoming, &ctx.now, Kind::Sync, &mut report)?;
        }
        Ok(report)
    })?;
    // Compared with the file as it is written, never held whole.
    let same = store.read(|tx| {
        let mut same = SameAs::new(&file);
        write_json(tx, Scope::All, &mut same)?;
        Ok(same.finish())
    })?;
    // An unchanged file is left alone, so that sync tools see nothing new to carry.
    let written = !same;
    if written {
        store.read(|tx| write_whole(&file, |f| write_json(tx, Scope::All, f)))?;
    }

    if ctx.json {
        return json::write(
            out,
            &SyncJson {
                dir: &dir,
                device: &device,
                read: &names,
                report: &report,
                file: &file,
                written,
            },
        );
    }
    if names.is_empty() {
        let path = dir.display().to_string();
        writeln!(out, "{}", Msg::NoOtherDevice { path: &path })?;
    } else {
        let read = Msg::OtherDeviceFiles { count: names.len() }.to_string();
        write_report(out, &read, &report, false)?;
    }
    let path = file.display().to_string();
    if written {
        writeln!(out, "{}", Msg::Wrote { path: &path })?;
    } else {
        writeln!(out, "{}", Msg::UpToDate { path: &path })?;
    }
    Ok(())
}
