//! `undo` and `redo`: every kind of change taken back and brought back, one command at a time.

use crate::common::{Env, step};
use serde_json::{Value, json};

/// Runs `change`, then checks that undo restores the case exactly as it was before and redo
/// exactly as it was after. Returns what undo printed.
fn round_trip(env: &Env, change: &[&str], case: &str) -> String {
    let before = env.json(&["show", case]);
    env.ok(change);
    let after = env.json(&["show", case]);
    assert_ne!(before, after, "{change:?} changed nothing");
    let said = env.ok(&["undo"]);
    assert_eq!(env.json(&["show", case]), before, "undo of {change:?}");
    env.ok(&["redo"]);
    assert_eq!(env.json(&["show", case]), after, "redo of {change:?}");
    env.ok(&["undo"]);
    assert_eq!(
        env.json(&["show", case]),
        before,
        "undo of the redo of {change:?}"
    );
    said
}

#[test]
fn undo_and_redo_each_kind_of_step_change() {
    let env = Env::new();
    env.add_proximus();
    let said = round_trip(&env, &["done", "1", "unbind", "--note", "bank moved"], "1");
    assert_eq!(
        said,
        "undone: step 3 'unbind' done on 2026-11-30, note added (case #1 Proximus)\n"
    );
    round_trip(&env, &["skip", "1", "balance"], "1");
    round_trip(&env, &["due", "1", "method", "2026-12-03"], "1");
    round_trip(
        &env,
        &["note", "1", "documents", "passport expires soon"],
        "1",
    );
    env.ok(&["done", "1", "method"]);
    round_trip(&env, &["reopen", "1", "method"], "1");
    round_trip(
        &env,
        &[
            "step", "add", "1", "Netflix", "--after", "unbind", "--due", "+2d",
        ],
        "1",
    );
    round_trip(&env, &["step", "remove", "1", "documents"], "1");
    round_trip(&env, &["step", "move", "1", "confirm", "--first"], "1");
    round_trip(
        &env,
        &[
            "step",
            "edit",
            "1",
            "unbind",
            "--title",
            "Unbind KBC",
            "--how",
            "app",
        ],
        "1",
    );
}

#[test]
fn undo_and_redo_each_kind_of_case_change() {
    let mut env = Env::new();
    env.add_proximus();
    round_trip(&env, &["note", "1", "ask about the refund"], "1");
    env.at("2026-12-01T10:00:00Z");
    round_trip(&env, &["close", "1", "--force"], "1");
    env.ok(&["close", "1", "--force"]);
    env.at("2026-12-02T10:00:00Z");
    // Undoing the reopen gives the case its first closing time back.
    round_trip(&env, &["reopen", "1"], "1");
    assert_eq!(
        env.json(&["show", "1"])["closed_at"],
        "2026-12-01T10:00:00+00:00"
    );
    // A step added to a closed case reopens it; undo takes back both.
    let said = round_trip(&env, &["step", "add", "1", "Check the final bill"], "1");
    assert_eq!(
        said,
        "undone: step 'check-the-final-bill' added: Check the final bill, case reopened (case #1 Proximus)\n"
    );
}

#[test]
fn a_command_is_taken_back_whole_with_what_it_set_off() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "1", "2", "3", "4"]);
    let before = env.json(&["show", "1"]);
    // Done on two steps: the case closes (confirm, finished, gets no date from its rule).
    let after = env.json(&["done", "1", "submit", "confirm"]);
    assert_eq!(after["status"], "closed");
    let out = env.ok(&["undo"]);
    assert_eq!(
        out,
        "undone: step 5 'submit' done on 2026-11-30, step 6 'confirm' done on 2026-11-30, \
         case closed (case #1 Proximus)\n"
    );
    assert_eq!(env.json(&["show", "1"]), before);
    env.ok(&["redo"]);
    assert_eq!(env.json(&["show", "1"]), after);
}

#[test]
fn undo_of_add_removes_the_case_and_redo_brings_it_back() {
    let env = Env::new();
    env.add_proximus();
    let case = env.json(&["show", "1"]);
    let out = env.ok(&["undo"]);
    assert_eq!(out, "undone: case created: Proximus (case #1)\n");
    assert_eq!(env.json(&["list", "--all"]), json!([]));
    let out = env.ok(&["redo"]);
    assert_eq!(out, "redone: case created: Proximus (case #1 Proximus)\n");
    assert_eq!(env.json(&["show", "1"]), case);
}

