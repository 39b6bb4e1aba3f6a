//! `export --format taskwarrior` read by the real `task` binary (Taskwarrior 2.6 from Debian),
//! and `task export` read back by `import`.
//!
//! Without `task` on PATH these tests say so and pass, unless CLOSEOUT_REQUIRE_TASK is set, as
//! `.ci/run` sets it after installing Taskwarrior: CI never skips them quietly.

use crate::common::{Env, step};
use crate::exchange::{cases, count, import, rich};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Says a test was skipped where `cargo test` shows it: `eprintln!` is captured by the test
/// harness and shown only on failure, a write to the stderr handle itself is not.
fn skipped(test: &str) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "skipped: {test}: Taskwarrior (`task`) is not installed (set CLOSEOUT_REQUIRE_TASK to fail instead)"
    );
}

/// A private Taskwarrior: its own taskrc and data folder, no hooks, no questions.
struct Task {
    _dir: tempfile::TempDir,
    rc: PathBuf,
    data: PathBuf,
}

impl Task {
    fn new() -> Option<Task> {
        let found = Command::new("task").arg("--version").output().is_ok();
        if !found {
            assert!(
                std::env::var_os("CLOSEOUT_REQUIRE_TASK").is_none(),
                "CLOSEOUT_REQUIRE_TASK is set but `task` is not on PATH"
            );
            skipped(
                std::thread::current()
                    .name()
                    .unwrap_or("a Taskwarrior test"),
            );
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let data = dir.path().join("data");
        let rc = dir.path().join("taskrc");
        std::fs::write(
            &rc,
            format!(
                "data.location={}\nconfirmation=off\nverbose=nothing\nhooks=off\nnews.version=9.9.9\n",
                data.display()
            ),
        )
        .expect("taskrc");
        Some(Task {
            _dir: dir,
            rc,
            data,
        })
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("task")
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.data.parent().expect("dir"))
            .env("TASKRC", &self.rc)
            .env("TASKDATA", &self.data)
            .env("TZ", "UTC")
            .args(args)
            .output()
            .expect("run task");
        assert!(
            out.status.success(),
            "task {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    fn import(&self, file: &Path) {
        self.run(&["import", file.to_str().expect("utf-8")]);
    }

    fn export(&self) -> Vec<Value> {
        let text = self.run(&["export"]);
        let tasks: Value = serde_json::from_str(&text).expect("task export is JSON");
        tasks.as_array().expect("an array").clone()
    }
}

#[test]
fn task_import_takes_every_step_with_its_status_and_due_date() {
    let Some(task) = Task::new() else { return };
    let mut env = Env::new();
    rich(&mut env);
    let file = env.path().join("tasks.json");
    let said = env.ok(&[
        "export",
        "--all",
        "--format",
        "taskwarrior",
        "-o",
        file.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        said,
        format!("wrote 16 task(s) for 3 case(s) to {}\n", file.display())
    );
    task.import(&file);
    let tasks = task.export();

    let shown = cases(&env);
    let steps: Vec<(&Value, &Value)> = shown
        .iter()
        .flat_map(|c| {
            c["steps"]
                .as_array()
                .expect("steps")
                .iter()
                .map(move |s| (c, s))
        })
        .collect();
    assert_eq!(tasks.len(), steps.len(), "one task per step");
    for (case, s) in steps {
        let t = tasks
            .iter()
            .find(|t| t["uuid"] == s["uuid"])
            .unwrap_or_else(|| panic!("no task for step {}", s["key"]));
        let title = case["title"].as_str().expect("title");
        assert_eq!(
            t["description"],
            format!("{title}: {}", s["title"].as_str().expect("title"))
        );
        assert_eq!(t["project"], title);
        let expected = match s["status"].as_str().expect("status") {
            "pending" => "pending",
            _ => "completed",
        };
        assert_eq!(t["status"], expected, "{}", s["key"]);
        match s["due"].as_str() {
            // The due day's last second, in local time (UTC here).
            Some(day) => assert_eq!(t["due"], format!("{}T235959Z", day.replace('-', ""))),
            None => assert!(t.get("due").is_none(), "{t}"),
        }
        // What closeout exported stays in the task, for telling changes made there apart.
        assert_eq!(t["closeoutstatus"], s["status"]);
        assert_eq!(t.get("closeoutdue"), s.get("due").filter(|d| !d.is_null()));
        if s["status"] == "skipped" {
            assert_eq!(t["tags"], serde_json::json!(["skipped"]));
        }
        if let Some(done) = s["done_at"].as_str() {
            let end = t["end"].as_str().expect("end");
            assert!(end.starts_with(&done.replace('-', "")), "{end} for {done}");
        }
        let lines: Vec<&str> = s["note"]
            .as_str()
            .map(|n| n.lines().collect())
            .unwrap_or_default();
        let annotations: Vec<&str> = t["annotations"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| x["description"].as_str().expect("text"))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(annotations, lines);
    }
    // A force-closed case's pending steps stay pending: work left undone is not completed.
    let pending = shown
        .iter()
        .flat_map(|c| c["steps"].as_array().expect("steps"))
        .filter(|s| s["status"] == "pending")
        .count();
    assert_eq!(pending, 11);
    assert_eq!(task.run(&["status:pending", "count"]).trim(), "11");
    assert_eq!(task.run(&["status:completed", "count"]).trim(), "5");
}

#[test]
fn changes_made_in_taskwarrior_come_back_with_import() {
    let Some(task) = Task::new() else { return };
    let env = Env::new();
    env.add_proximus();
    let file = env.path().join("tasks.json");
    env.ok(&[
        "export",
        "--format",
        "taskwarrior",
        "-o",
        file.to_str().expect("utf-8"),
    ]);
    task.import(&file);

    // Untouched, the round trip changes nothing.
    let back = env.path().join("back.json");
    std::fs::write(&back, task.run(&["export"])).expect("write");
    let report = import(&env, &back);
    assert_eq!(count(&report, "steps", "left"), 6);
    assert_eq!(report["changes"], serde_json::json!([]));

    let documents = step(&env.json(&["show", "1"]), "documents")["uuid"]
        .as_str()
        .expect("uuid")
        .to_string();
    let balance = step(&env.json(&["show", "1"]), "balance")["uuid"]
        .as_str()
        .expect("uuid")
        .to_string();
    let submit = step(&env.json(&["show", "1"]), "submit")["uuid"]
        .as_str()
        .expect("uuid")
        .to_string();
    task.run(&[&documents, "done"]);
    task.run(&[&submit, "done"]);
    task.run(&[&balance, "annotate", "ask for the refund"]);
    task.run(&[
        "add",
        "project:Basic-Fit",
        "Cancel the gym",
        "due:2026-12-24",
    ]);
    task.run(&["add", "project:Proximus", "Proximus: Port the number out"]);
    std::fs::write(&back, task.run(&["export"])).expect("write");

    let report = import(&env, &back);
    assert_eq!(count(&report, "steps", "updated"), 3);
    assert_eq!(count(&report, "steps", "added"), 2);
    assert_eq!(count(&report, "cases", "added"), 1);
    assert_eq!(count(&report, "cases", "updated"), 1);
    let said = serde_json::to_string(&report["changes"]).expect("json");
    assert!(
        said.contains("step 7 'port-the-number-out' added"),
        "{said}"
    );
    let case = env.json(&["show", "1"]);
    assert_eq!(step(&case, "documents")["status"], "done");
    assert!(step(&case, "documents")["done_at"].is_string());
    assert_eq!(step(&case, "balance")["note"], "ask for the refund");
    assert_eq!(
        step(&case, "port-the-number-out")["title"],
        "Port the number out"
    );
    // Submit done in Taskwarrior: confirm falls due a week later, as after `done`.
    let done = step(&case, "submit")["done_at"]
        .as_str()
        .expect("done day")
        .to_string();
    let week_later =
        chrono::NaiveDate::parse_from_str(&done, "%Y-%m-%d").expect("day") + chrono::Days::new(7);
    assert_eq!(step(&case, "confirm")["due"], week_later.to_string());
    let gym = env.json(&["show", "basic-fit"]);
    assert_eq!(gym["steps"][0]["title"], "Cancel the gym");
    assert_eq!(gym["steps"][0]["key"], "cancel-the-gym");
    assert_eq!(gym["steps"][0]["due"], "2026-12-24");
    assert_eq!(gym["steps"][0]["status"], "pending");

    // Twice: nothing more.
    let report = import(&env, &back);
    assert_eq!(
        count(&report, "steps", "added") + count(&report, "steps", "updated"),
        0
    );
    assert_eq!(count(&report, "cases", "added"), 0);
}
