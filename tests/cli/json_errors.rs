//! `--json` failures: one JSON object on stderr, its kind the same in every language, the exit
//! code as without `--json`, and the database unchanged.

use crate::common::Env;
use serde_json::Value;

/// Runs a command that must fail with `code` and print exactly one JSON object on stderr;
/// returns its `error` member.
fn json_error(env: &Env, args: &[&str], code: i32) -> Value {
    let dump = env.dump();
    let out = env.cmd().args(args).output().expect("run closeout");
    assert_eq!(out.status.code(), Some(code), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?}: stdout {:?}", out.stdout);
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    let value: Value = serde_json::from_str(&stderr).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let error = value["error"].clone();
    assert_eq!(value.as_object().map(|o| o.len()), Some(1), "{stderr}");
    assert_eq!(error.as_object().map(|o| o.len()), Some(3), "{stderr}");
    assert_eq!(error["exit"], code, "{stderr}");
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{stderr}"
    );
    assert_eq!(env.dump(), dump, "{args:?} changed the database");
    error
}

fn two_cases() -> Env {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["add", "Proximus 2", "--holder", "bob"]);
    env.ok(&["step", "add", "1", "Sublet the flat", "--key", "sublet"]);
    env
}

#[test]
fn each_kind_of_failure_names_itself_the_same_in_both_languages() {
    let env = two_cases();
    let cases: [(&[&str], &str, i32); 9] = [
        (&["show", "nothing", "--json"], "not_found", 1),
        (&["show", "99", "--json"], "not_found", 1),
        (&["done", "1", "fly", "--json"], "not_found", 1),
        (&["show", "prox", "--json"], "ambiguous", 1),
        (&["done", "1", "sub", "--json"], "ambiguous", 1),
        (&["close", "1", "--json"], "refused", 1),
        (&["delete", "1", "--json"], "refused", 1),
        (&["add", "X", "--deadline", "12/31", "--json"], "usage", 2),
        (&["snooze", "1", "submit", "0d", "--json"], "usage", 2),
    ];
    for (args, kind, code) in cases {
        let en = json_error(&env, args, code);
        assert_eq!(en["kind"], kind, "{args:?}: {en}");
        let zh_args: Vec<&str> = ["--lang", "zh"].iter().chain(args).copied().collect();
        let zh = json_error(&env, &zh_args, code);
        assert_eq!(zh["kind"], kind, "{args:?}: {zh}");
        assert_ne!(zh["message"], en["message"], "{args:?}: not in Chinese");
    }
    let said = json_error(&env, &["show", "nothing", "--json"], 1);
    assert_eq!(
        said["message"],
        "no case matches 'nothing'; `closeout list --all` shows every case"
    );
}

#[test]
fn command_line_mistakes_are_json_too_when_json_is_asked_for() {
    let env = two_cases();
    for args in [
        &["lst", "--json"][..],
        &["--json", "done"],
        &["list", "--frobnicate", "--json"],
        &["list", "--json", "--color", "purple"],
        &["edit", "1", "--json"],
    ] {
        let error = json_error(&env, args, 2);
        assert_eq!(error["kind"], "usage", "{args:?}: {error}");
    }
    let error = json_error(&env, &["--json", "done"], 2);
    assert_eq!(
        error["message"],
        "the following required arguments were not provided: <CASE> <STEPS>..."
    );
    let zh = json_error(&env, &["--lang", "zh", "lst", "--json"], 2);
    assert_eq!(zh["message"], "未知命令「lst」");
    // Without --json, the same mistake is clap's text; after `--`, --json is a text.
    let out = env.cmd().args(["lst"]).output().expect("run");
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));
    let out = env
        .cmd()
        .args(["note", "1", "--", "--json"])
        .output()
        .expect("run");
    assert!(out.status.success());
    // Help is help, even with --json.
    let out = env.cmd().args(["--json", "--help"]).output().expect("run");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage:"));
}

#[test]
fn a_database_closeout_cannot_use_is_kind_database() {
    let env = Env::new();
    env.add_proximus();
    env.sql()
        .execute_batch("PRAGMA user_version = 99")
        .expect("set version");
    let error = json_error(&env, &["list", "--json"], 1);
    assert_eq!(error["kind"], "database", "{error}");
    assert!(
        error["message"].as_str().is_some_and(|m| m.contains("99")),
        "{error}"
    );
    let folder = env.path().join("a-folder");
    std::fs::create_dir(&folder).expect("mkdir");
    let out = env
        .cmd()
        .args(["list", "--json", "--db"])
        .arg(&folder)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let value: Value = serde_json::from_slice(&out.stderr).expect("json");
    assert_eq!(value["error"]["kind"], "database", "{value}");
}
