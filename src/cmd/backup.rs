//! `backup FILE` and `restore FILE`: a consistent copy of the whole database, and putting one
//! back after checking it, keeping what it replaces.

use super::{Ctx, warn};
use crate::error::refuse;
use crate::msg::Msg;
use crate::render::json;
use crate::store::{Access, Candidate, SCHEMA_VERSION, Store};
use anyhow::{Context, Result};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

#[derive(Serialize)]
struct BackupJson<'a> {
    database: &'a Path,
    backup: &'a Path,
    schema_version: i64,
    cases: i64,
}

pub fn backup(file: &Path, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    if !exists(&ctx.db)? {
        refuse!(
            "{}",
            Msg::NothingToBackUp {
                path: &ctx.db.display().to_string()
            }
        );
    }
    let mut store = ctx.open(Access::Read)?;
    let copied = store.backup_to(file)?;
    if ctx.json {
        return json::write(
            out,
            &BackupJson {
                database: &ctx.db,
                backup: &copied.path,
                schema_version: SCHEMA_VERSION,
                cases: copied.cases,
            },
        );
    }
    let said = Msg::BackedUp {
        path: &ctx.db.display().to_string(),
        copy: &copied.path.display().to_string(),
        cases: copied.cases,
    };
    writeln!(out, "{said}")?;
    Ok(())
}

#[derive(Serialize)]
struct RestoreJson<'a> {
    database: &'a Path,
    restored_from: &'a Path,
    /// The schema version the restored file had (it is upgraded on the way in).
    schema_version: i64,
    cases: i64,
    /// Where the database as it was is kept, or null when there was none.
    replaced_copy: Option<&'a Path>,
}

pub fn restore(file: &Path, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    if exists(&ctx.db)? && same_file(file, &ctx.db) {
        refuse!(
            "{}",
            Msg::RestoreFromItself {
                path: &file.display().to_string()
            }
        );
    }
    // Everything about the file is checked before anything of the database is touched.
    let candidate = Candidate::check(file, &ctx.db)?;
    let version = candidate.version;
    let had_database = exists(&ctx.db)?;
    let (store, set_aside) = Store::open_for_restore(&ctx.db)?;
    if let Some(aside) = &set_aside {
        let said = Msg::DamagedMovedAside {
            path: &aside.display().to_string(),
        };
        warn(&format!("note: {said}"));
    }
    let mut store = ctx.prepared(store);
    let restored = store.restore(candidate, had_database && set_aside.is_none())?;
    let replaced = restored.replaced.or(set_aside);
    if ctx.json {
        return json::write(
            out,
            &RestoreJson {
                database: &ctx.db,
                restored_from: file,
                schema_version: version,
                cases: restored.cases,
                replaced_copy: replaced.as_deref(),
            },
        );
    }
    let said = Msg::Restored {
        path: &ctx.db.display().to_string(),
        from: &file.display().to_string(),
        cases: restored.cases,
    };
    write!(out, "{said}")?;
    match replaced {
        Some(copy) => {
            let kept = Msg::RestoredKept {
                copy: &copy.display().to_string(),
            };
            writeln!(out, "{kept}")?;
        }
        None => writeln!(out)?,
    }
    Ok(())
}

fn exists(path: &Path) -> Result<bool> {
    path.try_exists().with_context(|| {
        Msg::DbUnreachable {
            path: &path.display().to_string(),
        }
        .to_string()
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
