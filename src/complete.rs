//! Shell completion: the scripts `closeout completions SHELL` prints for bash, zsh and fish, and
//! the hidden `closeout __complete INDEX -- WORDS...` they call on each TAB.
//!
//! The scripts only pass the words of the command line; this side walks the same clap
//! definitions as the parser (subcommands, options and their values, positionals) and answers
//! with one candidate a line, `value<TAB>description`, read from the database where the word
//! is a CASE or a STEP. A first line `!files` asks the shell for file names instead.

use crate::catalog::Catalog;
use crate::domain::guide::Topic;
use crate::domain::model::Channel;
use crate::domain::resolve::{CaseMatch, CaseRef, match_case};
use crate::store::complete::{CaseChoice, Choices};
use clap::{Arg, Command, CommandFactory};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes the completion script for `shell`.
pub fn script(shell: clap_complete::Shell, out: &mut dyn Write) -> std::io::Result<()> {
    use clap_complete::Shell;
    let text = match shell {
        Shell::Bash => BASH,
        Shell::Zsh => ZSH,
        Shell::Fish => FISH,
        // No database-aware script for these: clap's own, from the same definitions.
        other => {
            // The generator panics when its writer fails (a closed pipe): give it memory.
            let mut script = Vec::new();
            clap_complete::generate(
                other,
                &mut crate::cli::Cli::command(),
                "closeout",
                &mut script,
            );
            return out.write_all(&script);
        }
    };
    out.write_all(text.as_bytes())
}

const BASH: &str = r#"# closeout completion for bash: it asks `closeout __complete` for each word.
_closeout() {
    local cur="${COMP_WORDS[COMP_CWORD]}" line
    [[ "$cur" == "=" ]] && cur=""
    local IFS=$'\n'
    local -a lines
    lines=( $(closeout __complete "$COMP_CWORD" -- "${COMP_WORDS[@]}" 2>/dev/null) )
    COMPREPLY=()
    if [[ "${lines[0]-}" == '!files' ]]; then
        compopt -o filenames 2>/dev/null
        COMPREPLY=( $(compgen -f -- "$cur") )
        return 0
    fi
    for line in "${lines[@]}"; do
        line="${line%%$'\t'*}"
        [[ "$line" == "$cur"* ]] && COMPREPLY+=( "$line" )
    done
    return 0
}
complete -F _closeout closeout
"#;

const ZSH: &str = r#"#compdef closeout
# closeout completion for zsh: it asks `closeout __complete` for each word.
_closeout() {
    local -a lines described
    local line value
    lines=( "${(@f)$(closeout __complete $((CURRENT - 1)) -- "${words[@]}" 2>/dev/null)}" )
    if [[ "${lines[1]-}" == '!files' ]]; then
        _files
        return
    fi
    for line in "${lines[@]}"; do
        [[ -z "$line" ]] && continue
        value="${line%%$'\t'*}"
        value="${value//:/\\:}"
        if [[ "$line" == *$'\t'* ]]; then
            described+=( "$value:${line#*$'\t'}" )
        else
            described+=( "$value" )
        fi
    done
    _describe -t values closeout described
}
if [[ "${funcstack[1]-}" == "_closeout" ]]; then
    _closeout "$@"
else
    compdef _closeout closeout
fi
"#;

const FISH: &str = r#"# closeout completion for fish: it asks `closeout __complete` for each word.
function __closeout_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l lines (closeout __complete (count $tokens) -- $tokens $current 2>/dev/null)
    if test "$lines[1]" = '!files'
        __fish_complete_path $current
        return
    end
    printf '%s\n' $lines
end
complete -c closeout -f -k -a '(__closeout_complete)'
"#;

/// One candidate: what the shell inserts, and what it may show beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub value: String,
    pub help: String,
}

/// What the word at the cursor is, once the words before it are read.
#[derive(Debug, PartialEq, Eq)]
pub enum Offer {
    Values(Vec<Candidate>),
    Files,
}

/// Answers `__complete`: `words` are the whole command line (the program first), `index` the
/// position of the word being completed. Prints nothing it cannot read: never an error on a TAB.
pub fn answer(
    index: usize,
    words: &[String],
    default_db: &Path,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match offer(index, words, default_db) {
        Offer::Files => writeln!(out, "!files"),
        Offer::Values(candidates) => {
            for c in candidates {
                let value = one_line(&c.value);
                let help = one_line(&c.help);
                if help.is_empty() {
                    writeln!(out, "{value}")?;
                } else {
                    writeln!(out, "{value}\t{help}")?;
                }
            }
            Ok(())
        }
    }
}

/// Tabs, newlines and other control characters would split a candidate: spaces instead.
fn one_line(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    line.trim().to_string()
}

/// Where the walk over the words before the cursor ends.
struct Walk {
    /// The subcommands entered, e.g. `step`, `add`.
    path: Vec<String>,
    /// The positional words given to the innermost command.
    positionals: Vec<String>,
    /// The option whose value the cursor word is, if any.
    pending: Option<Arg>,
    /// After `--`, every word is positional.
    rest: bool,
    /// `--db PATH` on the command line.
    db: Option<PathBuf>,
}

