//! Damaged or foreign database files: a clear error that names the file and says what to do, the
//! file left exactly as it was, and nothing created beside it.

use crate::common::*;
use std::fs;
use std::path::Path;
use std::process::Output;

/// Runs `args`, which closeout must refuse with exit 1 and an error naming the database and
/// saying `says`, changing nothing in the database's folder.
fn refused(env: &Env, args: &[&str], says: &str) -> String {
    let folder = env.db.parent().expect("folder");
    let names = names_in(folder);
    let err = env.fails(args, 1);
    assert!(
        err.contains(&env.db.display().to_string()),
        "{args:?} names the file: {err}"
    );
    assert!(err.contains(says), "{args:?}: {err}");
    assert_eq!(names_in(folder), names, "{args:?} created files beside it");
    err
}

/// A database with a few cases in it, enough to span several pages.
fn database_with_cases(env: &Env) {
    env.add_proximus();
    env.ok(&["add", "注销 Orange 卡", "--note", &"x".repeat(3000)]);
    env.ok(&["add", "Gym", "--template", "contract"]);
    env.ok(&["done", "1", "method"]);
}

fn every_command_refuses(env: &Env, says: &str) {
    for args in [
        &["list"][..],
        &["show", "1"],
        &["pending"],
        &["log"],
        &["add", "Telenet"],
        &["done", "1", "method"],
        &["note", "1", "a line"],
        &["backup", "copy.db"],
    ] {
        refused(env, args, says);
    }
}

#[test]
fn random_bytes_are_refused_as_not_a_database() {
    let env = Env::new();
    fs::create_dir_all(env.db.parent().expect("folder")).expect("mkdir");
    fs::write(&env.db, Rng::new(7).bytes(64 * 1024)).expect("write");
    every_command_refuses(&env, "is not a closeout database");
    let err = refused(&env, &["list"], "restore");
    assert!(
        err.contains("closeout restore FILE"),
        "says what to do: {err}"
    );
}

#[test]
fn a_truncated_database_is_refused_as_damaged() {
    let env = Env::new();
    database_with_cases(&env);
    let whole = fs::read(&env.db).expect("read");
    assert!(
        whole.len() >= 8 * 4096,
        "the database spans pages: {}",
        whole.len()
    );
    // Cut at a page boundary, and in the middle of a page.
    for cut in [whole.len() / 2 / 4096 * 4096, whole.len() - 1000, 5000] {
        fs::write(&env.db, &whole[..cut]).expect("truncate");
        every_command_refuses(&env, "is damaged");
    }
}

#[test]
fn a_folder_is_refused_and_stays_empty() {
    let env = Env::new();
    fs::create_dir_all(&env.db).expect("mkdir");
    for args in [&["list"][..], &["add", "X"], &["backup", "copy.db"]] {
        let err = env.fails(args, 1);
        assert!(err.contains("is a folder, not a database file"), "{err}");
        assert!(err.contains(&env.db.display().to_string()), "{err}");
        assert!(names_in(&env.db).is_empty());
    }
}

#[test]
fn an_sqlite_database_of_another_program_is_refused() {
    let env = Env::new();
    fs::create_dir_all(env.db.parent().expect("folder")).expect("mkdir");
    rusqlite::Connection::open(&env.db)
        .and_then(|c| c.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)"))
        .expect("foreign database");
    every_command_refuses(&env, "another program");
}

#[test]
fn a_newer_schema_is_refused_by_every_command() {
    let env = Env::new();
    database_with_cases(&env);
    env.sql()
        .pragma_update(None, "user_version", 99)
        .expect("set version");
    every_command_refuses(&env, "upgrade closeout");
}

/// Runs closeout as a user for whom permissions count. Root ignores permission bits, so when
/// the tests run as root the command runs as `nobody` (setpriv, util-linux) and the database's
/// folder is handed to that user: what is read-only is then read-only for closeout, enforced by
/// the kernel, not simulated.
fn as_user(env: &Env, args: &[&str]) -> Output {
    let mut cmd = if is_root() {
        env.wrapped(
            "setpriv",
            &["--reuid=65534", "--regid=65534", "--clear-groups", "--"],
        )
    } else {
        env.process()
    };
    cmd.args(args).output().expect("run closeout")
}

/// Hands the folder and the database to the user `as_user` runs as.
fn hand_over(env: &Env) {
    if !is_root() {
        return;
    }
    chmod(env.path(), 0o755);
    let folder = env.db.parent().expect("folder");
    for path in [folder, env.db.as_path()] {
        std::os::unix::fs::chown(path, Some(65534), Some(65534)).expect("chown");
    }
}

