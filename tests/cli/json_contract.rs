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

// Every field and its JSON type, for every `--json` output the README documents. A field
// renamed, removed, added without a line here, or printed with another type fails.
//
// A type is `int`, `str`, `bool`, `obj`, `arr`, `day` (YYYY-MM-DD), `time` (RFC 3339), `uuid`,
// `text` (a string, or `{"en", "zh"}` strings), `null`, or `one:a,b,c` (one of these strings);
// a trailing `?` also allows null.

type Table = &'static [(&'static str, &'static str)];

fn has_type(v: &Value, ty: &str) -> bool {
    if let Some(ty) = ty.strip_suffix('?') {
        return v.is_null() || has_type(v, ty);
    }
    if let Some(values) = ty.strip_prefix("one:") {
        return v
            .as_str()
            .is_some_and(|s| values.split(',').any(|x| x == s));
    }
    match ty {
        "int" => v.is_i64(),
        "str" => v.is_string(),
        "bool" => v.is_boolean(),
        "obj" => v.is_object(),
        "arr" => v.is_array(),
        "null" => v.is_null(),
        "day" => v.as_str().is_some_and(is_day),
        "time" => v.as_str().is_some_and(is_rfc3339),
        "uuid" => v.as_str().is_some_and(|u| uuid::Uuid::parse_str(u).is_ok()),
        "text" => {
            v.is_string()
                || v.as_object().is_some_and(|o| {
                    !o.is_empty()
                        && o.iter()
                            .all(|(k, t)| ["en", "zh"].contains(&k.as_str()) && t.is_string())
                })
        }
        _ => panic!("unknown type {ty} in a table"),
    }
}

/// `v` is an object with exactly the fields of `table`, each of its type.
#[track_caller]
pub fn pin(v: &Value, table: Table, what: &str) {
    let got = keys(v);
    let want: BTreeSet<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    assert_eq!(
        got,
        want,
        "{what}: fields differ (missing {:?}, not in the table {:?}) in {v}",
        want.difference(&got).collect::<Vec<_>>(),
        got.difference(&want).collect::<Vec<_>>()
    );
    for (k, ty) in table {
        assert!(
            has_type(&v[*k], ty),
            "{what}: '{k}' should be {ty}, is {}",
            v[*k]
        );
    }
}

/// `v` is an array of at least one element, each pinned to `table`.
#[track_caller]
pub fn pin_each(v: &Value, table: Table, what: &str) {
    let items = v
        .as_array()
        .unwrap_or_else(|| panic!("{what}: not an array: {v}"));
    assert!(!items.is_empty(), "{what}: empty, nothing checked");
    for item in items {
        pin(item, table, what);
    }
}

/// Fields the scenario gave a value: a nullable type must still show its type there.
#[track_caller]
fn filled(v: &Value, fields: &[&str], what: &str) {
    for k in fields {
        assert!(!v[*k].is_null(), "{what}: '{k}' is null in {v}");
    }
}

const CASE_TYPES: Table = &[
    ("id", "int"),
    ("uuid", "uuid"),
    ("title", "str"),
    ("template", "str"),
    ("provider", "str?"),
    ("channel", "one:online,phone,shop?"),
    ("holder", "str"),
    ("number", "str?"),
    ("deadline", "day?"),
    ("status", "one:open,closed"),
    ("created_at", "time"),
    ("closed_at", "time?"),
    ("note", "str?"),
    ("steps", "arr"),
    ("lang", "one:en,zh"),
    ("notice_days", "int?"),
    ("deadline_from", "one:departure,case?"),
];
/// A step as `list`'s `next` shows it.
const NEXT_TYPES: Table = &[
    ("position", "int"),
    ("key", "str"),
    ("title", "str"),
    ("status", "one:pending,done,skipped"),
    ("due", "day?"),
    ("done_at", "day?"),
    ("note", "str?"),
    ("uuid", "uuid"),
    ("how", "str"),
    ("due_manual", "bool"),
    ("rule", "obj?"),
    ("abroad", "bool"),
];
/// A step within its case: `next`'s fields and `late_for_deadline`.
const STEP_TYPES: Table = &[
    ("position", "int"),
    ("key", "str"),
    ("title", "str"),
    ("status", "one:pending,done,skipped"),
    ("due", "day?"),
    ("done_at", "day?"),
    ("note", "str?"),
    ("uuid", "uuid"),
    ("how", "str"),
    ("due_manual", "bool"),
    ("rule", "obj?"),
    ("abroad", "bool"),
    ("late_for_deadline", "bool"),
];
const PENDING_TYPES: Table = &[
    ("case", "int"),
    ("case_title", "str"),
    ("holder", "str"),
    ("position", "int"),
    ("key", "str"),
    ("title", "str"),
    ("due", "day?"),
    ("overdue", "bool"),
];
const REMIND_TYPES: Table = &[
    ("case", "int"),
    ("case_title", "str"),
    ("holder", "str"),
    ("position", "int?"),
    ("key", "str?"),
    ("title", "str"),
    ("due", "day"),
    ("overdue", "bool"),
    ("group", "one:overdue,today,soon"),
    ("days", "int"),
    ("kind", "one:step,deadline"),
    ("late_for_deadline", "bool"),
];
const LIST_TYPES: Table = &[
    ("id", "int"),
    ("title", "str"),
    ("holder", "str"),
    ("status", "one:open,closed"),
    ("done", "int"),
    ("total", "int"),
    ("next", "obj?"),
    ("deadline", "day?"),
];
const EVENT_TYPES: Table = &[
    ("at", "time"),
    ("case", "int"),
    ("step", "str?"),
    ("kind", "str"),
    ("before", "obj?"),
    ("after", "obj?"),
    ("id", "int"),
    ("change", "int"),
    ("reverts", "int?"),
    ("reverts_kind", "str?"),
];
const CHANGE_TYPES: Table = &[
    ("change", "int"),
    ("at", "time"),
    ("case", "int"),
    ("summary", "str"),
    ("events", "arr"),
];

