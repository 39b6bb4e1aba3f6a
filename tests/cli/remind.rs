//! `remind`: the three groups and their edges, deadlines, filters, and silence when nothing is due.

use crate::common::Env;
use serde_json::Value;

/// A contract case without deadline whose four steps fall due yesterday, today, in three days
/// (the last day of the default window) and in four days (just outside it). Today is Monday
/// 2026-11-30.
fn edges(env: &Env) {
    env.ok(&["add", "gym", "--template", "contract"]);
    env.ok(&["due", "gym", "method", "2026-11-29"]);
    env.ok(&["due", "gym", "documents", "2026-11-30"]);
    env.ok(&["due", "gym", "submit", "2026-12-03"]);
    env.ok(&["due", "gym", "confirm", "2026-12-04"]);
}

/// `group:key` (or `group:deadline`) of each row.
fn rows(value: &Value) -> Vec<String> {
    value
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            let what = r["key"].as_str().unwrap_or("deadline");
            format!(
                "{}:{}:{what}",
                r["group"].as_str().expect("group"),
                r["case"]
            )
        })
        .collect()
}

#[test]
fn groups_overdue_today_and_soon_up_to_the_last_day_of_the_window() {
    let env = Env::new();
    edges(&env);
    let out = env.ok(&["remind"]);
    assert_eq!(
        out,
        "Overdue\n\
         \x20 #1  gym  1 method     Find out how to cancel           2026-11-29  1 day late\n\
         Today\n\
         \x20 #1  gym  2 documents  Gather documents                 2026-11-30  today\n\
         Soon\n\
         \x20 #1  gym  3 submit     Submit the cancellation request  2026-12-03  in 3 days\n"
    );
    assert_eq!(
        rows(&env.json(&["remind"])),
        ["overdue:1:method", "today:1:documents", "soon:1:submit"]
    );
}

#[test]
fn json_rows_carry_the_pending_fields_with_group_and_days() {
    let env = Env::new();
    edges(&env);
    let rows = env.json(&["remind"]);
    let late = &rows[0];
    assert_eq!(late["case"], 1);
    assert_eq!(late["case_title"], "gym");
    assert_eq!(late["holder"], "alice");
    assert_eq!(late["position"], 1);
    assert_eq!(late["key"], "method");
    assert_eq!(late["title"], "Find out how to cancel");
    assert_eq!(late["due"], "2026-11-29");
    assert_eq!(late["overdue"], true);
    assert_eq!(late["group"], "overdue");
    assert_eq!(late["days"], -1);
    assert_eq!(late["kind"], "step");
    assert_eq!(rows[1]["days"], 0);
    assert_eq!(rows[1]["overdue"], false);
    assert_eq!(rows[2]["days"], 3);
}

#[test]
fn within_sets_the_window() {
    let env = Env::new();
    edges(&env);
    assert_eq!(
        rows(&env.json(&["remind", "--within", "0d"])),
        ["overdue:1:method", "today:1:documents"]
    );
    assert_eq!(
        rows(&env.json(&["remind", "--within", "4d"])),
        [
            "overdue:1:method",
            "today:1:documents",
            "soon:1:submit",
            "soon:1:confirm"
        ]
    );
    assert_eq!(rows(&env.json(&["remind", "--within", "2w"])).len(), 4);
}

#[test]
fn the_groups_follow_the_clock() {
    let mut env = Env::new();
    edges(&env);
    env.at("2026-12-04T08:00:00Z");
    assert_eq!(
        rows(&env.json(&["remind", "--within", "0d"])),
        [
            "overdue:1:method",
            "overdue:1:documents",
            "overdue:1:submit",
            "today:1:confirm"
        ]
    );
    let out = env.ok(&["remind"]);
    assert!(out.contains("5 days late"), "{out}");
}

#[test]
fn case_deadlines_inside_the_window_are_reminded_too() {
    let env = Env::new();
    // Deadline in two days: every rule-driven step is due today.
    env.ok(&["add", "Proximus", "--deadline", "2026-12-02"]);
    // Deadline outside the window: not reminded, and its steps are not due yet.
    env.ok(&["add", "Telenet", "--deadline", "2027-03-01"]);
    let rows = env.json(&["remind"]);
    let deadline = rows
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["kind"] == "deadline")
        .expect("a deadline row");
    assert_eq!(deadline["case"], 1);
    assert_eq!(deadline["case_title"], "Proximus");
    assert!(deadline["position"].is_null());
    assert!(deadline["key"].is_null());
    assert_eq!(deadline["title"], "Case deadline");
    assert_eq!(deadline["due"], "2026-12-02");
    assert_eq!(deadline["group"], "soon");
    assert_eq!(deadline["days"], 2);
    assert!(
        rows.as_array()
            .expect("rows")
            .iter()
            .all(|r| r["case"] == 1)
    );
    let out = env.ok(&["remind"]);
    let line = out
        .lines()
        .find(|l| l.contains("deadline"))
        .expect("deadline line");
    assert!(
        line.contains("Case deadline") && line.contains("2026-12-02") && line.contains("in 2 days"),
        "{out}"
    );
}

