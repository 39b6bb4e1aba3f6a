//! `import`: closeout's JSON back in, merged by UUID, idempotent, refused whole when bad.

use crate::common::{Env, step};
use crate::exchange::{cases, count, export_all, import, rich};
use rstest::rstest;
use serde_json::Value;
use std::io::Write;
use std::process::Stdio;

fn read_json(path: &std::path::Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("read")).expect("json")
}

#[test]
fn export_then_import_into_an_empty_database_gives_back_every_case() {
    let mut a = Env::new();
    rich(&mut a);
    let file = export_all(&a, "all.json");
    let mut b = Env::new();
    b.at("2026-12-02T08:00:00Z");
    let report = import(&b, &file);
    assert_eq!(count(&report, "cases", "added"), 3);
    assert_eq!(count(&report, "steps", "added"), 6 + 4 + 6);

    // Same ids (free in an empty database), same fields, same checklists, same history.
    assert_eq!(cases(&a), cases(&b));
    assert_eq!(a.json(&["list", "--all"]), b.json(&["list", "--all"]));
    assert_eq!(a.json(&["log"]), b.json(&["log"]));
    assert_eq!(a.ok(&["show", "1"]), b.ok(&["show", "1"]));
    // And the same export, down to the field stamps: nothing was lost on the way.
    let mut again = read_json(&export_all(&b, "again.json"));
    let mut first = read_json(&file);
    again["device"] = Value::Null;
    first["device"] = Value::Null;
    assert_eq!(first, again);
    // The deletion came along: the deleted case's history is there, the case is not.
    assert!(
        b.json(&["log"])
            .as_array()
            .expect("log")
            .iter()
            .any(|e| e["kind"] == "case.delete")
    );
    b.fails(&["show", "4"], 1);
}

#[test]
fn importing_the_same_file_twice_changes_nothing_the_second_time() {
    let mut a = Env::new();
    rich(&mut a);
    let file = export_all(&a, "all.json");
    let b = Env::new();
    b.ok(&["add", "KPN"]);
    import(&b, &file);
    let before = b.snapshot();
    let shown = cases(&b);
    let report = import(&b, &file);
    for what in ["cases", "steps"] {
        assert_eq!(count(&report, what, "added"), 0, "{what}");
        assert_eq!(count(&report, what, "updated"), 0, "{what}");
    }
    assert_eq!(count(&report, "cases", "left"), 3);
    assert_eq!(count(&report, "steps", "left"), 16);
    assert_eq!(count(&report, "events", "added"), 0);
    assert_eq!(report["changes"], serde_json::json!([]));
    assert_eq!(cases(&b), shown);
    assert_eq!(
        b.snapshot(),
        before,
        "the database file is byte for byte the same"
    );
    // Importing into the database it came from is the same as importing it twice.
    let report = import(&a, &file);
    assert_eq!(count(&report, "steps", "updated"), 0);
    let said = a.ok(&["import", file.to_str().expect("utf-8")]);
    assert!(
        said.contains("cases 0 added, 0 updated, 0 deleted, 3 left as they were"),
        "{said}"
    );
}

#[test]
fn an_id_taken_here_gives_the_incoming_case_the_next_free_one() {
    let a = Env::new();
    a.add_proximus();
    a.ok(&["add", "Telenet"]);
    let file = export_all(&a, "a.json");
    let b = Env::new();
    b.ok(&["add", "KPN"]);
    let said = b.ok(&["import", file.to_str().expect("utf-8")]);
    assert!(said.contains("added case #2 Proximus (6 steps)"), "{said}");
    assert!(said.contains("added case #3 Telenet (6 steps)"), "{said}");
    assert_eq!(b.json(&["show", "1"])["title"], "KPN");
    assert_eq!(
        b.json(&["show", "3"])["uuid"],
        a.json(&["show", "2"])["uuid"]
    );
}

