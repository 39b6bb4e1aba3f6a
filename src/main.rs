//! closeout: parse the command line, run one command, map the outcome to an exit code.

use clap::Parser;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use closeout::Outcome;
use closeout::error::{EXIT_REFUSED, EXIT_USAGE, Failure};
use closeout::i18n::Lang;
use closeout::msg::Msg;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let settings = closeout::start(&args);
    let cli = match closeout::cli::Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match closeout::run(cli, settings, &mut out) {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) means the reader has what it wanted; a write was saved first.
        Ok(Outcome::NotShown { error, .. }) if error.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        // The exit code tells the state: the change is saved, whatever happened to its report.
        Ok(Outcome::NotShown { saved: true, error }) => {
            let error = error.to_string();
            say(&format!(
                "warning: {}",
                Msg::SavedNotPrinted { error: &error }
            ));
            ExitCode::SUCCESS
        }
        Ok(Outcome::NotShown {
            saved: false,
            error,
        }) => {
            let error = error.to_string();
            say(&format!("error: {}", Msg::CannotPrint { error: &error }));
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

/// One line on stderr, shown inert (an error may quote a title or a file's text). Unlike
/// `eprintln!`, never panics when stderr itself is a closed pipe.
fn say(line: &str) {
    let line = closeout::render::inert::inert_lines(line);
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// clap's own message (help and version included), or for the common mistakes in Chinese, its
/// Chinese equivalent; exit code 2 for every mistake.
fn usage_error(e: &clap::Error) -> ExitCode {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let chinese = match e.kind() {
        _ if Lang::current() == Lang::En => None,
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(e)
                .map(ToString::to_string)
                .unwrap_or_else(|| format!("可选：{}", text(ContextKind::ValidValue)));
            Some(format!(
                "{} 的值「{}」无效：{reason}",
                text(ContextKind::InvalidArg),
                text(ContextKind::InvalidValue)
            ))
        }
        ErrorKind::UnknownArgument => {
            Some(format!("未知参数「{}」", text(ContextKind::InvalidArg)))
        }
        ErrorKind::InvalidSubcommand => Some(format!(
            "未知命令「{}」",
            text(ContextKind::InvalidSubcommand)
        )),
        ErrorKind::MissingRequiredArgument => {
            Some(format!("缺少参数：{}", text(ContextKind::InvalidArg)))
        }
        _ => None,
    };
    match chinese {
        Some(message) => {
            say(&format!("error: {message}；`closeout --help` 可查看用法"));
            ExitCode::from(EXIT_USAGE)
        }
        None => {
            let _ = e.print();
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(EXIT_USAGE))
        }
    }
}
