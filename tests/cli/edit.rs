//! `edit`: a case's fields change, each change is recorded, and a new provider or channel
//! refreshes the how-to of pending template steps.

use crate::common::{Env, step};
use serde_json::json;

#[test]
fn edit_changes_fields_in_one_recorded_change() {
    let env = Env::new();
    env.add_proximus();
    let out = env.ok(&[
        "edit",
        "1",
        "--title",
        "注销 Proximus 卡",
        "--number",
        "+32 470 99 99 99",
        "--holder",
        "bob",
    ]);
    assert!(
        out.contains("case #1: title '注销 Proximus 卡' (was 'Proximus')"),
        "{out}"
    );
    assert!(out.contains("case #1: holder 'bob' (was 'alice')"), "{out}");
    let case = env.json(&["show", "1"]);
    assert_eq!(case["title"], "注销 Proximus 卡");
    assert_eq!(case["number"], "+32 470 99 99 99");
    assert_eq!(case["holder"], "bob");
    // The provider stays: a new title does not guess it again.
    assert_eq!(case["provider"], "Proximus");
    let events = env.json(&["log", "1"]);
    let edits: Vec<_> = events
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["kind"] == "case.edit")
        .collect();
    assert_eq!(edits.len(), 1);
    assert_eq!(
        edits[0]["before"],
        json!({ "title": "Proximus", "number": "+32 470 12 34 56", "holder": "alice" })
    );
    assert_eq!(
        edits[0]["after"],
        json!({ "title": "注销 Proximus 卡", "number": "+32 470 99 99 99", "holder": "bob" })
    );
    let log = env.ok(&["log", "1"]);
    assert!(
        log.contains("case edited: title 注销 Proximus 卡 (was Proximus), number"),
        "{log}"
    );
}

#[test]
fn edit_note_adds_a_line_like_note_does() {
    let env = Env::new();
    env.ok(&["add", "Proximus", "--note", "first"]);
    let case = env.json(&["edit", "1", "--note", "second"]);
    assert_eq!(case["note"], "first\nsecond");
    let log = env.ok(&["log", "1"]);
    assert!(log.contains("case edited: note added"), "{log}");
}

#[test]
fn a_new_channel_refreshes_the_how_to_of_pending_template_steps() {
    let env = Env::new();
    env.add_proximus(); // online
    env.ok(&["done", "1", "method"]);
    let before = env.json(&["show", "1"]);
    assert!(
        step(&before, "submit")["how"]
            .as_str()
            .expect("how")
            .contains("fill in the form")
    );
    let out = env.ok(&["edit", "1", "--channel", "shop"]);
    assert!(out.contains("case #1: channel shop (was online)"), "{out}");
    assert!(out.contains("step 5 'submit' has a new how-to"), "{out}");
    let after = env.json(&["show", "1"]);
    assert_eq!(after["channel"], "shop");
    assert_eq!(
        step(&after, "submit")["how"],
        "Go to a Proximus shop with an identity document (passport or other valid ID) and the SIM card and ask the staff to process the cancellation."
    );
    // Steps whose text does not depend on the channel, and finished ones, keep theirs.
    assert_eq!(
        step(&after, "method")["how"],
        step(&before, "method")["how"]
    );
    assert_eq!(
        step(&after, "unbind")["how"],
        step(&before, "unbind")["how"]
    );
    let events = env.json(&["log", "1"]);
    let how = events
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["kind"] == "step.how")
        .expect("step.how");
    assert_eq!(how["step"], "submit");
    assert_eq!(how["before"]["how"], step(&before, "submit")["how"]);
    assert_eq!(how["after"]["how"], step(&after, "submit")["how"]);
}

#[test]
fn a_new_provider_refreshes_every_pending_step_that_names_it() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "method"]);
    let case = env.json(&["edit", "1", "--provider", "telenet"]);
    // The guide's operators keep their own spelling.
    assert_eq!(case["provider"], "Telenet");
    for key in ["balance", "submit", "confirm"] {
        let how = step(&case, key)["how"].as_str().expect("how");
        assert!(
            how.contains("Telenet") && !how.contains("Proximus"),
            "{key}: {how}"
        );
    }
    // method is done: its text stays as it was when it was done.
    assert!(
        step(&case, "method")["how"]
            .as_str()
            .expect("how")
            .contains("Check whether Proximus")
    );
}

#[test]
fn empty_values_and_none_clear_optional_fields() {
    let env = Env::new();
    env.add_proximus();
    let case = env.json(&[
        "edit",
        "1",
        "--provider",
        "",
        "--number",
        "",
        "--channel",
        "none",
        "--deadline",
        "none",
    ]);
    assert!(case["provider"].is_null());
    assert!(case["number"].is_null());
    assert!(case["channel"].is_null());
    assert!(case["deadline"].is_null());
    let submit = step(&case, "submit")["how"].as_str().expect("how");
    assert!(
        submit.contains("the provider") && submit.contains("Online:"),
        "{submit}"
    );
}

#[test]
fn the_same_values_again_change_nothing() {
    let env = Env::new();
    env.add_proximus();
    let before = env.json(&["log"]).as_array().expect("events").len();
    let out = env.ok(&["edit", "1", "--title", "Proximus", "--channel", "online"]);
    assert!(out.contains("nothing changed"), "{out}");
    assert_eq!(env.json(&["log"]).as_array().expect("events").len(), before);
}

#[test]
fn edit_errors() {
    let env = Env::new();
    env.add_proximus();
    let err = env.fails(&["edit", "1"], 2);
    assert!(err.contains("--title"), "{err}");
    let err = env.fails(&["edit", "1", "--title", "  "], 2);
    assert!(err.contains("title is empty"), "{err}");
    let err = env.fails(&["edit", "1", "--holder", ""], 2);
    assert!(err.contains("holder is empty"), "{err}");
    let err = env.fails(&["edit", "1", "--note", " "], 2);
    assert!(err.contains("note is empty"), "{err}");
    let err = env.fails(&["edit", "1", "--channel", "email"], 2);
    assert!(err.contains("online, phone, shop or post"), "{err}");
    let err = env.fails(&["edit", "1", "--deadline", "2026-02-30"], 2);
    assert!(err.contains("no such day"), "{err}");
    env.fails(&["edit", "vodafone", "--title", "x"], 1);
}