/// Reads work and leave nothing behind; writes are refused with `says`; the file is unchanged.
fn reads_work_writes_refused(env: &Env, says: &str) {
    let folder = env.db.parent().expect("folder");
    let names = names_in(folder);
    let bytes = env.snapshot();

    let out = as_user(env, &["list", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(rows.as_array().expect("rows").len(), 3);
    for args in [&["show", "2"][..], &["pending"], &["log", "1"]] {
        let out = as_user(env, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    for args in [
        &["add", "Telenet"][..],
        &["done", "1", "documents"],
        &["note", "1", "x"],
    ] {
        let out = as_user(env, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert_error_line(&err, &format!("{args:?}"));
        assert!(err.contains(&env.db.display().to_string()), "{err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(env.snapshot(), bytes, "the database changed");
    assert_eq!(
        names_in(folder),
        names,
        "files were left beside the database"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_database_is_read_but_never_written() {
    let env = Env::new();
    database_with_cases(&env);
    hand_over(&env);
    chmod(&env.db, 0o400);
    reads_work_writes_refused(&env, "chmod u+w");
    assert_eq!(mode(&env.db), 0o400);
}

#[cfg(unix)]
#[test]
fn a_database_in_a_read_only_folder_is_read_but_never_written() {
    let env = Env::new();
    database_with_cases(&env);
    hand_over(&env);
    let folder = env.db.parent().expect("folder");
    chmod(folder, 0o500);
    reads_work_writes_refused(&env, "make that folder writable");
    chmod(folder, 0o700);
}

#[cfg(unix)]
#[test]
fn an_unreadable_database_is_refused_with_what_to_check() {
    let env = Env::new();
    database_with_cases(&env);
    hand_over(&env);
    chmod(&env.db, 0o000);
    let bytes = env.snapshot();
    for args in [&["list"][..], &["add", "X"]] {
        let out = as_user(&env, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("do not allow this user to read it"), "{err}");
        assert!(err.contains(&env.db.display().to_string()), "{err}");
    }
    assert_eq!(env.snapshot(), bytes);
}

#[test]
fn a_missing_database_reads_as_empty_and_creates_nothing() {
    let env = Env::new();
    assert_eq!(env.json(&["list"]), serde_json::json!([]));
    assert!(!env.db.exists());
    assert!(!Path::new(env.db.parent().expect("folder")).exists());
}

/// Runs closeout with `--db PATH` and `args`, killed if it takes more than ten seconds.
fn bounded(env: &Env, db: &Path, args: &[&str]) -> std::process::Output {
    let mut child = env
        .process()
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let give_up = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while child.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > give_up {
            let _ = child.kill();
            let _ = child.wait();
            panic!("closeout --db {} {args:?} hangs", db.display());
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[cfg(unix)]
#[test]
fn a_pipe_or_a_device_is_refused_without_waiting_or_creating_anything() {
    let env = Env::new();
    let fifo = env.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let names = names_in(env.path());
    for db in [fifo.as_path(), Path::new("/dev/null")] {
        for args in [&["list"][..], &["add", "X"], &["backup", "copy.db"]] {
            let out = bounded(&env, db, args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{db:?} {args:?}: {err}");
            assert_error_line(&err, &format!("{db:?} {args:?}"));
            assert!(err.contains(&db.display().to_string()), "{err}");
            assert!(err.contains("is not a regular file"), "{err}");
        }
    }
    assert!(!Path::new("/dev/null-journal").exists());
    assert!(!Path::new("/dev/null-wal").exists());
    assert_eq!(names_in(env.path()), names, "nothing created beside them");
    // `restore` is refused such a file too, without waiting for a writer.
    env.add_proximus();
    let out = bounded(&env, &env.db, &["restore", fifo.to_str().expect("utf-8")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("is not a regular file"), "{err}");
}

#[test]
fn a_read_leaves_an_empty_file_alone_and_a_write_makes_it_a_database() {
    let env = Env::new();
    fs::create_dir_all(env.db.parent().expect("folder")).expect("mkdir");
    fs::write(&env.db, b"").expect("empty file");
    let folder = env.db.parent().expect("folder");
    for args in [&["list"][..], &["pending"], &["log"], &["remind"], &[]] {
        env.ok(args);
        let size = fs::metadata(&env.db).expect("file").len();
        assert_eq!(size, 0, "{args:?} wrote it");
        assert_eq!(names_in(folder), ["closeout.db"], "{args:?}");
    }
    assert_eq!(env.json(&["list"]), serde_json::json!([]));
    assert!(env.ok(&[]).contains("No cancellations yet"));
    assert_eq!(fs::metadata(&env.db).expect("file").len(), 0);
    env.add_proximus();
    assert_eq!(env.json(&["list"]).as_array().expect("rows").len(), 1);
}
