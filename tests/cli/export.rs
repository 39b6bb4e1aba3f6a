//! `export`: closeout's JSON, CSV and the choice of cases; files written whole and private.

use crate::common::{Env, step};
use crate::exchange::{cases, rich};
use serde_json::Value;
use std::collections::BTreeSet;

fn export(env: &Env, args: &[&str]) -> Value {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    let text = env.ok(&all);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn titles(doc: &Value) -> Vec<&str> {
    doc["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| c["title"].as_str().expect("title"))
        .collect()
}

#[test]
fn json_is_versioned_and_keeps_every_field() {
    let mut env = Env::new();
    rich(&mut env);
    let doc = export(&env, &[]);
    assert_eq!(doc["format"], "closeout");
    assert_eq!(doc["version"], 3);
    assert!(doc["schema"].as_i64().is_some_and(|v| v >= 2));
    assert!(uuid::Uuid::parse_str(doc["device"].as_str().expect("device")).is_ok());

    let case = &doc["cases"][0];
    let shown = env.json(&["show", "1"]);
    for field in [
        "uuid", "id", "title", "template", "provider", "holder", "deadline", "note",
    ] {
        assert_eq!(case[field], shown[field], "{field}");
    }
    assert_eq!(case["created_at"], "2026-11-30T09:00:00Z");
    assert_eq!(case["updated_at"], "2026-12-01T10:15:00Z");
    assert_eq!(case["changed"]["note"]["at"], "2026-12-01T10:15:00Z");
    assert_eq!(case["changed"]["note"]["device"], doc["device"]);

    let submit = step(case, "submit");
    assert_eq!(submit["uuid"], step(&shown, "submit")["uuid"]);
    assert_eq!(submit["status"], "done");
    assert_eq!(submit["due"], "2026-12-12");
    assert_eq!(submit["due_manual"], true);
    assert_eq!(submit["rule"], serde_json::json!({"before_deadline": 5}));
    assert_eq!(
        step(case, "confirm")["rule"],
        serde_json::json!({"after": {"step": "submit", "days": 7}})
    );
    assert_eq!(step(case, "confirm")["due"], "2026-12-09");
    assert_eq!(step(case, "balance")["note"], "postpaid: nothing to clear");
    assert!(
        !step(case, "unbind")["how"]
            .as_str()
            .expect("how")
            .is_empty()
    );

    // The history of the exported cases, oldest first, each event with its own UUID.
    let events = doc["events"].as_array().expect("events");
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds.first(), Some(&"case.add"));
    assert!(kinds.contains(&"step.skip") && kinds.contains(&"step.due"));
    let uuids: BTreeSet<&str> = events
        .iter()
        .map(|e| e["uuid"].as_str().expect("uuid"))
        .collect();
    assert_eq!(uuids.len(), events.len());
    let times: Vec<&str> = events
        .iter()
        .map(|e| e["at"].as_str().expect("at"))
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
}

#[test]
fn without_all_only_open_cases_with_all_closed_and_deleted_ones_too() {
    let mut env = Env::new();
    rich(&mut env);
    let open = export(&env, &[]);
    assert_eq!(titles(&open), ["Proximus", "Telenet 宽带"]);
    assert!(
        open["events"]
            .as_array()
            .expect("events")
            .iter()
            .all(|e| e["kind"] != "case.delete" && e["case_id"] != 3),
        "history of closed or deleted cases in a default export"
    );
    let all = export(&env, &["--all"]);
    assert_eq!(titles(&all), ["Proximus", "Telenet 宽带", "Orange"]);
    let deleted = all["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["kind"] == "case.delete")
        .count();
    assert_eq!(deleted, 1, "the deletion travels with --all");

    // --case names one case, open or closed, with only its history.
    let one = export(&env, &["--case", "orange"]);
    assert_eq!(titles(&one), ["Orange"]);
    let uuid = &one["cases"][0]["uuid"];
    assert!(
        one["events"]
            .as_array()
            .expect("events")
            .iter()
            .all(|e| &e["case_uuid"] == uuid)
    );
    assert_eq!(
        one["events"].as_array().expect("events").len(),
        2,
        "added and closed"
    );
}

#[test]
fn case_and_all_together_are_a_usage_error() {
    let env = Env::new();
    env.add_proximus();
    let err = env.fails(&["export", "--case", "1", "--all"], 2);
    assert!(err.contains("cannot be used with"), "{err}");
    let err = env.fails(&["export", "--format", "pdf"], 2);
    assert!(err.contains("json, csv, taskwarrior"), "{err}");
    let err = env.fails(&["export", "--case", "vodafone"], 1);
    assert!(err.contains("no case matches 'vodafone'"), "{err}");
}

#[test]
fn an_empty_database_exports_an_empty_document_and_creates_nothing() {
    let env = Env::new();
    let doc = export(&env, &[]);
    assert_eq!(doc["cases"], serde_json::json!([]));
    assert_eq!(doc["events"], serde_json::json!([]));
    assert!(!env.db.exists());
    let csv = env.ok(&["export", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 1, "a header and no rows");
    assert_eq!(env.ok(&["export", "--format", "taskwarrior"]), "[]\n");
}

#[cfg(unix)]
#[test]
fn output_files_are_private_written_whole_and_never_widened() {
    use std::os::unix::fs::PermissionsExt;
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    let env = Env::new();
    env.add_proximus();
    let dir = env.path().join("out");
    std::fs::create_dir(&dir).expect("mkdir");
    let file = dir.join("closeout.json");
    let name = file.to_str().expect("utf-8");

    let said = env.ok(&["export", "--output", name]);
    assert_eq!(
        said,
        format!("wrote 1 case(s), 6 step(s) and 1 event(s) to {name}\n")
    );
    assert_eq!(mode(&file), 0o600);
    let doc: Value =
        serde_json::from_slice(&std::fs::read(&file).expect("read")).expect("the file is JSON");
    assert_eq!(doc["cases"][0]["title"], "Proximus");

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    env.ok(&["export", "--format", "csv", "-o", name]);
    assert_eq!(
        mode(&file),
        0o600,
        "an export never leaves a file readable by others"
    );
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    env.ok(&["export", "-o", name]);
    assert_eq!(mode(&file), 0o400, "nor widens a narrower one");
    let left: Vec<_> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(left, ["closeout.json"], "no temporary file is left behind");

    let summary = env.json(&["export", "--format", "taskwarrior", "-o", name]);
    assert_eq!(summary["format"], "taskwarrior");
    assert_eq!(summary["rows"], 6);
    assert_eq!(summary["output"], name);

    let missing = env.path().join("no/such/folder/x.json");
    let err = env.fails(&["export", "-o", missing.to_str().expect("utf-8")], 1);
    assert!(err.contains("does not exist"), "{err}");
    let err = env.fails(&["export", "-o", dir.to_str().expect("utf-8")], 1);
    assert!(err.contains("is a folder"), "{err}");
}

#[test]
fn csv_reads_back_with_a_csv_parser() {
    let mut env = Env::new();
    rich(&mut env);
    let text = env.ok(&["export", "--format", "csv", "--all"]);
    assert!(
        text.starts_with('\u{feff}'),
        "a UTF-8 byte-order mark for spreadsheets"
    );
    assert!(text.contains("\r\n"), "RFC 4180 lines end in CRLF");

    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header[0], "case_id",
        "the mark is not part of the first name"
    );
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let shown = cases(&env);
    let steps: usize = shown
        .iter()
        .map(|c| c["steps"].as_array().expect("steps").len())
        .sum();
    assert_eq!(rows.len(), steps, "one row per step");
    assert!(rows.iter().all(|r| r.len() == header.len()));

    // Every row says what `show` says, quotes, commas, line breaks and Chinese included.
    for row in &rows {
        let case = shown
            .iter()
            .find(|c| c["uuid"] == row[col("case_uuid")])
            .expect("case of the row");
        let s = case["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .find(|s| s["uuid"] == row[col("step_uuid")])
            .expect("step of the row");
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        assert_eq!(row[col("case_id")], case["id"].to_string());
        assert_eq!(row[col("case_title")], text(&case["title"]));
        assert_eq!(row[col("holder")], text(&case["holder"]));
        assert_eq!(row[col("case_status")], text(&case["status"]));
        assert_eq!(row[col("case_note")], text(&case["note"]));
        assert_eq!(row[col("key")], text(&s["key"]));
        assert_eq!(row[col("step_title")], text(&s["title"]));
        assert_eq!(row[col("step_status")], text(&s["status"]));
        assert_eq!(row[col("due")], text(&s["due"]));
        assert_eq!(row[col("done_at")], text(&s["done_at"]));
        assert_eq!(row[col("step_note")], text(&s["note"]));
        assert_eq!(row[col("how")], text(&s["how"]));
    }
    let note = rows
        .iter()
        .find(|r| &r[col("key")] == "method" && &r[col("case_id")] == "1")
        .expect("row");
    assert_eq!(&note[col("step_note")], "KBC app, \"2FA\" moved");
    assert_eq!(&note[col("case_note")], "第一行\nsecond line, with a comma");
    assert!(rows.iter().any(|r| &r[col("holder")] == "王芳"));
}

#[test]
fn help_names_the_commands_that_move_data() {
    let env = Env::new();
    let out = env.ok(&["--help"]);
    for cmd in ["export", "import", "sync"] {
        assert!(out.contains(&format!("  {cmd} ")), "{cmd} missing:\n{out}");
    }
    let out = env.ok(&["export", "--help"]);
    assert!(
        out.contains("Without --all or --case: the open cases"),
        "{out}"
    );
    assert!(out.contains("taskwarrior"), "{out}");
}
