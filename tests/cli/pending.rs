//! `pending`: order, overdue marks and filters.

use crate::common::Env;

fn keys(rows: &serde_json::Value) -> Vec<String> {
    rows.as_array()
        .expect("rows")
        .iter()
        .map(|r| format!("{}:{}", r["case"], r["key"].as_str().expect("key")))
        .collect()
}

#[test]
fn pending_orders_by_due_then_case_then_position_with_undated_last() {
    let env = Env::new();
    env.ok(&["add", "Proximus", "--deadline", "2026-12-20"]);
    env.ok(&["add", "Telenet", "--deadline", "2026-12-20"]);
    env.ok(&["add", "gym", "--template", "contract"]);
    env.ok(&["due", "gym", "method", "2026-12-01"]);
    let rows = env.json(&["pending"]);
    assert_eq!(
        keys(&rows),
        [
            // Same day for both SIM cases' first two steps: case id, then position.
            "1:method",
            "2:method",
            "3:method",
            "1:documents",
            "2:documents",
            "1:unbind",
            "2:unbind",
            "1:balance",
            "2:balance",
            "1:submit",
            "2:submit",
            // No due date: last, by case then position.
            "1:confirm",
            "2:confirm",
            "3:documents",
            "3:submit",
            "3:confirm",
        ]
    );
    let first = &rows[0];
    assert_eq!(first["case_title"], "Proximus");
    assert_eq!(first["holder"], "alice");
    assert_eq!(first["position"], 1);
    assert_eq!(first["title"], "Find out how to cancel");
    assert_eq!(first["due"], "2026-11-30");
    assert_eq!(first["overdue"], false);
}

#[test]
fn overdue_rows_are_marked() {
    let mut env = Env::new();
    env.ok(&["add", "Proximus", "--deadline", "2026-12-20"]);
    env.at("2026-12-09T08:00:00Z");
    let rows = env.json(&["pending"]);
    let overdue: Vec<(String, bool)> = rows
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["key"].as_str().expect("key").to_string(),
                r["overdue"].as_bool().expect("bool"),
            )
        })
        .collect();
    assert_eq!(
        overdue,
        [
            ("method".into(), true),
            ("documents".into(), true),
            ("unbind".into(), false),
            ("balance".into(), false),
            ("submit".into(), false),
            ("confirm".into(), false),
        ]
    );
    let text = env.ok(&["pending"]);
    let row = |key: &str| {
        text.lines()
            .find(|l| l.contains(key))
            .expect("row")
            .to_string()
    };
    assert!(row("method").contains("9 days late"), "{text}");
    assert!(row("documents").contains("3 days late"), "{text}");
    assert!(!row("unbind").contains("late"), "{text}");
}

#[test]
fn done_and_skipped_steps_leave_pending() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "method"]);
    env.ok(&["skip", "1", "balance"]);
    let rows = env.json(&["pending"]);
    assert_eq!(
        keys(&rows),
        ["1:documents", "1:unbind", "1:submit", "1:confirm"]
    );
}

#[test]
fn before_keeps_steps_due_on_or_before_the_day() {
    let env = Env::new();
    env.ok(&["add", "Proximus", "--deadline", "2026-12-20"]);
    // documents is due 2026-12-06: on the day counts.
    let rows = env.json(&["pending", "--before", "2026-12-06"]);
    assert_eq!(keys(&rows), ["1:method", "1:documents"]);
    let rows = env.json(&["pending", "--before", "+6d"]);
    assert_eq!(keys(&rows), ["1:method", "1:documents"]);
    let rows = env.json(&["pending", "--before", "yesterday"]);
    assert_eq!(keys(&rows), Vec::<String>::new());
}

#[test]
fn holder_and_case_filters() {
    let env = Env::new();
    env.ok(&["add", "Proximus", "--holder", "bob"]);
    env.ok(&["add", "Telenet"]);
    let rows = env.json(&["pending", "--holder", "bob"]);
    assert_eq!(rows.as_array().expect("rows").len(), 6);
    assert!(
        rows.as_array()
            .expect("rows")
            .iter()
            .all(|r| r["case"] == 1)
    );
    let rows = env.json(&["pending", "--case", "telenet"]);
    assert_eq!(rows.as_array().expect("rows").len(), 6);
    assert!(
        rows.as_array()
            .expect("rows")
            .iter()
            .all(|r| r["case"] == 2)
    );
    env.fails(&["pending", "--case", "nothing"], 1);
}

#[test]
fn pending_on_a_missing_database_is_empty_and_creates_nothing() {
    let env = Env::new();
    let out = env.ok(&["pending"]);
    assert_eq!(out.trim(), "nothing pending");
    assert_eq!(env.json(&["pending"]), serde_json::json!([]));
    assert!(!env.db.exists());
    assert!(!env.db.parent().expect("parent").exists());
}

/// The whole list (open cases read first, then the pending steps alone) and a list with a last
/// day (the steps joined with their cases) give the same dated rows: the steps of open cases
/// only, of the holder asked for, in the same order, with the same case titles.
#[test]
fn the_whole_list_agrees_with_the_joined_one() {
    let env = Env::new();
    for (i, holder) in ["alice", "bob", "alice", "bob", "alice", "carol"]
        .iter()
        .enumerate()
    {
        env.ok(&[
            "add",
            &format!("case {i} 中文"),
            "--holder",
            holder,
            "--deadline",
            "2026-12-20",
        ]);
    }
    env.ok(&["add", "undated", "--template", "contract"]);
    // Closed with its steps still pending, and one done step.
    env.ok(&["close", "case 1 中文", "--force"]);
    env.ok(&["close", "case 4 中文", "--force"]);
    env.ok(&["done", "case 2 中文", "method"]);
    let dated = |rows: serde_json::Value| -> Vec<serde_json::Value> {
        rows.as_array()
            .expect("rows")
            .iter()
            .filter(|r| !r["due"].is_null())
            .cloned()
            .collect()
    };
    for holder in [None, Some("alice"), Some("bob"), Some("carol")] {
        let mut whole = vec!["pending"];
        whole.extend(holder.iter().flat_map(|h| ["--holder", h]));
        let mut joined = whole.clone();
        joined.extend(["--before", "2099-12-31"]);
        let (whole, joined) = (env.json(&whole), env.json(&joined));
        assert_eq!(dated(whole.clone()), dated(joined), "{holder:?}");
        let cases: std::collections::BTreeSet<String> = whole
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| r["case_title"].as_str().unwrap_or("?").to_string())
            .collect();
        assert!(
            !cases.contains("case 1 中文") && !cases.contains("case 4 中文"),
            "{cases:?}"
        );
    }
    let all = env.json(&["pending"]);
    assert!(
        all.as_array()
            .expect("rows")
            .iter()
            .any(|r| r["due"].is_null())
    );
}
