//! Output never lies about state: a write whose output cannot be printed has committed or not
//! exactly as its exit code says, and a closed pipe is not an error.

use crate::common::*;
use std::process::{Output, Stdio};

/// Runs `args` with stdout a pipe whose reading end is already closed: every write to it fails
/// with EPIPE, whatever the timing.
fn into_closed_pipe(env: &Env, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    env.process()
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("run closeout")
}

fn cases(env: &Env) -> usize {
    env.json(&["list", "--all"]).as_array().expect("rows").len()
}

#[test]
fn a_write_into_a_closed_pipe_is_saved_and_exits_0_quietly() {
    let env = Env::new();
    for args in [
        &["add", "Proximus"][..],
        &["add", "Orange", "--json"],
        &["done", "1", "method"],
        &["note", "1", "a line"],
    ] {
        let out = into_closed_pipe(&env, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(cases(&env), 2);
    let case = env.json(&["show", "1"]);
    assert_eq!(step(&case, "method")["status"], "done");
    assert_eq!(case["note"], "a line");
}

#[test]
fn a_refused_write_into_a_closed_pipe_still_says_so() {
    let env = Env::new();
    env.add_proximus();
    let before = env.dump();
    let out = into_closed_pipe(&env, &["done", "9", "method"]);
    assert_eq!(out.status.code(), Some(1));
    assert_error_line(&String::from_utf8_lossy(&out.stderr), "done 9");
    assert_eq!(env.dump(), before);
}

#[test]
fn a_read_into_a_closed_pipe_exits_0_quietly() {
    let env = Env::new();
    env.add_proximus();
    for args in [&["list"][..], &["show", "1"], &["pending"], &["log"]] {
        let out = into_closed_pipe(&env, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(out.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn piped_into_head_a_write_exits_0_and_is_saved() {
    let env = Env::new();
    // pipefail: the exit code is closeout's, whether head closed the pipe before or after it
    // wrote.
    let out = env
        .wrapped("bash", &["-c", "set -o pipefail; \"$0\" \"$@\" | head -1"])
        .args(["add", "Proximus", "--deadline", "+3w"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    assert_eq!(cases(&env), 1);
}

#[test]
fn a_write_with_stdout_closed_is_saved_and_exits_0() {
    let env = Env::new();
    let out = env
        .wrapped("sh", &["-c", "exec \"$0\" \"$@\" >&-"])
        .args(["add", "Proximus"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(cases(&env), 1);
}

#[cfg(target_os = "linux")]
#[test]
fn a_write_whose_output_fails_says_it_was_saved_and_exits_0() {
    let env = Env::new();
    let full = || std::fs::File::create("/dev/full").expect("/dev/full");
    let out = env
        .process()
        .args(["add", "Proximus"])
        .stdout(full())
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.starts_with("warning: done and saved"), "{err}");
    assert_eq!(cases(&env), 1);

    // A read whose output fails has failed, and says so; nothing changes.
    let before = env.snapshot();
    let out = env
        .process()
        .args(["list"])
        .stdout(full())
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("error: cannot print the output"), "{err}");
    assert!(env.snapshot() == before);
}
