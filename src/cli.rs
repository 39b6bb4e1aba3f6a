//! The command line: clap types whose doc comments are the help text. No SQL, no rules here.

use crate::domain::date::{DateSpec, DueSpec};
use crate::domain::guide::Topic;
use crate::domain::model::Channel;
use crate::domain::month::MonthSpec;
use crate::domain::span::Span;
use crate::i18n::Lang;
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// `--version`: the program's version and the database schema it reads and writes.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (database schema 8)");

/// Keep the checklists of your contract cancellations (SIM card, internet, insurance, gym) with
/// their dates, and see what is pending, due and overdue.
#[derive(Debug, Parser)]
#[command(name = "closeout", version = VERSION, about, max_term_width = 100)]
pub struct Cli {
    /// The database file [env: CLOSEOUT_DB] [default: the platform data folder, e.g.
    /// ~/.local/share/closeout/closeout.db]
    // Not clap's `env`: a value from the environment would count as given, and every usage line
    // in an error would then show `--db <PATH>` as if it were required. `run` reads the variable.
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Print JSON instead of text (the fields are documented in docs/json.md)
    #[arg(long, global = true)]
    pub json: bool,

    /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,

    /// Language: en or zh [default: CLOSEOUT_LANG, else the locale, else en]
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<Lang>,

