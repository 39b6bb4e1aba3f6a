//! Completion in the real shells: the scripts `closeout completions SHELL` prints, loaded into
//! bash, zsh and fish, against a real database.

use crate::common::{BIN, Env, program};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Proximus (#1, method done), 注销 Orange 手机卡 (#2), and Basic-Fit gym (#3, closed).
fn three_cases() -> Env {
    let env = Env::new();
    env.ok(&["add", "Proximus", "--deadline", "2026-12-20"]);
    env.ok(&["add", "注销 Orange 手机卡", "--deadline", "2026-12-12"]);
    env.ok(&["add", "Basic-Fit gym", "--template", "contract"]);
    env.ok(&["close", "3", "--force"]);
    env.ok(&["done", "proximus", "method"]);
    // A file in the folder the shells run in: where files must not be offered, they are not.
    std::fs::write(env.path().join("export.json"), "[]").expect("write");
    env
}

/// The shell running `script`, in the test's folder, with closeout on its PATH and the
/// test's database and clock.
fn run(env: &Env, shell: &Path, args: &[&str], script: &str) -> Vec<String> {
    let bin_dir = Path::new(BIN).parent().expect("bin dir");
    let mut path = vec![bin_dir.to_path_buf()];
    path.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let out = Command::new(shell)
        .env_clear()
        .env("PATH", std::env::join_paths(path).expect("PATH"))
        .env("CLOSEOUT_DB", &env.db)
        .env("CLOSEOUT_NOW", crate::common::NOW)
        .env("TZ", "UTC")
        .env("HOME", env.path())
        .env("XDG_DATA_HOME", env.path().join("xdg-data"))
        .env("XDG_CONFIG_HOME", env.path().join("xdg-config"))
        .current_dir(env.path())
        .args(args)
        .arg(script)
        .output()
        .expect("run the shell");
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{script}\n{stdout}\n{stderr}");
    assert!(stderr.trim().is_empty(), "{script}\n{stderr}");
    stdout.lines().map(str::to_string).collect()
}

fn write_script(env: &Env, shell: &str) -> PathBuf {
    let path = env.path().join(format!("closeout.{shell}"));
    std::fs::write(&path, env.ok(&["completions", shell])).expect("write");
    path
}

/// The values offered, without their descriptions, in order.
fn values(lines: &[String]) -> Vec<&str> {
    lines
        .iter()
        .map(|l| l.split('\t').next().unwrap_or_default())
        .collect()
}

/// What bash offers for `line` (its last word is the one completed; `''` for an empty one).
fn bash(env: &Env, bash: &Path, script: &Path, line: &str) -> Vec<String> {
    let harness = format!(
        r#"source '{}'
complete -p closeout >/dev/null || exit 9
COMP_WORDS=({line})
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="${{COMP_WORDS[*]}}"
COMP_POINT=${{#COMP_LINE}}
_closeout closeout "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}"
"#,
        script.display()
    );
    let lines = run(env, bash, &["--norc", "--noprofile", "-c"], &harness);
    lines.into_iter().filter(|l| !l.is_empty()).collect()
}

#[test]
fn bash_completes_cases_steps_values_and_flags_from_the_database() {
    let Some(sh) = program("bash") else { return };
    let env = three_cases();
    let script = write_script(&env, "bash");
    let got = |line: &str| bash(&env, &sh, &script, line);
    // Open cases only: the closed gym is not offered.
    assert_eq!(got("closeout done ''"), ["1", "2"]);
    // The pending steps of the case typed, as a piece of its title; method is done.
    assert_eq!(
        got("closeout done proximus ''"),
        ["documents", "unbind", "balance", "submit", "confirm"]
    );
    assert_eq!(got("closeout done proximus d"), ["documents"]);
    assert_eq!(
        got("closeout done 1 documents ''"),
        ["unbind", "balance", "submit", "confirm"]
    );
    // reopen: what is finished, and the closed cases too.
    assert_eq!(got("closeout reopen proximus ''"), ["method"]);
    assert_eq!(got("closeout reopen ''"), ["1", "2", "3"]);
    assert_eq!(got("closeout snooze 2 b"), ["balance"]);
    // Flags after CASE, global ones included.
    let flags = got("closeout done proximus --");
    for flag in ["--date", "--note", "--json", "--db", "--lang"] {
        assert!(flags.iter().any(|f| f == flag), "{flag}: {flags:?}");
    }
    assert_eq!(got("closeout --color ''"), ["auto", "always", "never"]);
    assert_eq!(got("closeout --lang ''"), ["en", "zh"]);
    // bash splits `--color=` at the `=`.
    assert_eq!(got("closeout --color = a"), ["auto", "always"]);
    assert_eq!(
        got("closeout add x --channel ''"),
        ["online", "phone", "shop", "post"]
    );
    assert_eq!(
        got("closeout add x --template ''"),
        [
            "sim",
            "contract",
            "internet",
            "energy",
            "insurance",
            "gym",
            "bank",
            "lease",
            "subscription"
        ]
    );
    assert_eq!(
        got("closeout guide ''"),
        ["why", "steps", "operators", "faq"]
    );
    assert_eq!(got("closeout sta"), Vec::<String>::new());
    assert_eq!(got("closeout sh"), ["show"]);
    assert_eq!(
        got("closeout step ''"),
        ["add", "remove", "move", "edit", "help"]
    );
    // A file argument gets file names.
    assert_eq!(got("closeout import exp"), ["export.json"]);
}

#[test]
fn bash_reads_the_database_named_on_the_command_line() {
    let Some(sh) = program("bash") else { return };
    let env = three_cases();
    let other = Env::new();
    other.ok(&["add", "Telenet internet", "--template", "internet"]);
    other.ok(&["add", "Orange"]);
    other.ok(&["add", "Scarlet"]);
    let script = write_script(&env, "bash");
    let line = format!("closeout --db '{}' show ''", other.db.display());
    assert_eq!(bash(&env, &sh, &script, &line), ["1", "2", "3"]);
    let line = format!("closeout --db '{}' done telenet ''", other.db.display());
    let steps = bash(&env, &sh, &script, &line);
    assert!(steps.iter().any(|s| s == "services"), "{steps:?}");
}

/// What fish offers for `line`, `value<TAB>description` a line, from its own completion engine.
fn fish(env: &Env, fish: &Path, script: &Path, line: &str) -> Vec<String> {
    let harness = format!(
        "source '{}'; complete -C '{}'",
        script.display(),
        line.replace('\'', "\\'")
    );
    run(env, fish, &["--no-config", "-c"], &harness)
}

#[test]
fn fish_completes_cases_with_titles_steps_and_values_not_files() {
    let Some(sh) = program("fish") else { return };
    let env = three_cases();
    let script = write_script(&env, "fish");
    let got = |line: &str| fish(&env, &sh, &script, line);
    assert_eq!(
        got("closeout done "),
        ["1\tProximus", "2\t注销 Orange 手机卡"]
    );
    let steps = got("closeout done proximus ");
    assert_eq!(
        values(&steps),
        ["documents", "unbind", "balance", "submit", "confirm"]
    );
    assert!(steps.contains(&"unbind\tUnbind services tied to the number".to_string()));
    // The values of --color, and no file names (export.json lies in the folder).
    assert_eq!(
        values(&got("closeout --color ")),
        ["auto", "always", "never"]
    );
    assert_eq!(values(&got("closeout pending --case ")), ["1", "2"]);
    assert_eq!(
        values(&got("closeout guide ")),
        ["why", "steps", "operators", "faq"]
    );
    let flags = got("closeout done proximus --");
    assert!(flags.iter().any(|f| f.starts_with("--note\t")), "{flags:?}");
    assert!(flags.iter().any(|f| f.starts_with("--date\t")), "{flags:?}");
    assert_eq!(values(&got("closeout import ex")), ["export.json"]);
    assert_eq!(
        got("closeout --lang="),
        ["--lang=en\tEnglish", "--lang=zh\t中文"]
    );
}

/// What zsh's completion function hands to compsys for `words`, the cursor on the last word:
/// the `value:description` entries it gives `_describe`, or `<files>` when it asks `_files`.
/// compsys itself needs a terminal, so `_describe`, `_files` and `compdef` report instead.
fn zsh(env: &Env, zsh: &Path, script: &Path, words: &str) -> Vec<String> {
    let harness = format!(
        r#"typeset -A registered
compdef() {{ registered[$2]=$1 }}
_describe() {{ print -rl -- "${{(@P)${{@[-1]}}}}" }}
_files() {{ print -r -- '<files>' }}
source '{}'
[[ ${{registered[closeout]}} == _closeout ]] || exit 9
words=({words})
CURRENT=${{#words}}
_closeout
"#,
        script.display()
    );
    run(env, zsh, &["-f", "-c"], &harness)
}

#[test]
fn zsh_completes_cases_steps_flags_after_case_and_values() {
    let Some(sh) = program("zsh") else { return };
    let env = three_cases();
    let script = write_script(&env, "zsh");
    let got = |words: &str| zsh(&env, &sh, &script, words);
    assert_eq!(
        got("closeout done ''"),
        ["1:Proximus", "2:注销 Orange 手机卡"]
    );
    let steps = got("closeout done proximus ''");
    assert_eq!(steps[0], "documents:Gather documents");
    assert_eq!(steps.len(), 5, "{steps:?}");
    // Flags after CASE.
    let flags = got("closeout done proximus --");
    assert!(flags.iter().any(|f| f.starts_with("--date:")), "{flags:?}");
    assert!(flags.iter().any(|f| f.starts_with("--note:")), "{flags:?}");
    let colors = got("closeout --color ''");
    assert_eq!(colors, ["auto", "always", "never"]);
    assert_eq!(got("closeout --lang ''"), ["en:English", "zh:中文"]);
    let templates = got("closeout add --template ''");
    assert!(
        templates[0].starts_with("sim:A mobile SIM card"),
        "{templates:?}"
    );
    assert_eq!(got("closeout backup ''"), ["<files>"]);
}

#[test]
fn completion_never_creates_a_database() {
    let env = Env::new();
    let out = env.ok(&["__complete", "2", "--", "closeout", "done", ""]);
    assert_eq!(out, "");
    let out = env.ok(&["__complete", "1", "--", "closeout", "--colo"]);
    assert_eq!(
        out.lines().next(),
        Some("--color\tColour: auto (on a terminal, unless NO_COLOR is set), always or never")
    );
    assert!(!env.db.exists());
    assert!(!env.db.parent().expect("folder").exists());
}

#[test]
fn completion_leaves_the_database_as_it_was() {
    let env = three_cases();
    let before = env.snapshot();
    let out = env.ok(&["__complete", "3", "--", "closeout", "done", "orange", ""]);
    // A case with a Chinese title keeps its checklist in Chinese.
    assert!(out.starts_with("method\t了解注销方式\n"), "{out}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn completion_keeps_each_candidate_on_one_line() {
    let env = Env::new();
    env.ok(&["add", "Two\tparts", "--note", "x"]);
    let out = env.ok(&["__complete", "2", "--", "closeout", "show", ""]);
    assert_eq!(out, "1\tTwo parts\n");
}

/// What zsh's own completion system offers for each of `lines`, typed into an interactive zsh
/// (through zpty) with compinit loading `_closeout` from fpath and TAB pressed at the end: the
/// matches compsys adds, as a wrapper around `compadd` records them.
fn zsh_typed(env: &Env, zsh: &Path, lines: &[&str]) -> Vec<Vec<String>> {
    let fpath = env.path().join("zfunc");
    std::fs::create_dir(&fpath).expect("mkdir");
    std::fs::write(fpath.join("_closeout"), env.ok(&["completions", "zsh"])).expect("write");
    let out = env.path().join("zsh-matches.txt");
    // Each line is typed only once the shell has run the command before it and had a moment
    // to show its prompt: a line typed ahead of the prompt is not completed.
    let harness = r#"zmodload zsh/zpty
out=$1; fpath_dir=$2; shift 2
: > $out
# Waits until the interactive shell has written its n-th marker line.
await() { local i; for i in {1..400}; do (( $(grep -c '^== ' $out) >= $1 )) && return; sleep 0.05; done; return 1 }
zpty -b z zsh -f -i
zpty -w z "PS1='' PROMPT='' RPROMPT=''"
zpty -w z "fpath=($fpath_dir \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z "compadd() { local -a __hits; builtin compadd -O __hits \"\$@\"; print -rl -- \$__hits >> $out; builtin compadd \"\$@\" }"
zpty -w z "zstyle ':completion:*' list-prompt ''; LISTMAX=100000; print -r -- '== begin' >> $out"
await 1 || exit 3
n=1
for line in "$@"; do
  sleep 0.3
  zpty -w -n z "$line"$'\t'
  sleep 0.5
  zpty -w z $'\C-u'"print -r -- '== end' >> $out; print -r -- '== begin' >> $out"
  (( n += 2 ))
  await $n || exit 4
done
zpty -d z
"#;
    let script = env.path().join("harness.zsh");
    std::fs::write(&script, harness).expect("write");
    let mut args = vec![
        script.to_str().expect("utf-8").to_string(),
        out.to_str().expect("utf-8").to_string(),
        fpath.to_str().expect("utf-8").to_string(),
    ];
    args.extend(lines.iter().map(|l| l.to_string()));
    let bin_dir = Path::new(BIN).parent().expect("bin dir");
    let mut path = vec![bin_dir.to_path_buf()];
    path.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let status = Command::new(zsh)
        .env_clear()
        .env("PATH", std::env::join_paths(path).expect("PATH"))
        .env("CLOSEOUT_DB", &env.db)
        .env("CLOSEOUT_NOW", crate::common::NOW)
        .env("TZ", "UTC")
        .env("HOME", env.path())
        .env("XDG_DATA_HOME", env.path().join("xdg-data"))
        .env("XDG_CONFIG_HOME", env.path().join("xdg-config"))
        // zle completes only on a terminal it knows, in a UTF-8 locale.
        .env("TERM", "xterm")
        .env("LANG", "C.UTF-8")
        .current_dir(env.path())
        .arg("-f")
        .args(&args)
        .status()
        .expect("run zsh");
    assert!(status.success());
    let text = std::fs::read_to_string(&out).expect("read");
    let mut all = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in text.lines() {
        match line {
            "== begin" => current = Some(Vec::new()),
            "== end" => all.extend(current.take()),
            value => {
                if let Some(matches) = current.as_mut()
                    && !matches.iter().any(|m| m == value)
                {
                    matches.push(value.to_string());
                }
            }
        }
    }
    assert_eq!(all.len(), lines.len(), "{text}");
    all
}

#[test]
fn zsh_itself_completes_cases_steps_and_flags_after_case() {
    let Some(sh) = program("zsh") else { return };
    let env = three_cases();
    let got = zsh_typed(
        &env,
        &sh,
        &[
            "closeout done ",
            "closeout done proximus ",
            "closeout done proximus --",
            "closeout --color a",
            "closeout import ex",
        ],
    );
    assert_eq!(got[0], ["1", "2"]);
    assert_eq!(
        got[1],
        ["documents", "unbind", "balance", "submit", "confirm"]
    );
    for flag in ["--date", "--note", "--json"] {
        assert!(got[2].iter().any(|f| f == flag), "{flag}: {:?}", got[2]);
    }
    assert_eq!(got[3], ["auto", "always"]);
    assert_eq!(got[4], ["export.json"]);
}
