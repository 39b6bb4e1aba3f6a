//! The manual pages, generated from the same clap definitions as the parser: closeout(1) with
//! every command's options and the sections a manual has (environment, files, exit status,
//! dates, examples), and a closeout-COMMAND(1) page for each command.

use clap::{Arg, Command, CommandFactory};
use std::io::Write;
use std::path::Path;

/// Writes closeout(1).
pub fn page(out: &mut dyn Write) -> std::io::Result<()> {
    let root = root();
    let man = clap_mangen::Man::new(root.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    writeln!(out, ".SH COMMANDS")?;
    for sub in commands(&root) {
        command_entry(sub, out)?;
    }
    out.write_all(SECTIONS.as_bytes())?;
    // The pages' names are not hyphenated at the end of a line.
    writeln!(out, ".SH \"SEE ALSO\"\n.nh")?;
    let pages: Vec<String> = commands(&root)
        .iter()
        .map(|c| format!(".BR {} (1)", esc(&display_name(c))))
        .collect();
    writeln!(out, "{}\n.hy", pages.join(" ,\n"))?;
    writeln!(out, ".SH VERSION")?;
    writeln!(out, "v{}", esc(root.get_version().unwrap_or_default()))
}

/// Writes closeout.1 and closeout-COMMAND.1 for every command into `dir` (which must exist),
/// and lists the files written.
pub fn write_all(dir: &Path, out: &mut dyn Write) -> anyhow::Result<()> {
    use anyhow::Context;
    let root = root();
    let mut written = Vec::new();
    let mut save = |name: String, text: Vec<u8>| -> anyhow::Result<()> {
        let path = dir.join(format!("{name}.1"));
        std::fs::write(&path, text).with_context(|| {
            crate::msg::Msg::ManCannotWrite {
                path: &path.display().to_string(),
            }
            .to_string()
        })?;
        written.push(path);
        Ok(())
    };
    let mut text = Vec::new();
    page(&mut text)?;
    save("closeout".to_string(), text)?;
    for sub in commands(&root) {
        let mut text = Vec::new();
        clap_mangen::Man::new(sub.clone())
            .source(format!(
                "closeout {}",
                root.get_version().unwrap_or_default()
            ))
            .render(&mut text)?;
        writeln!(
            text,
            ".SH \"SEE ALSO\"\n.BR closeout (1)\nfor the environment, files, exit status and dates."
        )?;
        save(display_name(sub), text)?;
    }
    for path in written {
        writeln!(out, "{}", path.display())?;
    }
    Ok(())
}

/// The command tree as clap completes it (bin names and display names filled in).
fn root() -> Command {
    let mut root = crate::cli::Cli::command().disable_help_subcommand(true);
    root.build();
    root
}

/// Every visible command, a group (`step`, `template`, `config`) before its own commands.
pub fn commands(root: &Command) -> Vec<&Command> {
    fn walk<'a>(cmd: &'a Command, all: &mut Vec<&'a Command>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            all.push(sub);
            walk(sub, all);
        }
    }
    let mut all = Vec::new();
    walk(root, &mut all);
    all
}

/// `closeout-step-add`: the page's name.
pub fn display_name(cmd: &Command) -> String {
    cmd.get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_string()
}

/// One command in closeout(1): its usage line, what it does, and its arguments and options.
fn command_entry(cmd: &Command, out: &mut dyn Write) -> std::io::Result<()> {
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    writeln!(out, ".SS \"{}\"", esc(name))?;
    let usage = cmd.clone().render_usage().to_string();
    let usage = usage.trim_start_matches("Usage:").trim();
    for line in usage.lines() {
        writeln!(out, ".B {}", esc(line.trim()))?;
        writeln!(out, ".br")?;
    }
    let about = cmd
        .get_long_about()
        .or(cmd.get_about())
        .map(ToString::to_string)
        .unwrap_or_default();
    paragraphs(&about, out)?;
    let args: Vec<&Arg> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_global_set())
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
        .collect();
    if args.is_empty() {
        return Ok(());
    }
    writeln!(out, ".RS")?;
    for arg in args {
        writeln!(out, ".TP")?;
        writeln!(out, "{}", arg_head(arg))?;
        let help = arg
            .get_long_help()
            .or(arg.get_help())
            .map(ToString::to_string)
            .unwrap_or_default();
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|p| !p.is_hide_set())
            .map(|p| p.get_name().to_string())
            .collect();
        let help = if values.is_empty() {
            help
        } else {
            format!("{help} [{}]", values.join(", "))
        };
        writeln!(
            out,
            "{}",
            esc(help
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .as_str())
        )?;
    }
    writeln!(out, ".RE")
}