    /// Without a command: a short dashboard of open cases, overdue and today's steps
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The command line `closeout remind` and nothing else, as clap would read it, without
    /// building clap's command tree: a shell prompt may run it before every command, and when
    /// nothing is due the tree would be most of the work.
    pub fn bare_remind(args: &[std::ffi::OsString]) -> Option<Cli> {
        match args {
            [_, word] if word == "remind" => Some(Cli {
                db: None,
                json: false,
                color: ColorChoice::Auto,
                lang: None,
                command: Some(Command::Remind(Lazy(RemindArgs {
                    within: None,
                    holder: None,
                }))),
            }),
            _ => None,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a cancellation case with its checklist
    Add(Lazy<AddArgs>),
    /// One row per case with its progress and next step
    List(Lazy<ListArgs>),
    /// A case's details and its whole checklist
    Show {
        /// Case id, or a piece of its title or provider
        case: String,
    },
    /// Mark steps done
    Done(Lazy<DoneArgs>),
    /// Mark steps as not needed
    Skip(Lazy<SkipArgs>),
    /// Make steps pending again, or, without STEP, reopen a closed case
    Reopen {
        /// Case id, or a piece of its title or provider
        case: String,
        /// Step position, key or key prefix
        steps: Vec<String>,
    },
    /// Every pending step of every open case, soonest due first
    Pending(Lazy<PendingArgs>),
    /// What is overdue, due today or due soon (silent when nothing is due)
    ///
    /// Pending steps of open cases and open cases' deadlines, in three groups: Overdue, Today and
    /// Soon (up to --within days ahead). Silent with exit code 0 when nothing is due, so that it
    /// can sit in a shell start-up file, a crontab or a systemd user timer.
    Remind(Lazy<RemindArgs>),
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
    /// Set or clear a case's deadline; the due dates that follow it move
    ///
    /// Every due date that comes from a rule is computed again; dates set by hand (`due`,
    /// `snooze`) stay as set. A deadline in the past is accepted with a warning. A date of the
    /// case's own stops it following the departure; `departure` makes it follow again.
    Deadline {
        /// Case id, or a piece of its title or provider
        case: String,
        /// The new deadline, `departure` to follow the departure date, or `none` to clear it
        #[arg(allow_hyphen_values = true, value_name = "DATE|departure|none")]
        date: DeadlineSpec,
    },
    /// Set, clear or show the household's departure date, which cases follow as their deadline
    ///
    /// A case added without --deadline while a departure is set takes it as its deadline and
    /// follows it: moving the departure moves the deadline of every open case that follows it,
    /// with their rule-driven due dates (dates set by hand stay). Clearing it leaves them with
    /// no deadline, no longer following.
    Departure {
        /// The departure day, or `none` to clear it [default: show it]
        #[arg(allow_hyphen_values = true, value_name = "DATE|none")]
        date: Option<DueSpec>,
    },
    /// Move a step's due date later
    ///
    /// Counts from the step's due date, or from today when it has none or is overdue. The new
    /// date counts as set by hand: a new deadline leaves it alone.
    Snooze {
        /// Case id, or a piece of its title or provider
        case: String,
        /// Step position, key or key prefix
        step: String,
        /// How much later: 3d, 2w (at least a day)
        #[arg(value_name = "DURATION", value_parser = parse_snooze, allow_hyphen_values = true)]
        by: Span,
    },
    /// Change a case's fields, or add a line to its note
    ///
    /// A new deadline moves the due dates that follow it (dates set by hand stay). A new provider
    /// or channel gives the pending steps of the case's template the how-to that fits them. An
    /// empty value clears the provider or the number; `none` clears the channel or the deadline.
    #[command(
        override_usage = "closeout edit <CASE> [--title <TITLE>] [--provider <NAME>] [--channel <CHANNEL>]\n       \
                          [--number <REF>] [--holder <NAME>] [--deadline <DATE|departure|none>]\n       \
                          [--note <TEXT>] [--notice <DURATION|none>] [--lang <en|zh>]"
    )]
    Edit(Lazy<EditArgs>),
    /// Add a line to a case's note, or to a step's note: `note CASE [STEP] TEXT`
    #[command(override_usage = "closeout note [OPTIONS] <CASE> [STEP] <TEXT>")]
    Note {
        /// Case id, or a piece of its title or provider
        case: String,
        /// [STEP] TEXT: the step (position, key or key prefix) is optional; put `--` before a
        /// text that starts with `-`
        #[arg(num_args = 1..=2, required = true, value_name = "TEXT")]
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
    /// Write your cases to a file: closeout's own JSON (default), CSV, Taskwarrior's format or
    /// an iCalendar file
    ///
    /// Without --all or --case: the open cases, their steps and their history. The JSON format
    /// keeps everything (UUIDs, dates, rules, notes, history) and `closeout import` reads it back;
    /// CSV is one row per step for spreadsheets; taskwarrior is what `task import` reads; ics
    /// (RFC 5545) has one VTODO per step with a due date, with a reminder at 09:00 on its day
    /// (and the day before for `submit`), and one VEVENT per open case's deadline, each keeping
    /// its UID from one export to the next so that a calendar updates instead of doubling.
    Export(Lazy<ExportArgs>),
    /// The history of changes, oldest first
    Log {
        /// Only this case (id, or a piece of its title or provider)
        case: Option<String>,
    },
    /// Write a consistent copy of the database to a new file, even while closeout is in use
    Backup {
        /// The copy to write; it must not exist yet
        file: PathBuf,
    },
    /// Replace the database with a copy made by `backup`, once the copy is checked; the
    /// database as it was is kept beside it as <db>.bak
    Restore {
        /// The copy to restore from; it is only read
        file: PathBuf,
    },
    /// Merge a closeout export or a Taskwarrior export into this database
    ///
    /// Cases, steps and events are matched by UUID: new ones are added, known ones take the
    /// incoming value of each field that changed more recently there, nothing is doubled, and
    /// importing the same file again changes nothing. The whole file is checked first and then
    /// imported in one transaction: a bad or newer file changes nothing.
    Import(Lazy<ImportArgs>),
    /// Keep this database in step with a CalDAV task list (a remote), or with your other devices
    /// through a shared folder
    ///
    /// `sync NAME` sends what changed here to the remote NAME and takes in what changed there
    /// (done, reopened, a new due date, a deleted to-do); `sync` alone syncs every remote.
    ///
    /// `sync DIR` writes this device's export into DIR as closeout-DEVICE.json and imports every
    /// other closeout-*.json there. For a folder that Syncthing, a cloud drive or a git repository
    /// keeps the same on each device. Per field, the newest change wins (ties: the larger device
    /// id); a case deleted anywhere is deleted everywhere.
    Sync(Lazy<SyncArgs>),
    /// The CalDAV task lists (remotes) that `sync NAME` keeps in step
    #[command(subcommand)]
    Remote(Lazy<RemoteCommand>),
    /// Print a completion script for your shell (docs/commands.md says where it goes)
    Completions {
        /// bash, zsh, fish, powershell or elvish
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff); `closeout man > ~/.local/share/man/man1/closeout.1`
    Man {
        /// Write closeout.1 and a closeout-COMMAND.1 page for each command into DIR instead
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// The candidates for the word at INDEX of WORDS, one a line: what completion scripts call
    #[command(name = "__complete", hide = true)]
    Complete {
        index: usize,
        #[arg(last = true, allow_hyphen_values = true)]
        words: Vec<String>,
    },
    /// The month as a grid, days with steps due or a deadline marked
    Calendar {
        /// YYYY-MM, a month number (1-12: this year's, or next year's once passed), or next
        /// [default: this month]
        month: Option<MonthSpec>,
    },
    /// Where the settings file is, and what it sets
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// What to know before cancelling: why, steps, operators, faq (all of it without TOPIC)
    Guide {
        /// why, steps, operators or faq
        topic: Option<Topic>,
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
    Step(Lazy<StepCommand>),
    /// The checklist templates: built-in ones and your own files
    Templates,
    /// Show, check or start a checklist template
    #[command(subcommand)]
    Template(Lazy<TemplateCommand>),
}

/// A subcommand's arguments (or its own subcommands), added to clap's command tree only when the
/// tree is built for that subcommand: parsing `closeout add` then builds `add` alone, not every
/// command's arguments and help. The help, the completions and the manual build the whole tree.
#[derive(Debug)]
pub struct Lazy<T>(pub T);

impl<T: clap::FromArgMatches> clap::FromArgMatches for Lazy<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Lazy)
    }
    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Lazy)
    }
    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T: Args> Args for Lazy<T> {
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args)
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args_for_update)
    }
}

