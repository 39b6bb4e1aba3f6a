//! `closeout` with no command: the dashboard, or how to start.

use crate::common::{Env, assert_snapshot};

#[test]
fn before_the_first_case_it_says_how_to_start_in_three_lines() {
    let env = Env::new();
    let out = env.ok(&[]);
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(out.contains("closeout add Proximus --deadline"), "{out}");
    let zh = env.ok(&["--lang", "zh"]);
    assert_eq!(zh.lines().count(), 3, "{zh}");
    assert!(zh.starts_with("还没有任何事项"), "{zh}");
    assert!(!env.db.exists(), "the dashboard created the database");
}

#[test]
fn the_dashboard_shows_cases_overdue_and_today_and_the_next_deadline() {
    let mut env = Env::new();
    env.ok(&[
        "add",
        "Proximus",
        "--deadline",
        "2026-12-20",
        "--channel",
        "online",
    ]);
    env.ok(&["add", "注销 Orange 手机卡", "--deadline", "2026-12-28"]);
    env.ok(&["done", "1", "method"]);
    env.at("2026-12-07T09:00:00Z");
    let out = env.ok(&[]);
    assert_snapshot("dashboard_en", &out);
    let overdue = out.split("Overdue").nth(1).expect("overdue section");
    assert!(
        overdue.contains("documents") && overdue.contains("1 day late"),
        "{out}"
    );
    let today = out.split("Due today").nth(1).expect("today section");
    assert!(today.contains("method") && today.contains("today"), "{out}");
    assert!(
        out.contains("Next deadline: 2026-12-20 #1 Proximus (in 13 days)"),
        "{out}"
    );
    assert_snapshot("dashboard_zh", &env.ok(&["--lang", "zh"]));

    let json = env.json(&[]);
    assert_eq!(json["cases"].as_array().expect("cases").len(), 2);
    assert_eq!(json["overdue"][0]["key"], "documents");
    assert_eq!(json["overdue"][0]["overdue"], true);
    assert_eq!(json["today"][0]["key"], "method");
    assert_eq!(json["next_deadline"]["case"], 1);
    assert_eq!(json["next_deadline"]["deadline"], "2026-12-20");
}
