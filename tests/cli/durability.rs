//! A write is on disk before closeout says it is done: the commit is synced with fdatasync()
//! (which carries the file's data and size, all SQLite needs) before anything is printed.

use crate::common::*;

#[test]
fn a_write_is_synced_with_fdatasync_before_it_reports_success() {
    let Some(strace) = program("strace") else {
        return;
    };
    let env = Env::new();
    env.add_proximus();
    let log = env.dir.path().join("syscalls.txt");
    let out = env
        .wrapped(
            strace.to_str().expect("utf-8"),
            &[
                "-f",
                "-qq",
                "-e",
                "trace=fsync,fdatasync,write",
                "-o",
                log.to_str().expect("utf-8"),
            ],
        )
        .args(["done", "Proximus", "method"])
        .output()
        .expect("run under strace");
    assert!(out.status.success(), "{out:?}");
    let calls = std::fs::read_to_string(&log).expect("strace log");
    let lines: Vec<&str> = calls.lines().collect();
    let said = lines
        .iter()
        .position(|l| l.contains("write(1,"))
        .unwrap_or_else(|| panic!("nothing printed:\n{calls}"));
    assert!(
        lines[..said].iter().any(|l| l.contains("fdatasync(")),
        "no fdatasync before the report:\n{calls}"
    );
    assert!(
        !lines
            .iter()
            .any(|l| l.contains(" fsync(") || l.starts_with("fsync(")),
        "fsync where fdatasync does:\n{calls}"
    );
}
