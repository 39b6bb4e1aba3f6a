//! What an import file cannot make this database do: take its ids and positions as local keys,
//! carry one UUID twice, or cost more than linear time.

use crate::common::Env;
use serde_json::Value;

fn export_of_proximus() -> (Env, String) {
    let other = Env::new();
    other.add_proximus();
    other.ok(&["note", "1", "x"]);
    let text = other.ok(&["export"]);
    (other, text)
}

#[test]
fn ids_and_positions_beyond_range_are_refused_with_their_place() {
    let (_other, text) = export_of_proximus();
    let env = Env::new();
    env.ok(&["add", "Telenet"]);
    let huge = i64::MAX.to_string();
    for (from, to, says) in [
        ("\"id\":1,", format!("\"id\":{huge},"), "case 1 (uuid "),
        (
            "\"position\":3,",
            format!("\"position\":{huge},"),
            "step 3 (uuid ",
        ),
        (
            "\"case_id\":1,",
            format!("\"case_id\":{huge},"),
            "event 1 (uuid ",
        ),
    ] {
        assert!(text.contains(from), "{from} in {text}");
        let file = env.path().join("huge.json");
        std::fs::write(&file, text.replacen(from, &to, 1)).expect("write");
        let err = env.fails(&["import", file.to_str().expect("utf-8")], 1);
        assert!(err.contains(says), "{err}");
        assert!(err.contains("out of range (1 to 2147483647)"), "{err}");
    }
    // The largest accepted id is taken as it is and leaves room for the next case.
    let file = env.path().join("big.json");
    std::fs::write(&file, text.replacen("\"id\":1,", "\"id\":2147483647,", 1)).expect("write");
    env.ok(&["import", file.to_str().expect("utf-8")]);
    env.ok(&["add", "Orange"]);
    env.ok(&["step", "add", "Orange", "Return the modem"]);
}

#[test]
fn an_event_uuid_twice_in_a_file_is_refused() {
    let (_other, text) = export_of_proximus();
    let mut doc: Value = serde_json::from_str(&text).expect("json");
    let events = doc["events"].as_array_mut().expect("events");
    let first = events[0].clone();
    events.push(first);
    let env = Env::new();
    let file = env.path().join("twice.json");
    std::fs::write(&file, serde_json::to_vec(&doc).expect("json")).expect("write");
    let err = env.fails(&["import", file.to_str().expect("utf-8")], 1);
    assert!(err.contains("event 3 (uuid "), "{err}");
    assert!(err.contains("appears twice"), "{err}");
}

fn task(i: usize, project: &str) -> Value {
    serde_json::json!({
        "uuid": format!("01a00000-0000-7000-8000-{i:012x}"),
        "description": "Call the bank",
        "project": project,
        "status": "pending",
        "entry": "20261130T090000Z",
        "modified": "20261130T090000Z",
    })
}

#[test]
fn a_task_uuid_twice_in_a_taskwarrior_file_is_refused() {
    let env = Env::new();
    let file = env.path().join("tasks.json");
    let tasks = serde_json::json!([task(1, "Move"), task(2, "Move"), task(1, "Other")]);
    std::fs::write(&file, tasks.to_string()).expect("write");
    let err = env.fails(&["import", file.to_str().expect("utf-8")], 1);
    assert!(
        err.contains("task 3 (uuid 01a00000-0000-7000-8000-000000000001)"),
        "{err}"
    );
    assert!(err.contains("appears twice"), "{err}");
}

/// 10,000 tasks of one project with one description: each task costs the same however many the
/// case already has (before, each re-read the whole case and walked every key suffix: minutes).
/// The bound catches a cost that grows with the case, not a slow machine.
#[test]
fn a_taskwarrior_import_into_one_project_is_linear() {
    let env = Env::new();
    let file = env.path().join("tasks.json");
    let tasks: Vec<Value> = (0..10_000).map(|i| task(i, "Move")).collect();
    std::fs::write(&file, serde_json::to_vec(&tasks).expect("json")).expect("write");
    let started = std::time::Instant::now();
    env.ok(&["import", file.to_str().expect("utf-8"), "--all-tasks"]);
    let took = started.elapsed();
    assert!(took.as_secs() < 60, "10,000 tasks took {took:?}");
    let case = env.json(&["show", "1"]);
    let steps = case["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 10_000);
    assert_eq!(steps[9_999]["key"], "call-the-bank-10000");
    assert_eq!(steps[9_999]["position"], 10_000);
}