#[test]
fn a_passed_deadline_of_an_open_case_is_overdue() {
    let env = Env::new();
    env.ok(&["add", "Orange", "--deadline", "2026-11-27"]);
    env.ok(&["skip", "1", "1", "2", "3", "4", "5"]);
    assert_eq!(rows(&env.json(&["remind"])), ["overdue:1:deadline"]);
}

#[test]
fn finished_steps_closed_cases_and_other_holders_are_left_out() {
    let env = Env::new();
    edges(&env);
    env.ok(&["done", "gym", "method"]);
    env.ok(&["skip", "gym", "documents"]);
    assert_eq!(rows(&env.json(&["remind"])), ["soon:1:submit"]);
    env.ok(&[
        "add",
        "Telenet",
        "--deadline",
        "2026-12-01",
        "--holder",
        "bob",
    ]);
    let bob = rows(&env.json(&["remind", "--holder", "bob"]));
    assert!(
        !bob.is_empty() && bob.iter().all(|r| r.contains(":2:")),
        "{bob:?}"
    );
    assert_eq!(
        rows(&env.json(&["remind", "--holder", "alice"])),
        ["soon:1:submit"]
    );
    env.ok(&["close", "Telenet", "--force"]);
    env.ok(&["close", "gym", "--force"]);
    assert_eq!(env.ok(&["remind"]), "");
}

#[test]
fn prints_nothing_and_exits_0_when_nothing_is_due() {
    let env = Env::new();
    // No database at all: silent, and nothing is created.
    let out = env.cmd().arg("remind").output().expect("run");
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert!(!env.db.exists());
    // Cases whose dates are all later than the window.
    env.ok(&["add", "Proximus", "--deadline", "2027-06-01"]);
    env.ok(&["add", "gym", "--template", "contract"]);
    let out = env.cmd().arg("remind").output().expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stderr.is_empty());
    // JSON still says something a program can read.
    assert_eq!(env.json(&["remind"]), serde_json::json!([]));
}

#[test]
fn bad_durations_are_usage_errors() {
    let env = Env::new();
    edges(&env);
    for bad in ["3", "-1d", "1m", "soon", "3 days", ""] {
        let err = env.fails(&["remind", "--within", bad], 2);
        assert!(err.contains("3d, 2w, 0d, 3天 or 2周"), "{bad}: {err}");
    }
}

#[test]
fn help_names_the_new_commands_and_their_options() {
    let env = Env::new();
    let out = env.ok(&["--help"]);
    for cmd in ["remind", "deadline", "snooze", "edit", "export"] {
        assert!(
            out.contains(&format!("  {cmd}")),
            "{cmd} missing from help:\n{out}"
        );
    }
    let out = env.ok(&["remind", "--help"]);
    assert!(
        out.contains("--within <DURATION>") && out.contains("else 3d]"),
        "{out}"
    );
    assert!(out.contains("silent when nothing is due"), "{out}");
    let out = env.ok(&["export", "--help"]);
    assert!(
        out.contains("--format <FORMAT>") && out.contains("ics"),
        "{out}"
    );
    assert!(out.contains("--output <FILE>"), "{out}");
    let out = env.ok(&["edit", "--help"]);
    for option in [
        "--title",
        "--provider",
        "--channel",
        "--number",
        "--holder",
        "--deadline",
        "--note",
    ] {
        assert!(out.contains(option), "{option}: {out}");
    }
}

/// The quiet mark beside the test's database.
fn mark(env: &Env) -> std::path::PathBuf {
    let mut name = env.db.clone().into_os_string();
    name.push("-remind");
    name.into()
}

/// A case whose one dated step falls due on 2026-12-04: outside the default window on
/// 2026-11-30, inside it a day later.
fn due_on_friday(env: &Env) {
    env.ok(&["add", "gym", "--template", "contract"]);
    env.ok(&["due", "gym", "confirm", "2026-12-04"]);
}