/// A case and its steps, with a step rule's two shapes.
#[track_caller]
fn pin_case(case: &Value, what: &str) {
    pin(case, CASE_TYPES, what);
    pin_each(&case["steps"], STEP_TYPES, &format!("{what}: step"));
    for s in case["steps"].as_array().expect("steps") {
        pin_rule(&s["rule"], what);
    }
}

#[track_caller]
fn pin_rule(rule: &Value, what: &str) {
    if rule.is_null() {
        return;
    }
    if rule.get("after").is_some() {
        pin(rule, &[("after", "obj")], what);
        pin(&rule["after"], &[("step", "str"), ("days", "int")], what);
    } else {
        pin(rule, &[("before_deadline", "int")], what);
    }
}

/// A case with every optional field set, a step done with a note, and a closed case.
fn rich() -> Env {
    let env = Env::new();
    env.ok(&[
        "add",
        "Proximus",
        "--template",
        "sim",
        "--provider",
        "Proximus",
        "--channel",
        "shop",
        "--number",
        "+32 470 12 34 56",
        "--deadline",
        "2026-12-20",
    ]);
    env.ok(&["note", "1", "bring the contract"]);
    env.ok(&["done", "1", "method"]);
    env.ok(&["note", "1", "method", "asked in the shop"]);
    env.ok(&["add", "Gym", "--deadline", "2026-12-05"]);
    env.ok(&["close", "2", "--force"]);
    env
}

#[test]
fn every_field_of_a_case_and_its_steps_has_its_type() {
    let env = rich();
    let case = env.json(&["show", "1"]);
    pin_case(&case, "show");
    filled(
        &case,
        &["provider", "channel", "number", "deadline", "note"],
        "show",
    );
    assert_eq!(case["deadline_from"], "case");
    let method = &case["steps"][0];
    filled(method, &["due", "done_at", "note", "rule"], "method");
    let confirm = case["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["key"] == "confirm")
        .expect("confirm");
    assert!(confirm["rule"]["after"].is_object(), "{confirm}");
    let closed = env.json(&["show", "2"]);
    pin_case(&closed, "closed case");
    filled(&closed, &["closed_at"], "closed case");
    // Every write prints the case in the same shape.
    for (args, what) in [
        (&["note", "1", "more"][..], "note"),
        (&["done", "1", "documents"][..], "done"),
        (&["reopen", "1", "documents"][..], "reopen"),
        (&["skip", "1", "balance"][..], "skip"),
        (&["due", "1", "submit", "2026-12-15"][..], "due"),
        (&["edit", "1", "--title", "Proximus SIM"][..], "edit"),
        (&["deadline", "1", "2026-12-22"][..], "deadline"),
        (&["step", "add", "1", "Netflix"][..], "step add"),
        (&["add", "Orange", "--deadline", "2026-12-24"][..], "add"),
        (&["delete", "3", "--yes"][..], "delete"),
    ] {
        pin_case(&env.json(args), what);
    }
}

#[test]
fn every_field_of_the_rows_has_its_type() {
    let env = rich();
    pin_each(&env.json(&["pending"]), PENDING_TYPES, "pending");
    let list = env.json(&["list", "--all"]);
    pin_each(&list, LIST_TYPES, "list");
    filled(&list[0], &["next", "deadline"], "list");
    pin(&list[0]["next"], NEXT_TYPES, "list next");

    let mut env = env;
    env.at("2026-12-08T09:00:00Z");
    let remind = env.json(&["remind", "--within", "30d"]);
    pin_each(&remind, REMIND_TYPES, "remind");
    let groups: BTreeSet<&str> = remind
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["group"].as_str())
        .collect();
    assert_eq!(groups, ["overdue", "soon"].into_iter().collect());
    assert!(
        remind
            .as_array()
            .expect("rows")
            .iter()
            .any(|r| r["kind"] == "deadline" && r["key"].is_null())
    );

    let log = env.json(&["log"]);
    pin_each(&log, EVENT_TYPES, "log");
    assert!(
        log.as_array().expect("events").iter().any(|e| {
            e["step"].is_string() && e["before"].is_object() && e["after"].is_object()
        })
    );
}

