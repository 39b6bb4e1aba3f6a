//! `done`, `skip`, `reopen`: step states, the confirm date, closing and reopening cases.

use crate::common::{Env, keys_with_status, step};

#[test]
fn done_marks_a_step_with_todays_date_and_a_note() {
    let env = Env::new();
    env.add_proximus();
    let out = env.ok(&[
        "done",
        "proximus",
        "unbind",
        "--note",
        "bank 2FA moved to the new number",
    ]);
    assert!(out.contains("step 3 'unbind' done on 2026-11-30"), "{out}");
    let case = env.json(&["show", "1"]);
    let unbind = step(&case, "unbind");
    assert_eq!(unbind["status"], "done");
    assert_eq!(unbind["done_at"], "2026-11-30");
    assert_eq!(unbind["note"], "bank 2FA moved to the new number");
}

#[test]
fn steps_are_named_by_position_key_or_key_prefix() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "1", "doc", "BAL"]);
    let case = env.json(&["show", "1"]);
    assert_eq!(
        keys_with_status(&case, "done"),
        ["method", "documents", "balance"]
    );
}

#[test]
fn done_with_a_date_in_the_past_or_future_records_that_day() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "method", "--date", "-3d"]);
    env.ok(&["done", "1", "documents", "--date", "2026-12-02"]);
    let case = env.json(&["show", "1"]);
    assert_eq!(step(&case, "method")["done_at"], "2026-11-27");
    assert_eq!(step(&case, "documents")["done_at"], "2026-12-02");
}

#[test]
fn confirm_falls_due_a_week_after_the_day_submit_was_done() {
    let env = Env::new();
    env.add_proximus();
    let case = env.json(&["show", "1"]);
    assert!(step(&case, "confirm")["due"].is_null());
    // Recorded today, done two days ago: the week counts from the day it was done.
    let case = env.json(&["done", "1", "submit", "--date", "2026-11-28"]);
    assert_eq!(step(&case, "confirm")["due"], "2026-12-05");
    // Reopening submit takes the date away again.
    let case = env.json(&["reopen", "1", "submit"]);
    assert!(step(&case, "confirm")["due"].is_null());
    assert_eq!(step(&case, "submit")["status"], "pending");
    assert!(step(&case, "submit")["done_at"].is_null());
}

#[test]
fn marking_a_done_step_done_again_changes_nothing_and_says_so() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "method"]);
    let before = env.snapshot();
    let out = env.ok(&["done", "1", "method", "--date", "2026-12-01"]);
    assert!(
        out.contains("already done (2026-11-30); nothing changed"),
        "{out}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn skip_counts_as_finished_and_the_last_step_closes_the_case() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "method", "documents", "unbind", "submit"]);
    env.ok(&["skip", "1", "balance", "--note", "no prepaid credit"]);
    let list = env.json(&["list"]);
    assert_eq!(list[0]["done"], 5);
    assert_eq!(list[0]["total"], 6);
    let out = env.ok(&["done", "1", "confirm"]);
    assert!(out.contains("case #1 Proximus is closed"), "{out}");
    let case = env.json(&["show", "1"]);
    assert_eq!(case["status"], "closed");
    assert_eq!(case["closed_at"], "2026-11-30T09:00:00+00:00");
    assert_eq!(step(&case, "balance")["status"], "skipped");
    assert_eq!(step(&case, "balance")["note"], "no prepaid credit");
    // Closed cases leave list and pending.
    assert_eq!(env.json(&["list"]).as_array().expect("rows").len(), 0);
    assert_eq!(env.json(&["pending"]).as_array().expect("rows").len(), 0);
    assert_eq!(env.json(&["list", "--all"])[0]["status"], "closed");
}

#[test]
fn reopen_without_steps_reopens_a_closed_case() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["close", "1", "--force"]);
    let out = env.ok(&["reopen", "proximus"]);
    assert!(out.contains("case #1 Proximus is open again"), "{out}");
    let case = env.json(&["show", "1"]);
    assert_eq!(case["status"], "open");
    assert!(case["closed_at"].is_null());
    let out = env.ok(&["reopen", "1"]);
    assert!(out.contains("already open"), "{out}");
}

#[test]
fn reopening_a_step_of_a_closed_case_reopens_the_case() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "1", "2", "3", "4", "5", "6"]);
    assert_eq!(env.json(&["show", "1"])["status"], "closed");
    let case = env.json(&["reopen", "1", "confirm"]);
    assert_eq!(case["status"], "open");
    assert_eq!(keys_with_status(&case, "pending"), ["confirm"]);
}

#[test]
fn reopen_of_a_pending_step_says_nothing_changed() {
    let env = Env::new();
    env.add_proximus();
    let out = env.ok(&["reopen", "1", "method"]);
    assert!(out.contains("already pending"), "{out}");
}

#[test]
fn a_skipped_step_can_be_done_later() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["skip", "1", "balance"]);
    let case = env.json(&["done", "1", "balance"]);
    assert_eq!(step(&case, "balance")["status"], "done");
}

#[test]
fn unknown_and_ambiguous_steps_are_refused_and_nothing_changes() {
    let env = Env::new();
    env.add_proximus();
    let err = env.fails(&["done", "1", "method", "nosuch"], 1);
    assert!(
        err.contains("no step 'nosuch'") && err.contains("method, documents"),
        "{err}"
    );
    let err = env.fails(&["done", "1", "9"], 1);
    assert!(err.contains("no step '9'"), "{err}");
    // Both steps start with "co" only if a user step says so; here "b" is unique, "" is not a key.
    env.ok(&["done", "1", "b"]);
    let err = env.fails(&["done", "1", "method", "   "], 1);
    assert!(err.contains("no step"), "{err}");
}
