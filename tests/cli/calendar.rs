//! `calendar`: the month grid with marked days, and what falls on them.

use crate::common::{Env, assert_snapshot};

fn setup() -> Env {
    let mut env = Env::new();
    env.ok(&[
        "add",
        "Proximus",
        "--deadline",
        "2026-12-20",
        "--channel",
        "online",
    ]);
    env.ok(&["add", "注销 Orange 手机卡", "--deadline", "2026-12-07"]);
    env.ok(&["done", "2", "method", "documents", "unbind", "balance"]);
    env.at("2026-12-08T09:00:00Z");
    env
}

#[test]
fn the_month_grid_marks_due_overdue_and_deadline_days() {
    let env = setup();
    let out = env.ok(&["calendar"]);
    assert_snapshot("calendar_en", &out);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0].trim(), "December 2026");
    assert_eq!(lines[1], "Mo  Tu  We  Th  Fr  Sa  Su");
    // December 2026 starts on a Tuesday; the 2nd (submit of case 2) is overdue.
    assert!(lines[2].starts_with("     1   2!"), "{out}");
    // The deadline of case 2 passed yesterday: overdue, as `remind` says.
    assert!(lines[3].starts_with(" 7!"), "{out}");
    assert!(
        out.contains("2026-12-07 !  #2 注销 Orange 手机卡 deadline"),
        "{out}"
    );
    assert!(out.contains("20D"), "{out}");
    assert!(out.contains("15*"), "{out}");
    assert!(out.contains("2026-12-20 D  #1 Proximus deadline"), "{out}");
    assert_snapshot("calendar_zh", &env.ok(&["calendar", "--lang", "zh"]));
}

#[test]
fn months_can_be_named() {
    let env = setup();
    assert!(env.ok(&["calendar", "2027-01"]).contains("January 2027"));
    assert!(env.ok(&["calendar", "next"]).contains("January 2027"));
    // A month number already past this year means next year's.
    assert!(env.ok(&["calendar", "3"]).contains("March 2027"));
    assert!(
        env.ok(&["calendar", "12月", "--lang", "zh"])
            .contains("2026年12月")
    );
    let err = env.fails(&["calendar", "13"], 2);
    assert!(err.contains("YYYY-MM"), "{err}");
}

#[test]
fn calendar_json_lists_the_days() {
    let env = setup();
    let month = env.json(&["calendar"]);
    assert_eq!(month["month"], "2026-12");
    let days = month["days"].as_array().expect("days");
    let dates: Vec<&str> = days
        .iter()
        .map(|d| d["date"].as_str().expect("date"))
        .collect();
    assert_eq!(
        dates,
        [
            "2026-12-02",
            "2026-12-06",
            "2026-12-07",
            "2026-12-10",
            "2026-12-13",
            "2026-12-15",
            "2026-12-20"
        ]
    );
    assert_eq!(days[2]["deadlines"][0]["case"], 2);
    assert_eq!(days[0]["steps"][0]["key"], "submit");
}
