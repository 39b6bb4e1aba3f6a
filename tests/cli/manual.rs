//! The manual pages: closeout(1) and one closeout-COMMAND(1) page per command, as `man` shows
//! them.

use crate::common::Env;
use std::path::Path;
use std::process::Command;

/// `man -l` of a page at 80 columns with warnings on: its text, and whatever it said on stderr.
/// In CI a missing `man` fails the test; elsewhere the test says it was skipped.
fn man(page: &Path) -> Option<(String, String)> {
    let out = match Command::new("man")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("MANWIDTH", "80")
        .env("LANG", "C.UTF-8")
        .env("MAN_KEEP_FORMATTING", "")
        .args(["--warnings", "-l"])
        .arg(page)
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "man is not installed ({e}); CI must install it (.ci/run)"
            );
            eprintln!("skipped: man is not installed");
            return None;
        }
    };
    assert!(out.status.success(), "man -l {}", page.display());
    Some((
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// The commands, as `closeout --help` lists them, and their own commands (`step add`).
fn commands(env: &Env) -> Vec<String> {
    fn listed(help: &str) -> Vec<String> {
        help.split("Commands:")
            .nth(1)
            .map(|rest| rest.split("\n\n").next().unwrap_or_default())
            .unwrap_or_default()
            .lines()
            // A command's line; a description wrapped onto the next line is indented further.
            .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
            .filter_map(|l| l.split_whitespace().next())
            .filter(|name| *name != "help" && name.chars().all(|c| c.is_ascii_lowercase()))
            .map(str::to_string)
            .collect()
    }
    let mut all = Vec::new();
    for name in listed(&env.ok(&["--help"])) {
        all.push(name.clone());
        for sub in listed(&env.ok(&[&name, "--help"])) {
            all.push(format!("{name}-{sub}"));
        }
    }
    all
}

#[test]
fn man_dir_writes_a_page_for_every_command_that_man_shows_without_warnings() {
    let env = Env::new();
    let dir = env.path().join("man1");
    std::fs::create_dir(&dir).expect("mkdir");
    let listed = env.ok(&["man", "--dir", dir.to_str().expect("utf-8")]);
    let commands = commands(&env);
    assert!(commands.len() > 30, "{commands:?}");
    for name in ["step-add", "template-show", "config-path", "done", "man"] {
        assert!(commands.iter().any(|c| c == name), "{name}: {commands:?}");
    }
    let mut expected: Vec<String> = commands
        .iter()
        .map(|c| format!("closeout-{c}.1"))
        .chain(["closeout.1".to_string()])
        .collect();
    expected.sort();
    assert_eq!(crate::common::names_in(&dir), expected);
    assert_eq!(listed.lines().count(), expected.len(), "{listed}");
    let Some((main, warnings)) = man(&dir.join("closeout.1")) else {
        return;
    };
    assert_eq!(warnings, "", "closeout.1");
    // closeout(1) refers to every page, and every page exists.
    for c in &commands {
        assert!(
            main.contains(&format!("closeout-{c}(1)")),
            "{c} not referred to"
        );
    }
    for c in &commands {
        let page = dir.join(format!("closeout-{c}.1"));
        let (text, warnings) = man(&page).expect("man");
        assert_eq!(warnings, "", "{}", page.display());
        // Its synopsis names the command as typed (words spaced as the text is justified).
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let name = format!("SYNOPSIS closeout {}", c.replace('-', " "));
        assert!(flat.contains(&name), "{}: {text}", page.display());
        assert!(
            text.contains("closeout(1)"),
            "{}: no SEE ALSO",
            page.display()
        );
        let footer = text.lines().rev().find(|l| !l.trim().is_empty());
        let footer = footer.unwrap_or_default();
        assert!(
            footer.contains("closeout 0."),
            "{}: {footer}",
            page.display()
        );
    }
    let done = man(&dir.join("closeout-done.1")).expect("man").0;
    assert!(done.contains("--date"), "{done}");
}

#[test]
fn the_manual_has_every_command_with_its_options_and_the_usual_sections() {
    let env = Env::new();
    let page = env.path().join("closeout.1");
    std::fs::write(&page, env.ok(&["man"])).expect("write");
    let Some((text, warnings)) = man(&page) else {
        return;
    };
    assert_eq!(warnings, "");
    for section in [
        "NAME",
        "SYNOPSIS",
        "OPTIONS",
        "COMMANDS",
        "ENVIRONMENT",
        "FILES",
        "EXIT STATUS",
        "DATES",
        "EXAMPLES",
        "SEE ALSO",
    ] {
        assert!(
            text.lines().any(|l| l == section),
            "section {section} missing:\n{text}"
        );
    }
    let commands = section(&text, "COMMANDS");
    for c in commands_of(&env) {
        assert!(
            commands
                .lines()
                .any(|l| l.trim() == format!("closeout {c}")),
            "{c} missing from COMMANDS"
        );
    }
    // Every command's own options, e.g. those of done, edit, export and step move.
    for option in [
        "--date DATE",
        "--note TEXT",
        "--deadline DATE|departure|none",
        "--format FORMAT",
        "-o, --output FILE",
        "--after STEP",
        "--first",
        "--dry-run",
        "--within DURATION",
        "--dir DIR",
    ] {
        assert!(commands.contains(option), "{option} missing");
    }
    assert!(commands.contains("[json, csv, taskwarrior, ics]"));
    let dates = section(&text, "DATES");
    for form in [
        "YYYY-MM-DD",
        "tomorrow",
        "+3d",
        "friday",
        "下周五",
        "3天后",
        "12月20日",
    ] {
        assert!(dates.contains(form), "{form} missing from DATES");
    }
    let exit = section(&text, "EXIT STATUS");
    for code in ["0", "1", "2"] {
        assert!(
            exit.lines()
                .any(|l| l.trim_start().starts_with(&format!("{code} "))),
            "{code}"
        );
    }
    assert!(section(&text, "EXAMPLES").contains("closeout add Proximus"));
    assert!(section(&text, "FILES").contains("config.toml"));
}

/// Every environment variable the code reads is in ENVIRONMENT.
#[test]
fn the_manual_names_every_environment_variable_closeout_reads() {
    let env = Env::new();
    let page = env.path().join("closeout.1");
    std::fs::write(&page, env.ok(&["man"])).expect("write");
    let Some((text, _)) = man(&page) else {
        return;
    };
    let environment = section(&text, "ENVIRONMENT");
    let mut read = read_in_source(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").as_path());
    // Read for closeout by its libraries: the folders (directories) and colour (anstream).
    read.extend(
        [
            "HOME",
            "XDG_DATA_HOME",
            "XDG_CONFIG_HOME",
            "NO_COLOR",
            "CLICOLOR_FORCE",
            "CLICOLOR",
            "TERM",
            "TZ",
        ]
        .map(String::from),
    );
    for needed in [
        "CLOSEOUT_DB",
        "CLOSEOUT_NOW",
        "CLOSEOUT_LANG",
        "COLUMNS",
        "LANG",
        "USER",
    ] {
        assert!(
            read.iter().any(|v| v == needed),
            "{needed} not found in the source"
        );
    }
    for var in &read {
        assert!(
            environment
                .split(|c: char| !(c.is_ascii_uppercase() || c == '_'))
                .any(|w| w == var),
            "{var} is read but not in ENVIRONMENT:\n{environment}"
        );
    }
}

/// The names in `env::var("NAME")`, `env = "NAME"` and lists of names such as
/// `["LC_ALL", "LANG"]` passed to a variable lookup, in every source file under `dir`.
fn read_in_source(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.extend(read_in_source(&path));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let mut names: Vec<&str> = Vec::new();
            for opening in ["var(\"", "var_os(\"", "env = \""] {
                for piece in line.split(opening).skip(1) {
                    names.extend(piece.split('"').next());
                }
            }
            // A list of names looked up one by one: `["USER", "LOGNAME"]` then `env::var(v)`.
            let looked_up = lines[i + 1..]
                .iter()
                .take(3)
                .any(|next| next.contains("env::var(") || next.contains("var(name)"));
            let list = line.contains("= [\"") || line.trim_start().starts_with("[\"");
            if list && looked_up {
                names.extend(line.split('"').skip(1).step_by(2));
            }
            for name in names {
                let is_name =
                    name.len() > 1 && name.chars().all(|c| c.is_ascii_uppercase() || c == '_');
                if is_name && !found.iter().any(|f| f == name) {
                    found.push(name.to_string());
                }
            }
        }
    }
    found
}

/// The lines of `text` from the heading `name` to the next heading.
fn section<'a>(text: &'a str, name: &str) -> &'a str {
    let start = text
        .find(&format!("\n{name}\n"))
        .unwrap_or_else(|| panic!("no {name}"))
        + name.len()
        + 2;
    let rest = &text[start..];
    let end = rest
        .lines()
        .scan(0, |at, l| {
            let here = *at;
            *at += l.len() + 1;
            Some((here, l))
        })
        .find(|(_, l)| l.starts_with(|c: char| c.is_ascii_uppercase()))
        .map_or(rest.len(), |(at, _)| at);
    &rest[..end]
}

fn commands_of(env: &Env) -> Vec<String> {
    commands(env)
        .into_iter()
        .map(|c| c.replace('-', " "))
        .collect()
}

#[test]
fn man_dir_into_a_missing_folder_is_refused_and_writes_nothing() {
    let env = Env::new();
    let dir = env.path().join("no-such-folder");
    let err = env.fails(&["man", "--dir", dir.to_str().expect("utf-8")], 1);
    crate::common::assert_error_line(&err, "cannot write the manual page");
    assert!(err.contains("closeout.1"), "{err}");
    assert!(!dir.exists());
}
