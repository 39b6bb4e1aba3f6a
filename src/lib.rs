//! closeout as a library: the binary in `main.rs` is a thin shell around `run`, and tests, fuzz
//! targets and benchmarks reach the pure rules (`domain`) and the store directly.

pub mod catalog;
pub mod cli;
pub mod clock;
pub mod cmd;
pub mod complete;
pub mod config;
pub mod domain;
pub mod error;
pub mod format;
pub mod help_zh;
pub mod i18n;
pub mod login;
pub mod manual;
pub mod msg;
pub mod output;
pub mod remote;
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
/// back as `Outcome::NotShown`, not as an error. `settings` is the settings file as read at
/// start-up (the language is chosen before parsing).
pub fn run(
    cli: cli::Cli,
    settings: Result<config::Config, error::Failure>,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let now = clock::Now::from_env()?;
    let from_env = || {
        std::env::var_os("CLOSEOUT_DB")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let db = match cli.db.or_else(from_env) {
        Some(path) => path,
        None => default_db()?,
    };
    // `config` reads the file itself, so that `config path` works even when it is broken.
    let settings = match &cli.command {
        // A TAB must not print a settings file's problems into the command line.
        Some(cli::Command::Config { .. } | cli::Command::Complete { .. }) => {
            config::Config::default()
        }
        _ => settings?,
    };
    let writes = WriteWatch::default();
    let ctx = cmd::Ctx {
        db,
        json: cli.json,
        now,
        lang: i18n::Lang::current(),
        config: settings,
        color: use_color(cli.color),
        width: output_width(),
        writes: writes.clone(),
        templates_dir: catalog::user_dir(),
    };
    let mut out = output::Output::new(out);
    // `--lang` also names the language of the checklist a new case gets, or one rewritten.
    let mut command = cli.command;
    match &mut command {
        Some(cli::Command::Add(cli::Lazy(args))) => args.lang = cli.lang,
        Some(cli::Command::Edit(cli::Lazy(args))) => args.lang = cli.lang,
        _ => {}
    }
    let result = match command {
        Some(command) => cmd::run(command, &ctx, &mut out),
        None => cmd::dashboard(&ctx, &mut out),
    }
    .and_then(|()| Ok(out.flush()?));
    let Err(e) = result else {
        return Ok(Outcome::Done);
    };
    match (out.failure(), writes.get()) {
        (None, _) => Err(e),
        // Printing failed inside a write transaction, which therefore rolled back.
        (Some(error), WriteState::Begun) => Err(Failure::Refused(
            msg::Msg::NotPrinted {
                error: &error.to_string(),
            }
            .to_string(),
        )
        .into()),
        (Some(error), state) => Ok(Outcome::NotShown {
            saved: state == WriteState::Committed,
            error,
        }),
    }
}

/// Reads the settings file and chooses the language for the whole process, before the command
/// line is parsed, so that even its errors can be in Chinese. Returns the settings for `run`.
pub fn start(args: &[std::ffi::OsString]) -> Result<config::Config, error::Failure> {
    let settings =
        config::path().map_or(Ok(config::Config::default()), |p| config::Config::load(&p));
    let from_file = settings.as_ref().ok().and_then(|c| c.lang);
    i18n::Lang::set_current(i18n::Lang::from_env(i18n::lang_argument(args), from_file));
    settings
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
pub(crate) fn output_width() -> Option<usize> {
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
        .with_context(|| msg::Msg::NoHome.to_string())?;
    Ok(dirs.data_dir().join("closeout.db"))
}