impl<T: Subcommand> Subcommand for Lazy<T> {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_subcommands)
    }
    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_subcommands_for_update)
    }
    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

/// The command line parsed, for `lang`. The tree clap parses with holds the one command named
/// after the global options, when one is (the arguments of the others are not built, and the
/// global options are not copied into each of them); an error or a request for help is parsed
/// again with the whole tree, in `lang`, so that what clap prints is the whole tree's. A parse
/// that succeeds prints nothing of clap's, so the Chinese tree is built only for those.
pub fn parse(args: &[std::ffi::OsString], lang: Lang) -> Result<Cli, clap::Error> {
    let parse = |cmd: clap::Command| {
        cmd.try_get_matches_from(args)
            .and_then(|mut m| <Cli as clap::FromArgMatches>::from_arg_matches_mut(&mut m))
    };
    let quick = match named_command(args) {
        Some(name) => narrow(name).map(parse),
        None if lang == Lang::En => return parse(command(Lang::En)),
        None => Some(parse(<Cli as clap::CommandFactory>::command())),
    };
    match quick {
        Some(Ok(cli)) => Ok(cli),
        _ => parse(command(lang)),
    }
}

/// The command a command line names: its first word after the global options, when it is one
/// of the commands (`None` for anything else, such as `help` or an option before it).
fn named_command(args: &[std::ffi::OsString]) -> Option<&str> {
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let word = word.to_str()?;
        match word {
            "--json" => {}
            "--db" | "--color" | "--lang" => {
                words.next()?;
            }
            _ if ["--db=", "--color=", "--lang="]
                .iter()
                .any(|p| word.starts_with(p)) => {}
            _ if word.starts_with('-') => return None,
            _ => return <Command as Subcommand>::has_subcommand(word).then_some(word),
        }
    }
    None
}

/// The tree of the root's options and the one command `name`.
fn narrow(name: &str) -> Option<clap::Command> {
    let whole = <Cli as clap::CommandFactory>::command();
    let command = whole.find_subcommand(name)?.clone();
    Some(
        clap::Command::new("closeout")
            .args(whole.get_arguments().cloned())
            .subcommand(command),
    )
}