/// The steps' row ids and positions, by id.
fn step_rows(env: &Env) -> Vec<(i64, i64)> {
    let sql = env.sql();
    let mut stmt = sql
        .prepare("SELECT id, position FROM steps ORDER BY id")
        .expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn undo_of_delete_restores_the_whole_case_with_its_ids_notes_and_history() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["add", "Telenet"]);
    env.ok(&["note", "1", "contract 12345"]);
    env.ok(&["done", "1", "unbind", "--note", "bank 2FA moved"]);
    env.ok(&["step", "add", "1", "Netflix", "--due", "2026-12-05"]);
    env.ok(&["done", "1", "submit", "--date", "2026-12-01"]);
    let case = env.json(&["show", "1"]);
    let history = env.json(&["log", "1"]);
    let step_ids = step_rows(&env);
    env.ok(&["delete", "1", "--yes"]);
    env.fails(&["show", "1"], 1);
    let out = env.ok(&["undo"]);
    assert_eq!(out, "undone: case deleted: Proximus (case #1 Proximus)\n");
    // The same case: id, uuid, every step with its uuid, status, dates, notes, rules.
    assert_eq!(env.json(&["show", "1"]), case);
    assert_eq!(
        step(&case, "confirm")["rule"],
        json!({ "after": { "step": "submit", "days": 7 } })
    );
    assert_eq!(step(&case, "netflix")["due_manual"], true);
    // Its history is all there, the deletion and its undoing added.
    let now = env.json(&["log", "1"]);
    let n = history.as_array().expect("events").len();
    assert_eq!(
        now.as_array().expect("events")[..n],
        history.as_array().expect("events")[..]
    );
    assert_eq!(now[n]["kind"], "case.delete");
    assert_eq!(now[n + 1]["kind"], "undo");
    assert_eq!(now[n + 1]["reverts"], now[n]["id"]);
    assert_eq!(now[n + 1]["reverts_kind"], "case.delete");
    // Redo deletes it again, and undo brings it back again.
    assert_eq!(
        env.ok(&["redo"]),
        "redone: case deleted: Proximus (case #1)\n"
    );
    env.fails(&["show", "1"], 1);
    env.ok(&["undo"]);
    assert_eq!(env.json(&["show", "1"]), case);
    // The steps keep their rows too, and the case works as before.
    assert_eq!(step_rows(&env), step_ids);
    let case = env.json(&["done", "1", "confirm"]);
    assert_eq!(step(&case, "confirm")["status"], "done");
}

