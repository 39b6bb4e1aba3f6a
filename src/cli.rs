//! The command line: clap types whose doc comments are the help text. No SQL, no rules here.

use crate::domain::date::{DateSpec, DueSpec};
use crate::domain::model::Channel;
use clap::{Args, Parser, Subcommand};
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
    /// Take back the newest change still in effect (one command at a time); undo of a delete
    /// brings the case back whole
    Undo {
        /// List the next ten changes undo would take back, and what redo would bring back
        #[arg(long)]
        list: bool,
    },
    /// Bring back the change undo took back last (until a new change is made)
    Redo,
    /// Reshape a case's checklist: add, remove, move or edit a step
    #[command(subcommand)]
    Step(StepCommand),
    /// The checklist templates: built-in ones and your own files
    Templates,
    /// Show, check or start a checklist template
    #[command(subcommand)]
    Template(TemplateCommand),
}

#[derive(Debug, Subcommand)]
pub enum StepCommand {
    /// Add a step of your own, e.g. one per service to unbind: "move KBC 2FA", "Netflix"
    Add(StepAddArgs),
    /// Remove a step; the steps after it move up
    Remove {
        /// Case id, or a piece of its title or provider
        case: String,
        /// Step position, key or key prefix
        step: String,
    },
    /// Move a step to just after another, or to the top with --first
    Move {
        /// Case id, or a piece of its title or provider
        case: String,
        /// Step position, key or key prefix
        step: String,
        /// The step it goes after
        #[arg(long, value_name = "STEP", required_unless_present = "first")]
        after: Option<String>,
        /// Make it the first step
        #[arg(long, conflicts_with = "after")]
        first: bool,
    },
    /// Change a step's title or how-to
    #[command(group(clap::ArgGroup::new("change").required(true).multiple(true).args(["title", "how"])))]
    Edit {
        /// Case id, or a piece of its title or provider
        case: String,
        /// Step position, key or key prefix
        step: String,
        /// The new title
        #[arg(long, allow_hyphen_values = true)]
        title: Option<String>,
        /// The new how-to; "" removes it
        #[arg(long, allow_hyphen_values = true)]
        how: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct StepAddArgs {
    /// Case id, or a piece of its title or provider
    pub case: String,
    /// What to do, e.g. "move KBC 2FA"
    pub title: String,
    /// Put it just after this step [default: last]
    #[arg(long, value_name = "STEP")]
    pub after: Option<String>,
    /// A due date, set by hand [default: none]
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub due: Option<DateSpec>,
    /// The key to name it by [default: made from the title, e.g. move-kbc-2fa]
    #[arg(long)]
    pub key: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// A template's steps, their due-date rules and how-to, its documents and providers
    Show {
        /// The template's name (`closeout templates` lists them)
        name: String,
        /// Show the how-to as a case with this provider gets it
        #[arg(long)]
        provider: Option<String>,
        /// Show the how-to as a case with this channel gets it: online, phone or shop
        #[arg(long)]
        channel: Option<Channel>,
    },
    /// Check a template file; every problem is reported with its line and column (exit 2)
    Check {
        /// The template file (TOML)
        file: PathBuf,
    },
    /// Write a commented template file to start from, in your templates folder
    /// (~/.config/closeout/templates on Linux); a built-in's name starts from a copy of it
    New {
        /// The template's name: letters, digits, - and _
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// What is being cancelled, e.g. "Proximus" or "Telenet internet"; names Proximus, Telenet or
    /// Orange set the provider
    pub title: String,
    /// The checklist to start from: sim (default), contract, internet, or one of your own
    /// (`closeout templates` lists them)
    #[arg(long, default_value = "sim")]
    pub template: String,
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

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