/// The command line as it parses, with its help in `lang`. In Chinese, the help texts, clap's
/// headings and its usage word are Chinese; command names, flags and values stay as typed.
pub fn command(lang: Lang) -> clap::Command {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    if lang == Lang::Zh {
        // Built first, so that clap's own --help, --version and `help` are there to translate.
        cmd.build();
        let width = crate::output_width().map(|w| w.min(HELP_WIDTH));
        cmd = in_chinese(cmd, width, width);
    }
    cmd
}

/// The widest clap lays out help (`max_term_width` above).
const HELP_WIDTH: usize = 100;

/// How far clap indents a help text placed under its flag.
const HELP_INDENT: usize = 10;

/// What clap puts around a command's name in a list of commands: two spaces before, and at least
/// four after the longest name.
const LIST_GAP: usize = 6;

/// Chinese `text` fitted to `width` columns. clap wraps only at spaces, which Chinese prose has
/// none of, so the lines are broken here, between characters, and each help is put on the line
/// under its flag where its indentation is known.
fn fitted(text: &str, width: Option<usize>) -> String {
    let Some(width) = width else {
        return text.to_string();
    };
    text.split('\n')
        .map(|line| crate::render::wrap::fill(line, Some(width.max(20)), "", "").join("\n"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `cmd` and its subcommands with Chinese help, fitted to `width` when there is one; its short
/// about to `listed`, the room beside its name in its parent's list of commands.
fn in_chinese(cmd: clap::Command, width: Option<usize>, listed: Option<usize>) -> clap::Command {
    let indented = width.map(|w| w.saturating_sub(HELP_INDENT));
    let zh = |text: &clap::builder::StyledStr, width: Option<usize>| -> clap::builder::StyledStr {
        let text = text.to_string();
        match crate::help_zh::chinese(&text) {
            Some(chinese) => fitted(chinese, width),
            None => text,
        }
        .into()
    };
    // The short about shows in the parent's list of commands (indented) and atop its own help.
    let about = cmd.get_about().map(|t| zh(t, listed));
    let long_about = cmd.get_long_about().map(|t| zh(t, width));
    // clap writes its headings with an ASCII colon: the template names the sections itself.
    let mut template = String::from("{before-help}{about-with-newline}\n用法：{usage}\n");
    if cmd.has_subcommands() {
        template.push_str("\n命令：\n{subcommands}\n");
    }
    if cmd.get_positionals().next().is_some() {
        template.push_str("\n参数：\n{positionals}\n");
    }
    template.push_str("\n选项：\n{options}{after-help}");
    let mut cmd = cmd.help_template(template).mut_args(|arg| {
        let help = arg.get_help().map(|t| zh(t, indented));
        let long_help = arg.get_long_help().map(|t| zh(t, indented));
        // Defaults and choices are said in the Chinese text where they matter.
        let mut arg = arg.hide_default_value(true).hide_possible_values(true);
        if let Some(help) = help {
            arg = arg.help(help);
        }
        if let Some(long_help) = long_help {
            arg = arg.long_help(long_help);
        }
        arg
    });
    if let Some(about) = about {
        cmd = cmd.about(about);
    }
    if let Some(long_about) = long_about {
        cmd = cmd.long_about(long_about);
    }
    if let Some(width) = width {
        // A flag's help goes under it, where its indentation does not depend on the longest flag.
        cmd = cmd
            .term_width(width)
            .mut_args(|arg| arg.next_line_help(true));
    }
    let longest = cmd
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| sub.get_name().len())
        .chain(std::iter::once("help".len()))
        .max()
        .unwrap_or(0);
    let listed = width.map(|w| w.saturating_sub(longest + LIST_GAP));
    cmd.mut_subcommands(|sub| in_chinese(sub, width, listed))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the settings file's path
    Path,
    /// Print the settings in force and where each comes from
    Show,
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
    /// Orange set the provider. Without it, on a terminal, closeout asks for each field
    pub title: Option<String>,
    /// The checklist to start from: sim, internet, energy, insurance, gym, bank, lease,
    /// subscription, contract, or one of your own (`closeout templates` lists them)
    /// [default: chosen by the title's words, else the provider it names, else contract]
    #[arg(long)]
    pub template: Option<String>,
    /// Who the contract is with [default: found in the title]
    #[arg(long)]
    pub provider: Option<String>,
    /// How the request will be handed in: online, phone, shop, or post (a signed letter) where
    /// the template has a how-to for it
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
    /// How long before the end the provider must have the request: 30d, 4w, 1m, 30天, 1个月;
    /// `submit` and the steps before it fall due early enough
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    pub notice: Option<NoticeSpec>,
    /// The checklist's language: the global `--lang` when given, else Chinese for a title in
    /// Chinese, else the language in use (set from the command line, not a flag of its own)
    #[arg(skip)]
    pub lang: Option<Lang>,
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
pub struct RemindArgs {
    /// How far ahead to look: 3d, 2w; 0d keeps only what is overdue or due today
    /// [default: remind_within from the settings file, else 3d]
    #[arg(long, value_name = "DURATION", allow_hyphen_values = true)]
    pub within: Option<Span>,
    /// Only this holder's cases
    #[arg(long, value_name = "NAME")]
    pub holder: Option<String>,
}

fn parse_snooze(text: &str) -> Result<Span, String> {
    match text.parse::<Span>() {
        Ok(span) if span.is_zero() => Err(crate::msg::Msg::SnoozeZero.to_string()),
        Ok(span) => Ok(span),
        Err(e) => Err(e.for_snooze()),
    }
}

/// A new value for an optional field, or an order to clear it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting<T> {
    Set(T),
    Clear,
}

fn parse_channel_setting(text: &str) -> Result<Setting<Channel>, String> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("none") {
        return Ok(Setting::Clear);
    }
    t.parse()
        .map(Setting::Set)
        .map_err(|e: String| format!("{e}{}", crate::msg::Msg::OrNone))
}

// At least one change is asked for; `--lang` (a global flag) counts, so clap cannot require it.
#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("change")
        .multiple(true)
        .args(["title", "provider", "channel", "number", "holder", "deadline", "note", "notice"])
))]
pub struct EditArgs {
    /// Case id, or a piece of its title or provider
    pub case: String,
    /// A new title
    #[arg(long, allow_hyphen_values = true)]
    pub title: Option<String>,
    /// A new provider, "" to clear it; the how-to of pending steps follows it
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    pub provider: Option<String>,
    /// online, phone, shop, or none; the how-to of pending steps follows it
    #[arg(long, value_name = "CHANNEL", value_parser = parse_channel_setting)]
    pub channel: Option<Setting<Channel>>,
    /// A new phone, customer or contract number, "" to clear it
    #[arg(long, value_name = "REF", allow_hyphen_values = true)]
    pub number: Option<String>,
    /// Whose contract this is
    #[arg(long, value_name = "NAME", allow_hyphen_values = true)]
    pub holder: Option<String>,
    /// A new deadline, departure (to follow the departure date), or none; due dates that follow
    /// it move, dates set by hand stay
    #[arg(long, value_name = "DATE|departure|none", allow_hyphen_values = true)]
    pub deadline: Option<DeadlineSpec>,
    /// A line to add to the case's note (earlier lines stay, as with `note`)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,
    /// How long before the end the provider must have the request: 30d, 4w, 1m, 30天, 1个月,
    /// or none; `submit` and the steps before it fall due early enough
    #[arg(long, value_name = "DURATION|none", allow_hyphen_values = true)]
    pub notice: Option<NoticeSpec>,
    /// With `--lang en|zh` given: the template text of the checklist is rewritten in that
    /// language (text you wrote stays)
    #[arg(skip)]
    pub lang: Option<Lang>,
}