#[test]
fn every_field_of_the_dashboard_and_the_departure_has_its_type() {
    let mut env = rich();
    let departure = env.json(&["departure", "2026-12-28"]);
    pin(
        &departure,
        &[("departure", "day?"), ("cases", "arr")],
        "departure",
    );
    assert_eq!(departure["departure"], "2026-12-28");
    env.ok(&["add", "Telenet", "--template", "internet"]);
    env.ok(&["add", "Orange", "--deadline", "2026-12-01"]);
    env.at("2026-12-02T09:00:00Z");
    let dash = env.json(&[]);
    pin(
        &dash,
        &[
            ("cases", "arr"),
            ("overdue", "arr"),
            ("today", "arr"),
            ("deadlines", "arr"),
            ("next_deadline", "obj?"),
            ("departure", "day?"),
            ("late_for_deadline", "arr"),
        ],
        "dashboard",
    );
    filled(&dash, &["next_deadline", "departure"], "dashboard");
    pin_each(&dash["cases"], LIST_TYPES, "dashboard cases");
    pin_each(&dash["overdue"], PENDING_TYPES, "dashboard overdue");
    pin_each(
        &dash["deadlines"],
        &[
            ("case", "int"),
            ("title", "str"),
            ("deadline", "day"),
            ("overdue", "bool"),
        ],
        "dashboard deadlines",
    );
    pin(
        &dash["next_deadline"],
        &[
            ("case", "int"),
            ("title", "str"),
            ("deadline", "day"),
            ("cases", "arr"),
        ],
        "next_deadline",
    );
    pin_each(
        &dash["next_deadline"]["cases"],
        &[("case", "int"), ("title", "str")],
        "next_deadline cases",
    );
    // A case without a deadline of its own follows the departure: its id is listed.
    env.at(crate::common::NOW);
    let again = env.json(&["departure", "2026-12-28"]);
    pin(
        &again,
        &[("departure", "day?"), ("cases", "arr")],
        "departure",
    );
    let ids = again["cases"].as_array().expect("cases");
    assert!(!ids.is_empty() && ids.iter().all(Value::is_i64), "{again}");
}

#[test]
fn every_field_of_undo_and_redo_has_its_type() {
    let env = rich();
    env.ok(&["done", "1", "documents"]);
    let undo = env.json(&["undo"]);
    pin(
        &undo,
        &[
            ("change", "int"),
            ("reverted", "int"),
            ("events", "arr"),
            ("case", "obj?"),
        ],
        "undo",
    );
    pin_each(&undo["events"], EVENT_TYPES, "undo events");
    pin_case(&undo["case"], "undo case");
    let list = env.json(&["undo", "--list"]);
    pin(&list, &[("undo", "arr"), ("redo", "obj?")], "undo --list");
    pin_each(&list["undo"], CHANGE_TYPES, "undo --list undo");
    for change in list["undo"].as_array().expect("undo") {
        pin_each(&change["events"], EVENT_TYPES, "undo --list events");
    }
    pin(&list["redo"], CHANGE_TYPES, "undo --list redo");
    pin_each(&list["redo"]["events"], EVENT_TYPES, "redo events");
    let redo = env.json(&["redo"]);
    pin(
        &redo,
        &[
            ("change", "int"),
            ("reverted", "int"),
            ("events", "arr"),
            ("case", "obj?"),
        ],
        "redo",
    );
}

