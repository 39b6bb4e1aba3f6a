//! `backup FILE` writes a consistent copy with SQLite's online backup API, even while other
//! processes write; `restore FILE` checks the file before it replaces anything and keeps what
//! it replaces.

use crate::common::*;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;

fn open_copy(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open copy")
}

fn integrity(conn: &Connection) -> String {
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check")
}

fn beside(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn some_cases(env: &Env) {
    env.add_proximus();
    env.ok(&["add", "注销 Orange 卡", "--note", "带上护照"]);
    env.ok(&["done", "1", "method", "documents"]);
}

#[test]
fn backup_writes_a_whole_self_contained_copy() {
    let env = Env::new();
    some_cases(&env);
    let copy = env.path().join("copies/closeout-2026-11-30.db");
    let report = env.json(&["backup", copy.to_str().expect("utf-8")]);
    assert_eq!(report["backup"], copy.to_str().expect("utf-8"));
    assert_eq!(report["database"], env.db.to_str().expect("utf-8"));
    assert_eq!(report["schema_version"], closeout::store::SCHEMA_VERSION);
    assert_eq!(report["cases"], 2);

    let conn = open_copy(&copy);
    assert_eq!(integrity(&conn), "ok");
    assert_eq!(dump(&conn), env.dump().expect("dump"));
    // One file, not in WAL mode: it can be moved or mailed alone.
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("journal_mode");
    assert_eq!(mode, "delete");
    drop(conn);
    assert_eq!(
        names_in(copy.parent().expect("folder")),
        ["closeout-2026-11-30.db"]
    );

    let text = env.ok(&["backup", env.path().join("b.db").to_str().expect("utf-8")]);
    assert!(
        text.starts_with("backed up ") && text.contains("(2 case(s))"),
        "{text}"
    );
}

#[test]
fn backup_never_overwrites_and_needs_a_database() {
    let env = Env::new();
    let err = env.fails(&["backup", "x.db"], 1);
    assert!(err.contains("no database"), "{err}");
    some_cases(&env);
    let copy = env.path().join("taken.db");
    std::fs::write(&copy, b"someone's file").expect("write");
    let err = env.fails(&["backup", copy.to_str().expect("utf-8")], 1);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read(&copy).expect("read"), b"someone's file");
    assert_eq!(
        names_in(env.path()),
        ["data", "taken.db"],
        "no temporary file left"
    );
}

