//! A schedule that follows the user: `deadline` and `edit --deadline` move rule-driven dates and
//! keep hand-set ones; `snooze` moves one step later; past deadlines warn.

use crate::common::{Env, step};
use serde_json::Value;

fn dues(case: &Value) -> Vec<String> {
    case["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| format!("{}={}", s["key"].as_str().expect("key"), s["due"]))
        .collect()
}

#[test]
fn a_new_deadline_moves_rule_dates_and_keeps_hand_set_ones() {
    let env = Env::new();
    env.add_proximus(); // deadline 2026-12-20
    env.ok(&["due", "1", "unbind", "2026-12-01"]);
    let out = env.ok(&["deadline", "1", "2027-01-10"]);
    assert!(
        out.contains("case #1: deadline 2027-01-10 (was 2026-12-20)"),
        "{out}"
    );
    assert!(
        out.contains("step 2 'documents' due 2026-12-27 (was 2026-12-06)"),
        "{out}"
    );
    assert!(
        out.contains("step 3 'unbind' keeps its date set by hand, 2026-12-01"),
        "{out}"
    );
    let case = env.json(&["show", "1"]);
    assert_eq!(case["deadline"], "2027-01-10");
    assert_eq!(
        dues(&case),
        [
            "method=\"2026-12-20\"",
            "documents=\"2026-12-27\"",
            "unbind=\"2026-12-01\"",
            "balance=\"2027-01-03\"",
            "submit=\"2027-01-05\"",
            // Waits for submit, whatever the deadline.
            "confirm=null",
        ]
    );
    let show = env.ok(&["show", "1"]);
    let row = |key: &str| {
        show.lines()
            .find(|l| l.contains(key))
            .expect("row")
            .to_string()
    };
    assert!(row("unbind").contains("set by hand"), "{show}");
    assert!(!row("documents").contains("set by hand"), "{show}");
    assert!(row("confirm").contains("(after submit)"), "{show}");
}

#[test]
fn edit_deadline_does_the_same_and_both_are_recorded() {
    let env = Env::new();
    env.add_proximus();
    let case = env.json(&["edit", "proximus", "--deadline", "2027-01-10"]);
    assert_eq!(step(&case, "submit")["due"], "2027-01-05");
    let events = env.json(&["log", "1"]);
    let events = events.as_array().expect("events");
    let edit = events
        .iter()
        .find(|e| e["kind"] == "case.edit")
        .expect("case.edit");
    assert_eq!(
        edit["before"],
        serde_json::json!({ "deadline": "2026-12-20" })
    );
    assert_eq!(
        edit["after"],
        serde_json::json!({ "deadline": "2027-01-10" })
    );
    let moved: Vec<&Value> = events
        .iter()
        .filter(|e| e["kind"] == "step.due" && e["after"]["by"] == "rule")
        .collect();
    assert_eq!(moved.len(), 5, "{events:#?}");
    let submit = moved
        .iter()
        .find(|e| e["step"] == "submit")
        .expect("submit moved");
    assert_eq!(submit["before"]["due"], "2026-12-15");
    assert_eq!(submit["after"]["due"], "2027-01-05");
    let log = env.ok(&["log", "1"]);
    assert!(
        log.contains("case edited: deadline 2027-01-10 (was 2026-12-20)"),
        "{log}"
    );
}

#[test]
fn an_earlier_deadline_never_puts_dates_before_the_creation_day() {
    let mut env = Env::new();
    env.add_proximus(); // created 2026-11-30
    env.at("2026-12-02T09:00:00Z");
    let case = env.json(&["deadline", "1", "2026-12-08"]);
    // 21, 14 and 10 days before 12-08 are all before the creation day: they land on it.
    assert_eq!(step(&case, "method")["due"], "2026-11-30");
    assert_eq!(step(&case, "documents")["due"], "2026-11-30");
    assert_eq!(step(&case, "unbind")["due"], "2026-11-30");
    assert_eq!(step(&case, "balance")["due"], "2026-12-01");
    assert_eq!(step(&case, "submit")["due"], "2026-12-03");
}

#[test]
fn a_past_deadline_is_accepted_with_a_warning() {
    let env = Env::new();
    env.add_proximus();
    for args in [
        ["deadline", "1", "2026-11-25"].as_slice(),
        ["edit", "1", "--deadline", "-3d"].as_slice(),
    ] {
        let out = env.cmd().args(args).output().expect("run");
        assert!(out.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("warning:") && stderr.contains("already past"),
            "{args:?}: {stderr}"
        );
    }
    let case = env.json(&["show", "1"]);
    assert_eq!(case["deadline"], "2026-11-27");
    // The deadline itself is earlier than the creation day, so dates fall on it.
    assert_eq!(step(&case, "method")["due"], "2026-11-27");
    // A deadline ahead says nothing on stderr.
    let out = env
        .cmd()
        .args(["deadline", "1", "+3w"])
        .output()
        .expect("run");
    assert!(out.status.success() && out.stderr.is_empty());
}

#[test]
fn deadline_none_clears_it_and_the_dates_that_followed_it() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["due", "1", "balance", "2026-12-12"]);
    let case = env.json(&["deadline", "1", "none"]);
    assert!(case["deadline"].is_null());
    assert!(step(&case, "method")["due"].is_null());
    assert_eq!(step(&case, "balance")["due"], "2026-12-12");
    let show = env.ok(&["show", "1"]);
    assert!(show.contains("(no deadline)"), "{show}");
}

