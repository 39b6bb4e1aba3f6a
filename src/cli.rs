//! The command line: clap types whose doc comments are the help text. No SQL, no rules here.

use crate::domain::date::{DateSpec, DueSpec};
use crate::domain::model::Channel;
use crate::domain::template::Template;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// `--version`: the program's version and the database schema it reads and writes.
const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (database schema 2)");

/// Keep the checklists of your contract cancellations (SIM card, internet, insurance, gym) with
/// their dates, and see what is pending, due and overdue.
#[derive(Debug, Parser)]
#[command(name = "closeout", version = VERSION, about, max_term_width = 100)]
pub struct Cli {
    /// The database file [default: the platform data folder, e.g. ~/.local/share/closeout/closeout.db]
    #[arg(long, global = true, env = "CLOSEOUT_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Print JSON instead of text (the fields are documented in the README)
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a cancellation case with its checklist
    Add(AddArgs),
    /// One row per case with its progress and next step
    List(ListArgs),
    /// A case's details and its whole checklist
    Show {
        /// Case id, or a piece of its title or provider
        case: String,
    },
    /// Mark steps done
    Done(DoneArgs),
    /// Mark steps as not needed
    Skip(SkipArgs),
    /// Make steps pending again, or, without STEP, reopen a closed case
    Reopen {
        /// Case id, or a piece of its title or provider
        case: String,
        /// Step position, key or key prefix
        steps: Vec<String>,
    },
    /// Every pending step of every open case, soonest due first
    Pending(PendingArgs),
    /// Set or clear a step's due date by hand
    Due {
        /// Case id, or a piece of its title or provider
        case: String,
        /// Step position, key or key prefix
        step: String,
        /// The new due date, or `none` to clear it
        #[arg(allow_hyphen_values = true, value_name = "DATE|none")]
        date: DueSpec,
    },
    /// Add a line to a case's note, or to a step's note: `note CASE [STEP] TEXT`
    Note {
        /// Case id, or a piece of its title or provider
        case: String,
        /// [STEP] TEXT: the step (position, key or key prefix) is optional; put `--` before a
        /// text that starts with `-`
        #[arg(num_args = 1..=2, required = true, value_name = "STEP] [TEXT")]
        words: Vec<String>,
    },
    /// Close a case (refused while steps are pending, unless --force)
    Close {
        /// Case id, or a piece of its title or provider
        case: String,
        /// Close even though steps are still pending
        #[arg(long)]
        force: bool,
    },
    /// Delete a case, its checklist and notes
    Delete {
        /// Case id, or a piece of its title or provider
        case: String,
        /// Confirm the deletion
        #[arg(long)]
        yes: bool,
    },
    /// The history of changes, oldest first
    Log {
        /// Only this case (id, or a piece of its title or provider)
        case: Option<String>,
    },
    /// Write your cases to a file: closeout's own JSON (default), CSV or Taskwarrior's format
    ///
    /// Without --all or --case: the open cases, their steps and their history. The JSON format
    /// keeps everything (UUIDs, dates, rules, notes, history) and `closeout import` reads it back;
    /// CSV is one row per step for spreadsheets; taskwarrior is what `task import` reads.
    Export(ExportArgs),
    /// Merge a closeout export or a Taskwarrior export into this database
    ///
    /// Cases, steps and events are matched by UUID: new ones are added, known ones take the
    /// incoming value of each field that changed more recently there, nothing is doubled, and
    /// importing the same file again changes nothing. The whole file is checked first and then
    /// imported in one transaction: a bad or newer file changes nothing.
    Import(ImportArgs),
    /// Keep this database in step with your other devices through a shared folder
    ///
    /// Writes this device's export into DIR as closeout-DEVICE.json and imports every other
    /// closeout-*.json there. For a folder that Syncthing, a cloud drive or a git repository
    /// keeps the same on each device. Per field, the newest change wins (ties: the larger device
    /// id); a case deleted anywhere is deleted everywhere.
    Sync(SyncArgs),
    /// Print a completion script for your shell (see the README for where it goes)
    Completions {
        /// bash, zsh, fish, powershell or elvish
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff); `closeout man > ~/.local/share/man/man1/closeout.1`
    Man,
}

/// Writes the completion script for `shell`, generated from these same definitions.
pub fn completions(
    shell: clap_complete::Shell,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // The generator panics when its writer fails (a closed pipe): give it memory, then write.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "closeout", &mut script);
    out.write_all(&script)
}

/// Writes the manual page, generated from these same definitions.
pub fn manual(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// What is being cancelled, e.g. "Proximus" or "Telenet internet"; names Proximus, Telenet or
    /// Orange set the provider
    pub title: String,
    /// The checklist to start from: sim (default) or contract
    #[arg(long, value_parser = parse_template, default_value = "sim")]
    pub template: Template,
    /// Who the contract is with [default: found in the title]
    #[arg(long)]
    pub provider: Option<String>,
    /// How the request will be handed in: online, phone or shop
    #[arg(long)]
    pub channel: Option<Channel>,
    /// Phone number, customer or contract number
    #[arg(long, value_name = "REF", allow_hyphen_values = true)]
    pub number: Option<String>,
    /// Whose contract this is [default: your login name]
    #[arg(long, value_name = "NAME")]
    pub holder: Option<String>,
    /// When the contract must be cancelled by; steps fall due before it
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub deadline: Option<DateSpec>,
    /// A first line for the case's note
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
}

fn parse_template(name: &str) -> Result<Template, String> {
    Template::by_name(name).ok_or_else(|| {
        let known: Vec<_> = Template::ALL.iter().map(|t| t.name()).collect();
        format!("no template named '{name}'; known: {}", known.join(", "))
    })
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Include closed cases
    #[arg(long)]
    pub all: bool,
    /// Only cases of this holder
    #[arg(long, value_name = "NAME")]
    pub holder: Option<String>,
}

#[derive(Debug, Args)]
pub struct DoneArgs {
    /// Case id, or a piece of its title or provider
    pub case: String,
    /// Step positions, keys or key prefixes
    #[arg(required = true)]
    pub steps: Vec<String>,
    /// The day it was done, if not today (past or future)
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub date: Option<DateSpec>,
    /// A line to add to each step's note
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct SkipArgs {
    /// Case id, or a piece of its title or provider
    pub case: String,
    /// Step positions, keys or key prefixes
    #[arg(required = true)]
    pub steps: Vec<String>,
    /// A line to add to each step's note, e.g. why it is not needed
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct PendingArgs {
    /// Only steps of this holder's cases
    #[arg(long, value_name = "NAME")]
    pub holder: Option<String>,
    /// Only steps of this case
    #[arg(long, value_name = "CASE")]
    pub case: Option<String>,
    /// Only steps due on or before this day
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub before: Option<DateSpec>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file format
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Write to FILE (created private, 0600, and replaced whole) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only this case (id, or a piece of its title or provider), open or closed
    #[arg(long, value_name = "CASE", conflicts_with = "all")]
    pub case: Option<String>,
    /// Closed cases too, and (in JSON) the history of deleted ones
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// closeout's own JSON: everything, for `closeout import`, backups and other devices
    Json,
    /// One row per step with its case's fields beside it, for spreadsheets
    Csv,
    /// Taskwarrior's import JSON, one task per step, for `task import`
    Taskwarrior,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A file from `closeout export` (JSON) or from `task export`; `-` reads standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Only say what would be added, updated and left as it is; write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The shared folder (it must exist)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_names_the_current_schema() {
        let schema = format!("(database schema {})", crate::store::SCHEMA_VERSION);
        assert!(VERSION.ends_with(&schema), "{VERSION}");
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
