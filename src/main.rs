//! closeout: parse the command line, read the clock, run one command, map the outcome to an exit code.

mod cli;
mod clock;
mod cmd;
mod domain;
mod error;
mod render;
mod store;

use anyhow::{Context, Result};
use clap::Parser;
use error::{EXIT_REFUSED, EXIT_USAGE, Failure};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = run(cli, &mut out).and_then(|()| out.flush().map_err(Into::into));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) means the reader has what it wanted; any write already committed.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            match e.downcast_ref::<Failure>() {
                Some(Failure::Usage(_)) => ExitCode::from(EXIT_USAGE),
                _ => ExitCode::from(EXIT_REFUSED),
            }
        }
    }
}

fn run(cli: cli::Cli, out: &mut dyn Write) -> Result<()> {
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

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