#[test]
fn undo_goes_back_one_change_at_a_time_and_redo_forward() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["add", "Telenet"]);
    env.ok(&["done", "1", "method"]);
    env.ok(&["done", "2", "method"]);
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    assert_eq!(env.json(&["show", "1"])["steps"][0]["status"], "pending");
    assert_eq!(env.json(&["show", "2"])["steps"][0]["status"], "pending");
    // Redo brings back the newest undone change last: first case 1, then case 2.
    env.ok(&["redo"]);
    assert_eq!(env.json(&["show", "1"])["steps"][0]["status"], "done");
    assert_eq!(env.json(&["show", "2"])["steps"][0]["status"], "pending");
    env.ok(&["redo"]);
    assert_eq!(env.json(&["show", "2"])["steps"][0]["status"], "done");
    assert_eq!(
        env.ok(&["redo"]),
        "nothing to redo: redo brings back what undo took back, until the next change\n"
    );
    // A new change after an undo forgets what could be redone.
    env.ok(&["undo"]);
    env.ok(&["note", "1", "new change"]);
    assert!(env.ok(&["redo"]).starts_with("nothing to redo"));
    // Everything can be taken back, to the empty start.
    for _ in 0..4 {
        env.ok(&["undo"]);
    }
    assert_eq!(env.json(&["list", "--all"]), json!([]));
    let before = env.snapshot();
    assert_eq!(env.ok(&["undo"]), "nothing to undo\n");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn undo_list_shows_the_next_ten_and_what_redo_brings_back() {
    let env = Env::new();
    assert_eq!(env.ok(&["undo", "--list"]), "nothing to undo\n");
    env.add_proximus();
    for i in 1..=11 {
        env.ok(&["note", "1", &format!("line {i}")]);
    }
    env.ok(&["undo"]);
    let out = env.ok(&["undo", "--list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 12, "{out}");
    assert_eq!(lines[0], "undo takes back, newest first:");
    assert_eq!(lines[1], "  1  2026-11-30 09:00  #1    case note added");
    assert!(lines[10].starts_with(" 10  "), "{out}");
    assert_eq!(lines[11], "redo brings back: #1 case note added");
    let list = env.json(&["undo", "--list"]);
    assert_eq!(list["undo"].as_array().expect("undo").len(), 10);
    assert_eq!(list["undo"][0]["summary"], "case note added");
    assert_eq!(
        list["undo"][0]["events"][0]["after"]["note"],
        json!(
            (1..=10)
                .map(|i| format!("line {i}"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    );
    assert_eq!(list["redo"]["events"][0]["kind"], "undo");
    // --list changes nothing.
    let before = env.snapshot();
    env.ok(&["undo", "--list"]);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn undo_json_gives_the_recorded_events_and_the_case() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "method"]);
    let out = env.json(&["undo"]);
    assert_eq!(out["reverted"], 2);
    assert_eq!(out["change"], 3);
    assert_eq!(out["events"][0]["kind"], "undo");
    assert_eq!(out["events"][0]["reverts"], 2);
    assert_eq!(out["events"][0]["reverts_kind"], "step.done");
    assert_eq!(out["events"][0]["before"]["status"], "done");
    assert_eq!(out["events"][0]["after"]["status"], "pending");
    assert_eq!(out["case"]["steps"][0]["status"], "pending");
    let redo = env.json(&["redo"]);
    assert_eq!(redo["events"][0]["kind"], "redo");
    assert_eq!(redo["events"][0]["reverts"], 2);
    assert_eq!(redo["events"][0]["after"]["status"], "done");
    let log = env.ok(&["log"]);
    assert!(
        log.contains("  #1    undone: step 1 'method' done on 2026-11-30\n"),
        "{log}"
    );
    assert!(
        log.ends_with("  #1    redone: step 1 'method' done on 2026-11-30\n"),
        "{log}"
    );
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    assert_eq!(env.json(&["undo"])["case"], Value::Null);
}

/// Records a change the way any command does, in one transaction: the events of another
/// command (an edit of the case's fields, a how-to rewritten) are taken back like the rest.
#[test]
fn undo_takes_back_field_changes_whatever_command_recorded_them() {
    let env = Env::new();
    env.add_proximus();
    let before = env.json(&["show", "1"]);
    let uuid = before["uuid"].as_str().expect("uuid").to_string();
    let submit = step(&before, "submit");
    let (step_uuid, old_how) = (
        submit["uuid"].as_str().expect("uuid"),
        submit["how"].as_str().expect("how"),
    );
    let sql = env.sql();
    sql.execute_batch("BEGIN").expect("begin");
    sql.execute(
        "UPDATE cases SET title = 'Proximus SIM', channel = 'shop', deadline = '2027-01-10' WHERE id = 1",
        [],
    )
    .expect("edit");
    sql.execute(
        "UPDATE steps SET how = 'Go to a shop.' WHERE uuid = ?1",
        [step_uuid],
    )
    .expect("how");
    let edit_before = json!({ "title": "Proximus", "channel": "online", "deadline": "2026-12-20" });
    let edit_after =
        json!({ "title": "Proximus SIM", "channel": "shop", "deadline": "2027-01-10" });
    sql.execute(
        "INSERT INTO events (at, case_id, case_uuid, kind, before, after) VALUES (1796029200, 1, ?1, 'case.edit', ?2, ?3)",
        rusqlite::params![uuid, edit_before.to_string(), edit_after.to_string()],
    )
    .expect("event");
    let first = sql.last_insert_rowid();
    sql.execute(
        "INSERT INTO events (at, case_id, case_uuid, step_uuid, step_key, kind, before, after, change_id) \
         VALUES (1796029200, 1, ?1, ?2, 'submit', 'step.how', ?3, ?4, ?5)",
        rusqlite::params![uuid, step_uuid, json!({ "how": old_how }).to_string(), json!({ "how": "Go to a shop." }).to_string(), first],
    )
    .expect("event");
    sql.execute("UPDATE events SET change_id = ?1 WHERE id = ?1", [first])
        .expect("change");
    sql.execute_batch("COMMIT").expect("commit");
    drop(sql);
    let edited = env.json(&["show", "1"]);
    env.ok(&["undo"]);
    assert_eq!(env.json(&["show", "1"]), before);
    env.ok(&["redo"]);
    assert_eq!(env.json(&["show", "1"]), edited);
}

#[test]
fn undo_refuses_when_the_case_no_longer_matches_its_history() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "method"]);
    // Changed behind closeout's back: the history says done, the database says skipped.
    env.sql()
        .execute("UPDATE steps SET status = 'skipped' WHERE position = 1", [])
        .expect("tamper");
    let err = env.fails(&["undo"], 1);
    assert!(
        err.contains(
            "cannot undo \"step 1 'method' done on 2026-11-30\" (2026-11-30 09:00, case #1)"
        ) && err.contains("its status has changed since; nothing was changed"),
        "{err}"
    );
}