pub fn offer(index: usize, words: &[String], default_db: &Path) -> Offer {
    let mut root = crate::cli::Cli::command();
    root.build();
    let before = words.get(1..index.min(words.len())).unwrap_or_default();
    let current = words.get(index).map(String::as_str).unwrap_or_default();
    let mut walk = Walk {
        path: Vec::new(),
        positionals: Vec::new(),
        pending: None,
        rest: false,
        db: None,
    };
    let mut cmd = &root;
    for word in before {
        // bash splits `--color=always` into `--color`, `=` and `always`.
        if word == "=" && walk.pending.is_some() {
            continue;
        }
        if let Some(arg) = walk.pending.take() {
            if arg.get_id() == "db" {
                walk.db = Some(PathBuf::from(word));
            }
            continue;
        }
        if !walk.rest && word == "--" {
            walk.rest = true;
            continue;
        }
        if !walk.rest && word.starts_with("--") {
            let (name, value) = match word[2..].split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (&word[2..], None),
            };
            if let Some(arg) = cmd.get_arguments().find(|a| a.get_long() == Some(name)) {
                match value {
                    Some(v) if arg.get_id() == "db" => walk.db = Some(PathBuf::from(v)),
                    Some(_) => {}
                    None if takes_value(arg) => walk.pending = Some(arg.clone()),
                    None => {}
                }
            }
            continue;
        }
        if !walk.rest && word.len() > 1 && word.starts_with('-') && !is_negative(word) {
            let short = word.chars().nth(1);
            if let Some(arg) = cmd.get_arguments().find(|a| a.get_short() == short)
                && takes_value(arg)
                && word.chars().count() == 2
            {
                walk.pending = Some(arg.clone());
            }
            continue;
        }
        if walk.positionals.is_empty()
            && !walk.rest
            && let Some(sub) = cmd.find_subcommand(word)
        {
            walk.path.push(sub.get_name().to_string());
            cmd = sub;
            continue;
        }
        walk.positionals.push(word.clone());
    }
    let db = walk.db.clone().unwrap_or_else(|| default_db.to_path_buf());
    if let Some(arg) = &walk.pending {
        return values_of(arg, &walk, &db);
    }
    // `--color=al`: the values of --color, each written whole.
    if !walk.rest
        && let Some((name, _)) = current.strip_prefix("--").and_then(|c| c.split_once('='))
        && let Some(arg) = cmd.get_arguments().find(|a| a.get_long() == Some(name))
    {
        return match values_of(arg, &walk, &db) {
            Offer::Values(values) => Offer::Values(
                values
                    .into_iter()
                    .map(|c| Candidate {
                        value: format!("--{name}={}", c.value),
                        help: c.help,
                    })
                    .collect(),
            ),
            Offer::Files => Offer::Files,
        };
    }
    if !walk.rest && current.starts_with('-') && !is_negative(current) {
        return Offer::Values(flags(cmd));
    }
    if cmd.has_subcommands() && walk.positionals.is_empty() {
        let subs = cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set())
            .map(|s| Candidate {
                value: s.get_name().to_string(),
                help: first_line(s.get_about().map(ToString::to_string)),
            })
            .collect();
        return Offer::Values(subs);
    }
    let positionals: Vec<&Arg> = cmd.get_positionals().collect();
    let at = walk.positionals.len();
    let arg = positionals.get(at).copied().or_else(|| {
        positionals
            .last()
            .copied()
            .filter(|a| a.get_num_args().is_some_and(|n| n.max_values() > at))
    });
    match arg {
        Some(arg) => values_of(arg, &walk, &db),
        None => Offer::Values(Vec::new()),
    }
}

fn takes_value(arg: &Arg) -> bool {
    arg.get_num_args().is_some_and(|n| n.takes_values())
}

/// `-1d` is a date, not an option.
fn is_negative(word: &str) -> bool {
    word[1..].starts_with(|c: char| c.is_ascii_digit())
}

fn first_line(text: Option<String>) -> String {
    text.unwrap_or_default()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The options of `cmd` (its own and the global ones), long forms.
fn flags(cmd: &Command) -> Vec<Candidate> {
    let mut all: Vec<Candidate> = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && !a.is_positional())
        .filter_map(|a| {
            a.get_long().map(|long| Candidate {
                value: format!("--{long}"),
                help: first_line(a.get_help().map(ToString::to_string)),
            })
        })
        .collect();
    all.sort_by(|a, b| a.value.cmp(&b.value));
    all
}

fn listed<'a>(values: impl IntoIterator<Item = (&'a str, &'a str)>) -> Offer {
    Offer::Values(
        values
            .into_iter()
            .map(|(value, help)| Candidate {
                value: value.to_string(),
                help: help.to_string(),
            })
            .collect(),
    )
}

