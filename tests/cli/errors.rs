//! Bad input: a clear `error:` line, the documented exit code, and nothing changed.

use crate::common::Env;
use rstest::rstest;

#[rstest]
#[case::impossible_date(&["add", "X", "--deadline", "2026-02-30"], "no such day")]
#[case::unknown_date_form(&["add", "X", "--deadline", "next week"], "YYYY-MM-DD, today, tomorrow")]
#[case::bad_channel(&["add", "X", "--channel", "email"], "online, phone, shop or post")]
#[case::bad_template(&["add", "X", "--template", "nosuch"], "no template named 'nosuch'")]
#[case::no_title(&["add"], "TITLE")]
#[case::empty_title(&["add", "  "], "title is empty")]
#[case::unknown_command(&["frobnicate"], "unrecognized subcommand")]
#[case::done_without_step(&["done", "1"], "STEPS")]
#[case::bad_done_date(&["done", "1", "method", "--date", "someday"], "is not a date")]
#[case::bad_due(&["due", "1", "method", "soon"], "nor 'none'")]
#[case::bad_before(&["pending", "--before", "2026-13-01"], "no such day")]
#[case::near_date_word(&["add", "X", "--deadline", "tomorow"], "'tomorow' is not a date (did you mean tomorrow?);")]
#[case::near_date_word_zh(&["--lang", "zh", "due", "1", "method", "next fridy"], "（是不是想写 next friday？）")]
#[case::group_alone(&["step"], "error: `closeout step` needs one of its commands; `closeout step --help` lists them")]
#[case::group_alone_zh(&["--lang", "zh", "remote"], "error: `closeout remote` 后面需要一个子命令")]
#[case::twice_zh(&["--lang", "zh", "list", "--all", "--all"], "error: 参数「--all」只能使用一次；")]
#[case::conflict_zh(&["--lang", "zh", "export", "--all", "--case", "1"], "error: 参数「--all」不能与「--case <CASE>」同时使用；")]
#[case::flag_value_zh(&["--lang", "zh", "--json=true", "list"], "error: 参数「--json」不接受值「true」；")]
#[case::value_missing_zh(&["--lang", "zh", "done", "1", "method", "--date"], "error: --date <DATE> 需要一个值；")]
fn usage_errors_exit_2(#[case] args: &[&str], #[case] says: &str) {
    let env = Env::new();
    env.add_proximus();
    let err = env.fails(args, 2);
    assert!(err.contains(says), "{args:?}: {err}");
}

#[test]
fn a_group_typed_alone_is_one_json_error_under_json() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["--json", "template"])
        .output()
        .expect("run closeout");
    assert_eq!(out.status.code(), Some(2));
    let err: serde_json::Value =
        serde_json::from_slice(&out.stderr).expect("one JSON object on stderr");
    assert_eq!(err["error"]["kind"], "usage");
    assert_eq!(
        err["error"]["message"],
        "`closeout template` needs one of its commands; `closeout template --help` lists them"
    );
    assert!(out.stdout.is_empty());
}

#[rstest]
#[case::no_such_case(&["done", "9", "method"], "no case #9")]
#[case::no_match(&["show", "vodafone"], "no case matches 'vodafone'")]
#[case::no_such_step(&["skip", "1", "fly"], "no step 'fly'")]
#[case::close_refused(&["close", "1"], "pending step")]
#[case::delete_unconfirmed(&["delete", "1"], "add --yes")]
#[case::note_unknown_step(&["note", "1", "fly", "text"], "no step 'fly'")]
#[case::log_unknown_case(&["log", "nothing"], "no case matches")]
fn refusals_exit_1(#[case] args: &[&str], #[case] says: &str) {
    let env = Env::new();
    env.add_proximus();
    let err = env.fails(args, 1);
    assert!(err.contains(says), "{args:?}: {err}");
}

#[test]
fn ambiguous_case_lists_the_candidates() {
    let env = Env::new();
    env.ok(&["add", "Orange SIM"]);
    env.ok(&["add", "Orange internet"]);
    let err = env.fails(&["done", "orange", "method"], 1);
    assert!(
        err.contains("#1 Orange SIM") && err.contains("#2 Orange internet"),
        "{err}"
    );
}

