//! Helpers for the export, import and sync tests: a database with a bit of everything in it, and
//! ways to compare two databases as the user sees them.

#![allow(dead_code)]

use crate::common::Env;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Cases in every state: open with done, skipped and hand-dated steps and notes in two scripts,
/// a closed case, a case with no deadline, and a deleted one.
pub fn rich(env: &mut Env) {
    env.add_proximus();
    env.ok(&[
        "add",
        "Telenet 宽带",
        "--template",
        "contract",
        "--holder",
        "王芳",
    ]);
    env.ok(&[
        "add",
        "Orange",
        "--deadline",
        "2026-12-24",
        "--channel",
        "shop",
    ]);
    env.ok(&["add", "Basic-Fit gym", "--template", "contract"]);
    env.at("2026-12-01T10:15:00Z");
    env.ok(&[
        "done",
        "1",
        "method",
        "documents",
        "--note",
        "KBC app, \"2FA\" moved",
    ]);
    env.ok(&[
        "skip",
        "1",
        "balance",
        "--note",
        "postpaid: nothing to clear",
    ]);
    env.ok(&["due", "1", "submit", "2026-12-12"]);
    env.ok(&["note", "1", "第一行\nsecond line, with a comma"]);
    env.ok(&["done", "2", "method", "--date", "2026-11-28"]);
    env.at("2026-12-02T08:00:00Z");
    env.ok(&["close", "3", "--force"]);
    env.ok(&["delete", "4", "--yes"]);
    env.ok(&["done", "1", "submit"]);
}

/// `show --json` of every case, by id.
pub fn cases(env: &Env) -> Vec<Value> {
    env.json(&["list", "--all"])
        .as_array()
        .expect("list")
        .iter()
        .map(|row| env.json(&["show", &row["id"].to_string()]))
        .collect()
}

/// Exports everything to a file in the environment's folder and returns its path.
pub fn export_all(env: &Env, name: &str) -> PathBuf {
    let path = env.path().join(name);
    env.ok(&["export", "--all", "--output", path.to_str().expect("utf-8")]);
    path
}

/// Runs `import FILE` and returns the report as JSON.
pub fn import(env: &Env, file: &Path) -> Value {
    env.json(&["import", file.to_str().expect("utf-8")])
}

/// The cases of a report by action.
pub fn count(report: &Value, what: &str, action: &str) -> i64 {
    report[what][action].as_i64().expect("count")
}
