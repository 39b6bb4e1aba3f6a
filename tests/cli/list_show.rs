//! `list` and `show`: rows, progress, next step, closed cases, case lookup.

use crate::common::Env;

#[test]
fn list_shows_progress_next_step_and_deadline() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "method", "unbind"]);
    let rows = env.json(&["list"]);
    let row = &rows[0];
    assert_eq!(row["id"], 1);
    assert_eq!(row["title"], "Proximus");
    assert_eq!(row["holder"], "alice");
    assert_eq!(row["status"], "open");
    assert_eq!(row["done"], 2);
    assert_eq!(row["total"], 6);
    assert_eq!(row["deadline"], "2026-12-20");
    // The next pending step is the lowest position, whatever the due dates.
    assert_eq!(row["next"]["key"], "documents");
    assert_eq!(row["next"]["position"], 2);
    assert_eq!(row["next"]["due"], "2026-12-06");
    let text = env.ok(&["list"]);
    let line = text.lines().nth(1).expect("row line");
    assert!(line.contains("##---- 2/6"), "{text}");
    assert!(
        line.contains("2 documents") && line.contains("2026-12-06") && line.contains("2026-12-20"),
        "{text}"
    );
}

#[test]
fn list_hides_closed_cases_unless_all_and_filters_by_holder() {
    let env = Env::new();
    env.ok(&["add", "Proximus"]);
    env.ok(&["add", "Telenet", "--holder", "bob"]);
    env.ok(&["close", "1", "--force"]);
    let ids = |v: serde_json::Value| -> Vec<i64> {
        v.as_array()
            .expect("rows")
            .iter()
            .map(|r| r["id"].as_i64().expect("id"))
            .collect()
    };
    assert_eq!(ids(env.json(&["list"])), [2]);
    assert_eq!(ids(env.json(&["list", "--all"])), [1, 2]);
    assert_eq!(ids(env.json(&["list", "--all", "--holder", "alice"])), [1]);
    let err = env.fails(&["list", "--holder", "nobody"], 1);
    assert!(err.contains("the holders are: alice, bob"), "{err}");
    let text = env.ok(&["list", "--all"]);
    assert!(text.contains("(closed)"), "{text}");
    let finished = env.json(&["list", "--all"]);
    assert!(finished[1]["next"]["key"] == "method");
}

#[test]
fn list_on_a_missing_database_shows_the_empty_state_and_creates_nothing() {
    let env = Env::new();
    let out = env.ok(&["list"]);
    assert!(out.contains("no open cases"), "{out}");
    assert_eq!(env.json(&["list", "--all"]), serde_json::json!([]));
    assert!(!env.db.exists());
}

#[test]
fn show_prints_fields_marks_dates_and_how_to() {
    let mut env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "method", "--note", "online works"]);
    env.ok(&["skip", "1", "balance"]);
    env.ok(&["note", "1", "contract number on the June bill"]);
    env.at("2026-12-08T10:00:00Z");
    let out = env.ok(&["show", "1"]);
    assert!(out.starts_with("#1 Proximus  (open)"), "{out}");
    for field in [
        "provider  Proximus",
        "channel   online",
        "holder    alice",
        "number    +32 470 12 34 56",
        "deadline  2026-12-20 (in 12 days)",
        "template  sim",
        "note      contract number on the June bill",
    ] {
        assert!(out.contains(field), "{field} missing:\n{out}");
    }
    let row = |key: &str| {
        out.lines()
            .find(|l| l.contains(&format!("  {key}  ")))
            .unwrap_or_else(|| panic!("{key}:\n{out}"))
            .to_string()
    };
    assert!(
        row("method").contains("[x]") && row("method").contains("2026-11-30"),
        "{out}"
    );
    assert!(row("balance").contains("[-]"), "{out}");
    assert!(
        row("documents").contains("[ ]") && row("documents").contains("overdue"),
        "{out}"
    );
    assert!(!row("unbind").contains("overdue"), "{out}");
    assert!(out.contains("note: online works"), "{out}");
    // The how-to shows under pending steps only.
    assert!(
        out.contains("\"Cancel service\" and fill in the form"),
        "{out}"
    );
    assert!(
        !out.contains("accepts a phone call or an online request"),
        "done step's how-to shown:\n{out}"
    );
    assert!(out.contains("2 of 6 steps finished"), "{out}");
}

#[test]
fn cases_are_found_by_id_or_a_unique_piece_of_title_or_provider() {
    let env = Env::new();
    env.ok(&["add", "Proximus SIM"]);
    env.ok(&[
        "add",
        "home internet",
        "--provider",
        "Telenet",
        "--template",
        "contract",
    ]);
    env.ok(&["add", "Orange"]);
    env.ok(&["add", "Orange internet"]);
    assert_eq!(env.json(&["show", "2"])["title"], "home internet");
    assert_eq!(env.json(&["show", "SIM"])["id"], 1);
    assert_eq!(env.json(&["show", "telenet"])["id"], 2);
    // A whole title wins over pieces of other titles.
    assert_eq!(env.json(&["show", "orange"])["id"], 3);
    let err = env.fails(&["show", "o"], 1);
    assert!(
        err.contains("matches 4 cases")
            && err.contains("#1 Proximus SIM")
            && err.contains("use the case id"),
        "{err}"
    );
    let err = env.fails(&["show", "gym"], 1);
    assert!(err.contains("no case matches 'gym'"), "{err}");
    let err = env.fails(&["show", "42"], 1);
    assert!(err.contains("no case #42"), "{err}");
}

#[test]
fn closed_cases_are_still_found_by_piece_when_no_open_case_matches() {
    let env = Env::new();
    env.ok(&["add", "Proximus"]);
    env.ok(&["close", "1", "--force"]);
    assert_eq!(env.json(&["show", "proximus"])["id"], 1);
    env.ok(&["add", "Proximus again"]);
    // An open match wins over a closed one.
    assert_eq!(env.json(&["show", "proximus"])["id"], 2);
}