#[test]
fn every_field_of_the_templates_has_its_type() {
    let env = Env::new();
    pin_each(
        &env.json(&["templates"]),
        &[
            ("name", "str"),
            ("source", "str"),
            ("replaces_built_in", "bool"),
            ("steps", "int"),
            ("description", "str"),
        ],
        "templates",
    );
    let sim = env.json(&["template", "show", "sim"]);
    pin(
        &sim,
        &[
            ("name", "str"),
            ("source", "str"),
            ("replaces_built_in", "bool"),
            ("description", "text"),
            ("unknown_provider", "text"),
            ("documents", "arr"),
            ("steps", "arr"),
            ("providers", "arr"),
            ("match", "arr"),
        ],
        "template show",
    );
    for d in sim["documents"].as_array().expect("documents") {
        assert!(has_type(d, "text"), "{d}");
    }
    pin_each(
        &sim["steps"],
        &[
            ("key", "str"),
            ("title", "text"),
            ("how", "text"),
            ("online", "text?"),
            ("phone", "text?"),
            ("shop", "text?"),
            ("rule", "obj?"),
            ("abroad", "bool"),
        ],
        "template step",
    );
    pin_each(
        &sim["providers"],
        &[("name", "str"), ("documents", "arr"), ("steps", "obj")],
        "template provider",
    );
    let file = env.path().join("t.toml");
    std::fs::write(&file, "name = \"t\"\n[[steps]]\nkey = \"a\"\n").expect("write");
    let out = env
        .cmd()
        .args(["template", "check", file.to_str().expect("utf-8"), "--json"])
        .output()
        .expect("run");
    let check: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    pin(
        &check,
        &[("file", "str"), ("valid", "bool"), ("problems", "arr")],
        "template check",
    );
    pin_each(
        &check["problems"],
        &[("line", "int"), ("column", "int"), ("message", "str")],
        "template check problem",
    );
}

#[test]
fn every_field_of_backup_restore_export_and_import_has_its_type() {
    let env = rich();
    let copy = env.path().join("copy.db");
    let copy = copy.to_str().expect("utf-8");
    pin(
        &env.json(&["backup", copy]),
        &[
            ("database", "str"),
            ("backup", "str"),
            ("schema_version", "int"),
            ("cases", "int"),
        ],
        "backup",
    );
    let restore = env.json(&["restore", copy]);
    pin(
        &restore,
        &[
            ("database", "str"),
            ("restored_from", "str"),
            ("schema_version", "int"),
            ("cases", "int"),
            ("replaced_copy", "str?"),
        ],
        "restore",
    );
    filled(&restore, &["replaced_copy"], "restore");

    let file = env.path().join("out.json");
    let file = file.to_str().expect("utf-8");
    pin(
        &env.json(&["export", "--all", "--output", file]),
        &[
            ("format", "str"),
            ("output", "str"),
            ("cases", "int"),
            ("steps", "int"),
            ("events", "int"),
            ("rows", "int"),
        ],
        "export",
    );
    // Imported elsewhere: every case added; then changed here and imported again: updated.
    let other = Env::new();
    let added = other.json(&["import", file]);
    pin_report(&added, "import (added)");
    env.ok(&["done", "1", "documents"]);
    env.ok(&["export", "--all", "--output", file]);
    let updated = other.json(&["import", file, "--dry-run"]);
    pin_report(&updated, "import --dry-run (updated)");
    assert_eq!(updated["dry_run"], true);
    let change = &updated["changes"][0];
    assert_eq!(change["action"], "updated");
    assert!(
        change["what"].as_array().is_some_and(|w| !w.is_empty()),
        "{change}"
    );
}

#[track_caller]
fn pin_report(report: &Value, what: &str) {
    let counts: Table = &[
        ("added", "int"),
        ("updated", "int"),
        ("left", "int"),
        ("deleted", "int"),
    ];
    pin(
        report,
        &[
            ("file", "str"),
            ("dry_run", "bool"),
            ("cases", "obj"),
            ("steps", "obj"),
            ("events", "obj"),
            ("changes", "arr"),
        ],
        what,
    );
    pin(&report["cases"], counts, what);
    pin(&report["steps"], counts, what);
    pin(
        &report["events"],
        &[("added", "int"), ("left", "int")],
        what,
    );
    pin_each(
        &report["changes"],
        &[
            ("action", "one:added,updated,deleted"),
            ("case", "int"),
            ("uuid", "uuid"),
            ("title", "str"),
            ("what", "arr"),
            ("steps", "int"),
        ],
        what,
    );
    for c in report["changes"].as_array().expect("changes") {
        assert!(
            c["what"]
                .as_array()
                .expect("what")
                .iter()
                .all(Value::is_string),
            "{what}: {c}"
        );
    }
}
