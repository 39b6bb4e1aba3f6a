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
        lines[1].ends_with("step 'unbind' done on 2026-11-30"),
        "{out}"
    );
    assert!(lines[2].ends_with("case closed"), "{out}");
}

#[test]
fn log_is_empty_on_a_new_database() {
    let env = Env::new();
    assert_eq!(env.ok(&["log"]).trim(), "no changes recorded yet");
}