/// `\fB\-\-date\fR \fIDATE\fR`, or `\fICASE\fR` for a positional.
fn arg_head(arg: &Arg) -> String {
    let names: Vec<String> = arg
        .get_value_names()
        .map(|v| v.iter().map(ToString::to_string).collect())
        .unwrap_or_else(|| vec![arg.get_id().as_str().to_uppercase()]);
    let value = format!("\\fI{}\\fR", esc(&names.join(" ")));
    if arg.is_positional() {
        return value;
    }
    let mut flags = Vec::new();
    if let Some(short) = arg.get_short() {
        flags.push(format!("\\fB\\-{}\\fR", esc(&short.to_string())));
    }
    if let Some(long) = arg.get_long() {
        flags.push(format!("\\fB\\-\\-{}\\fR", esc(long)));
    }
    let takes = arg.get_num_args().is_some_and(|n| n.takes_values());
    if takes {
        format!("{} {value}", flags.join(", "))
    } else {
        flags.join(", ")
    }
}

fn paragraphs(text: &str, out: &mut dyn Write) -> std::io::Result<()> {
    for para in text.split("\n\n") {
        let para = para.split_whitespace().collect::<Vec<_>>().join(" ");
        if para.is_empty() {
            continue;
        }
        writeln!(out, ".PP")?;
        writeln!(out, "{}", esc(&para))?;
    }
    Ok(())
}

/// Text as roff shows it literally: backslashes and hyphens escaped, no line read as a request,
/// and characters beyond ASCII named by their code point, so that any groff reads them.
pub fn esc(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => s.push_str("\\e"),
            '-' => s.push_str("\\-"),
            '\'' => s.push_str("\\(aq"),
            '"' => s.push_str("\\(dq"),
            c if c.is_ascii() => s.push(c),
            c => s.push_str(&format!("\\[u{:04X}]", u32::from(c))),
        }
    }
    if s.starts_with('.') {
        s.insert_str(0, "\\&");
    }
    s
}