#[test]
fn concurrent_edits_merge_field_by_field_and_the_newest_change_wins() {
    let mut a = Env::new();
    rich(&mut a);
    let mut b = Env::new();
    import(&b, &export_all(&a, "start.json"));

    // The laptop, in the morning: a case note, a step note, a date set by hand.
    a.at("2026-12-03T09:00:00Z");
    a.ok(&["note", "1", "laptop line"]);
    a.ok(&["note", "1", "unbind", "called KBC"]);
    a.ok(&["due", "1", "unbind", "2026-12-11"]);
    // The desktop, later that day: the same case note, the same step marked done.
    b.at("2026-12-03T10:00:00Z");
    b.ok(&["note", "1", "desktop line"]);
    b.ok(&["done", "1", "unbind"]);
    b.ok(&["note", "2", "asked about the router"]);

    let from_a = export_all(&a, "a.json");
    let from_b = export_all(&b, "b.json");
    let on_b = import(&b, &from_a);
    assert_eq!(count(&on_b, "cases", "updated"), 1);
    let on_a = import(&a, &from_b);
    assert_eq!(count(&on_a, "cases", "updated"), 2);

    assert_eq!(cases(&a), cases(&b), "both databases hold the same now");
    let case = a.json(&["show", "1"]);
    // The case note changed on both: the desktop's later change wins.
    assert_eq!(
        case["note"],
        "第一行\nsecond line, with a comma\ndesktop line"
    );
    // Different fields of one step: every change survives.
    let unbind = step(&case, "unbind");
    assert_eq!(unbind["status"], "done");
    assert_eq!(unbind["done_at"], "2026-12-03");
    assert_eq!(unbind["note"], "called KBC");
    assert_eq!(unbind["due"], "2026-12-11");
    assert_eq!(unbind["due_manual"], true);
    assert_eq!(a.json(&["show", "2"])["note"], "asked about the router");
    // The laptop's note is not lost: its change is in the history on both sides.
    for env in [&a, &b] {
        let log = env.json(&["log", "1"]);
        assert!(
            log.as_array()
                .expect("log")
                .iter()
                .any(|e| e["after"]["note"] == "第一行\nsecond line, with a comma\nlaptop line"),
            "{log}"
        );
    }
    // The same history; its event and change ids are each database's own.
    assert_eq!(portable(a.json(&["log"])), portable(b.json(&["log"])));
    // Once merged, merging again changes nothing either way.
    let again = import(&a, &export_all(&b, "b2.json"));
    assert_eq!(
        count(&again, "steps", "updated") + count(&again, "cases", "updated"),
        0
    );
}

#[test]
fn a_deletion_travels_and_an_older_file_does_not_bring_the_case_back() {
    let a = Env::new();
    a.add_proximus();
    a.ok(&["add", "Telenet"]);
    let before = export_all(&a, "before.json");
    let b = Env::new();
    import(&b, &before);

    a.ok(&["delete", "telenet", "--yes"]);
    let report = import(&b, &export_all(&a, "after.json"));
    assert_eq!(count(&report, "cases", "deleted"), 1);
    assert_eq!(report["changes"][0]["action"], "deleted");
    assert_eq!(
        b.json(&["list", "--all"]).as_array().expect("list").len(),
        1
    );

    // The file from before the deletion still holds the case: it stays deleted on both.
    for env in [&a, &b] {
        let report = import(env, &before);
        assert_eq!(count(&report, "cases", "added"), 0);
        assert_eq!(
            env.json(&["list", "--all"]).as_array().expect("list").len(),
            1
        );
    }
}

