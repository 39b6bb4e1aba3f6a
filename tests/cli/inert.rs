//! Output is inert: whatever a title, note, step key, holder, provider or template holds (it may
//! come from a sync folder or an imported file), human output shows its control characters and
//! bidi controls escaped and keeps its columns; JSON and the database keep the exact text.

use crate::common::*;
use unicode_width::UnicodeWidthStr;

/// An OSC 52 clipboard write, a window title, clear screen, hidden text, a carriage return, a
/// right-to-left override, a tab and a newline.
const EVIL_TITLE: &str =
    "Evil\x1b]52;c;SGVsbG8=\x07\x1b]0;pwned\x07\x1b[2J\x1b[8mhidden\r\u{202e}gpj.exe\ttab\nline2";
const EVIL_NOTE: &str = "first\x1b]0;title\x07\nsecond \u{2066}isolate\u{2069} \u{200f}\u{061c}";
const EVIL_PROVIDER: &str = "Prox\x1b[8mhidden\u{9b}2J";
const EVIL_HOLDER: &str = "bo\u{202e}b\x7f";
const EVIL_KEY: &str = "key\x1b[2J";

/// The characters that must never reach a terminal raw: C0 controls but the newline, DEL, C1
/// controls and the bidi controls.
fn dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn assert_inert(what: &str, text: &str) {
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| dangerous(c)) {
        panic!("{what}: raw {:?} at byte {at}:\n{}", c, text.escape_debug());
    }
}

/// Runs `args` (success or not), checks that stdout and stderr are inert, returns both.
fn run_inert(env: &Env, args: &[&str]) -> (String, String) {
    let out = env.cmd().args(args).output().expect("run closeout");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 stdout");
    let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
    assert_inert(&format!("{args:?} stdout"), &stdout);
    assert_inert(&format!("{args:?} stderr"), &stderr);
    (stdout, stderr)
}

/// A database whose case, steps, note, holder and provider hold hostile text, and a user
/// template whose name, description and texts do.
fn hostile(env: &Env) {
    env.ok(&[
        "add",
        EVIL_TITLE,
        "--deadline",
        "2026-12-20",
        "--provider",
        EVIL_PROVIDER,
        "--holder",
        EVIL_HOLDER,
        "--note",
        EVIL_NOTE,
    ]);
    // A step key that `step add` would refuse, as a file from another device may carry it.
    env.sql()
        .execute(
            "UPDATE steps SET key = ?1, due = '2026-11-25' WHERE case_id = 1 AND position = 2",
            [EVIL_KEY],
        )
        .expect("hostile key");
    env.ok(&["note", "1", "method", EVIL_NOTE]);
    env.ok(&["add", "Evil twin"]);
    let templates = env.path().join("xdg-config/closeout/templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    std::fs::write(
        templates.join("evil.toml"),
        r#"name = "evil"
description = "desc \u001b]52;c;SGVsbG8=\u0007 \u202e"
documents = ["a paper \u001b[2J"]

[[steps]]
key = "first"
title = "Step \u001b]0;pwned\u0007 one\ttab"
how = "How \r\u202e to {documents}"
before_deadline = 3
"#,
    )
    .expect("template");
}

