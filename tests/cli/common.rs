//! A fresh database per test, a fixed clock, and helpers to run the real binary against it.

#![allow(dead_code)]

use assert_cmd::Command;
use rusqlite::Connection;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Monday 2026-11-30, 09:00 UTC: every test's "now" unless it says otherwise.
pub const NOW: &str = "2026-11-30T09:00:00Z";

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
        Command::from_std(self.std_cmd())
    }

    /// The same, as a plain process command (for control over its standard streams).
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("closeout"));
        cmd.env_clear()
            .env("CLOSEOUT_DB", &self.db)
            .env("CLOSEOUT_NOW", &self.now)
            .env("TZ", "UTC")
            .env("USER", "alice")
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg-data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg-config"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd
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
    /// the database (byte for byte). Returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let before = self.snapshot();
        let out = self.cmd().args(args).output().expect("run closeout");
        let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
        assert_eq!(
            out.status.code(),
            Some(code),
            "closeout {args:?}: wrong exit code\nstdout: {}\nstderr: {stderr}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(stderr.starts_with("error:"), "closeout {args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "closeout {args:?}: {stderr}");
        assert_eq!(
            self.snapshot(),
            before,
            "closeout {args:?} changed the database"
        );
        stderr
    }

    /// The database file's bytes (None when it does not exist).
    pub fn snapshot(&self) -> Option<Vec<u8>> {
        std::fs::read(&self.db).ok()
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

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
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