/// The sections written by hand: what the definitions cannot say.
const SECTIONS: &str = r#".SH ENVIRONMENT
.TP
.B CLOSEOUT_DB
The database file, when \fB\-\-db\fR is not given.
.TP
.B CLOSEOUT_NOW
Replaces the clock everywhere, for scripts and tests: RFC 3339, or YYYY\-MM\-DD for local
midnight. "Today" is that instant's date in the local time zone. A bad value is a usage error.
.TP
.B CLOSEOUT_CALDAV_PASSWORD
The password for a CalDAV remote when it has no \fB\-\-password\-command\fR; else a terminal
asks. The password is never stored.
.TP
.B SSL_CERT_FILE
A file of certificates to trust for HTTPS remotes, in place of the platform's trust roots.
.TP
.B CLOSEOUT_LANG
The language of messages, en or zh, when
\fB\-\-lang\fR is not given; before the settings file and the locale.
.TP
.BR LC_ALL ", " LC_MESSAGES ", " LANG
The locale: the first of them that is set chooses the language when nothing else does; one that
starts with zh means Chinese, anything else English.
.TP
.B NO_COLOR
When set, \fB\-\-color auto\fR gives no colour.
.TP
.BR CLICOLOR_FORCE ", " CLICOLOR
\fBCLICOLOR_FORCE\fR set turns colour on even outside a terminal; \fBCLICOLOR=0\fR turns it off.
.TP
.B TERM
A terminal of type dumb gets no colour.
.TP
.B COLUMNS
The width human output fits, instead of the terminal's.
.TP
.B XDG_DATA_HOME
Where the default database lives: $XDG_DATA_HOME/closeout/closeout.db.
.TP
.B XDG_CONFIG_HOME
Where the settings file and your templates live: $XDG_CONFIG_HOME/closeout/.
.TP
.B HOME
The base of the default folders when the XDG variables are not set.
.TP
.BR USER ", " LOGNAME ", " USERNAME
The login name, the default holder of a new case.
.TP
.B TZ
The local time zone, which decides what "today" is.
.SH FILES
.TP
.I ~/.local/share/closeout/closeout.db
The database (SQLite, WAL mode). Created 0600 in a 0700 folder on the first write; a read command
on a missing database creates nothing. Before a schema upgrade it is copied to
\fIcloseout.db.bak\-v\fR\fIN\fR beside it; \fBrestore\fR keeps the database it replaces as
\fIcloseout.db.bak\fR (or \fI.bak.2\fR, \fI.bak.3\fR, … when that name is taken).
.TP
.I ~/.local/share/closeout/closeout.db\-remind
Written by \fBremind\fR when nothing is due: the next \fBremind\fR of the same day, window,
holder and form (\fB\-\-json\fR or not), by the same closeout, answers from it without opening
the database. Every change closeout saves removes it first; removing it by hand is always safe.
.TP
.I ~/.config/closeout/config.toml
The settings file: defaults for holder, lang, remind_within and channel
(\fBcloseout config show\fR prints them).
.TP
.I ~/.config/closeout/templates/
Your own checklist templates, one TOML file each (\fBcloseout template new\fR starts one).
.SH "EXIT STATUS"
.TP
.B 0
Success; also nothing to change (said so), \fBremind\fR with nothing due, and a change that was
saved but whose output could not be printed (with a warning).
.TP
.B 1
A well\-formed command that cannot be carried out: no such case or step, an ambiguous piece,
\fBclose\fR refused, \fBdelete\fR without \fB\-\-yes\fR, an undo refused, a settings file that
does not parse, database trouble.
.TP
.B 2
The command line is wrong: an unknown command or option, a missing argument, a value that does
not parse (date, duration, channel, template name, step key), a bad \fBCLOSEOUT_NOW\fR; a
template file with problems (\fBtemplate check\fR).
.PP
Errors are one line on standard error beginning \(lqerror:\(rq; a failed command changes
nothing.
.SH DATES
A \fIDATE\fR is one of:
.IP \(bu 2
YYYY\-MM\-DD, \fBtoday\fR, \fBtomorrow\fR, \fByesterday\fR;
.IP \(bu 2
an offset from today: \fB+3d\fR, \fB\-1d\fR, \fB+2w\fR, \fB+1m\fR (a month past a short
month's end lands on its last day);
.IP \(bu 2
a weekday name, \fBfriday\fR or \fBfri\fR: the next such day after today (on a Friday, a week
away);
.IP \(bu 2
a date day first, as in Belgium: \fB31/12\fR (its next occurrence, today included),
\fB31/12/2026\fR, \fB31.12.2026\fR or \fB31\-12\-2026\fR (with dashes, always with the
four\-digit year, which YYYY\-MM\-DD puts first); one that only reads month first, such as
\fB12/31\fR, is refused with the day\-first spelling suggested;
.IP \(bu 2
in Chinese: \fB\[u4ECA]\[u5929]\fR, \fB\[u660E]\[u5929]\fR, \fB\[u540E]\[u5929]\fR,
\fB\[u6628]\[u5929]\fR, \fB\[u5468]\[u4E94]\fR or \fB\[u661F]\[u671F]\[u4E94]\fR (the next
Friday), \fB\[u4E0B]\[u5468]\[u4E94]\fR (Friday of next calendar week, weeks starting on
Monday), \fB3\[u5929]\[u540E]\fR, \fB\[u4E09]\[u5929]\[u540E]\fR,
\fB\[u4E24]\[u5468]\[u540E]\fR, \fB1\[u4E2A]\[u6708]\[u540E]\fR, \fB2\[u5929]\[u524D]\fR,
\fB12\[u6708]20\[u65E5]\fR (its next occurrence, today included) and
\fB2027\[u5E74]1\[u6708]5\[u65E5]\fR.
.PP
Anything else, and impossible dates such as 2026\-02\-30, is refused with these forms listed.
\fIDATE|none\fR also takes \fBnone\fR, which clears the date. A \fIDURATION\fR
(\fBremind \-\-within\fR, \fBsnooze\fR) is a number of days or weeks: \fB3d\fR, \fB2w\fR.
.SH EXAMPLES
Start a case for a SIM card, due three weeks from today, handed in online:
.PP
.RS
.B closeout add Proximus \-\-deadline +3w \-\-channel online
.RE
.PP
Mark two steps done, and one with a note:
.PP
.RS
.B closeout done proximus method documents
.br
.B closeout done proximus unbind \-\-note \(dqbank 2FA moved\(dq
.RE
.PP
See what is due; print nothing when nothing is (for a shell start\-up file or a crontab):
.PP
.RS
.B closeout remind \-\-within 3d
.RE
.PP
Give a step three more days, then close the case once every step is finished:
.PP
.RS
.B closeout snooze proximus balance 3d
.br
.B closeout close proximus
.RE
.PP
Put the open steps in a calendar, and keep two devices in step through a shared folder:
.PP
.RS
.B closeout export \-\-format ics \-o ~/closeout.ics
.br
.B closeout sync ~/Sync/closeout
.RE
.PP
Install this manual and one page per command:
.PP
.RS
.B mkdir \-p ~/.local/share/man/man1
.br
.B closeout man \-\-dir ~/.local/share/man/man1
.RE
"#;
