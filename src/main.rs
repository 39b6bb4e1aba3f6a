//! closeout: parse the command line, run one command, map the outcome to an exit code.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use closeout::Outcome;
use closeout::error::{EXIT_REFUSED, EXIT_USAGE, classify, json_error};
use closeout::i18n::Lang;
use closeout::msg::Msg;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `closeout --version` alone is answered before anything is read or built: clap's command
    // tree, with every subcommand's help, costs more than the rest of the process.
    if let [_, flag] = args.as_slice()
        && (flag == "--version" || flag == "-V")
    {
        let _ = writeln!(
            std::io::stdout().lock(),
            "closeout {}",
            closeout::cli::VERSION
        );
        return ExitCode::SUCCESS;
    }
    let settings = closeout::start(&args);
    let json = json_argument(&args);
    // Parsed with the help in the user's language; the derive reads the matches.
    let parsed = match closeout::cli::Cli::bare_remind(&args) {
        Some(cli) => Ok(cli),
        None => closeout::cli::parse(&args, Lang::current()),
    };
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e, json),
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
            let message = Msg::CannotPrint { error: &error }.to_string();
            fail(json, "output", &message, EXIT_REFUSED)
        }
        Err(e) => {
            let (kind, exit) = classify(&e);
            fail(json, kind, &closeout::error::describe(&e), exit)
        }
    }
}

/// Says why the command failed: an `error:` line, or under `--json` one JSON object (its kind
/// the same in every language), and exits with `exit`.
fn fail(json: bool, kind: &str, message: &str, exit: u8) -> ExitCode {
    if json {
        say(&json_error(kind, message, exit));
    } else {
        say(&format!("error: {message}"));
    }
    ExitCode::from(exit)
}

/// Whether `--json` is on the raw command line (before any `--`), so that even an error in
/// parsing it comes as JSON.
fn json_argument(args: &[std::ffi::OsString]) -> bool {
    args.iter()
        .skip(1)
        .map(|a| a.to_string_lossy())
        .take_while(|a| a != "--")
        .any(|a| a == "--json")
}

/// One line on stderr, shown inert (an error may quote a title or a file's text). Unlike `eprintln!`, never panics when stderr itself is a closed pipe.
fn say(line: &str) {
    let line = closeout::render::inert::inert_lines(line);
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// clap's own message (help and version included), or for the common mistakes in Chinese, its
/// Chinese equivalent; exit code 2 for every mistake. Under `--json`, a mistake is one JSON
/// object of kind `usage`; help and version print as they are.
fn usage_error(e: &clap::Error, json: bool) -> ExitCode {
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        return needs_command(e, json);
    }
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        // Only the Chinese messages below use these values.
        Some(ContextValue::Strings(v)) => v.join(&Msg::Listed.text(Lang::Zh)),
        _ => String::new(),
    };
    let chinese = match e.kind() {
        _ if Lang::current() == Lang::En => None,
        // `--date` with nothing after it.
        ErrorKind::InvalidValue
            if text(ContextKind::InvalidValue).is_empty()
                && std::error::Error::source(e).is_none() =>
        {
            Some(
                Msg::UsageValueRequired {
                    arg: &text(ContextKind::InvalidArg),
                }
                .text(Lang::Zh),
            )
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(e).map_or_else(
                || {
                    Msg::UsageChoices {
                        values: &text(ContextKind::ValidValue),
                    }
                    .text(Lang::Zh)
                },
                |r| r.to_string(),
            );
            Some(
                Msg::UsageInvalidValue {
                    arg: &text(ContextKind::InvalidArg),
                    value: &text(ContextKind::InvalidValue),
                    reason: &reason,
                }
                .text(Lang::Zh),
            )
        }
        ErrorKind::UnknownArgument => Some(
            Msg::UsageUnknownArgument {
                arg: &text(ContextKind::InvalidArg),
            }
            .text(Lang::Zh),
        ),
        ErrorKind::InvalidSubcommand => Some(
            Msg::UsageUnknownCommand {
                name: &text(ContextKind::InvalidSubcommand),
            }
            .text(Lang::Zh),
        ),
        ErrorKind::ArgumentConflict => {
            let (arg, prior) = (text(ContextKind::InvalidArg), text(ContextKind::PriorArg));
            Some(if prior.is_empty() || prior == arg {
                Msg::UsageArgumentTwice { arg: &arg }.text(Lang::Zh)
            } else {
                Msg::UsageArgumentConflict {
                    arg: &arg,
                    prior: &prior,
                }
                .text(Lang::Zh)
            })
        }
        ErrorKind::TooManyValues => Some(
            Msg::UsageUnexpectedValue {
                arg: &text(ContextKind::InvalidArg),
                value: &text(ContextKind::InvalidValue),
            }
            .text(Lang::Zh),
        ),
        ErrorKind::MissingRequiredArgument => Some(
            Msg::UsageMissing {
                arg: &text(ContextKind::InvalidArg),
            }
            .text(Lang::Zh),
        ),
        _ => None,
    };
    let exit = u8::try_from(e.exit_code()).unwrap_or(EXIT_USAGE);
    match chinese {
        Some(message) if json => fail(true, "usage", &message, exit),
        Some(message) => {
            let said = Msg::UsageSeeHelp { message: &message }.text(Lang::Zh);
            say(&format!("error: {said}"));
            ExitCode::from(EXIT_USAGE)
        }
        None if json && e.use_stderr() => fail(true, "usage", &clap_message(e), exit),
        None => {
            let _ = e.print();
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(EXIT_USAGE))
        }
    }
}

/// A group of commands typed alone (`closeout step`): an `error:` line naming what is missing,
/// then the group's help, which lists its commands.
fn needs_command(e: &clap::Error, json: bool) -> ExitCode {
    let help = e.render().to_string();
    // The usage line names the group: `Usage: closeout step [OPTIONS] <COMMAND>`.
    let command = help
        .lines()
        .find_map(|l| {
            l.trim_start()
                .strip_prefix("Usage: ")
                .or_else(|| l.trim_start().strip_prefix("用法："))
        })
        .map(|usage| {
            usage
                .split_whitespace()
                .take_while(|w| !w.starts_with(['[', '<']))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "closeout".to_string());
    let message = Msg::UsageNeedsCommand { command: &command }.to_string();
    if json {
        return fail(true, "usage", &message, EXIT_USAGE);
    }
    say(&format!("error: {message}\n\n{}", help.trim_end()));
    ExitCode::from(EXIT_USAGE)
}

/// clap's message without its `error:` prefix, usage lines and hints: the sentence, with the
/// lines it lists (missing arguments) joined onto it.
fn clap_message(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let first = text.split("\n\n").next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    first
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
