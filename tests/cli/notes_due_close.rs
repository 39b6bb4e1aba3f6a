//! `due`, `note`, `close` and `delete`.

use crate::common::{Env, step};

#[test]
fn due_sets_a_date_by_hand_that_rules_then_leave_alone() {
    let env = Env::new();
    env.add_proximus();
    let case = env.json(&["due", "1", "confirm", "2027-01-15"]);
    assert_eq!(step(&case, "confirm")["due"], "2027-01-15");
    assert_eq!(step(&case, "confirm")["due_manual"], true);
    // Submit done: the rule would move confirm, but the hand-set date stays.
    let case = env.json(&["done", "1", "submit"]);
    assert_eq!(step(&case, "confirm")["due"], "2027-01-15");
    let out = env.ok(&["show", "1"]);
    let row = out.lines().find(|l| l.contains("confirm")).expect("row");
    assert!(row.contains("set by hand"), "{out}");
}

#[test]
fn due_accepts_relative_dates_and_none() {
    let env = Env::new();
    env.add_proximus();
    let case = env.json(&["due", "1", "method", "-1d"]);
    assert_eq!(step(&case, "method")["due"], "2026-11-29");
    let case = env.json(&["due", "1", "documents", "friday"]);
    assert_eq!(step(&case, "documents")["due"], "2026-12-04");
    let case = env.json(&["due", "1", "documents", "none"]);
    assert!(step(&case, "documents")["due"].is_null());
    let out = env.ok(&["due", "1", "unbind", "+2w"]);
    assert!(out.contains("step 3 'unbind' is due 2026-12-14"), "{out}");
}

#[test]
fn notes_add_lines_and_keep_earlier_ones() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["note", "1", "first line"]);
    env.ok(&["note", "proximus", "second line"]);
    env.ok(&["note", "1", "unbind", "KBC done"]);
    env.ok(&["note", "1", "3", "Netflix next"]);
    let case = env.json(&["show", "1"]);
    assert_eq!(case["note"], "first line\nsecond line");
    assert_eq!(step(&case, "unbind")["note"], "KBC done\nNetflix next");
    let out = env.ok(&["show", "1"]);
    assert!(
        out.contains("note      first line\n            second line"),
        "{out}"
    );
    // The human output says what was added; JSON gives the case as the note left it.
    assert_eq!(
        env.ok(&["note", "1", "third line"]),
        "note added to case #1\n"
    );
    let case = env.json(&["note", "1", "fourth line"]);
    assert_eq!(
        case["note"],
        "first line\nsecond line\nthird line\nfourth line"
    );
    let case = env.json(&["note", "1", "unbind", "bill checked"]);
    assert_eq!(
        step(&case, "unbind")["note"],
        "KBC done\nNetflix next\nbill checked"
    );
}

#[test]
fn note_refuses_empty_text_and_too_many_words() {
    let env = Env::new();
    env.add_proximus();
    env.fails(&["note", "1", "  "], 2);
    env.fails(&["note", "1", "unbind", "a", "b"], 2);
    env.fails(&["note", "1"], 2);
}

#[test]
fn close_is_refused_while_steps_are_pending_unless_forced() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "method"]);
    let err = env.fails(&["close", "1"], 1);
    assert!(
        err.contains("5 pending step(s)") && err.contains("--force"),
        "{err}"
    );
    let case = env.json(&["close", "1", "--force"]);
    assert_eq!(case["status"], "closed");
    assert_eq!(case["closed_at"], "2026-11-30T09:00:00+00:00");
    let out = env.ok(&["close", "1"]);
    assert!(out.contains("already closed; nothing changed"), "{out}");
}

#[test]
fn close_without_force_works_when_every_step_is_finished() {
    let env = Env::new();
    env.ok(&["add", "gym", "--template", "contract"]);
    env.ok(&["done", "1", "1", "2", "3"]);
    // The last step skipped by --force-free close: skip it first.
    env.ok(&["skip", "1", "confirm"]);
    assert_eq!(env.json(&["show", "1"])["status"], "closed");
}

#[test]
fn delete_needs_yes_and_then_removes_the_case_and_its_steps() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["add", "Telenet"]);
    let err = env.fails(&["delete", "1"], 1);
    assert!(err.contains("--yes"), "{err}");
    let gone = env.json(&["delete", "1", "--yes"]);
    // The case as it was.
    assert_eq!(gone["title"], "Proximus");
    assert_eq!(gone["steps"].as_array().expect("steps").len(), 6);
    env.fails(&["show", "1"], 1);
    let steps: i64 = env
        .sql()
        .query_row("SELECT count(*) FROM steps", [], |r| r.get(0))
        .expect("count");
    assert_eq!(steps, 6, "only the other case's steps remain");
    // Its history stays.
    let log = env.json(&["log"]);
    assert!(
        log.as_array()
            .expect("events")
            .iter()
            .any(|e| e["kind"] == "case.delete" && e["case"] == 1)
    );
}
