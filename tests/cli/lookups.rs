//! What the database keeps ready for lookups (schema 8): each case's span of pending dates,
//! behind `remind`'s and the dashboard's "no room" check, and the index of title pieces behind a
//! CASE word. Every write path keeps both in step with the cases and steps they come from, an
//! upgraded database starts with them filled, and a CASE word finds what it found before.

use crate::common::*;
use rusqlite::Connection;
use std::path::Path;

/// Cases whose kept span differs from the one their steps give.
fn stale_spans(conn: &Connection) -> Vec<(i64, Option<String>, Option<String>)> {
    conn.prepare(
        "SELECT c.id, c.pending_first, c.pending_last FROM cases c \
         WHERE c.pending_first IS NOT (SELECT min(s.due) FROM steps s WHERE s.case_id = c.id \
               AND s.status = 'pending' AND s.abroad = 0 AND s.due IS NOT NULL) \
            OR c.pending_last IS NOT (SELECT max(s.due) FROM steps s WHERE s.case_id = c.id \
               AND s.status = 'pending' AND s.abroad = 0 AND s.due IS NOT NULL)",
    )
    .and_then(|mut s| {
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect()
    })
    .expect("spans")
}

/// Checks the title index against the cases (SQLite's own check of an external-content index),
/// and that each case's title finds that case through it.
fn check_words(conn: &Connection) {
    conn.execute(
        "INSERT INTO case_words (case_words, rank) VALUES ('integrity-check', 1)",
        [],
    )
    .expect("the title index matches the cases");
    let titles: Vec<(i64, String)> = conn
        .prepare("SELECT id, title FROM cases")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .expect("titles");
    for (id, title) in titles {
        if title.chars().count() < 3 {
            continue;
        }
        let found: Vec<i64> = conn
            .prepare("SELECT rowid FROM case_words WHERE case_words MATCH ?1")
            .and_then(|mut s| {
                s.query_map([format!("\"{}\"", title.replace('"', "\"\""))], |r| {
                    r.get(0)
                })?
                .collect()
            })
            .expect("match");
        assert!(found.contains(&id), "#{id} {title:?} not found: {found:?}");
    }
}

/// The open cases that may have a step with no room, asked of the steps themselves (as before
/// schema 8) and of the kept spans through their indexes (as `remind` asks now), on `today`.
fn squeezed_both_ways(conn: &Connection, today: &str) -> (Vec<i64>, Vec<i64>) {
    let ids = |sql: &str| -> Vec<i64> {
        conn.prepare(sql)
            .and_then(|mut s| s.query_map([today], |r| r.get(0))?.collect())
            .expect("squeezed")
    };
    let from_steps = ids(
        "SELECT c.id FROM cases c WHERE c.status = 'open' AND c.deadline IS NOT NULL \
           AND EXISTS (SELECT 1 FROM steps s WHERE s.case_id = c.id \
             AND s.status = 'pending' AND s.abroad = 0 AND s.due IS NOT NULL \
             AND (s.due >= c.deadline OR s.due <= date(c.created_at, 'unixepoch', '+1 day') \
                  OR (c.notice_days IS NOT NULL AND s.due < ?1))) ORDER BY c.id",
    );
    let from_spans = ids("SELECT c.id FROM cases c INDEXED BY cases_maybe_squeezed \
           WHERE c.status = 'open' AND c.deadline IS NOT NULL \
           AND (c.pending_last >= c.deadline \
                OR c.pending_first <= date(c.created_at, 'unixepoch', '+1 day')) \
         UNION SELECT c.id FROM cases c INDEXED BY cases_open_notice_by_first \
           WHERE c.status = 'open' AND c.deadline IS NOT NULL AND c.notice_days IS NOT NULL \
           AND c.pending_first < ?1 ORDER BY 1");
    (from_steps, from_spans)
}

fn check(env: &Env, after: &str) {
    let conn = env.sql();
    assert_eq!(stale_spans(&conn), vec![], "after {after}");
    check_words(&conn);
    for today in ["2026-11-30", "2026-12-15", "2027-01-10", "2027-03-01"] {
        let (from_steps, from_spans) = squeezed_both_ways(&conn, today);
        assert_eq!(from_spans, from_steps, "after {after}, on {today}");
    }
}

