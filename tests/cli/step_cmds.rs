//! `step add|remove|move|edit`: reshaping a case's checklist, positions always 1..n.

use crate::common::{Env, step};
use serde_json::Value;

/// The case's steps as (position, key), in order.
fn order(case: &Value) -> Vec<(i64, String)> {
    case["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| {
            (
                s["position"].as_i64().expect("position"),
                s["key"].as_str().expect("key").to_string(),
            )
        })
        .collect()
}

fn keys(case: &Value) -> Vec<String> {
    let positions: Vec<i64> = order(case).iter().map(|(p, _)| *p).collect();
    let expected: Vec<i64> = (1..=positions.len() as i64).collect();
    assert_eq!(positions, expected, "positions are 1..n without gaps");
    order(case).into_iter().map(|(_, k)| k).collect()
}

#[test]
fn step_add_appends_a_step_of_ones_own_with_a_key_from_its_title() {
    let env = Env::new();
    env.add_proximus();
    let out = env.ok(&["step", "add", "proximus", "move KBC 2FA"]);
    assert_eq!(out, "step 7 'move-kbc-2fa' added to case #1 Proximus\n");
    let case = env.json(&["show", "1"]);
    let added = step(&case, "move-kbc-2fa");
    assert_eq!(added["position"], 7);
    assert_eq!(added["title"], "move KBC 2FA");
    assert_eq!(added["how"], "");
    assert_eq!(added["status"], "pending");
    // No rule, no date: the user's own step has what the user gives it.
    assert!(added["due"].is_null() && added["rule"].is_null());
    assert_eq!(added["due_manual"], false);
    assert_eq!(env.json(&["list"])[0]["total"], 7);
}

#[test]
fn step_add_after_a_step_renumbers_the_ones_below() {
    let env = Env::new();
    env.add_proximus();
    let case = env.json(&["step", "add", "1", "Netflix", "--after", "unbind"]);
    assert_eq!(
        keys(&case),
        [
            "method",
            "documents",
            "unbind",
            "netflix",
            "balance",
            "submit",
            "confirm"
        ]
    );
    let case = env.json(&["step", "add", "1", "Spotify", "--after", "1"]);
    assert_eq!(keys(&case)[1], "spotify");
    assert_eq!(step(&case, "confirm")["position"], 8);
    // Steps are still named by their new positions.
    let case = env.json(&["done", "1", "5"]);
    assert_eq!(step(&case, "netflix")["status"], "done");
}

#[test]
fn step_add_takes_a_due_date_by_hand_and_a_key() {
    let env = Env::new();
    env.add_proximus();
    let case = env.json(&[
        "step",
        "add",
        "1",
        "Return the router",
        "--due",
        "+3d",
        "--key",
        "router",
    ]);
    let router = step(&case, "router");
    assert_eq!(router["due"], "2026-12-03");
    assert_eq!(router["due_manual"], true);
    assert!(router["rule"].is_null());
    let out = env.ok(&["show", "1"]);
    assert!(out.contains("router     Return the router"), "{out}");
    assert!(out.contains("2026-12-03            set by hand"), "{out}");
    // A key the case has is refused; a malformed one is a usage error.
    let err = env.fails(&["step", "add", "1", "Other", "--key", "ROUTER"], 1);
    assert!(
        err.contains("case #1 has a step 'ROUTER' already; choose another --key"),
        "{err}"
    );
    let err = env.fails(&["step", "add", "1", "Other", "--key", "42"], 2);
    assert!(err.contains("'42' cannot be a step key"), "{err}");
    let err = env.fails(&["step", "add", "1", "Other", "--key", "two words"], 2);
    assert!(err.contains("cannot be a step key"), "{err}");
    let err = env.fails(&["step", "add", "1", "  "], 2);
    assert!(err.contains("title is empty"), "{err}");
    let err = env.fails(&["step", "add", "1", "X", "--due", "soon"], 2);
    assert!(err.contains("is not a date"), "{err}");
    let err = env.fails(&["step", "add", "1", "X", "--after", "nosuch"], 1);
    assert!(err.contains("no step 'nosuch'"), "{err}");
}