#[test]
fn a_quiet_remind_answers_from_its_mark_until_closeout_writes() {
    let env = Env::new();
    due_on_friday(&env);
    assert_eq!(env.ok(&["remind"]), "");
    assert!(mark(&env).is_file(), "the mark is written");
    // A change made by another program is not seen while the mark stands: the mark is what
    // answered, not the database.
    env.sql()
        .execute(
            "UPDATE steps SET due = '2026-11-30' WHERE key = 'method'",
            [],
        )
        .expect("update");
    assert_eq!(env.ok(&["remind"]), "");
    // closeout's own write takes the mark away, and the next remind reads everything.
    env.ok(&["note", "gym", "called them"]);
    assert!(!mark(&env).exists(), "a write removes the mark");
    let out = env.ok(&["remind"]);
    assert!(
        out.starts_with("Today\n") && out.contains("method"),
        "{out}"
    );
    assert!(!mark(&env).exists(), "no mark when something is due");
}

#[test]
fn every_kind_of_write_removes_the_mark_and_a_rehearsal_keeps_it() {
    let env = Env::new();
    due_on_friday(&env);
    let copy = env.dir.path().join("copy.db");
    env.ok(&["backup", copy.to_str().expect("utf-8")]);
    let file = env.dir.path().join("cases.json");
    let exported = env.ok(&["export", "--format", "json"]);
    std::fs::write(&file, exported).expect("write export");
    let writes: [&[&str]; 7] = [
        &["add", "bank"],
        &["done", "bank", "method"],
        &["undo"],
        &["close", "bank", "--force"],
        &["deadline", "gym", "2027-03-01"],
        &["import", file.to_str().expect("utf-8")],
        &["restore", copy.to_str().expect("utf-8")],
    ];
    for write in writes {
        assert_eq!(env.ok(&["remind"]), "", "{write:?}");
        assert!(mark(&env).is_file(), "{write:?}: marked");
        env.ok(write);
        assert!(!mark(&env).exists(), "{write:?} left the mark");
    }
    assert_eq!(env.ok(&["remind"]), "");
    env.ok(&["import", file.to_str().expect("utf-8"), "--dry-run"]);
    assert!(mark(&env).is_file(), "a rehearsal commits nothing");
}

#[test]
fn the_mark_answers_only_the_same_question_on_the_same_day() {
    let mut env = Env::new();
    due_on_friday(&env);
    assert_eq!(env.ok(&["remind"]), "");
    // JSON from the mark is the same empty list as from the database.
    let read = env.ok(&["remind", "--json"]);
    let marked = env.ok(&["remind", "--json"]);
    assert_eq!((read.as_str(), marked.as_str()), ("[]\n", "[]\n"));
    // A wider window, or a holder, is another question.
    assert!(env.ok(&["remind", "--within", "4d"]).contains("confirm"));
    assert_eq!(env.ok(&["remind", "--holder", "alice"]), "");
    assert_eq!(env.ok(&["remind"]), "");
    // The next day, the step falls within the window.
    env.at("2026-12-01T09:00:00Z");
    assert!(env.ok(&["remind"]).contains("confirm"));
}

#[test]
fn the_mark_is_found_whatever_name_leads_to_the_database() {
    let env = Env::new();
    due_on_friday(&env);
    let link = env.dir.path().join("link.db");
    std::os::unix::fs::symlink(&env.db, &link).expect("symlink");
    let through_link = || {
        let out = env
            .cmd()
            .env("CLOSEOUT_DB", &link)
            .args(["remind"])
            .output()
            .expect("run");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("utf-8")
    };
    assert_eq!(through_link(), "");
    assert!(mark(&env).is_file(), "beside the file itself");
    env.ok(&["due", "gym", "confirm", "2026-11-30"]);
    assert!(through_link().contains("confirm"));
}

#[test]
fn a_mark_that_cannot_be_removed_stops_the_write() {
    let env = Env::new();
    due_on_friday(&env);
    // Something in the mark's place that removing a file cannot remove.
    std::fs::create_dir_all(mark(&env).join("inside")).expect("folder");
    let err = env.fails(&["due", "gym", "confirm", "2026-11-30"], 1);
    assert!(
        err.contains("closeout.db-remind (it is a folder)") && err.contains("nothing was saved"),
        "{err}"
    );
    // remind itself still reads the database.
    assert_eq!(env.ok(&["remind"]), "");
    std::fs::remove_dir_all(mark(&env)).expect("remove");
    env.ok(&["due", "gym", "confirm", "2026-11-30"]);
    assert!(env.ok(&["remind"]).contains("confirm"));
}
