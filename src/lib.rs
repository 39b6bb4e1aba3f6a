//! closeout as a library: the binary in `main.rs` is a thin shell around `run`, and tests, fuzz
//! targets and benchmarks reach the pure rules (`domain`) and the store directly.

pub mod cli;
pub mod clock;
pub mod cmd;
pub mod domain;
pub mod error;
pub mod output;
pub mod render;
pub mod store;

use anyhow::{Context, Result};
use error::Failure;
use std::io::Write;
use std::path::PathBuf;
use store::{WriteState, WriteWatch};

/// How a command that did its work ended.
#[derive(Debug)]
pub enum Outcome {
    Done,
    /// The command did its work, but writing its output failed (a closed pipe, a full disk).
    /// `saved`: it was a write, and its change is committed.
    NotShown {
        saved: bool,
        error: std::io::Error,
    },
}

/// Runs one parsed command line, writing its output to `out`. Writes print only after their
/// transaction commits, so a failure to print never undoes or hides a saved change: it comes
/// back as `Outcome::NotShown`, not as an error.
pub fn run(cli: cli::Cli, out: &mut dyn Write) -> Result<Outcome> {
    let now = clock::Now::from_env()?;
    let db = match cli.db {
        Some(path) => path,
        None => default_db()?,
    };
    let writes = WriteWatch::default();
    let ctx = cmd::Ctx {
        db,
        json: cli.json,
        now,
        writes: writes.clone(),
    };
    let mut out = output::Output::new(out);
    let result = cmd::run(cli.command, &ctx, &mut out).and_then(|()| Ok(out.flush()?));
    let Err(e) = result else {
        return Ok(Outcome::Done);
    };
    match (out.failure(), writes.get()) {
        (None, _) => Err(e),
        // Printing failed inside a write transaction, which therefore rolled back.
        (Some(error), WriteState::Begun) => Err(Failure::Refused(format!(
            "cannot print the output ({error}); nothing was changed"
        ))
        .into()),
        (Some(error), state) => Ok(Outcome::NotShown {
            saved: state == WriteState::Committed,
            error,
        }),
    }
}

/// `closeout.db` in the platform data folder (`$XDG_DATA_HOME/closeout` on Linux).
fn default_db() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "closeout")
        .context("cannot find your home folder; pass --db PATH or set CLOSEOUT_DB")?;
    Ok(dirs.data_dir().join("closeout.db"))
}