/// The values `arg` takes at the cursor.
fn values_of(arg: &Arg, walk: &Walk, db: &Path) -> Offer {
    let id = arg.get_id().as_str();
    let command = walk.path.join(" ");
    let possible = arg.get_possible_values();
    if !possible.is_empty() {
        return Offer::Values(
            possible
                .iter()
                .filter(|p| !p.is_hide_set())
                .map(|p| Candidate {
                    value: p.get_name().to_string(),
                    help: p.get_help().map(ToString::to_string).unwrap_or_default(),
                })
                .collect(),
        );
    }
    match (command.as_str(), id) {
        (_, "lang") => listed([("en", "English"), ("zh", "中文")]),
        (_, "channel") => listed(Channel::ALL.iter().map(|c| (c.as_str(), ""))),
        ("guide", "topic") => Offer::Values(
            Topic::ALL
                .iter()
                .map(|t| Candidate {
                    value: t.key().to_string(),
                    help: t.title(crate::i18n::Lang::current()).to_string(),
                })
                .collect(),
        ),
        ("add", "template") | ("template show", "name") | ("template new", "name") => templates(),
        ("reopen" | "log" | "export", "case") => cases(db, true),
        (_, "case") => cases(db, false),
        ("reopen", "steps") => steps(db, walk, Want::Finished),
        ("done" | "skip", "steps") => steps(db, walk, Want::Pending),
        ("snooze" | "due", "step") => steps(db, walk, Want::Pending),
        ("note", "words") if walk.positionals.len() == 1 => steps(db, walk, Want::Any),
        (_, "step" | "after") => steps(db, walk, Want::Any),
        _ if is_path(arg) => Offer::Files,
        _ => Offer::Values(Vec::new()),
    }
}

fn is_path(arg: &Arg) -> bool {
    use clap::ValueHint;
    matches!(
        arg.get_value_hint(),
        ValueHint::AnyPath | ValueHint::FilePath | ValueHint::DirPath
    )
}

fn templates() -> Offer {
    let dir = crate::catalog::user_dir();
    let Ok(catalog) = Catalog::load(dir.as_deref()) else {
        return Offer::Values(Vec::new());
    };
    let lang = crate::i18n::Lang::current();
    Offer::Values(
        catalog
            .names()
            .into_iter()
            .map(|name| Candidate {
                value: name.to_string(),
                help: catalog
                    .find(name)
                    .and_then(|e| e.template().ok())
                    .map(|t| t.description.get(lang).to_string())
                    .unwrap_or_default(),
            })
            .collect(),
    )
}

/// The open cases (and the closed ones too, for `reopen`), by id, titled.
fn cases(db: &Path, closed_too: bool) -> Offer {
    let Ok(all) = Choices::open(db).and_then(|c| c.cases()) else {
        return Offer::Values(Vec::new());
    };
    Offer::Values(
        all.into_iter()
            .filter(|c| c.open || closed_too)
            .map(|c| Candidate {
                value: c.id.to_string(),
                help: describe(&c),
            })
            .collect(),
    )
}

fn describe(case: &CaseChoice) -> String {
    match &case.provider {
        Some(p) if !case.title.contains(p.as_str()) => format!("{} ({p})", case.title),
        _ => case.title.clone(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Pending,
    Finished,
    Any,
}

/// The step keys of the case named by the first positional word, less the ones already typed.
fn steps(db: &Path, walk: &Walk, want: Want) -> Offer {
    let none = Offer::Values(Vec::new());
    let Some(word) = walk.positionals.first() else {
        return none;
    };
    let Ok(choices) = Choices::open(db) else {
        return none;
    };
    let Ok(cases) = choices.cases() else {
        return none;
    };
    let Some(id) = case_of(word, &cases) else {
        return none;
    };
    let Ok(steps) = choices.steps(id) else {
        return none;
    };
    let typed = &walk.positionals[1..];
    Offer::Values(
        steps
            .into_iter()
            .filter(|s| match want {
                Want::Pending => s.pending,
                Want::Finished => !s.pending,
                Want::Any => true,
            })
            .filter(|s| !typed.iter().any(|t| t.eq_ignore_ascii_case(&s.key)))
            .map(|s| Candidate {
                value: s.key,
                help: s.title,
            })
            .collect(),
    )
}

/// The case a CASE word names, as the commands find it: an id, else a piece of an open case's
/// title or provider, else of a closed one's.
fn case_of(word: &str, cases: &[CaseChoice]) -> Option<i64> {
    if let Ok(id) = word.trim().parse::<i64>()
        && cases.iter().any(|c| c.id == id)
    {
        return Some(id);
    }
    for open in [true, false] {
        let refs: Vec<CaseRef> = cases
            .iter()
            .filter(|c| c.open == open)
            .map(|c| CaseRef {
                id: c.id,
                title: c.title.clone(),
                provider: c.provider.clone(),
            })
            .collect();
        match match_case(word, &refs) {
            CaseMatch::One(id) => return Some(id),
            CaseMatch::Ambiguous(_) => return None,
            CaseMatch::None => {}
        }
    }
    None
}
