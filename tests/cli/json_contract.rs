//! The JSON field names are a contract: they may grow, never change. These tests pin them.

use crate::common::Env;
use serde_json::Value;
use std::collections::BTreeSet;

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().expect("object").keys().cloned().collect()
}

fn has_all(v: &Value, expected: &[&str]) {
    let got = keys(v);
    for k in expected {
        assert!(got.contains(*k), "missing '{k}' in {v}");
    }
}

const CASE: &[&str] = &[
    "id",
    "uuid",
    "title",
    "template",
    "provider",
    "channel",
    "holder",
    "number",
    "deadline",
    "status",
    "created_at",
    "closed_at",
    "note",
    "steps",
];
const STEP: &[&str] = &[
    "position", "key", "title", "status", "due", "done_at", "note",
];

fn is_rfc3339(s: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(s).is_ok()
}

fn is_day(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() && s.len() == 10
}

#[test]
fn case_and_step_fields() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "method"]);
    for case in [
        env.json(&["show", "1"]),
        env.json(&["note", "1", "x"]),
        env.json(&["reopen", "1", "method"]),
    ] {
        has_all(&case, CASE);
        assert!(
            case["uuid"]
                .as_str()
                .is_some_and(|u| uuid::Uuid::parse_str(u).is_ok())
        );
        assert!(is_rfc3339(case["created_at"].as_str().expect("created_at")));
        assert!(case["closed_at"].is_null());
        assert!(is_day(case["deadline"].as_str().expect("deadline")));
        for s in case["steps"].as_array().expect("steps") {
            has_all(s, STEP);
            assert!(
                ["pending", "done", "skipped"].contains(&s["status"].as_str().expect("status"))
            );
            assert!(s["due"].is_null() || is_day(s["due"].as_str().expect("due")));
        }
    }
}

#[test]
fn step_uuids_are_stable_and_distinct() {
    let env = Env::new();
    env.add_proximus();
    let a = env.json(&["show", "1"]);
    env.ok(&["done", "1", "method"]);
    let b = env.json(&["show", "1"]);
    let uuids = |v: &Value| -> Vec<String> {
        v["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .map(|s| s["uuid"].as_str().expect("uuid").to_string())
            .collect()
    };
    assert_eq!(uuids(&a), uuids(&b));
    let distinct: BTreeSet<String> = uuids(&a)
        .into_iter()
        .chain([a["uuid"].as_str().expect("uuid").to_string()])
        .collect();
    assert_eq!(distinct.len(), 7);
}

#[test]
fn pending_list_and_log_rows() {
    let env = Env::new();
    env.add_proximus();
    let pending = env.json(&["pending"]);
    assert_eq!(
        keys(&pending[0]),
        [
            "case",
            "case_title",
            "holder",
            "position",
            "key",
            "title",
            "due",
            "overdue"
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    );
    let list = env.json(&["list"]);
    has_all(
        &list[0],
        &[
            "id", "title", "holder", "status", "done", "total", "next", "deadline",
        ],
    );
    has_all(&list[0]["next"], STEP);
    let log = env.json(&["log"]);
    has_all(&log[0], &["at", "case", "step", "kind", "before", "after"]);
    assert!(is_rfc3339(log[0]["at"].as_str().expect("at")));
}

#[test]
fn delete_prints_the_case_as_it_was() {
    let env = Env::new();
    env.add_proximus();
    let gone = env.json(&["delete", "1", "--yes"]);
    has_all(&gone, CASE);
    assert_eq!(gone["status"], "open");
}

#[test]
fn fields_of_templates_reshaping_and_undo() {
    let env = Env::new();
    env.add_proximus();
    let case = env.json(&["step", "add", "1", "Netflix"]);
    has_all(&case, CASE);
    for s in case["steps"].as_array().expect("steps") {
        has_all(s, &[STEP, &["uuid", "how", "due_manual", "rule"]].concat());
    }
    let log = env.json(&["log"]);
    has_all(
        &log[1],
        &[
            "at",
            "case",
            "step",
            "kind",
            "before",
            "after",
            "id",
            "change",
            "reverts",
            "reverts_kind",
        ],
    );
    let undo = env.json(&["undo"]);
    has_all(&undo, &["change", "reverted", "events", "case"]);
    has_all(
        &undo["events"][0],
        &["kind", "before", "after", "reverts", "reverts_kind"],
    );
    let list = env.json(&["undo", "--list"]);
    has_all(&list, &["undo", "redo"]);
    has_all(
        &list["undo"][0],
        &["change", "at", "case", "summary", "events"],
    );
    has_all(
        &list["redo"],
        &["change", "at", "case", "summary", "events"],
    );
    let templates = env.json(&["templates"]);
    has_all(
        &templates[0],
        &[
            "name",
            "source",
            "replaces_built_in",
            "steps",
            "description",
        ],
    );
    let template = env.json(&["template", "show", "sim"]);
    has_all(
        &template,
        &[
            "name",
            "source",
            "replaces_built_in",
            "description",
            "unknown_provider",
            "documents",
            "steps",
            "providers",
        ],
    );
    has_all(
        &template["steps"][0],
        &["key", "title", "how", "online", "phone", "shop", "rule"],
    );
    has_all(&template["providers"][0], &["name", "documents", "steps"]);
    let file = env.path().join("t.toml");
    std::fs::write(
        &file,
        "name = \"t\"\ndescription = \"d\"\n[[steps]]\nkey = \"a\"\ntitle = \"A\"\n",
    )
    .expect("write");
    let check = env.json(&["template", "check", file.to_str().expect("utf-8")]);
    has_all(&check, &["file", "valid", "problems"]);
}
