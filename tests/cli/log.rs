//! `log`: every change with before and after, oldest first.

use crate::common::Env;

#[test]
fn log_records_every_change_with_before_and_after() {
    let mut env = Env::new();
    env.add_proximus();
    env.at("2026-12-01T10:30:00Z");
    env.ok(&["done", "1", "submit", "--note", "form sent"]);
    env.ok(&["due", "1", "method", "2026-12-03"]);
    env.ok(&["add", "Telenet"]);
    let events = env.json(&["log", "1"]);
    let kinds: Vec<&str> = events
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds,
        ["case.add", "step.done", "step.note", "step.due", "step.due"]
    );
    let done = &events[1];
    assert_eq!(done["at"], "2026-12-01T10:30:00+00:00");
    assert_eq!(done["case"], 1);
    assert_eq!(done["step"], "submit");
    assert_eq!(done["before"]["status"], "pending");
    assert_eq!(done["after"]["status"], "done");
    assert_eq!(done["after"]["done_at"], "2026-12-01");
    // The rule moved confirm's date once submit was done.
    let moved = &events[3];
    assert_eq!(moved["step"], "confirm");
    assert_eq!(moved["before"]["due"], serde_json::Value::Null);
    assert_eq!(moved["after"]["due"], "2026-12-08");
    let by_hand = &events[4];
    assert_eq!(by_hand["step"], "method");
    assert_eq!(by_hand["after"]["due"], "2026-12-03");
    assert_eq!(by_hand["after"]["manual"], true);
    // Without CASE: every case's history.
    assert_eq!(env.json(&["log"]).as_array().expect("events").len(), 6);
}

#[test]
fn log_reads_as_sentences() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "unbind"]);
    env.ok(&["close", "1", "--force"]);
    let out = env.ok(&["log"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with("2026-11-30 09:00  #1")
            && lines[0].ends_with("case created: Proximus"),
        "{out}"
    );
    assert!(
        lines[1].ends_with("  #1    step 3 'unbind' done on 2026-11-30"),
        "{out}"
    );
    assert!(lines[2].ends_with("case closed"), "{out}");
}

#[test]
fn log_shows_one_line_per_command_naming_each_step_once() {
    let mut env = Env::new();
    env.add_proximus();
    env.ok(&["add", "Telenet"]);
    env.at("2026-12-01T10:30:00Z");
    env.ok(&["done", "1", "unbind", "--note", "bank 2FA moved"]);
    env.ok(&["done", "1", "submit", "balance", "--date", "2026-11-30"]);
    env.ok(&["skip", "1", "1", "2"]);
    env.ok(&["done", "1", "confirm"]);
    let out = env.ok(&["log", "1"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "2026-11-30 09:00  #1    case created: Proximus",
            "2026-12-01 10:30  #1    step 3 'unbind' done on 2026-12-01, note added",
            "2026-12-01 10:30  #1    step 5 'submit' done on 2026-11-30, step 4 'balance' done on \
             2026-11-30, step 6 'confirm' due 2026-12-07 (was none)",
            "2026-12-01 10:30  #1    step 1 'method' skipped, step 2 'documents' skipped",
            "2026-12-01 10:30  #1    step 6 'confirm' done on 2026-12-01, case closed",
        ]
    );
    // Each event says which change it belongs to.
    let events = env.json(&["log", "1"]);
    let changes: Vec<i64> = events
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["change"].as_i64().expect("change"))
        .collect();
    assert_eq!(changes, [1, 3, 3, 5, 5, 5, 8, 8, 10, 10]);
    assert_eq!(events[2]["id"], 4);
    assert!(events[2]["reverts"].is_null());
}

#[test]
fn log_is_empty_on_a_new_database() {
    let env = Env::new();
    assert_eq!(env.ok(&["log"]).trim(), "no changes recorded yet");
}

#[test]
fn a_deleted_cases_id_is_not_given_again_so_its_history_stays_its_own() {
    let env = Env::new();
    env.ok(&["add", "Orange"]);
    env.add_proximus();
    env.ok(&["delete", "2", "--yes"]);
    let case = env.json(&["add", "Telenet"]);
    assert_eq!(case["id"], 3);
    let kinds: Vec<String> = env
        .json(&["log", "3"])
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind").to_string())
        .collect();
    assert_eq!(kinds, ["case.add"]);
}
