//! closeout as a library: the binary in `main.rs` is a thin shell around `run`, and tests, fuzz
//! targets and benchmarks reach the pure rules (`domain`) and the store directly.

pub mod cli;
pub mod clock;
pub mod cmd;
pub mod domain;
pub mod error;
pub mod format;
pub mod render;
pub mod store;

use anyhow::{Context, Result};
use std::io::Write;
use std::path::PathBuf;

/// Runs one parsed command line, writing its output to `out`.
pub fn run(cli: cli::Cli, out: &mut dyn Write) -> Result<()> {
    let now = clock::Now::from_env()?;
    let db = match cli.db {
        Some(path) => path,
        None => default_db()?,
    };
    let ctx = cmd::Ctx {
        db,
        json: cli.json,
        now,
    };
    cmd::run(cli.command, &ctx, out)
}

/// `closeout.db` in the platform data folder (`$XDG_DATA_HOME/closeout` on Linux).
fn default_db() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "closeout")
        .context("cannot find your home folder; pass --db PATH or set CLOSEOUT_DB")?;
    Ok(dirs.data_dir().join("closeout.db"))
}