#[test]
fn every_write_keeps_the_spans_and_the_title_index_in_step() {
    let env = Env::new();
    let steps: &[&[&str]] = &[
        &["add", "Proximus", "--deadline", "2026-12-20"],
        &[
            "add",
            "注销 Orange 卡",
            "--holder",
            "小明",
            "--deadline",
            "+3w",
        ],
        &[
            "add",
            "Ethias insurance",
            "--deadline",
            "2027-01-31",
            "--notice",
            "1m",
        ],
        &[
            "add",
            "Gym",
            "--template",
            "contract",
            "--provider",
            "Basic-Fit",
        ],
        &["done", "proximus", "method", "documents"],
        &["skip", "proximus", "balance"],
        &["due", "proximus", "unbind", "2027-02-01"],
        &["due", "proximus", "unbind", "none"],
        &["reopen", "proximus", "documents"],
        &["snooze", "ethias", "1", "+3d"],
        &["deadline", "ethias", "2027-02-28"],
        &["departure", "2027-01-15"],
        &["edit", "gym", "--deadline", "departure"],
        &["departure", "2027-01-10"],
        &[
            "edit",
            "gym",
            "--title",
            "Basic-Fit gym",
            "--provider",
            "none",
        ],
        &["edit", "orange", "--provider", "Orange Belgium"],
        &[
            "step",
            "add",
            "proximus",
            "move KBC 2FA",
            "--due",
            "2026-12-24",
        ],
        &["step", "remove", "proximus", "balance"],
        &["close", "gym", "--force"],
        &["reopen", "gym"],
        &["delete", "ethias", "--yes"],
        &["undo"],
        &["undo"],
        &["redo"],
    ];
    for args in steps {
        env.ok(args);
        check(&env, &args.join(" "));
    }

    // The comparison above was not of empty sets: a step set after its deadline is flagged.
    let (from_steps, _) = squeezed_both_ways(&env.sql(), "2026-11-30");
    assert!(from_steps.contains(&1), "{from_steps:?}");

    // An import brings whole cases, with their steps, into a second database.
    let file = env.dir.path().join("all.json");
    env.ok(&["export", "-o", file.to_str().expect("path")]);
    let other = Env::new();
    other.ok(&["add", "Telenet internet"]);
    other.ok(&["import", file.to_str().expect("path")]);
    check(&other, "import");
    assert_eq!(
        other.json(&["list", "--all"]).as_array().map(Vec::len),
        env.json(&["list", "--all"]).as_array().map(|a| a.len() + 1)
    );
}

#[test]
fn an_upgraded_database_has_its_spans_and_title_index_filled() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let env = Env::new();
    std::fs::create_dir_all(env.db.parent().expect("folder")).expect("folder");
    std::fs::copy(fixtures.join("v7.db"), &env.db).expect("copy the fixture");
    env.ok(&["list"]);
    let conn = env.sql();
    let filled: i64 = conn
        .query_row(
            "SELECT count(*) FROM cases WHERE pending_first IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert!(filled >= 2, "{filled} cases with a span");
    drop(conn);
    check(&env, "the upgrade");
    // A word finds its case through the index.
    assert_eq!(env.json(&["show", "orange"])["title"], "注销 Orange 卡");
}

#[test]
fn a_case_word_finds_what_it_found_before_the_index() {
    let env = Env::new();
    env.ok(&["add", "中国银行 账户", "--template", "bank"]);
    env.ok(&["add", "Say \"bye\" to Telenet", "--provider", "Telenet"]);
    env.ok(&["add", "STRAẞE 5 lease", "--template", "lease"]);
    env.ok(&["add", "Proximus SIM"]);
    env.ok(&["add", "Proximus internet"]);
    let id = |word: &str| env.json(&["show", word])["id"].as_i64();
    // Two characters: shorter than the index's pieces, read from every title.
    assert_eq!(id("银行"), Some(1));
    // Quotes are part of the word, not of a query.
    assert_eq!(id("\"bye\""), Some(2));
    assert_eq!(id("TELENET"), Some(2));
    // A letter SQLite may fold otherwise than closeout: found all the same.
    assert_eq!(id("straße"), Some(3));
    // The whole title wins over a piece of another.
    assert_eq!(id("proximus sim"), Some(4));
    let err = env.fails(&["show", "proximus"], 1);
    assert!(
        err.contains("#4 Proximus SIM") && err.contains("#5 Proximus internet"),
        "{err}"
    );
    let err = env.fails(&["show", "Basic-Fit"], 1);
    assert!(err.starts_with("error: "), "{err}");
    // A closed case is found when no open one matches.
    env.ok(&["close", "5", "--force"]);
    assert_eq!(id("internet"), Some(5));
    // An open case holding the word comes before a closed case of that very title.
    env.ok(&["add", "Orange"]);
    env.ok(&["close", "6", "--force"]);
    env.ok(&["add", "Orange SIM"]);
    assert_eq!(id("orange"), Some(7));
    env.ok(&["close", "7", "--force"]);
    assert_eq!(id("ORANGE"), Some(6));
    // `add` still warns of an open case of the same title.
    let out = env
        .cmd()
        .args(["add", "proximus sim"])
        .output()
        .expect("add");
    let warned = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{warned}");
    assert!(
        warned.contains("warning: ") && warned.contains("#4 Proximus SIM"),
        "{warned}"
    );
    assert!(!warned.contains("#5"), "{warned}");
}