#[test]
fn generated_keys_stay_unique_and_chinese_titles_get_a_numbered_key() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["step", "add", "1", "Netflix"]);
    let case = env.json(&["step", "add", "1", "Netflix (family)"]);
    assert_eq!(keys(&case)[6..], ["netflix", "netflix-family"]);
    let case = env.json(&["step", "add", "1", "netflix"]);
    assert_eq!(keys(&case)[8], "netflix-2");
    let case = env.json(&["step", "add", "1", "解绑银行卡"]);
    assert_eq!(keys(&case)[9], "step10");
    assert_eq!(step(&case, "step10")["title"], "解绑银行卡");
    let case = env.json(&["step", "add", "1", "注销 Spotify 会员", "--after", "method"]);
    assert_eq!(keys(&case)[1], "spotify");
}

#[test]
fn adding_a_step_to_a_closed_case_reopens_it() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "1", "2", "3", "4", "5", "6"]);
    let out = env.ok(&["step", "add", "1", "Check the final bill"]);
    assert!(out.contains("case #1 Proximus is open again"), "{out}");
    let case = env.json(&["show", "1"]);
    assert_eq!(case["status"], "open");
    assert!(case["closed_at"].is_null());
}

#[test]
fn step_remove_closes_the_gap() {
    let env = Env::new();
    env.add_proximus();
    let out = env.ok(&["step", "remove", "1", "balance"]);
    assert_eq!(
        out,
        "step 4 'balance' removed from case #1 Proximus; its steps are now 1..5\n"
    );
    let case = env.json(&["show", "1"]);
    assert_eq!(
        keys(&case),
        ["method", "documents", "unbind", "submit", "confirm"]
    );
    let case = env.json(&["step", "remove", "1", "1"]);
    assert_eq!(keys(&case), ["documents", "unbind", "submit", "confirm"]);
}

#[test]
fn step_remove_refuses_what_would_break_the_checklist() {
    let env = Env::new();
    env.add_proximus();
    // confirm falls due after submit: removing submit would leave it waiting forever.
    let err = env.fails(&["step", "remove", "1", "submit"], 1);
    assert!(
        err.contains(
            "step 'confirm' falls due after 'submit'; remove it first, or skip 'submit' instead"
        ),
        "{err}"
    );
    env.ok(&["step", "remove", "1", "confirm"]);
    env.ok(&["step", "remove", "1", "submit"]);
    for key in ["method", "documents", "unbind"] {
        env.ok(&["step", "remove", "1", key]);
    }
    let err = env.fails(&["step", "remove", "1", "balance"], 1);
    assert!(
        err.contains("is the only step of case #1; `closeout delete 1` deletes the case"),
        "{err}"
    );
    let err = env.fails(&["step", "remove", "1", "nosuch"], 1);
    assert!(err.contains("no step 'nosuch'"), "{err}");
}

#[test]
fn removing_the_last_pending_step_closes_the_case() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "1", "2", "3", "4", "5"]);
    let out = env.ok(&["step", "remove", "1", "confirm"]);
    assert!(
        out.contains("every step is finished: case #1 Proximus is closed"),
        "{out}"
    );
    assert_eq!(env.json(&["show", "1"])["status"], "closed");
}

