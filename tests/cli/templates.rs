//! Templates as data: the built-ins, the user's own files, and the `templates` and `template`
//! commands.

use crate::common::{Env, step};
use serde_json::{Value, json};

fn keys(case: &Value) -> Vec<&str> {
    case["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["key"].as_str().expect("key"))
        .collect()
}

fn dues(case: &Value) -> Vec<Value> {
    case["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["due"].clone())
        .collect()
}

#[test]
fn each_built_in_template_makes_its_checklist() {
    let env = Env::new();
    let sim = env.json(&["add", "Proximus", "--deadline", "2026-12-30"]);
    assert_eq!(sim["template"], "sim");
    assert_eq!(
        keys(&sim),
        [
            "method",
            "documents",
            "unbind",
            "balance",
            "submit",
            "confirm"
        ]
    );
    let contract = env.json(&[
        "add",
        "Basic-Fit gym",
        "--template",
        "contract",
        "--deadline",
        "2026-12-30",
    ]);
    assert_eq!(contract["template"], "contract");
    assert_eq!(
        keys(&contract),
        ["method", "documents", "submit", "confirm"]
    );
    assert_eq!(
        dues(&contract),
        [
            json!("2026-12-09"),
            json!("2026-12-16"),
            json!("2026-12-25"),
            Value::Null
        ]
    );
    let internet = env.json(&[
        "add",
        "Telenet internet",
        "--template",
        "INTERNET",
        "--deadline",
        "2026-12-30",
        "--channel",
        "shop",
    ]);
    assert_eq!(internet["template"], "internet");
    assert_eq!(internet["provider"], "Telenet");
    assert_eq!(
        keys(&internet),
        [
            "method",
            "services",
            "documents",
            "submit",
            "equipment",
            "confirm"
        ]
    );
    let equipment = step(&internet, "equipment");
    assert_eq!(equipment["title"], "Return the modem and decoder");
    assert!(
        equipment["how"]
            .as_str()
            .expect("how")
            .starts_with("Ask Telenet how, where and by when to return the modem"),
        "{equipment}"
    );
    assert_eq!(
        step(&internet, "submit")["how"],
        "Go to one of Telenet's shops with an identity document and the contract or a recent \
         bill and ask the staff to process the cancellation."
    );
    // The return and the confirmation wait, one after the other, for the request.
    let internet = env.json(&["done", "3", "submit", "--date", "2026-12-20"]);
    assert_eq!(step(&internet, "equipment")["due"], "2026-12-27");
    assert!(step(&internet, "confirm")["due"].is_null());
    let internet = env.json(&["done", "3", "equipment", "--date", "2026-12-22"]);
    assert_eq!(step(&internet, "confirm")["due"], "2026-12-29");
}
