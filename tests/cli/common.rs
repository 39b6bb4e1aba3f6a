//! A fresh database per test, a fixed clock, and helpers to run the real binary against it.

#![allow(dead_code)]

use assert_cmd::Command;
use rusqlite::Connection;
use serde_json::Value;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Monday 2026-11-30, 09:00 UTC: every test's "now" unless it says otherwise.
pub const NOW: &str = "2026-11-30T09:00:00Z";

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_closeout");

pub struct Env {
    pub dir: TempDir,
    pub db: PathBuf,
    now: String,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("data").join("closeout.db");
        Env {
            dir,
            db,
            now: NOW.to_string(),
        }
    }

    /// The same database seen at another moment.
    pub fn at(&mut self, now: &str) -> &mut Env {
        self.now = now.to_string();
        self
    }

    /// The binary with a clean, fixed environment: this database, this clock, UTC, user alice.
    pub fn cmd(&self) -> Command {
        let mut cmd = assert_cmd::cargo_bin_cmd!("closeout");
        cmd.env_clear().envs(self.vars());
        cmd
    }

    /// The same as `cmd`, as a plain process, for tests that spawn, pipe, wrap or kill it.
    pub fn process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(BIN);
        cmd.env_clear().envs(self.vars());
        cmd
    }

    /// The same as `process`, run by `program` with `args` before the binary's own path (for
    /// `sh -c`, `setpriv`, …).
    pub fn wrapped(&self, program: &str, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(program);
        cmd.env_clear().envs(self.vars()).args(args).arg(BIN);
        cmd
    }

    fn vars(&self) -> Vec<(&'static str, OsString)> {
        vec![
            ("CLOSEOUT_DB", self.db.clone().into()),
            ("CLOSEOUT_NOW", self.now.clone().into()),
            ("TZ", "UTC".into()),
            ("USER", "alice".into()),
            ("HOME", self.dir.path().into()),
            ("XDG_DATA_HOME", self.dir.path().join("xdg-data").into()),
            ("XDG_CONFIG_HOME", self.dir.path().join("xdg-config").into()),
            ("PATH", std::env::var_os("PATH").unwrap_or_default()),
        ]
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("run closeout");
        assert!(
            out.status.success(),
            "closeout {args:?} failed with {:?}\nstdout: {}\nstderr: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Runs a command with --json that must succeed; returns the parsed document.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let text = self.ok(&all);
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
    }

    /// Runs a command that must fail with `code`, print one `error:` line and change nothing in
    /// the database (byte for byte, and row for row). Returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let before = self.snapshot();
        let dump = self.dump();
        let out = self.cmd().args(args).output().expect("run closeout");
        let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
        assert_eq!(
            out.status.code(),
            Some(code),
            "closeout {args:?}: wrong exit code\nstdout: {}\nstderr: {stderr}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_error_line(&stderr, &format!("closeout {args:?}"));
        assert!(
            self.snapshot() == before,
            "closeout {args:?} changed the database file"
        );
        assert_eq!(self.dump(), dump, "closeout {args:?} changed rows");
        stderr
    }

    /// The database file's bytes (None when it does not exist).
    pub fn snapshot(&self) -> Option<Vec<u8>> {
        std::fs::read(&self.db).ok()
    }

    /// Every row of every table and the schema version, as text (None without a database).
    pub fn dump(&self) -> Option<String> {
        if !self.db.is_file() {
            return None;
        }
        Some(dump(&self.sql()))
    }

    /// A direct connection, for checks the commands cannot make.
    pub fn sql(&self) -> Connection {
        Connection::open(&self.db).expect("open database")
    }

    /// Adds the example case of the README and returns its id.
    pub fn add_proximus(&self) -> i64 {
        let case = self.json(&[
            "add",
            "Proximus",
            "--deadline",
            "2026-12-20",
            "--number",
            "+32 470 12 34 56",
            "--channel",
            "online",
        ]);
        case["id"].as_i64().expect("id")
    }

    /// Runs closeout with `args` on a pseudo-terminal (util-linux `script`), typing `answers`;
    /// returns what the terminal showed.
    pub fn on_terminal(&self, args: &str, answers: &str) -> String {
        use std::io::Write;
        let binary = self.process().get_program().to_os_string();
        let mut script = std::process::Command::new("script");
        for (key, value) in self.process().get_envs() {
            match value {
                Some(v) => script.env(key, v),
                None => script.env_remove(key),
            };
        }
        let mut child = script
            .args([
                "-qec",
                &format!("{} {args}", binary.to_string_lossy()),
                "/dev/null",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("script");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(answers.as_bytes())
            .expect("answers");
        let out = child.wait_with_output().expect("wait");
        let shown = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{shown}");
        shown
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Every row of every table and the schema version, as text: equal dumps, equal databases. A
/// file SQLite cannot read dumps as the error it gives.
pub fn dump(conn: &Connection) -> String {
    try_dump(conn).unwrap_or_else(|e| format!("cannot dump: {e}"))
}

fn try_dump(conn: &Connection) -> rusqlite::Result<String> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let mut text = format!("user_version {version}\n");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for table in tables {
        text.push_str(&format!("table {table}\n"));
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))?;
        let n = stmt.column_count();
        let rows = stmt.query_map([], |r| {
            (0..n)
                .map(|i| r.get::<_, rusqlite::types::Value>(i))
                .collect::<Result<Vec<_>, _>>()
        })?;
        for row in rows {
            text.push_str(&format!("{:?}\n", row?));
        }
    }
    Ok(text)
}

/// Stderr that begins with an `error:` line (clap adds usage lines after its own), no panic.
/// The path of the program `name` on PATH, or None (said) when it is missing; in CI, where
/// `.ci/run` installs what the tests need, a missing program fails the test instead.
pub fn program(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is not installed; CI must install it (.ci/run)"
        );
        eprintln!("skipped: {name} is not installed");
    }
    found
}

pub fn assert_error_line(stderr: &str, what: &str) {
    assert!(stderr.starts_with("error:"), "{what}: {stderr}");
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
}

/// Whether the tests run as root, for whom permission bits mean nothing.
#[cfg(unix)]
pub fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// The mode bits of a file or folder.
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
pub fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// The names in a folder, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The keys of a case's steps whose status is `status`.
pub fn keys_with_status(case: &Value, status: &str) -> Vec<String> {
    case["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["status"] == status)
        .map(|s| s["key"].as_str().expect("key").to_string())
        .collect()
}

/// The step of a case with this key.
pub fn step<'a>(case: &'a Value, key: &str) -> &'a Value {
    case["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["key"] == key)
        .unwrap_or_else(|| panic!("no step {key} in {case}"))
}

/// Compares `actual` with tests/snapshots/NAME.txt; `CLOSEOUT_UPDATE_SNAPSHOTS=1` rewrites the file
/// instead (then review the diff before committing).
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.txt"));
    if std::env::var_os("CLOSEOUT_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run with CLOSEOUT_UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    assert_eq!(actual, expected, "output differs from {}", path.display());
}

/// A small deterministic generator (xorshift64*) for test data and timings; tests print the seed
/// they use, so a failure can be replayed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// Seeded from the environment variable `var` when it is set (to replay a failure), else
    /// from the clock. Returns the seed too, for the test to name in its failure messages.
    pub fn seeded(var: &str) -> (Rng, u64) {
        let seed = match std::env::var(var) {
            Ok(text) => text
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("{var}={text:?} is not a whole number")),
            Err(_) => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64),
        };
        eprintln!("seed {seed} (replay with {var}={seed})");
        (Rng::new(seed), seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}