#[test]
fn an_undone_add_travels_as_a_deletion_and_an_undone_delete_brings_the_case_back() {
    let a = Env::new();
    a.add_proximus();
    a.ok(&["add", "Telenet"]);
    let b = Env::new();
    import(&b, &export_all(&a, "both.json"));
    let titles = |env: &Env| -> Vec<String> {
        let list = env.json(&["list", "--all"]);
        let mut t: Vec<String> = list
            .as_array()
            .expect("list")
            .iter()
            .map(|c| c["title"].as_str().expect("title").to_string())
            .collect();
        t.sort();
        t
    };
    assert_eq!(titles(&b), ["Proximus", "Telenet"]);

    // Undoing the add takes the case away: its history ends with a removal that is an undo.
    a.ok(&["undo"]);
    assert_eq!(titles(&a), ["Proximus"]);
    let report = import(&b, &export_all(&a, "undone.json"));
    assert_eq!(count(&report, "cases", "deleted"), 1);
    assert_eq!(titles(&b), ["Proximus"]);

    // Deleted on the other, the case comes back when that deletion is undone there.
    let c = Env::new();
    import(&c, &export_all(&a, "one.json"));
    c.ok(&["add", "Orange"]);
    import(&b, &export_all(&c, "c.json"));
    assert_eq!(titles(&b), ["Orange", "Proximus"]);
    c.ok(&["delete", "orange", "--yes"]);
    let report = import(&b, &export_all(&c, "c-deleted.json"));
    assert_eq!(count(&report, "cases", "deleted"), 1);
    c.ok(&["undo"]);
    assert_eq!(titles(&c), ["Orange", "Proximus"]);
    let report = import(&b, &export_all(&c, "c-back.json"));
    assert_eq!(count(&report, "cases", "added"), 1);
    assert_eq!(titles(&b), ["Orange", "Proximus"]);
}

#[test]
fn dry_run_says_what_would_change_and_writes_nothing() {
    let mut a = Env::new();
    rich(&mut a);
    let file = export_all(&a, "all.json");
    let name = file.to_str().expect("utf-8");

    let b = Env::new();
    let said = b.ok(&["import", name, "--dry-run"]);
    assert!(
        said.contains("would add case #1 Proximus (6 steps)"),
        "{said}"
    );
    assert!(said.contains("dry run, nothing was written"), "{said}");
    assert!(!b.db.exists(), "a dry run creates no database");

    b.ok(&["add", "KPN"]);
    let before = b.snapshot();
    let report = b.json(&["import", name, "--dry-run"]);
    assert_eq!(report["dry_run"], true);
    assert_eq!(count(&report, "cases", "added"), 3);
    assert_eq!(b.snapshot(), before);
    assert_eq!(
        b.json(&["list", "--all"]).as_array().expect("list").len(),
        1
    );

    // Against a database with changes: "would update", and still nothing written.
    import(&b, &file);
    a.at("2026-12-05T09:00:00Z");
    a.ok(&["done", "2", "documents"]);
    let before = b.snapshot();
    let said = b.ok(&[
        "import",
        export_all(&a, "later.json").to_str().expect("utf-8"),
        "--dry-run",
    ]);
    assert!(
        said.contains("would update case #3 Telenet 宽带: step 2 'documents': status"),
        "{said}"
    );
    assert_eq!(b.snapshot(), before);
}

#[test]
fn import_reads_standard_input() {
    let a = Env::new();
    a.add_proximus();
    let text = a.ok(&["export"]);
    let b = Env::new();
    let mut child = b
        .process()
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success());
    let said = String::from_utf8(out.stdout).expect("utf-8");
    assert!(said.starts_with("added case #1 Proximus"), "{said}");
    assert_eq!(cases(&a), cases(&b));
}

/// A valid export of two cases, as text, for the refusal tests to spoil.
fn two_cases() -> String {
    let a = Env::new();
    a.ok(&["add", "Mobile Vikings"]);
    a.ok(&["add", "Scarlet 宽带"]);
    a.ok(&["export"])
}