#[test]
fn the_same_deadline_again_changes_nothing() {
    let env = Env::new();
    env.add_proximus();
    let before = env.json(&["log"]).as_array().expect("events").len();
    let out = env.ok(&["deadline", "1", "2026-12-20"]);
    assert!(out.contains("nothing changed"), "{out}");
    assert_eq!(env.json(&["log"]).as_array().expect("events").len(), before);
}

#[test]
fn deadline_errors() {
    let env = Env::new();
    env.add_proximus();
    let err = env.fails(&["deadline", "1", "someday"], 2);
    assert!(err.contains("or none, to clear the deadline"), "{err}");
    env.fails(&["deadline", "1"], 2);
    env.fails(&["deadline", "9", "2027-01-01"], 1);
}

#[test]
fn snooze_moves_a_step_later_from_its_due_date() {
    let env = Env::new();
    env.add_proximus(); // unbind due 2026-12-10
    let out = env.ok(&["snooze", "1", "unbind", "3d"]);
    assert_eq!(
        out,
        "step 3 'unbind' snoozed to 2026-12-13 (was 2026-12-10)\n"
    );
    let case = env.json(&["snooze", "1", "unbind", "1w"]);
    assert_eq!(step(&case, "unbind")["due"], "2026-12-20");
    // A snoozed date counts as set by hand: a new deadline leaves it alone.
    assert_eq!(step(&case, "unbind")["due_manual"], true);
    let case = env.json(&["deadline", "1", "2027-02-01"]);
    assert_eq!(step(&case, "unbind")["due"], "2026-12-20");
    let show = env.ok(&["show", "1"]);
    let row = show.lines().find(|l| l.contains("unbind")).expect("row");
    assert!(row.contains("set by hand"), "{show}");
    // Recorded, with how it came about.
    let events = env.json(&["log", "1"]);
    let snoozes: Vec<&Value> = events
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["after"]["by"] == "snooze")
        .collect();
    assert_eq!(snoozes.len(), 2);
    assert_eq!(snoozes[0]["kind"], "step.due");
    assert_eq!(snoozes[0]["step"], "unbind");
    assert_eq!(snoozes[0]["before"]["due"], "2026-12-10");
    assert_eq!(snoozes[0]["after"]["due"], "2026-12-13");
    assert_eq!(snoozes[0]["after"]["manual"], true);
    assert_eq!(snoozes[0]["after"]["days"], 3);
    let log = env.ok(&["log", "1"]);
    assert!(
        log.contains("step 3 'unbind' snoozed to 2026-12-13 (was 2026-12-10)"),
        "{log}"
    );
}