#[test]
fn backups_taken_while_others_write_are_each_one_consistent_moment() {
    const WRITERS: usize = 3;
    const NOTES: usize = 40;
    let env = Arc::new(Env::new());
    env.ok(&["add", "Shared"]);
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let env = Arc::clone(&env);
            thread::spawn(move || {
                for n in 0..NOTES {
                    let out = env
                        .process()
                        .args(["note", "shared", &format!("w{w} {n}")])
                        .output()
                        .expect("run");
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    let mut copies = Vec::new();
    for i in 0..8 {
        let copy = env.path().join(format!("copy-{i}.db"));
        env.ok(&["backup", copy.to_str().expect("utf-8")]);
        copies.push(copy);
    }
    for w in writers {
        w.join().expect("writer");
    }
    for copy in &copies {
        let conn = open_copy(copy);
        assert_eq!(integrity(&conn), "ok", "{}", copy.display());
        let note: Option<String> = conn
            .query_row("SELECT note FROM cases WHERE id = 1", [], |r| r.get(0))
            .expect("note");
        let note = note.unwrap_or_default();
        // Each writer's notes go in order, so one moment holds a prefix of each writer's lines
        // and exactly as many events as lines.
        for w in 0..WRITERS {
            let mine: Vec<&str> = note
                .lines()
                .filter(|l| l.starts_with(&format!("w{w} ")))
                .collect();
            let expected: Vec<String> = (0..mine.len()).map(|n| format!("w{w} {n}")).collect();
            assert_eq!(mine, expected, "{}", copy.display());
        }
        let events: i64 = conn
            .query_row(
                "SELECT count(*) FROM events WHERE kind = 'case.note'",
                [],
                |r| r.get(0),
            )
            .expect("events");
        assert_eq!(events, note.lines().count() as i64, "{}", copy.display());
    }
}

#[test]
fn restore_puts_a_backup_back_and_keeps_what_it_replaced() {
    let env = Env::new();
    some_cases(&env);
    let copy = env.path().join("copy.db");
    env.ok(&["backup", copy.to_str().expect("utf-8")]);
    let backed_up = env.dump();

    env.ok(&["add", "Telenet"]);
    env.ok(&["delete", "1", "--yes"]);
    let replaced = env.dump();

    let report = env.json(&["restore", copy.to_str().expect("utf-8")]);
    assert_eq!(report["cases"], 2);
    assert_eq!(report["schema_version"], closeout::store::SCHEMA_VERSION);
    let bak = beside(&env.db, ".bak");
    assert_eq!(report["replaced_copy"], bak.to_str().expect("utf-8"));
    assert_eq!(env.dump(), backed_up, "the database is the backup again");
    assert_eq!(
        dump(&open_copy(&bak)),
        replaced.expect("dump"),
        "the .bak is what was replaced"
    );
    assert_eq!(mode(&bak), 0o600);
    assert_eq!(env.json(&["show", "1"])["title"], "Proximus");

    // A second restore keeps the first .bak and adds another.
    let text = env.ok(&["restore", copy.to_str().expect("utf-8")]);
    assert!(text.contains("closeout.db.bak.2"), "{text}");
    assert!(bak.exists());
    // The restored database takes writes as usual.
    env.ok(&["add", "Scarlet"]);
}

#[test]
fn restore_checks_the_file_before_touching_the_database() {
    let env = Env::new();
    some_cases(&env);
    let good = env.path().join("good.db");
    env.ok(&["backup", good.to_str().expect("utf-8")]);
    let whole = std::fs::read(&good).expect("read");

    let files = env.path().join("bad");
    std::fs::create_dir(&files).expect("mkdir");
    let write = |name: &str, bytes: &[u8]| {
        let path = files.join(name);
        std::fs::write(&path, bytes).expect("write");
        path
    };
    let random = write("random.db", &Rng::new(3).bytes(20_000));
    let truncated = write("truncated.db", &whole[..whole.len() / 2]);
    let newer = write("newer.db", &whole);
    Connection::open(&newer)
        .and_then(|c| c.pragma_update(None, "user_version", 99))
        .expect("newer");
    let foreign = files.join("foreign.db");
    Connection::open(&foreign)
        .and_then(|c| c.execute_batch("PRAGMA user_version = 1; CREATE TABLE cases (x)"))
        .expect("foreign");
    let mut damaged = whole.clone();
    // Scribble over pages past the schema page, headers and cells alike.
    for b in &mut damaged[2 * 4096..5 * 4096] {
        *b = 0x5a;
    }
    let scribbled = write("scribbled.db", &damaged);

    for (file, says) in [
        (random, "not a closeout database"),
        (truncated, "damaged"),
        (newer, "newer closeout"),
        (foreign, "not a closeout database"),
        (scribbled, "damaged"),
        (files.join("missing.db"), "missing.db"),
        (files.clone(), "is a folder"),
    ] {
        let before = names_in(&files);
        let err = env.fails(&["restore", file.to_str().expect("utf-8")], 1);
        assert!(err.contains(says), "{}: {err}", file.display());
        assert!(
            err.contains(file.to_str().expect("utf-8")),
            "names the file: {err}"
        );
        assert_eq!(names_in(&files), before, "the file is only read");
        assert_eq!(
            names_in(env.db.parent().expect("folder")),
            ["closeout.db"],
            "no .bak, no leftovers"
        );
    }
    let err = env.fails(&["restore", env.db.to_str().expect("utf-8")], 1);
    assert!(err.contains("the database itself"), "{err}");
}

#[test]
fn restore_replaces_a_damaged_database_and_keeps_it_aside() {
    let env = Env::new();
    some_cases(&env);
    let copy = env.path().join("copy.db");
    env.ok(&["backup", copy.to_str().expect("utf-8")]);
    let garbage = Rng::new(11).bytes(30_000);
    std::fs::write(&env.db, &garbage).expect("damage");
    env.fails(&["list"], 1);

    let out = env
        .cmd()
        .args(["restore", copy.to_str().expect("utf-8")])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("damaged database was moved to"));
    assert_eq!(env.json(&["list"]).as_array().expect("rows").len(), 2);
    assert_eq!(
        std::fs::read(beside(&env.db, ".bak")).expect("aside"),
        garbage
    );
}

#[test]
fn restore_onto_no_database_creates_it() {
    let env = Env::new();
    let other = Env::new();
    some_cases(&other);
    let copy = other.path().join("copy.db");
    other.ok(&["backup", copy.to_str().expect("utf-8")]);
    let report = env.json(&["restore", copy.to_str().expect("utf-8")]);
    assert_eq!(report["replaced_copy"], serde_json::Value::Null);
    assert_eq!(env.dump(), other.dump());
    assert_eq!(mode(&env.db), 0o600);
}

/// `restore FILE` only reads FILE: a FILE whose last changes are still in its -wal keeps them
/// there (opening it to write would fold them into FILE), and nothing is made beside it.
#[test]
fn restore_leaves_the_file_and_its_wal_as_they_were() {
    let env = Env::new();
    some_cases(&env);
    let source = env.path().join("source");
    std::fs::create_dir(&source).expect("mkdir");
    let file = source.join("other.db");
    // A database whose newest case is only in its -wal, as a copy taken while it was open is.
    let live = env.path().join("live.db");
    let other = Env::new();
    other.add_proximus();
    std::fs::copy(&other.db, &live).expect("copy");
    let conn = Connection::open(&live).expect("open");
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0;")
        .expect("wal");
    conn.execute(
        "UPDATE cases SET title = 'only in the wal' WHERE id = 1",
        [],
    )
    .expect("write");
    std::fs::copy(&live, &file).expect("copy file");
    std::fs::copy(beside(&live, "-wal"), beside(&file, "-wal")).expect("copy wal");
    drop(conn);
    let before = (
        std::fs::read(&file).expect("file"),
        std::fs::read(beside(&file, "-wal")).expect("wal"),
    );
    assert!(!before.1.is_empty());

    env.ok(&["restore", file.to_str().expect("utf-8")]);
    assert_eq!(env.json(&["show", "1"])["title"], "only in the wal");
    let after = (
        std::fs::read(&file).expect("file"),
        std::fs::read(beside(&file, "-wal")).expect("wal"),
    );
    assert!(after == before, "restore changed the file or its -wal");
    assert_eq!(names_in(&source), ["other.db", "other.db-wal"]);
}

/// A file as a killed `backup` or `restore` leaves it: full size, unlocked, written a while ago.
fn leftover(path: &Path) {
    std::fs::write(path, vec![7u8; 256 * 1024]).expect("leftover");
    let file = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open");
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    file.set_modified(an_hour_ago).expect("mtime");
}

#[test]
fn a_killed_backup_or_restore_leaves_nothing_after_the_next_one() {
    let env = Env::new();
    some_cases(&env);
    let shelf = env.path().join("shelf");
    std::fs::create_dir(&shelf).expect("mkdir");
    let copy = shelf.join("copy.db");
    leftover(&shelf.join(".copy.db.tmp-999999-0"));
    // One a live process is writing: locked, so it stays.
    let busy = shelf.join(".copy.db.tmp-999998-0");
    leftover(&busy);
    let held = std::fs::File::open(&busy).expect("open");
    held.lock().expect("lock");
    // Another program's file that only looks alike stays too.
    std::fs::write(shelf.join(".copy.db.tmp-notours"), b"x").expect("write");
    env.ok(&["backup", copy.to_str().expect("utf-8")]);
    assert_eq!(
        names_in(&shelf),
        [".copy.db.tmp-999998-0", ".copy.db.tmp-notours", "copy.db"]
    );
    drop(held);

    // restore: the file it was checking and the copy of what it replaced.
    let folder = env.db.parent().expect("folder");
    leftover(&folder.join(".closeout.db.tmp-999999-0"));
    leftover(&folder.join(".closeout.db.tmp-999999-0-wal"));
    leftover(&folder.join(".closeout.db.bak.tmp-999999-1"));
    env.ok(&["restore", copy.to_str().expect("utf-8")]);
    assert_eq!(names_in(folder), ["closeout.db", "closeout.db.bak"]);
}