#[test]
fn a_failing_step_in_a_batch_changes_no_step() {
    let env = Env::new();
    env.add_proximus();
    env.fails(&["done", "1", "method", "documents", "nope"], 1);
    let case = env.json(&["show", "1"]);
    assert!(
        case["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .all(|s| s["status"] == "pending")
    );
}

#[test]
fn values_starting_with_a_hyphen_are_values() {
    let env = Env::new();
    let case = env.json(&[
        "add",
        "X",
        "--template",
        "sim",
        "--deadline",
        "-1d",
        "--note",
        "-- careful",
        "--number",
        "-12",
    ]);
    assert_eq!(case["deadline"], "2026-11-29");
    assert_eq!(case["note"], "-- careful");
    assert_eq!(case["number"], "-12");
    env.ok(&["due", "1", "method", "-2d"]);
    env.ok(&["note", "1", "--", "-dash first"]);
    env.ok(&["due", "1", "unbind", "-3d", "--json"]);
    env.ok(&["done", "1", "documents", "--date", "-1w"]);
    let case = env.json(&["show", "1"]);
    assert_eq!(case["note"], "-- careful\n-dash first");
}

#[test]
fn a_bad_clock_is_a_usage_error() {
    let mut env = Env::new();
    env.at("not a time");
    let err = env.fails(&["list"], 2);
    assert!(err.contains("CLOSEOUT_NOW"), "{err}");
}

#[test]
fn a_newer_database_is_refused_and_left_untouched() {
    let env = Env::new();
    env.add_proximus();
    env.sql()
        .pragma_update(None, "user_version", 999)
        .expect("set version");
    let err = env.fails(&["list"], 1);
    assert!(
        err.contains("schema version 999") && err.contains("upgrade closeout"),
        "{err}"
    );
    assert!(
        err.contains(env.db.to_str().expect("utf-8")),
        "names the file: {err}"
    );
    env.fails(&["add", "Telenet"], 1);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_with_its_name() {
    let env = Env::new();
    std::fs::create_dir_all(env.db.parent().expect("parent")).expect("mkdir");
    std::fs::write(
        &env.db,
        b"this is not sqlite, just some text that is long enough to matter......",
    )
    .expect("write");
    let err = env.fails(&["list"], 1);
    assert!(err.contains(env.db.to_str().expect("utf-8")), "{err}");
    env.fails(&["add", "X"], 1);
}

#[test]
fn version_and_help_work() {
    let env = Env::new();
    let out = env.ok(&["--version"]);
    assert!(
        out.starts_with("closeout ") && out.contains("(database schema "),
        "{out}"
    );
    // Answered before the command line is parsed, and the same as after it: `-V`, and with
    // another flag beside it, where clap answers.
    assert_eq!(env.ok(&["-V"]), out);
    assert_eq!(env.ok(&["--color", "never", "--version"]), out);
    let out = env.ok(&["--help"]);
    for cmd in [
        "add",
        "list",
        "show",
        "done",
        "skip",
        "reopen",
        "pending",
        "due",
        "note",
        "close",
        "delete",
        "log",
        "undo",
        "redo",
        "step",
        "templates",
        "template",
    ] {
        assert!(
            out.contains(&format!("  {cmd}")),
            "{cmd} missing from help:\n{out}"
        );
    }
}

#[test]
fn a_file_system_error_is_said_in_the_users_words_not_the_systems() {
    let env = Env::new();
    for (lang, reason) in [
        ("en", "no such file or folder"),
        ("zh", "没有这个文件或文件夹"),
    ] {
        let said = env.fails(&["--lang", lang, "import", "nope.json"], 1);
        assert!(said.contains(reason), "{said}");
        assert!(!said.contains("os error"), "{said}");
    }
    let blocked = env.path().join("file");
    std::fs::write(&blocked, "").expect("write");
    let db = blocked.join("closeout.db");
    let out = env
        .cmd()
        .env("CLOSEOUT_DB", &db)
        .args(["--lang", "zh", "add", "Proximus"])
        .output()
        .expect("run");
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("路径中有一部分不是文件夹"), "{said}");
    assert!(!said.contains("os error"), "{said}");
}
