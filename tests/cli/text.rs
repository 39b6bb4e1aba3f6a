//! Text is stored exactly as given, and tables stay aligned with Chinese in their cells.

use crate::common::Env;
use unicode_width::UnicodeWidthStr;

#[test]
fn text_is_stored_exactly_as_given() {
    let env = Env::new();
    let awkward = [
        "it's \"quoted\"",
        "100% sure",
        "'; DROP TABLE cases; --",
        "emoji 📱✅",
        "注销比利时手机卡",
        "tab\there",
        "back\\slash",
    ];
    for (i, text) in awkward.iter().enumerate() {
        let case = env.json(&[
            "add", text, "--note", text, "--number", text, "--holder", text,
        ]);
        assert_eq!(case["id"], i as i64 + 1);
        for field in ["title", "note", "number", "holder"] {
            assert_eq!(case[field], *text, "{field}");
        }
        env.ok(&["note", &case["id"].to_string(), "1", text]);
        let case = env.json(&["show", &case["id"].to_string()]);
        assert_eq!(case["steps"][0]["note"], *text);
    }
    assert_eq!(
        env.json(&["list"]).as_array().expect("rows").len(),
        awkward.len()
    );
}

/// The display column at which `needle` starts in `line`.
fn column(line: &str, needle: &str) -> usize {
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {line}"));
    line[..at].width()
}

#[test]
fn list_and_pending_stay_aligned_with_chinese_titles() {
    let env = Env::new();
    env.ok(&["add", "Proximus", "--deadline", "2026-12-20"]);
    env.ok(&["add", "注销比利时手机卡 Orange", "--deadline", "2026-12-21"]);
    env.ok(&[
        "add",
        "健身房",
        "--template",
        "contract",
        "--deadline",
        "2026-12-22",
    ]);
    let list = env.ok(&["list"]);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 4, "{list}");
    let deadlines: Vec<usize> = lines[1..].iter().map(|l| column(l, "2026-12-2")).collect();
    let progress: Vec<usize> = lines[1..].iter().map(|l| column(l, "/")).collect();
    assert!(deadlines.iter().all(|c| *c == deadlines[0]), "{list}");
    assert!(progress.iter().all(|c| *c == progress[0]), "{list}");
    assert_eq!(
        column(lines[0], "deadline"),
        column(lines[1], "2026-12-20"),
        "{list}"
    );

    let pending = env.ok(&["pending"]);
    let rows: Vec<&str> = pending.lines().skip(1).collect();
    // Undated rows have no date; compare the dated ones.
    let dated: Vec<usize> = rows
        .iter()
        .filter(|l| l.contains("2026-1"))
        .map(|l| column(l, "2026-1"))
        .collect();
    assert!(
        dated.len() >= 10 && dated.iter().all(|c| *c == dated[0]),
        "{pending}"
    );
}

#[test]
fn show_stays_aligned_with_chinese_step_notes_and_titles() {
    let env = Env::new();
    env.ok(&["add", "注销手机卡", "--deadline", "2026-12-20"]);
    let out = env.ok(&["show", "1"]);
    let rows: Vec<&str> = out.lines().filter(|l| l.contains("[ ]")).collect();
    assert_eq!(rows.len(), 6, "{out}");
    let dated: Vec<usize> = rows
        .iter()
        .filter(|l| l.contains("2026-1"))
        .map(|l| column(l, "2026-1"))
        .collect();
    assert!(dated.iter().all(|c| *c == dated[0]), "{out}");
}
