//! closeout: parse the command line, run one command, map the outcome to an exit code.

use clap::Parser;
use closeout::Outcome;
use closeout::error::{EXIT_REFUSED, EXIT_USAGE, Failure};
use std::io::{BufWriter, ErrorKind, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = closeout::cli::Cli::parse();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match closeout::run(cli, &mut out) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) means the reader has what it wanted; a write was saved first.
        Ok(Outcome::NotShown { error, .. }) if error.kind() == ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        // The exit code tells the state: the change is saved, whatever happened to its report.
        Ok(Outcome::NotShown { saved: true, error }) => {
            say(&format!(
                "warning: done and saved, but the output could not be printed: {error}"
            ));
            ExitCode::SUCCESS
        }
        Ok(Outcome::NotShown {
            saved: false,
            error,
        }) => {
            say(&format!("error: cannot print the output: {error}"));
            ExitCode::from(EXIT_REFUSED)
        }
        Err(e) => {
            say(&format!("error: {e:#}"));
            match e.downcast_ref::<Failure>() {
                Some(Failure::Usage(_)) => ExitCode::from(EXIT_USAGE),
                _ => ExitCode::from(EXIT_REFUSED),
            }
        }
    }
}

/// One line on stderr. Unlike `eprintln!`, never panics when stderr itself is a closed pipe.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
