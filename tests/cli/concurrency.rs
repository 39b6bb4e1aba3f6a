//! Many closeout processes on one database at once: every command succeeds, no "database is
//! locked" reaches anyone, and every write is in the database exactly once.

use crate::common::*;
use std::collections::BTreeMap;
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;

const WORKERS: usize = 8;
const WRITES: usize = 50;
const STEPS: [&str; 3] = ["method", "documents", "unbind"];

/// The `j`th write of worker `w`: its own case first, then in turn a line on the shared case's
/// note, a step of its case done, the same step reopened, and a new case.
fn write_args(w: usize, j: usize) -> Vec<String> {
    let job = format!("job-{w}");
    let step = STEPS[(j / 4) % STEPS.len()].to_string();
    let args: Vec<String> = match j % 4 {
        _ if j == 0 => vec!["add".into(), job, "--template".into(), "sim".into()],
        1 => vec!["note".into(), "shared".into(), format!("w{w} n{j}")],
        2 => vec!["done".into(), job, step],
        3 => vec!["reopen".into(), job, step],
        _ => vec![
            "add".into(),
            format!("extra w{w} j{j}"),
            "--template".into(),
            "sim".into(),
        ],
    };
    args
}

/// A command that did not exit 0 with an empty stderr, for the failure message.
fn trouble(args: &[String], out: &Output) -> Option<String> {
    (!out.status.success() || !out.stderr.is_empty()).then(|| {
        format!(
            "{args:?}: exit {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn count(env: &Env, sql: &str) -> i64 {
    env.sql()
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[test]
fn eight_processes_writing_at_once_lose_nothing_and_are_never_locked_out() {
    let env = Arc::new(Env::new());
    env.ok(&["add", "Shared", "--template", "sim"]);
    let start = Arc::new(Barrier::new(WORKERS + 1));
    let writing = Arc::new(AtomicBool::new(true));

    let workers: Vec<_> = (0..WORKERS)
        .map(|w| {
            let (env, start) = (Arc::clone(&env), Arc::clone(&start));
            thread::spawn(move || {
                start.wait();
                let mut problems = Vec::new();
                for j in 0..WRITES {
                    let args = write_args(w, j);
                    let out = env.process().args(&args).output().expect("run closeout");
                    problems.extend(trouble(&args, &out));
                }
                problems
            })
        })
        .collect();
    // Reads go on while the writers write: they must neither wait for long nor fail.
    let reader = {
        let (env, start, writing) = (Arc::clone(&env), Arc::clone(&start), Arc::clone(&writing));
        thread::spawn(move || {
            start.wait();
            let mut problems = Vec::new();
            let mut reads = 0;
            while writing.load(Ordering::Relaxed) && reads < 100 {
                let args = vec!["list".to_string(), "--json".into()];
                let out = env.process().args(&args).output().expect("run closeout");
                problems.extend(trouble(&args, &out));
                if serde_json::from_slice::<serde_json::Value>(&out.stdout).is_err() {
                    problems.push(format!("list printed no JSON: {out:?}"));
                }
                reads += 1;
            }
            problems
        })
    };

    let mut problems: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("worker"))
        .collect();
    writing.store(false, Ordering::Relaxed);
    problems.extend(reader.join().expect("reader"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Every line on the shared note, each exactly once (no update lost to a race).
    let shared = env.json(&["show", "shared"]);
    let mut lines: BTreeMap<&str, usize> = BTreeMap::new();
    for line in shared["note"].as_str().expect("note").lines() {
        *lines.entry(line).or_default() += 1;
    }
    let mut expected: BTreeMap<&str, usize> = BTreeMap::new();
    let wanted: Vec<String> = (0..WORKERS)
        .flat_map(|w| {
            (0..WRITES)
                .filter(|j| j % 4 == 1)
                .map(move |j| format!("w{w} n{j}"))
        })
        .collect();
    for line in &wanted {
        expected.insert(line, 1);
    }
    assert_eq!(lines, expected);
    let notes_written = wanted.len() as i64;
    assert_eq!(
        count(
            &env,
            "SELECT count(*) FROM events WHERE kind = 'case.note' AND case_id = 1"
        ),
        notes_written
    );

    // Each worker's case: every done and every reopen recorded once, every step pending again.
    let per_kind = (1..WRITES).filter(|j| j % 4 == 2).count() as i64;
    for w in 0..WORKERS {
        let case = env.json(&["show", &format!("job-{w}")]);
        assert!(
            case["steps"]
                .as_array()
                .expect("steps")
                .iter()
                .all(|s| s["status"] == "pending"),
            "{case}"
        );
        let id = case["id"].as_i64().expect("id");
        for kind in ["step.done", "step.reopen"] {
            assert_eq!(
                count(
                    &env,
                    &format!(
                        "SELECT count(*) FROM events WHERE case_id = {id} AND kind = '{kind}'"
                    )
                ),
                per_kind,
                "job-{w} {kind}"
            );
        }
    }

    // Every added case exactly once, each with its whole checklist.
    let extras = (1..WRITES).filter(|j| j % 4 == 0).count();
    for w in 0..WORKERS {
        for j in (1..WRITES).filter(|j| j % 4 == 0) {
            assert_eq!(
                count(
                    &env,
                    &format!("SELECT count(*) FROM cases WHERE title = 'extra w{w} j{j}'")
                ),
                1
            );
        }
    }
    assert_eq!(
        count(&env, "SELECT count(*) FROM cases"),
        (1 + WORKERS + WORKERS * extras) as i64
    );
    assert_eq!(
        count(&env, "SELECT count(*) FROM steps"),
        6 * (1 + WORKERS + WORKERS * extras) as i64
    );
    let check: String = env
        .sql()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(check, "ok");
}

/// Processes released at one instant: each waits in its shell, blocked opening a FIFO, and
/// `exec`s closeout the moment the FIFO is opened for writing. (Threads that spawn after a
/// barrier start their processes milliseconds apart, too far apart for the opens to collide.)
#[cfg(unix)]
fn released_at_once(env: &Env, runs: &[Vec<String>]) -> Vec<(Vec<String>, Output)> {
    let fifo = env.path().join("go");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let children: Vec<_> = runs
        .iter()
        .map(|args| {
            let child = env
                .wrapped("sh", &["-c", "exec \"$0\" \"$@\" < \"$GO\""])
                .env("GO", &fifo)
                .args(args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start closeout");
            (args.clone(), child)
        })
        .collect();
    // Give every shell the time to reach the FIFO, then open it: all go at once. It stays
    // open until they are done, so that a shell that came late is not left waiting.
    thread::sleep(std::time::Duration::from_millis(60));
    let go = std::fs::OpenOptions::new()
        .write(true)
        .open(&fifo)
        .expect("open the FIFO");
    let outs = children
        .into_iter()
        .map(|(args, child)| (args, child.wait_with_output().expect("wait")))
        .collect();
    drop(go);
    outs
}

#[cfg(unix)]
#[test]
fn processes_released_at_one_instant_creating_the_database_at_once_all_succeed() {
    // The first open creates the file, switches it to WAL and migrates it: each a race, which
    // the open must retry when SQLite answers "busy" at once. Repeated, since a race is luck.
    const AT_ONCE: usize = 6;
    for round in 0..20 {
        let env = Env::new();
        let runs: Vec<Vec<String>> = (0..AT_ONCE)
            .map(|w| vec!["add".to_string(), format!("first {w}")])
            .collect();
        let problems: Vec<String> = released_at_once(&env, &runs)
            .iter()
            .filter_map(|(args, out)| trouble(args, out))
            .collect();
        assert!(
            problems.is_empty(),
            "round {round}: {}",
            problems.join("\n")
        );
        assert_eq!(count(&env, "SELECT count(*) FROM cases"), AT_ONCE as i64);
        assert_eq!(
            count(&env, "PRAGMA user_version"),
            closeout::store::SCHEMA_VERSION
        );
        let mode: String = env
            .sql()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .expect("journal_mode");
        assert_eq!(mode, "wal");
    }
}

#[test]
fn an_open_that_meets_a_held_lock_on_a_new_database_waits_for_it() {
    // A process that holds the new, empty file's write lock while others open it: they have
    // read it and want to switch it to WAL, where SQLite answers "busy" at once rather than
    // wait (waiting for each other could deadlock). The open retries until the lock goes.
    let env = Env::new();
    std::fs::create_dir_all(env.db.parent().expect("folder")).expect("mkdir");
    let holder = rusqlite::Connection::open(&env.db).expect("create");
    holder.execute_batch("BEGIN IMMEDIATE").expect("lock");
    let children: Vec<_> = (0..3)
        .map(|w| {
            let args = vec!["add".to_string(), format!("first {w}")];
            let child = env
                .process()
                .args(&args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start closeout");
            (args, child)
        })
        .collect();
    thread::sleep(std::time::Duration::from_millis(400));
    holder.execute_batch("COMMIT").expect("unlock");
    drop(holder);
    let problems: Vec<String> = children
        .into_iter()
        .filter_map(|(args, child)| trouble(&args, &child.wait_with_output().expect("wait")))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(count(&env, "SELECT count(*) FROM cases"), 3);
}

/// `remind`'s quiet mark under writes: processes that run `remind` in a loop (each trying to
/// leave the mark) never make a `remind` that starts after a write miss what the write made due.
#[test]
fn reminders_racing_writes_never_leave_a_stale_quiet_mark() {
    let env = Env::new();
    env.ok(&["add", "gym", "--template", "contract"]);
    let stop = Arc::new(AtomicBool::new(false));
    let loops: Vec<_> = (0..3)
        .map(|_| {
            let stop = Arc::clone(&stop);
            let mut cmd = env.process();
            cmd.arg("remind");
            thread::spawn(move || {
                let mut runs = 0;
                while !stop.load(Ordering::Relaxed) {
                    let out = cmd.output().expect("run remind");
                    assert!(out.status.success(), "{out:?}");
                    runs += 1;
                }
                runs
            })
        })
        .collect();
    for round in 0..40 {
        // Due today, then not due at all, each a commit the looping reminders race with.
        env.ok(&["due", "gym", "method", "2026-11-30"]);
        let out = env.ok(&["remind"]);
        assert!(out.contains("method"), "round {round}: a stale mark hid it");
        env.ok(&["due", "gym", "method", "none"]);
        assert_eq!(env.ok(&["remind"]), "", "round {round}");
    }
    stop.store(true, Ordering::Relaxed);
    let runs: usize = loops.into_iter().map(|t| t.join().expect("loop")).sum();
    assert!(runs > 0);
}