#[test]
fn snoozing_an_overdue_or_undated_step_counts_from_today() {
    let mut env = Env::new();
    env.add_proximus();
    env.at("2026-12-09T09:00:00Z");
    // method was due 2026-11-30: nine days late; two days from today, not from then.
    let case = env.json(&["snooze", "1", "method", "2d"]);
    assert_eq!(step(&case, "method")["due"], "2026-12-11");
    // confirm has no date (it waits for submit): skipped submit gives it none to wait for.
    env.ok(&["skip", "1", "submit"]);
    let case = env.json(&["snooze", "1", "confirm", "1w"]);
    assert_eq!(step(&case, "confirm")["due"], "2026-12-16");
    assert_eq!(step(&case, "confirm")["due_manual"], true);
}

#[test]
fn snooze_errors() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "method"]);
    let err = env.fails(&["snooze", "1", "method", "2d"], 1);
    assert!(err.contains("is done") && err.contains("reopen"), "{err}");
    let err = env.fails(&["snooze", "1", "unbind", "0d"], 2);
    assert!(err.contains("1d or more"), "{err}");
    let err = env.fails(&["snooze", "1", "unbind", "-2d"], 2);
    assert!(err.contains("cannot be negative"), "{err}");
    let err = env.fails(&["snooze", "1", "unbind", "tomorrow"], 2);
    assert!(err.contains("such as 3d, 2w, 3天 or 2周"), "{err}");
    env.fails(&["snooze", "1", "fly", "2d"], 1);
    env.fails(&["snooze", "1", "unbind"], 2);
}

#[cfg(target_os = "linux")]
#[test]
fn a_past_deadline_warning_that_cannot_be_written_fails_nothing() {
    let env = Env::new();
    env.add_proximus();
    // stderr on /dev/full: writing the warning fails (ENOSPC); the change is saved all the same
    // and the command neither fails nor panics.
    let out = std::process::Command::new("/bin/sh")
        .args([
            "-c",
            "exec \"$0\" deadline 1 2026-11-25 2>/dev/full",
            env!("CARGO_BIN_EXE_closeout"),
        ])
        .env_clear()
        .env("CLOSEOUT_DB", &env.db)
        .env("CLOSEOUT_NOW", crate::common::NOW)
        .env("TZ", "UTC")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(env.json(&["show", "1"])["deadline"], "2026-11-25");
}

#[test]
fn a_deadline_of_today_is_not_past_and_yesterday_is() {
    // Today (2026-11-30) is the last day to act, not a day too late: only yesterday warns.
    let past = |args: &[&str]| -> bool {
        let env = Env::new();
        env.add_proximus();
        let out = env.cmd().args(args).output().expect("run");
        assert!(out.status.success(), "{args:?}");
        String::from_utf8_lossy(&out.stderr).contains("already past")
    };
    for (today, yesterday) in [
        (
            &["add", "Orange", "--deadline", "2026-11-30"][..],
            &["add", "Orange", "--deadline", "2026-11-29"][..],
        ),
        (
            &["deadline", "1", "2026-11-30"][..],
            &["deadline", "1", "2026-11-29"][..],
        ),
        (
            &["edit", "1", "--deadline", "today"][..],
            &["edit", "1", "--deadline", "-1d"][..],
        ),
        (
            &["departure", "2026-11-30"][..],
            &["departure", "2026-11-29"][..],
        ),
    ] {
        assert!(!past(today), "{today:?} warned");
        assert!(past(yesterday), "{yesterday:?} did not warn");
    }
}

/// A step done dates the steps that wait for it, and says so; reopened, it takes their dates
/// away and says that too; a step nothing waits for says only that it is done.
#[test]
fn done_and_reopen_say_which_dates_the_rules_moved() {
    let env = Env::new();
    env.ok(&["add", "gym", "--template", "contract"]);
    let out = env.ok(&["done", "gym", "method"]);
    assert_eq!(out, "step 1 'method' done on 2026-11-30\n");
    let out = env.ok(&["done", "gym", "submit"]);
    assert_eq!(
        out,
        "step 3 'submit' done on 2026-11-30\nstep 4 'confirm' is now due 2026-12-07\n"
    );
    let out = env.ok(&["reopen", "gym", "submit"]);
    assert_eq!(
        out,
        "step 3 'submit' is pending again\n\
         step 4 'confirm' has no due date now: it gets one when 'submit' is done\n"
    );
    let case = env.json(&["show", "gym"]);
    assert!(step(&case, "confirm")["due"].is_null(), "{case}");
}
