//! Conventions of the terminal: completion scripts and the manual page.

use crate::common::Env;

#[test]
fn completions_for_every_shell_name_the_commands() {
    let env = Env::new();
    // bash, zsh and fish ask the binary itself for each word (see completion.rs).
    for shell in ["bash", "zsh", "fish"] {
        let script = env.ok(&["completions", shell]);
        assert!(script.contains("closeout __complete"), "{shell}");
    }
    for shell in ["powershell", "elvish"] {
        let script = env.ok(&["completions", shell]);
        for command in ["add", "pending", "done", "reopen"] {
            assert!(script.contains(command), "{shell}: {command} missing");
        }
    }
    env.fails(&["completions", "tcsh"], 2);
}

#[test]
fn the_bash_completion_script_is_valid_bash() {
    let env = Env::new();
    let script = env.ok(&["completions", "bash"]);
    let path = env.path().join("closeout.bash");
    std::fs::write(&path, script).expect("write");
    let status = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .status()
        .expect("bash");
    assert!(status.success());
}

#[test]
fn the_manual_page_is_roff_generated_from_the_commands() {
    let env = Env::new();
    let page = env.ok(&["man"]);
    assert!(page.contains(".TH closeout 1"), "{page}");
    for command in ["pending", "delete", "completions"] {
        assert!(page.contains(command), "{command} missing");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = Env::new();
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let out = env
        .process()
        .args(["completions", "bash"])
        .stdout(writer)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn late_env() -> Env {
    let mut env = Env::new();
    env.ok(&[
        "add",
        "注销比利时手机卡 Proximus",
        "--deadline",
        "2026-12-20",
    ]);
    env.ok(&["done", "1", "method"]);
    env.at("2026-12-06T09:00:00Z");
    env
}

fn run_with(env: &Env, vars: &[(&str, &str)], args: &[&str]) -> String {
    let mut cmd = env.cmd();
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.args(args).output().expect("run");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn no_escape_codes_in_a_pipe_unless_asked() {
    let env = late_env();
    for args in [
        &["pending"][..],
        &["show", "1"],
        &["list"],
        &["remind"],
        &[],
    ] {
        assert!(!run_with(&env, &[], args).contains('\u{1b}'), "{args:?}");
        assert!(!run_with(&env, &[], &[args, &["--color", "auto"]].concat()).contains('\u{1b}'));
    }
    // documents is due today (yellow), unbind not yet; after it is late, red.
    let coloured = run_with(&env, &[], &["pending", "--color", "always"]);
    let documents = coloured
        .lines()
        .find(|l| l.contains("documents"))
        .expect("row");
    assert!(documents.starts_with("\u{1b}[33m"), "{coloured:?}");
    let unbind = coloured
        .lines()
        .find(|l| l.contains("unbind"))
        .expect("row");
    assert!(!unbind.contains('\u{1b}'), "{coloured:?}");
    let show = run_with(&env, &[], &["show", "1", "--color", "always"]);
    let method = show.lines().find(|l| l.contains("method")).expect("row");
    assert!(method.starts_with("\u{1b}[2m"), "done is dim: {show:?}");
    let mut later = late_env();
    later.at("2026-12-08T09:00:00Z");
    let late = run_with(&later, &[], &["pending", "--color", "always"]);
    assert!(
        late.lines()
            .any(|l| l.starts_with("\u{1b}[31m") && l.contains("documents")),
        "{late:?}"
    );
    assert!(!run_with(&env, &[], &["pending", "--color", "never"]).contains('\u{1b}'));
}

#[test]
fn clicolor_force_and_no_color_are_honoured() {
    let env = late_env();
    assert!(run_with(&env, &[("CLICOLOR_FORCE", "1")], &["pending"]).contains("\u{1b}[33m"));
    assert!(
        !run_with(
            &env,
            &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
            &["pending"]
        )
        .contains('\u{1b}')
    );
    env.fails(&["pending", "--color", "sometimes"], 2);
}

#[test]
fn tables_fit_a_narrow_terminal_cutting_titles_by_display_width() {
    use unicode_width::UnicodeWidthStr;
    let env = late_env();
    env.ok(&[
        "add",
        "Telenet internet and television at home",
        "--template",
        "contract",
    ]);
    for args in [&["pending"][..], &["list"], &["show", "1"]] {
        let wide = run_with(&env, &[], args);
        let narrow = run_with(&env, &[("COLUMNS", "64")], args);
        assert!(narrow.contains('…'), "{args:?}:\n{narrow}");
        let table_lines = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| !l.starts_with("       ") && !l.starts_with("  "))
                .map(str::to_string)
                .collect()
        };
        for line in table_lines(&narrow) {
            assert!(
                line.width() <= 64,
                "{args:?}: {line:?} is {} wide",
                line.width()
            );
        }
        assert!(
            wide.lines().any(|l| l.width() > 64),
            "{args:?}: the wide output should not fit 64"
        );
    }
    // The Chinese title is cut between characters, never through one.
    let list = run_with(&env, &[("COLUMNS", "64")], &["list"]);
    let row = list.lines().nth(1).expect("row");
    assert!(
        ["注销比利时手机…", "注销比利时…", "注销比利…", "注销比…"]
            .iter()
            .any(|cut| row.contains(cut)),
        "{list}"
    );
}