#[test]
fn step_move_puts_a_step_after_another_or_first() {
    let env = Env::new();
    env.add_proximus();
    let out = env.ok(&["step", "move", "1", "unbind", "--first"]);
    assert_eq!(out, "step 'unbind' moved to 1 (was 3)\n");
    let case = env.json(&["show", "1"]);
    assert_eq!(
        keys(&case),
        [
            "unbind",
            "method",
            "documents",
            "balance",
            "submit",
            "confirm"
        ]
    );
    // Down the list.
    let case = env.json(&["step", "move", "1", "unbind", "--after", "submit"]);
    assert_eq!(
        keys(&case),
        [
            "method",
            "documents",
            "balance",
            "submit",
            "unbind",
            "confirm"
        ]
    );
    // Up the list, by position.
    let case = env.json(&["step", "move", "1", "6", "--after", "1"]);
    assert_eq!(
        keys(&case),
        [
            "method",
            "confirm",
            "documents",
            "balance",
            "submit",
            "unbind"
        ]
    );
    // Where it is already: nothing changes.
    let before = env.snapshot();
    let out = env.ok(&["step", "move", "1", "confirm", "--after", "method"]);
    assert_eq!(out, "step 2 'confirm' is there already; nothing changed\n");
    assert_eq!(env.snapshot(), before);
    let err = env.fails(&["step", "move", "1", "confirm", "--after", "confirm"], 1);
    assert!(err.contains("cannot go after itself"), "{err}");
    let err = env.fails(&["step", "move", "1", "confirm"], 2);
    assert!(err.contains("--after"), "{err}");
    let err = env.fails(
        &["step", "move", "1", "confirm", "--first", "--after", "1"],
        2,
    );
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn step_edit_changes_title_and_how_to() {
    let env = Env::new();
    env.add_proximus();
    let out = env.ok(&[
        "step",
        "edit",
        "1",
        "unbind",
        "--title",
        "Unbind KBC and Netflix",
    ]);
    assert_eq!(out, "step 3 'unbind': new title\n");
    let case = env.json(&[
        "step",
        "edit",
        "1",
        "unbind",
        "--how",
        "KBC app first, then Netflix",
    ]);
    assert_eq!(step(&case, "unbind")["title"], "Unbind KBC and Netflix");
    assert_eq!(step(&case, "unbind")["how"], "KBC app first, then Netflix");
    let out = env.ok(&["step", "edit", "1", "3", "--title", "Unbind", "--how", ""]);
    assert_eq!(out, "step 3 'unbind': new title and how-to\n");
    let case = env.json(&["show", "1"]);
    assert_eq!(step(&case, "unbind")["how"], "");
    let before = env.snapshot();
    let out = env.ok(&["step", "edit", "1", "3", "--title", "Unbind"]);
    assert!(out.contains("already reads so; nothing changed"), "{out}");
    assert_eq!(env.snapshot(), before);
    let err = env.fails(&["step", "edit", "1", "3"], 2);
    assert!(err.contains("--title") && err.contains("--how"), "{err}");
    let err = env.fails(&["step", "edit", "1", "3", "--title", " "], 2);
    assert!(err.contains("title is empty"), "{err}");
}

#[test]
fn every_reshaping_is_in_the_log() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["step", "add", "1", "Netflix", "--after", "unbind"]);
    env.ok(&["step", "move", "1", "netflix", "--first"]);
    env.ok(&[
        "step",
        "edit",
        "1",
        "netflix",
        "--title",
        "Netflix and Spotify",
    ]);
    env.ok(&["step", "remove", "1", "balance"]);
    let out = env.ok(&["log"]);
    let lines: Vec<&str> = out.lines().map(|l| &l[18..]).collect();
    assert_eq!(
        lines,
        [
            "#1    case created: Proximus",
            "#1    step 1 'netflix' added: Netflix",
            "#1    step 'netflix' moved to 1 (was 4)",
            "#1    step 1 'netflix' edited: title 'Netflix and Spotify' (was 'Netflix')",
            "#1    step 'balance' removed: Clear the balance",
        ]
    );
    let events = env.json(&["log"]);
    assert_eq!(events[1]["kind"], "step.add");
    assert!(events[1]["before"].is_null());
    assert_eq!(events[1]["after"]["position"], 4);
    assert_eq!(events[2]["before"], serde_json::json!({ "position": 4 }));
    assert_eq!(events[4]["kind"], "step.remove");
    assert_eq!(events[4]["before"]["key"], "balance");
    assert_eq!(
        events[4]["before"]["rule"],
        serde_json::json!({ "before_deadline": 7 })
    );
    assert!(events[4]["after"].is_null());
}
