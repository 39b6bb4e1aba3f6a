//! closeout as a library: the binary in `main.rs` is a thin shell around `run`, and tests, fuzz
//! targets and benchmarks reach the pure rules (`domain`) and the store directly.

pub mod cli;
pub mod clock;
pub mod cmd;
pub mod config;
pub mod domain;
pub mod error;
pub mod i18n;
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
    // `config` reads the file itself, so that `config path` works even when it is broken.
    let settings = match (&cli.command, config::path()) {
        (Some(cli::Command::Config { .. }), _) | (_, None) => config::Config::default(),
        (_, Some(path)) => config::Config::load(&path)?,
    };
    let ctx = cmd::Ctx {
        db,
        json: cli.json,
        now,
        lang: i18n::Lang::from_env(cli.lang, settings.lang),
        config: settings,
        color: use_color(cli.color),
        width: output_width(),
    };
    match cli.command {
        Some(command) => cmd::run(command, &ctx, out),
        None => cmd::dashboard(&ctx, out),
    }
}

/// `--color always|never`, or for `auto` what the terminal and the environment say: colour only
/// on a terminal, never with NO_COLOR set, always with CLICOLOR_FORCE set.
fn use_color(choice: cli::ColorChoice) -> bool {
    match choice {
        cli::ColorChoice::Always => true,
        cli::ColorChoice::Never => false,
        cli::ColorChoice::Auto => {
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// The width to fit: COLUMNS when set, else the terminal's, else none (a pipe gets whole lines).
fn output_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0)
    {
        return Some(columns);
    }
    use std::io::IsTerminal;
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    terminal_size::terminal_size_of(&stdout).map(|(w, _)| usize::from(w.0))
}

/// `closeout.db` in the platform data folder (`$XDG_DATA_HOME/closeout` on Linux).
fn default_db() -> Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "closeout")
        .context("cannot find your home folder; pass --db PATH or set CLOSEOUT_DB")?;
    Ok(dirs.data_dir().join("closeout.db"))
}
