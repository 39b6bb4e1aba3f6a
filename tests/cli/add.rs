//! `add`: the case, its template checklist, provider detection and due dates.

use crate::common::{Env, step};
use rstest::rstest;

#[test]
fn add_creates_the_sim_checklist_with_dates_before_the_deadline() {
    let env = Env::new();
    let case = env.json(&[
        "add",
        "Proximus",
        "--deadline",
        "2026-12-30",
        "--number",
        "+32 470 12 34 56",
        "--channel",
        "online",
    ]);
    assert_eq!(case["id"], 1);
    assert_eq!(case["title"], "Proximus");
    assert_eq!(case["template"], "sim");
    assert_eq!(case["provider"], "Proximus");
    assert_eq!(case["channel"], "online");
    assert_eq!(case["holder"], "alice");
    assert_eq!(case["number"], "+32 470 12 34 56");
    assert_eq!(case["deadline"], "2026-12-30");
    assert_eq!(case["status"], "open");
    let keys: Vec<&str> = case["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["key"].as_str().expect("key"))
        .collect();
    assert_eq!(
        keys,
        [
            "method",
            "documents",
            "unbind",
            "balance",
            "submit",
            "confirm"
        ]
    );
    let dues: Vec<serde_json::Value> = case["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["due"].clone())
        .collect();
    // 21, 14, 10, 7 and 5 days before the deadline; confirm waits for submit.
    assert_eq!(
        dues,
        serde_json::json!([
            "2026-12-09",
            "2026-12-16",
            "2026-12-20",
            "2026-12-23",
            "2026-12-25",
            null
        ])
        .as_array()
        .expect("array")
        .clone()
    );
    assert!(
        case["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .all(|s| s["status"] == "pending")
    );
}

#[test]
fn add_prints_the_id_and_the_checklist() {
    let env = Env::new();
    let out = env.ok(&["add", "Telenet", "--deadline", "+3w", "--channel", "online"]);
    assert!(out.contains("added case #1 Telenet"), "{out}");
    for key in [
        "method",
        "documents",
        "unbind",
        "balance",
        "submit",
        "confirm",
    ] {
        assert!(out.contains(key), "{key} missing:\n{out}");
    }
    // The submit how-to follows Telenet's online path.
    assert!(out.contains("\"My account\""), "{out}");
    assert!(out.contains("(after submit)"), "{out}");
}

#[rstest]
#[case::plain("Proximus", Some("Proximus"))]
#[case::lower("proximus sim", Some("Proximus"))]
#[case::upper("TELENET internet", Some("Telenet"))]
#[case::chinese_around("注销Orange手机卡", Some("Orange"))]
#[case::not_a_word("Orangery gym", None)]
#[case::other("Mobile Vikings", None)]
fn a_known_operator_in_the_title_sets_the_provider(
    #[case] title: &str,
    #[case] provider: Option<&str>,
) {
    let env = Env::new();
    let case = env.json(&["add", title]);
    assert_eq!(case["provider"], serde_json::json!(provider));
}

#[test]
fn provider_option_wins_over_the_title_and_shapes_the_how_to() {
    let env = Env::new();
    let case = env.json(&[
        "add",
        "my phone",
        "--provider",
        "Scarlet",
        "--channel",
        "phone",
    ]);
    assert_eq!(case["provider"], "Scarlet");
    let submit = step(&case, "submit")["how"]
        .as_str()
        .expect("how")
        .to_string();
    assert!(submit.contains("Scarlet's customer service"), "{submit}");

    let case = env.json(&[
        "add",
        "Orange",
        "--provider",
        "proximus",
        "--channel",
        "shop",
    ]);
    assert_eq!(case["provider"], "Proximus");
    let submit = step(&case, "submit")["how"]
        .as_str()
        .expect("how")
        .to_string();
    assert!(submit.contains("Proximus shop"), "{submit}");
}

#[test]
fn add_takes_holder_note_and_the_contract_template() {
    let env = Env::new();
    let case = env.json(&[
        "add",
        "Basic-Fit gym",
        "--template",
        "contract",
        "--holder",
        "李雷",
        "--note",
        "membership 12345",
    ]);
    assert_eq!(case["template"], "contract");
    assert_eq!(case["holder"], "李雷");
    assert_eq!(case["note"], "membership 12345");
    assert_eq!(case["deadline"], serde_json::Value::Null);
    assert!(
        case["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .all(|s| s["due"].is_null())
    );
}

#[test]
fn without_a_deadline_no_step_has_a_date() {
    let env = Env::new();
    let case = env.json(&["add", "Proximus"]);
    assert!(
        case["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .all(|s| s["due"].is_null())
    );
}

#[test]
fn dates_never_fall_before_today_and_a_past_deadline_warns() {
    let env = Env::new();
    // Deadline in 7 days: method (21 before) and documents (14 before) fall on today.
    let case = env.json(&["add", "Orange", "--deadline", "+1w"]);
    assert_eq!(step(&case, "method")["due"], "2026-11-30");
    assert_eq!(step(&case, "documents")["due"], "2026-11-30");
    assert_eq!(step(&case, "submit")["due"], "2026-12-02");

    let out = env
        .cmd()
        .args(["add", "Telenet", "--deadline", "2026-11-20"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("warning:") && stderr.contains("already past"),
        "{stderr}"
    );
    let case = env.json(&["show", "2"]);
    assert_eq!(step(&case, "method")["due"], "2026-11-20");
}

#[test]
fn the_first_write_creates_a_private_database() {
    let env = Env::new();
    assert!(!env.db.exists());
    env.ok(&["add", "Proximus"]);
    assert!(env.db.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&env.db), 0o600);
        assert_eq!(mode(env.db.parent().expect("parent")), 0o700);
    }
}

#[test]
fn the_default_database_lives_in_the_xdg_data_folder() {
    let env = Env::new();
    let out = env
        .cmd()
        .env_remove("CLOSEOUT_DB")
        .args(["add", "Proximus"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(env.path().join("xdg-data/closeout/closeout.db").exists());
    // --db wins over CLOSEOUT_DB.
    let other = env.path().join("other.db");
    env.ok(&[
        "--db",
        other.to_str().expect("utf-8 path"),
        "add",
        "Telenet",
    ]);
    assert!(other.exists());
    assert_eq!(env.json(&["list"]).as_array().expect("rows").len(), 0);
}

#[test]
fn dates_can_be_typed_in_chinese() {
    let env = Env::new();
    let case = env.json(&["add", "注销手机卡", "--deadline", "12月20日"]);
    assert_eq!(case["deadline"], "2026-12-20");
    let case = env.json(&["done", "1", "method", "--date", "昨天"]);
    assert_eq!(step(&case, "method")["done_at"], "2026-11-29");
    let case = env.json(&["due", "1", "unbind", "下周五"]);
    assert_eq!(step(&case, "unbind")["due"], "2026-12-11");
    let case = env.json(&["due", "1", "balance", "3天后"]);
    assert_eq!(step(&case, "balance")["due"], "2026-12-03");
    let err = env.fails(&["due", "1", "balance", "2月30日"], 2);
    assert!(err.contains("no such day"), "{err}");
}

#[test]
fn add_without_a_title_asks_on_a_terminal_and_refuses_without_one() {
    let env = Env::new();
    // Without a terminal: a usage error, as before.
    env.fails(&["add"], 2);
    // On a terminal (util-linux `script` gives the binary a pseudo-terminal).
    let shown = env.on_terminal(
        "add",
        "注销 Orange 手机卡\n\nfax\nshop\n12月20日\n+32 470 12 34 56\n",
    );
    assert!(shown.contains("Provider [Orange]"), "{shown}");
    assert!(shown.contains("'fax' is not a channel"), "{shown}");
    let case = env.json(&["show", "1"]);
    assert_eq!(case["title"], "注销 Orange 手机卡");
    assert_eq!(case["provider"], "Orange");
    assert_eq!(case["channel"], "shop");
    assert_eq!(case["deadline"], "2026-12-20");
    assert_eq!(case["number"], "+32 470 12 34 56");
}