#[test]
fn every_human_output_shows_control_characters_escaped() {
    let env = Env::new();
    hostile(&env);
    let folder = env.path().join("shared");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let export = env.path().join("export.json");
    env.ok(&["export", "--output", export.to_str().expect("utf-8")]);
    for args in [
        &[][..],
        &["list"],
        &["list", "--all"],
        &["show", "1"],
        &["log"],
        &["log", "1"],
        &["remind"],
        &["pending"],
        &["calendar", "2026-11"],
        &["templates"],
        &["template", "show", "evil"],
        &["undo", "--list"],
        // Errors that quote the user's text.
        &["show", "Evil"],
        &["done", "1", "nosuch"],
        &["add", "x", "--template", "evi"],
    ] {
        run_inert(&env, args);
    }
    // Reports of what an import or a sync brought in.
    let other = Env::new();
    let (report, _) = run_inert(&other, &["import", export.to_str().expect("utf-8")]);
    assert!(report.contains(r"Evil\e]52"), "{report}");
    run_inert(&other, &["sync", folder.to_str().expect("utf-8")]);
    run_inert(&env, &["sync", folder.to_str().expect("utf-8")]);
    run_inert(&other, &["sync", folder.to_str().expect("utf-8")]);

    let file = env.path().join("xdg-config/closeout/templates/evil.toml");
    run_inert(&env, &["template", "check", file.to_str().expect("utf-8")]);

    let (shown, _) = run_inert(&env, &["show", "1"]);
    for visible in [
        r"Evil\e]52;c;SGVsbG8=\u{7}\e]0;pwned\u{7}\e[2J\e[8mhidden\r\u{202e}gpj.exe tab\nline2",
        r"Prox\e[8mhidden\u{9b}2J",
        r"bo\u{202e}b\u{7f}",
        r"key\e[2J",
        r"first\e]0;title\u{7}",
        r"second \u{2066}isolate\u{2069} \u{200f}\u{61c}",
    ] {
        assert!(shown.contains(visible), "{visible}:\n{shown}");
    }
    let (template, _) = run_inert(&env, &["template", "show", "evil"]);
    assert!(
        template.contains(r"Step \e]0;pwned\u{7} one tab"),
        "{template}"
    );
}

#[test]
fn json_and_the_database_keep_the_exact_text() {
    let env = Env::new();
    hostile(&env);
    let case = env.json(&["show", "1"]);
    assert_eq!(case["title"], EVIL_TITLE);
    assert_eq!(case["provider"], EVIL_PROVIDER);
    assert_eq!(case["holder"], EVIL_HOLDER);
    assert_eq!(case["note"], EVIL_NOTE);
    assert_eq!(case["steps"][1]["key"], EVIL_KEY);
    assert_eq!(env.json(&["list"])[0]["title"], EVIL_TITLE);
    // Printing changes nothing that is stored.
    env.ok(&["show", "1"]);
    env.ok(&["list"]);
    let stored: (String, String) = env
        .sql()
        .query_row("SELECT title, note FROM cases WHERE id = 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("row");
    assert_eq!(stored, (EVIL_TITLE.to_string(), EVIL_NOTE.to_string()));
}

/// The display column where `needle` starts in `line`.
fn column(line: &str, needle: &str) -> usize {
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in {line}"));
    line[..at].width()
}

#[test]
fn a_tab_or_a_control_character_in_a_title_keeps_the_list_aligned() {
    let env = Env::new();
    env.ok(&["add", "tab\there", "--holder", "ann"]);
    env.ok(&["add", "bell\x07and\x1b[1mbold", "--holder", "bob"]);
    env.ok(&["add", "plain", "--holder", "cyd"]);
    let (list, _) = run_inert(&env, &["list"]);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 4, "one line per case:\n{list}");
    let holder = column(lines[0], "holder");
    for (line, name) in lines[1..].iter().zip(["ann", "bob", "cyd"]) {
        assert_eq!(column(line, name), holder, "{list}");
    }
    assert!(lines[1].contains("tab here"), "{list}");
    assert!(lines[2].contains(r"bell\u{7}and\e[1mbold"), "{list}");
}

#[test]
fn a_newline_in_a_title_keeps_remind_headings_between_rows() {
    let env = Env::new();
    env.ok(&["add", "late\nLATE LINE", "--deadline", "2026-12-20"]);
    env.ok(&["due", "1", "method", "2026-11-20"]);
    env.ok(&["add", "today\nTODAY LINE", "--deadline", "2026-12-20"]);
    let (remind, _) = run_inert(&env, &["remind"]);
    let lines: Vec<&str> = remind.lines().collect();
    assert_eq!(lines[0], "Overdue", "{remind}");
    let today = lines
        .iter()
        .position(|l| *l == "Today")
        .unwrap_or_else(|| panic!("a Today heading:\n{remind}"));
    // Every line but a heading is a row, indented under it.
    for line in lines
        .iter()
        .filter(|l| !["Overdue", "Today", "Soon"].contains(l))
    {
        assert!(line.starts_with("  #"), "a row: {line:?}\n{remind}");
    }
    assert!(lines[1].contains(r"late\nLATE LINE"), "{remind}");
    assert!(lines[today + 1].contains(r"today\nTODAY LINE"), "{remind}");
}