#[rstest]
#[case::not_json(|t: &str| t[..t.len() / 2].to_string(), "is not valid JSON: EOF while parsing")]
#[case::newer_version(|t: &str| t.replace("\"version\": 3,", "\"version\": 4,"), "format version 4, newer than this closeout reads (3); upgrade closeout")]
#[case::not_closeout(|t: &str| t.replace("\"format\": \"closeout\"", "\"format\": \"todo.txt\""), "not a closeout export")]
#[case::bad_status(|t: &str| t.replacen("\"status\":\"pending\"", "\"status\":\"started\"", 20), "unknown variant `started`")]
#[case::unknown_field(|t: &str| t.replacen("\"holder\":", "\"owner\":", 1), "unknown field `owner`")]
#[case::bad_date(|t: &str| t.replacen("\"created_at\":\"2026-11-30T09:00:00Z\"", "\"created_at\":\"yesterday\"", 2), "'yesterday' is not an RFC 3339 time")]
#[case::csv(|_: &str| "case_id,title\n1,Proximus\n".to_string(), "neither a closeout export")]
fn a_bad_or_newer_file_is_refused_whole_with_its_first_problem(
    #[case] spoil: fn(&str) -> String,
    #[case] says: &str,
) {
    let env = Env::new();
    env.add_proximus();
    let file = env.path().join("spoiled.json");
    std::fs::write(&file, spoil(&two_cases())).expect("write");
    let err = env.fails(&["import", file.to_str().expect("utf-8")], 1);
    assert!(err.contains(says), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(
        env.json(&["list", "--all"]).as_array().expect("list").len(),
        1
    );
}

#[test]
fn shape_problems_say_where_they_are() {
    let env = Env::new();
    env.add_proximus();
    let text = two_cases();
    // Spoil the second case's first step: the problem is found on its line.
    let line = text
        .lines()
        .position(|l| l.contains("Scarlet"))
        .expect("line")
        + 1;
    let spoiled: Vec<String> = text
        .lines()
        .map(|l| {
            if l.contains("Scarlet") {
                l.replace("\"steps\":[{\"uuid\"", "\"steps\":[{\"uid\"")
            } else {
                l.to_string()
            }
        })
        .collect();
    let file = env.path().join("bad.json");
    std::fs::write(&file, spoiled.join("\n")).expect("write");
    let err = env.fails(&["import", file.to_str().expect("utf-8")], 1);
    assert!(err.contains("unknown field `uid`"), "{err}");
    assert!(err.contains(&format!("at line {line} column")), "{err}");

    let err = env.fails(&["import", "/no/such/file.json"], 1);
    assert!(err.contains("cannot read /no/such/file.json"), "{err}");
}

/// A history without the ids each database gives its events and changes.
fn portable(log: serde_json::Value) -> Vec<serde_json::Value> {
    log.as_array()
        .expect("log")
        .iter()
        .map(|e| {
            let mut e = e.clone();
            if let Some(o) = e.as_object_mut() {
                for local in ["id", "change", "reverts"] {
                    o.remove(local);
                }
            }
            e
        })
        .collect()
}

#[test]
fn the_report_speaks_the_users_language_and_its_json_stays_english() {
    let a = Env::new();
    a.add_proximus();
    let file = a.path().join("one.json");
    let file = file.to_str().expect("utf-8");
    a.ok(&["export", "--all", "--output", file]);
    let b = Env::new();
    b.ok(&["import", file]);
    a.ok(&["done", "1", "documents"]);
    a.ok(&["note", "1", "documents", "copies made"]);
    a.ok(&["export", "--all", "--output", file]);

    // Fields listed in Chinese are separated by 、, never an ASCII comma.
    let said = b.ok(&["--lang", "zh", "import", file, "--dry-run"]);
    assert!(said.contains("步骤 2「documents」：状态、备注"), "{said}");
    let report = b.json(&["--lang", "zh", "import", file]);
    let what = &report["changes"][0]["what"];
    assert_eq!(
        what,
        &serde_json::json!(["step 2 'documents': status, note"]),
        "{report}"
    );
}