/// A deadline as typed: a day or `none`, or `departure` to follow the departure date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineSpec {
    Date(DueSpec),
    Departure,
}

impl std::str::FromStr for DeadlineSpec {
    type Err = crate::domain::date::DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("departure") || t == "出发日期" {
            return Ok(DeadlineSpec::Departure);
        }
        t.parse()
            .map(DeadlineSpec::Date)
            .map_err(crate::domain::date::DateError::or_departure)
    }
}

/// A notice period as typed, or an order to clear it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeSpec {
    Days(i64),
    Clear,
}

impl std::str::FromStr for NoticeSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.trim().eq_ignore_ascii_case("none") {
            return Ok(NoticeSpec::Clear);
        }
        crate::domain::notice::parse_notice(text).map(NoticeSpec::Days)
    }
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
    /// iCalendar (RFC 5545), for calendar and to-do apps
    Ics,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A file from `closeout export` (JSON) or from `task export`; `-` reads standard input
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Only say what would be added, updated and left as it is; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// From `task export`, take every task, also those of no case here (each project becomes a
    /// case); by default only the tasks closeout exported and those in a project named as a case
    #[arg(long)]
    pub all_tasks: bool,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// A remote's name, or a shared folder (it must exist) [default: every remote]
    #[arg(value_name = "NAME|DIR")]
    pub target: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum RemoteCommand {
    /// Add a CalDAV task list; closeout checks the address at once
    ///
    /// URL is a task list (a CalDAV collection of to-dos), or your server's address: then
    /// closeout lists the task lists it finds there, and --create makes one named closeout.
    Add(RemoteAddArgs),
    /// The remotes: name, address, user, holder and last sync
    List,
    /// Forget a remote (its to-dos stay on the server)
    Remove {
        /// The remote's name
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct RemoteAddArgs {
    /// A name for it: letters, digits, - and _
    pub name: String,
    /// The task list's address, or the server's
    pub url: String,
    /// The user name to log in with
    #[arg(long)]
    pub user: Option<String>,
    /// A command that prints the password (its first line), run at each sync; else
    /// CLOSEOUT_CALDAV_PASSWORD, else a terminal asks. The password is never stored
    #[arg(long, value_name = "CMD")]
    pub password_command: Option<String>,
    /// Only this holder's cases go there
    #[arg(long, value_name = "NAME")]
    pub holder: Option<String>,
    /// Make a task list named closeout when URL is a server's address
    #[arg(long)]
    pub create: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{CommandFactory, FromArgMatches};

    #[test]
    fn the_quick_version_is_what_clap_prints() {
        let err = command(Lang::En)
            .try_get_matches_from(["closeout", "--version"])
            .expect_err("--version stops the parse");
        assert_eq!(err.kind(), clap::error::ErrorKind::DisplayVersion);
        assert_eq!(err.to_string(), format!("closeout {VERSION}\n"));
    }

    /// What the whole tree makes of `words`: the command line, or the error's kind and text.
    fn whole_tree(words: &[&str], lang: Lang) -> Result<String, (clap::error::ErrorKind, String)> {
        command(lang)
            .try_get_matches_from(words)
            .and_then(|mut m| Cli::from_arg_matches_mut(&mut m))
            .map(|cli| format!("{cli:?}"))
            .map_err(|e| (e.kind(), e.to_string()))
    }

    #[test]
    fn the_narrow_tree_reads_what_the_whole_tree_reads() {
        let lines: &[&[&str]] = &[
            &[
                "closeout",
                "add",
                "Proximus",
                "--deadline",
                "+3w",
                "--channel",
                "shop",
            ],
            &[
                "closeout", "--json", "--lang", "zh", "add", "Telenet", "--lang", "en",
            ],
            &[
                "closeout",
                "--db=/tmp/x.db",
                "--color",
                "never",
                "pending",
                "--holder",
                "bob",
            ],
            &["closeout", "show", "Proximus"],
            &[
                "closeout",
                "done",
                "1",
                "unbind",
                "--date",
                "yesterday",
                "--json",
            ],
            &[
                "closeout",
                "remote",
                "add",
                "phone",
                "http://127.0.0.1:1/x",
                "--user",
                "u",
            ],
            &[
                "closeout",
                "step",
                "add",
                "1",
                "move KBC 2FA",
                "--after",
                "unbind",
            ],
            &["closeout", "template", "show", "sim"],
            &["closeout", "config", "path"],
            &["closeout", "edit", "1", "--notice", "none"],
            &["closeout", "note", "1", "--", "-5 euros"],
            &["closeout", "__complete", "2", "--", "closeout", "add", ""],
            &["closeout", "redo"],
            &["closeout"],
            &["closeout", "--json"],
            // Not parsed: the whole tree says why, in the language asked for.
            &["closeout", "add", "--bogus"],
            &["closeout", "edit", "1"],
            &["closeout", "done", "1", "--date", "soon"],
            &["closeout", "export", "--format", "pdf"],
            &["closeout", "remote"],
            &["closeout", "add", "--help"],
            &["closeout", "add", "--version"],
            &["closeout", "--version", "add"],
            &["closeout", "help", "add"],
            &["closeout", "ad"],
            &["closeout", "-x", "add"],
        ];
        for words in lines {
            let args: Vec<std::ffi::OsString> = words.iter().map(Into::into).collect();
            for lang in [Lang::En, Lang::Zh] {
                let parsed = parse(&args, lang)
                    .map(|cli| format!("{cli:?}"))
                    .map_err(|e| (e.kind(), e.to_string()));
                assert_eq!(parsed, whole_tree(words, lang), "{words:?} {lang:?}");
            }
        }
        // The lines that name a command are the ones parsed with the narrow tree.
        let named = |words: &[&str]| {
            let args: Vec<std::ffi::OsString> = words.iter().map(Into::into).collect();
            named_command(&args).map(str::to_string)
        };
        assert_eq!(named(lines[1]).as_deref(), Some("add"));
        assert_eq!(named(lines[2]).as_deref(), Some("pending"));
        assert_eq!(named(lines[11]).as_deref(), Some("__complete"));
        for not_named in [
            &["closeout"][..],
            &["closeout", "help", "add"],
            &["closeout", "ad"],
            &["closeout", "-x", "add"],
            &["closeout", "--lang"],
        ] {
            assert_eq!(named(not_named), None, "{not_named:?}");
        }
    }

    #[test]
    fn the_quick_remind_is_what_clap_reads() {
        let args =
            |words: &[&str]| -> Vec<std::ffi::OsString> { words.iter().map(Into::into).collect() };
        let line = args(&["closeout", "remind"]);
        let mut matches = command(Lang::En)
            .try_get_matches_from(&line)
            .expect("parses");
        let clap = Cli::from_arg_matches_mut(&mut matches).expect("reads");
        let quick = Cli::bare_remind(&line).expect("the bare command line");
        assert_eq!(format!("{quick:?}"), format!("{clap:?}"));
        // Anything more goes through clap.
        for other in [
            &["closeout", "remind", "--json"][..],
            &["closeout", "--json", "remind"],
            &["closeout", "remind", "--within", "1d"],
            &["closeout", "remin"],
            &["closeout"],
        ] {
            assert!(Cli::bare_remind(&args(other)).is_none(), "{other:?}");
        }
    }

    #[test]
    fn the_version_names_the_current_schema() {
        let schema = format!("(database schema {})", crate::store::SCHEMA_VERSION);
        assert!(VERSION.ends_with(&schema), "{VERSION}");
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
        command(Lang::Zh).debug_assert();
    }

    /// Every help text of every command and argument, clap's own included.
    fn help_texts(cmd: &clap::Command, found: &mut Vec<String>) {
        found.extend(cmd.get_about().map(|s| s.to_string()));
        found.extend(cmd.get_long_about().map(|s| s.to_string()));
        for arg in cmd.get_arguments() {
            found.extend(arg.get_help().map(|s| s.to_string()));
            found.extend(arg.get_long_help().map(|s| s.to_string()));
        }
        for sub in cmd.get_subcommands() {
            help_texts(sub, found);
        }
    }

    #[test]
    fn every_help_text_has_its_chinese() {
        let mut cmd = <Cli as clap::CommandFactory>::command();
        cmd.build();
        let mut texts = Vec::new();
        help_texts(&cmd, &mut texts);
        let missing: Vec<&String> = texts
            .iter()
            .filter(|t| crate::help_zh::chinese(t).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "no Chinese in src/help_zh.rs for: {missing:#?}"
        );
        // And none is left unused, so that a changed English text does not linger.
        for (en, zh) in crate::help_zh::HELP {
            assert!(texts.iter().any(|t| t == en), "unused: {en}");
            assert!(
                !zh.is_empty() && zh.chars().any(|c| c > '\u{2e80}'),
                "{en}: {zh}"
            );
        }
    }
}
