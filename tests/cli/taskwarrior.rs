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

    // Basic-Fit names no case here: taken because it is asked for.
    let report = env.json(&["import", back.to_str().expect("utf-8"), "--all-tasks"]);
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

/// Exports the open cases of `env` into `task`, as the README shows.
fn send(env: &Env, task: &Task) {
    let file = env.path().join("tasks.json");
    env.ok(&[
        "export",
        "--format",
        "taskwarrior",
        "-o",
        file.to_str().expect("utf-8"),
    ]);
    task.import(&file);
}

/// `task export`, in a file for `import`.
fn bring_back(env: &Env, task: &Task) -> PathBuf {
    let back = env.path().join("back.json");
    std::fs::write(&back, task.run(&["export"])).expect("write");
    back
}

fn uuids(env: &Env, case: &str) -> Vec<String> {
    env.json(&["show", case])["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["uuid"].as_str().expect("uuid").to_string())
        .collect()
}

#[test]
fn a_case_finished_in_taskwarrior_closes_and_a_step_pending_again_opens_it() {
    let Some(task) = Task::new() else { return };
    let env = Env::new();
    env.add_proximus();
    send(&env, &task);
    for uuid in uuids(&env, "1") {
        task.run(&[&uuid, "done"]);
    }
    let report = import(&env, &bring_back(&env, &task));
    assert_eq!(count(&report, "steps", "updated"), 6);
    let what = report["changes"][0]["what"].as_array().expect("what");
    assert_eq!(what.last(), Some(&Value::from("closed")), "{what:?}");
    let case = env.json(&["show", "1"]);
    assert_eq!(case["status"], "closed");
    // Recorded as `done` records it: an automatic close that undo can take back.
    let log = env.json(&["log", "1"]);
    assert!(
        log.as_array()
            .expect("log")
            .iter()
            .any(|e| e["kind"] == "case.close"),
        "{log}"
    );

    // Sent again, one step set pending in Taskwarrior: the case opens, as `reopen` opens it.
    let file = env.path().join("again.json");
    env.ok(&[
        "export",
        "--all",
        "--format",
        "taskwarrior",
        "-o",
        file.to_str().expect("utf-8"),
    ]);
    task.import(&file);
    let confirm = step(&env.json(&["show", "1"]), "confirm")["uuid"]
        .as_str()
        .expect("uuid")
        .to_string();
    // Taskwarrior's times are whole seconds: the change must come after the import's.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    task.run(&[&confirm, "modify", "status:pending"]);
    let said = env.ok(&["import", bring_back(&env, &task).to_str().expect("utf-8")]);
    assert!(
        said.contains("step 6 'confirm': status; a step is pending again: open again"),
        "{said}"
    );
    let case = env.json(&["show", "1"]);
    assert_eq!(case["status"], "open");
    assert_eq!(step(&case, "confirm")["status"], "pending");
    // One change for undo, the reopening with it.
    env.ok(&["undo"]);
    let case = env.json(&["show", "1"]);
    assert_eq!(case["status"], "closed");
    assert_eq!(step(&case, "confirm")["status"], "done");
}

#[test]
fn a_whole_taskwarrior_database_brings_only_the_tasks_of_closeout_cases() {
    let Some(task) = Task::new() else { return };
    let env = Env::new();
    env.add_proximus();
    send(&env, &task);
    // What else a Taskwarrior database holds: tasks of no case, one of them deleted, and a
    // deleted one in the case's project.
    task.run(&["add", "Buy milk"]);
    task.run(&["add", "project:Home", "Paint the wall"]);
    task.run(&["add", "project:Home", "Old shelf"]);
    task.run(&["+LATEST", "delete"]);
    task.run(&["add", "project:Proximus", "Forgotten"]);
    task.run(&["+LATEST", "delete"]);
    task.run(&["add", "project:Proximus", "Port the number out"]);
    let back = bring_back(&env, &task);

    let report = import(&env, &back);
    assert_eq!(count(&report, "steps", "added"), 1);
    assert_eq!(count(&report, "cases", "added"), 0);
    assert_eq!(report["tasks"]["left_out"], 2);
    assert_eq!(report["tasks"]["ignored_deleted"], 2);
    assert_eq!(report["tasks"]["not_taken"], serde_json::json!([]));
    assert_eq!(
        step(&env.json(&["show", "1"]), "port-the-number-out")["status"],
        "pending"
    );
    assert_eq!(
        env.json(&["list", "--all"]).as_array().map(Vec::len),
        Some(1)
    );
    let said = env.ok(&["import", back.to_str().expect("utf-8"), "--dry-run"]);
    assert!(
        said.contains(
            "2 task(s) belong to no case here and were left out; `import FILE --all-tasks` takes them too\n"
        ),
        "{said}"
    );
    assert!(
        said.contains("2 deleted task(s) that closeout never had were ignored\n"),
        "{said}"
    );
    let said = env.ok(&[
        "--lang",
        "zh",
        "import",
        back.to_str().expect("utf-8"),
        "--dry-run",
    ]);
    assert!(
        said.contains("有 2 个任务不属于这里的任何事项，没有导入"),
        "{said}"
    );

    // Asked for, the others come too, each project a case; deleted ones still stay out.
    let report = env.json(&["import", back.to_str().expect("utf-8"), "--all-tasks"]);
    assert_eq!(count(&report, "cases", "added"), 2);
    assert_eq!(count(&report, "steps", "added"), 2);
    assert_eq!(report["tasks"]["left_out"], 0);
    assert_eq!(report["tasks"]["ignored_deleted"], 2);
    assert_eq!(
        env.json(&["show", "home"])["steps"][0]["title"],
        "Paint the wall"
    );
    assert_eq!(
        env.json(&["show", "taskwarrior"])["steps"][0]["title"],
        "Buy milk"
    );
}

#[test]
fn what_a_step_cannot_keep_is_named_and_a_moved_task_keeps_its_title() {
    let Some(task) = Task::new() else { return };
    let env = Env::new();
    env.ok(&["add", "注销 Orange 手机卡"]);
    send(&env, &task);
    let before = step(&env.json(&["show", "1"]), "balance").clone();
    let balance = before["uuid"].as_str().expect("uuid").to_string();
    task.run(&[
        &balance,
        "modify",
        "project:Other",
        "priority:H",
        "+urgent",
        "scheduled:2030-01-01",
        "wait:2030-01-02",
    ]);
    task.run(&[&balance, "start"]);
    let back = bring_back(&env, &task);

    let report = import(&env, &back);
    assert_eq!(step(&env.json(&["show", "1"]), "balance"), &before);
    assert_eq!(count(&report, "steps", "updated"), 0);
    assert_eq!(
        report["tasks"]["not_taken"],
        serde_json::json!([{
            "uuid": balance,
            "case": 1,
            "title": "注销 Orange 手机卡",
            "position": 4,
            "key": "balance",
            "attributes": ["project", "start", "priority", "scheduled", "wait", "tags"],
        }])
    );
    let said = env.ok(&["import", back.to_str().expect("utf-8")]);
    assert!(
        said.contains(
            "not taken from Taskwarrior, for step 4 'balance' of case #1 注销 Orange 手机卡: project, start, priority, scheduled, wait, tags\n"
        ),
        "{said}"
    );
    let said = env.ok(&["--lang", "zh", "import", back.to_str().expect("utf-8")]);
    assert!(
        said.contains(
            "事项 #1 注销 Orange 手机卡 的步骤 4「balance」在 Taskwarrior 中的项目、开始时间、优先级、计划日期、等待日期、标签没有导入\n"
        ),
        "{said}"
    );
}
