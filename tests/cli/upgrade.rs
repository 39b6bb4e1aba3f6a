//! A database written by every released closeout (tests/fixtures/vN.db) is opened by this one
//! with every row intact; an older one is first copied beside itself, and the copy is mentioned
//! once.

use crate::common::*;
use closeout::store::SCHEMA_VERSION;
use rusqlite::Connection;
use rusqlite::types::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `(N, path)` of every `vN.db` under tests/fixtures, by version.
fn fixtures() -> Vec<(i64, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found: Vec<(i64, PathBuf)> = std::fs::read_dir(&dir)
        .expect("tests/fixtures")
        .filter_map(|e| {
            let path = e.expect("entry").path();
            let name = path.file_name()?.to_str()?.to_string();
            let n = name.strip_prefix('v')?.strip_suffix(".db")?.parse().ok()?;
            Some((n, path))
        })
        .collect();
    found.sort();
    found
}

/// Every table's columns and rows, in a stable order.
type Rows = BTreeMap<String, (Vec<String>, Vec<Vec<Value>>)>;

fn rows(conn: &Connection) -> Rows {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .expect("tables");
    tables
        .into_iter()
        .map(|t| {
            let columns: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
                .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
                .expect("columns");
            let rows = select(conn, &t, &columns);
            (t, (columns, rows))
        })
        .collect()
}

fn select(conn: &Connection, table: &str, columns: &[String]) -> Vec<Vec<Value>> {
    let list = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    // By every column, so that tables without a rowid compare in a stable order too.
    let order = (1..=columns.len())
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn
        .prepare(&format!("SELECT {list} FROM \"{table}\" ORDER BY {order}"))
        .unwrap_or_else(|e| panic!("{table} lost a column: {e}"));
    stmt.query_map([], |r| (0..columns.len()).map(|i| r.get(i)).collect())
        .and_then(|rows| rows.collect())
        .expect("rows")
}

#[test]
fn there_is_a_fixture_for_every_released_schema_version() {
    let versions: Vec<i64> = fixtures().into_iter().map(|(n, _)| n).collect();
    assert_eq!(versions, (1..=SCHEMA_VERSION).collect::<Vec<_>>());
}

#[test]
fn every_released_database_opens_with_every_row_intact() {
    for (n, fixture) in fixtures() {
        let env = Env::new();
        std::fs::create_dir_all(env.db.parent().expect("folder")).expect("mkdir");
        std::fs::copy(&fixture, &env.db).expect("copy the fixture");
        let before = rows(&Connection::open(&env.db).expect("open"));
        assert!(before["cases"].1.len() >= 3, "v{n}: the fixture has cases");

        let out = env.cmd().args(["list", "--all"]).output().expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "v{n}: {stderr}");
        let copy = {
            let mut name = env.db.as_os_str().to_owned();
            name.push(format!(".bak-v{n}"));
            PathBuf::from(name)
        };
        if n < SCHEMA_VERSION {
            assert_eq!(
                stderr.matches(&format!(".bak-v{n}")).count(),
                1,
                "v{n}: {stderr}"
            );
            assert_eq!(
                rows(&Connection::open(&copy).expect("copy")),
                before,
                "v{n} copy"
            );
            let again = env.cmd().arg("list").output().expect("run");
            assert!(again.stderr.is_empty(), "mentioned once: {again:?}");
        } else {
            assert!(stderr.is_empty(), "v{n}: {stderr}");
            assert!(!copy.exists());
        }

        // Every row of every table, column for column (later versions may only add).
        let conn = Connection::open(&env.db).expect("open upgraded");
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(version, SCHEMA_VERSION);
        for (table, (columns, old)) in &before {
            assert_eq!(&select(&conn, table, columns), old, "v{n}: {table}");
        }
        drop(conn);

        // And it is a working database.
        let list = env.json(&["list", "--all"]);
        assert_eq!(
            list.as_array().expect("rows").len(),
            before["cases"].1.len()
        );
        env.ok(&["note", "1", "after the upgrade"]);
        env.ok(&["done", "2", "method"]);
        env.ok(&["add", "Scarlet"]);
        let log = env.json(&["log"]);
        assert!(
            log.as_array()
                .expect("events")
                .iter()
                .any(|e| e["kind"] == "case.delete"),
            "v{n}: the history of a deleted case is kept"
        );
    }
}

/// A command that is refused on an old database leaves it as it was: not upgraded, no copy
/// made. The upgrade happens with the first command that goes through.
#[test]
fn a_refused_command_does_not_upgrade_an_old_database() {
    let (version, fixture) = fixtures().into_iter().next().expect("a fixture");
    assert!(version < SCHEMA_VERSION);
    let env = Env::new();
    std::fs::create_dir_all(env.db.parent().expect("folder")).expect("mkdir");
    std::fs::copy(&fixture, &env.db).expect("copy fixture");
    let folder = env.db.parent().expect("folder").to_path_buf();
    let names = names_in(&folder);
    for args in [
        &["done", "999", "method"][..],
        &["show", "999"],
        &["note", "1", "nosuchstep", "a line"],
        &["log", "999"],
        &["add", "X", "--template", "nosuch"],
    ] {
        let out = env.cmd().args(args).output().expect("run");
        assert!(
            matches!(out.status.code(), Some(1 | 2)),
            "{args:?} is refused: {out:?}"
        );
        let version_now: i64 = env
            .sql()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(version_now, version, "{args:?} upgraded the database");
        assert_eq!(names_in(&folder), names, "{args:?} left a copy");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("upgraded"), "{args:?}: {err}");
    }
    // The first command that goes through upgrades it, and says so once.
    let out = env.cmd().args(["list"]).output().expect("run");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("closeout.db.bak-v{version}")),
        "{err}"
    );
    let out = env.cmd().args(["list"]).output().expect("run");
    assert!(out.stderr.is_empty(), "{out:?}");
}

/// An upgrade killed after it copied the old file leaves a complete `.bak-vN`: the next upgrade
/// makes its own copy and names the earlier one too.
#[test]
fn the_copy_of_a_killed_upgrade_is_mentioned() {
    let (version, fixture) = fixtures().into_iter().next().expect("a fixture");
    let env = Env::new();
    let folder = env.db.parent().expect("folder").to_path_buf();
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::copy(&fixture, &env.db).expect("copy fixture");
    let earlier = folder.join(format!("closeout.db.bak-v{version}"));
    std::fs::copy(&fixture, &earlier).expect("the killed upgrade's copy");
    let out = env.cmd().args(["list"]).output().expect("run");
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("kept as {}.2", earlier.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "an earlier copy from before an upgrade is there too: {}",
            earlier.display()
        )),
        "{err}"
    );
}
