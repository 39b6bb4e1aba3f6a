//! What a newcomer ran into on a first day: each behaviour as a user meets it.

use crate::common::{Env, step};

/// The text with every run of spaces made one, to read rows whatever their column widths.
fn squeeze(text: &str) -> String {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The day cells of a calendar grid that carry this mark.
fn marked(calendar: &str, mark: char) -> Vec<String> {
    calendar
        .lines()
        .take_while(|l| !l.is_empty())
        .flat_map(|l| l.split_whitespace())
        .filter(|cell| cell.ends_with(mark) && cell.len() > 1)
        .map(str::to_string)
        .collect()
}

fn count_events(env: &Env) -> i64 {
    env.sql()
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .expect("count events")
}

#[test]
fn due_with_the_date_it_already_has_says_nothing_changed_and_records_nothing() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["due", "1", "submit", "2026-12-10"]);
    let events = count_events(&env);
    let out = env.ok(&["due", "1", "submit", "2026-12-10"]);
    assert_eq!(
        out.trim(),
        "step 5 'submit' is already due 2026-12-10; nothing changed"
    );
    assert_eq!(count_events(&env), events, "an unchanged date was recorded");
    let zh = env.ok(&["--lang", "zh", "due", "1", "submit", "2026-12-10"]);
    assert!(zh.contains("未作更改"), "{zh}");

    env.ok(&["due", "1", "submit", "none"]);
    let events = count_events(&env);
    let out = env.ok(&["due", "1", "submit", "none"]);
    assert!(
        out.contains("already has no due date; nothing changed"),
        "{out}"
    );
    assert_eq!(count_events(&env), events);
    // A rule's date made fixed by hand is a change, even on the same day.
    let out = env.ok(&["due", "1", "balance", "2026-12-13"]);
    assert_eq!(out.trim(), "step 4 'balance' is due 2026-12-13");
    assert_eq!(count_events(&env), events + 1);
}

#[test]
fn snooze_of_a_step_waiting_for_a_pending_step_is_refused() {
    let env = Env::new();
    env.add_proximus();
    let err = env.fails(&["snooze", "1", "confirm", "3d"], 1);
    assert!(
        err.contains("step 6 'confirm' waits for step 5 'submit', which is still pending"),
        "{err}"
    );
    assert!(err.contains("closeout due 1 confirm DATE"), "{err}");
    let zh = env.fails(&["--lang", "zh", "snooze", "1", "confirm", "3d"], 1);
    assert!(zh.contains("「submit」还没有完成"), "{zh}");
    // Once submit is done, confirm has a date and moves like any other.
    env.ok(&["done", "1", "submit"]);
    let case = env.json(&["snooze", "1", "confirm", "3d"]);
    assert_eq!(step(&case, "confirm")["due"], "2026-12-10");
}

#[test]
fn the_snooze_error_does_not_suggest_what_snooze_refuses() {
    let env = Env::new();
    env.add_proximus();
    let err = env.fails(&["snooze", "1", "submit", "soon"], 2);
    assert!(err.contains("such as 3d, 2w, 3天 or 2周"), "{err}");
    assert!(!err.contains("0d"), "{err}");
    // remind --within still takes 0d and says so.
    let err = env.fails(&["remind", "--within", "soon"], 2);
    assert!(err.contains("0d"), "{err}");
}

#[test]
fn a_case_closed_with_force_shows_no_step_as_overdue_or_today() {
    let mut env = Env::new();
    env.add_proximus();
    env.ok(&["close", "1", "--force"]);
    env.at("2026-12-30T09:00:00Z");
    let show = env.ok(&["show", "1"]);
    assert!(
        !show.contains("overdue") && !show.contains("today"),
        "{show}"
    );
    let zh = env.ok(&["--lang", "zh", "show", "1"]);
    assert!(!zh.contains("已逾期"), "{zh}");
    assert_eq!(env.ok(&["pending"]).trim(), "nothing pending");
    assert_eq!(env.ok(&["remind"]), "");
    let calendar = env.ok(&["calendar", "2026-12"]);
    assert!(marked(&calendar, '!').is_empty(), "{calendar}");
}

#[test]
fn shows_last_column_has_a_heading() {
    let env = Env::new();
    env.add_proximus();
    let show = env.ok(&["show", "1"]);
    let header = show
        .lines()
        .find(|l| l.starts_with('#') && l.contains("step"))
        .expect("header");
    assert!(header.trim_end().ends_with("flags"), "{header}");
    assert!(show.contains("today"), "{show}");
    let zh = env.ok(&["--lang", "zh", "show", "1"]);
    assert!(zh.contains("完成  标记"), "{zh}");
}

#[test]
fn the_empty_state_hint_uses_a_date_that_does_not_go_stale() {
    let env = Env::new();
    let out = env.ok(&[]);
    assert!(out.contains("--deadline +3w"), "{out}");
    assert!(!out.contains("2026-"), "{out}");
    assert!(env.ok(&["--lang", "zh"]).contains("--deadline +3w"));
}

/// Deadlines on 2026-12-20 for #1 and #2, 2026-12-28 for #3; seen on 2026-12-21. `submit` is
/// still pending everywhere: once it is done, a deadline no longer counts as overdue.
fn the_day_after_a_deadline() -> Env {
    let mut env = Env::new();
    env.ok(&["add", "Proximus", "--deadline", "2026-12-20"]);
    env.ok(&["add", "Telenet", "--deadline", "2026-12-20"]);
    env.ok(&["add", "Orange", "--deadline", "2026-12-28"]);
    for case in ["1", "2", "3"] {
        env.ok(&["done", case, "1", "2", "3", "4"]);
    }
    env.at("2026-12-21T09:00:00Z");
    env
}

#[test]
fn a_deadline_passed_yesterday_is_overdue_in_remind_dashboard_and_calendar() {
    let env = the_day_after_a_deadline();
    let remind = squeeze(&env.ok(&["remind"]));
    assert!(remind.starts_with("Overdue\n"), "{remind}");
    assert!(
        remind.contains("#1 Proximus deadline Case deadline 2026-12-20 1 day late"),
        "{remind}"
    );

    let dashboard = squeeze(&env.ok(&[]));
    let overdue = dashboard
        .split("Overdue\n")
        .nth(1)
        .expect("overdue section");
    assert!(
        overdue.contains(
            "1 Proximus deadline Case deadline 2026-12-20 1 day late\n2 Telenet deadline"
        ),
        "{dashboard}"
    );
    assert!(
        dashboard.contains("Next deadline: 2026-12-28 #3 Orange (in 7 days)"),
        "{dashboard}"
    );
    let json = env.json(&[]);
    let deadlines = json["deadlines"].as_array().expect("deadlines");
    assert_eq!(deadlines.len(), 2, "{json}");
    assert_eq!(deadlines[0]["case"], 1);
    assert_eq!(deadlines[0]["deadline"], "2026-12-20");
    assert_eq!(deadlines[0]["overdue"], true);

    let calendar = env.ok(&["calendar", "2026-12"]);
    assert_eq!(marked(&calendar, '!'), ["15!", "20!"], "{calendar}");
    assert_eq!(marked(&calendar, 'D'), ["28D"], "{calendar}");
    assert!(
        calendar.contains("2026-12-20 !  #1 Proximus deadline; #2 Telenet deadline"),
        "{calendar}"
    );
}

#[test]
fn next_deadline_names_every_case_on_that_day_and_stays_once_all_have_passed() {
    let mut env = the_day_after_a_deadline();
    env.at("2026-12-19T09:00:00Z");
    let out = env.ok(&[]);
    assert!(
        out.contains("Next deadline: 2026-12-20 #1 Proximus, #2 Telenet (tomorrow)"),
        "{out}"
    );
    let zh = env.ok(&["--lang", "zh"]);
    assert!(
        zh.contains("下一个截止日期：2026-12-20 #1 Proximus、#2 Telenet（明天）"),
        "{zh}"
    );
    let json = env.json(&[]);
    assert_eq!(json["next_deadline"]["case"], 1);
    let cases = json["next_deadline"]["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[1]["case"], 2);
    assert_eq!(cases[1]["title"], "Telenet");

    // Every deadline passed: the one missed last is still the one to meet.
    env.at("2026-12-30T09:00:00Z");
    let out = env.ok(&[]);
    assert!(
        out.contains("Next deadline: 2026-12-28 #3 Orange (2 days late)"),
        "{out}"
    );
}

#[test]
fn a_deadline_due_today_is_under_due_today_on_the_dashboard() {
    let mut env = the_day_after_a_deadline();
    env.at("2026-12-28T09:00:00Z");
    let out = squeeze(&env.ok(&[]));
    let today = out.split("Due today\n").nth(1).expect("today section");
    assert!(
        today.starts_with("3 Orange deadline Case deadline 2026-12-28 today"),
        "{out}"
    );
}

#[test]
fn when_the_deadline_moves_a_finished_steps_due_date_stays() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "method", "--date", "2026-12-03"]);
    env.ok(&["skip", "1", "balance"]);
    let case = env.json(&["deadline", "1", "2027-01-20"]);
    assert_eq!(step(&case, "method")["due"], "2026-11-30");
    assert_eq!(step(&case, "method")["done_at"], "2026-12-03");
    assert_eq!(step(&case, "balance")["due"], "2026-12-13");
    assert_eq!(step(&case, "documents")["due"], "2027-01-06");
    // Reopened, a step follows its rule again.
    let case = env.json(&["reopen", "1", "method"]);
    assert_eq!(step(&case, "method")["due"], "2026-12-30");
}

#[test]
fn a_holder_that_no_case_has_is_refused_with_the_holders_there_are() {
    let env = Env::new();
    // Before the first case there is nothing to name, and nothing to show.
    assert_eq!(env.ok(&["remind", "--holder", "bob"]), "");
    env.add_proximus();
    env.ok(&["add", "Telenet", "--holder", "李雷"]);
    for args in [
        &["list", "--holder", "bob"][..],
        &["pending", "--holder", "bob"],
        &["remind", "--holder", "bob"],
    ] {
        let err = env.fails(args, 1);
        assert!(
            err.contains("no case has the holder 'bob'; the holders are: alice, 李雷"),
            "{args:?}: {err}"
        );
    }
    let zh = env.fails(&["--lang", "zh", "list", "--holder", "bob"], 1);
    assert!(zh.contains("现有持有人：alice、李雷"), "{zh}");
    // A holder whose cases are all closed is still a holder.
    env.ok(&["close", "2", "--force"]);
    assert!(
        env.ok(&["list", "--holder", "李雷"])
            .contains("no open cases")
    );
}

#[test]
fn add_warns_when_an_open_case_has_the_same_title() {
    let env = Env::new();
    env.add_proximus();
    let out = env
        .cmd()
        .args(["add", "proximus"])
        .output()
        .expect("run closeout");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("warning: an open case already has this title (#1 Proximus)"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("added case #2 proximus"));
    // A closed case of that title is no trouble.
    env.ok(&["close", "1", "--force"]);
    env.ok(&["close", "2", "--force"]);
    let out = env
        .cmd()
        .args(["add", "Proximus"])
        .output()
        .expect("run closeout");
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_same_title_warning_names_three_cases_and_counts_the_rest() {
    let env = Env::new();
    for _ in 0..5 {
        env.ok(&["add", "Proximus"]);
    }
    let warning = |args: &[&str]| {
        let out = env.cmd().args(args).output().expect("run closeout");
        assert!(out.status.success(), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let en = warning(&["add", "PROXIMUS "]);
    assert!(
        en.starts_with(
            "warning: 5 open cases already have this title \
             (#1 Proximus, #2 Proximus, #3 Proximus and 2 more); \
             a case word that matches them is ambiguous"
        ),
        "{en}"
    );
    let zh = warning(&["--lang", "zh", "add", "proximus"]);
    assert!(
        zh.contains(
            "已有 6 个同名的进行中事项（#1 Proximus、#2 Proximus、#3 Proximus，另有 3 个）"
        ),
        "{zh}"
    );
    // A title beyond ASCII is matched in Rust, and counted the same way.
    for _ in 0..4 {
        env.ok(&["add", "Énergie Engie"]);
    }
    let accented = warning(&["add", "énergie engie"]);
    assert!(
        accented.contains("(#8 Énergie Engie, #9 Énergie Engie, #10 Énergie Engie and 1 more)"),
        "{accented}"
    );
    // Three or fewer are all named.
    env.ok(&["close", "1", "--force"]);
    env.ok(&["close", "2", "--force"]);
    env.ok(&["close", "3", "--force"]);
    env.ok(&["close", "4", "--force"]);
    let three = warning(&["add", "Proximus"]);
    assert!(
        three.contains("(#5 Proximus, #6 PROXIMUS, #7 proximus);"),
        "{three}"
    );
}

#[test]
fn dates_people_type_in_belgium_and_in_words() {
    let env = Env::new();
    // Monday 2026-11-30.
    for (typed, day) in [
        ("31/12", "2026-12-31"),
        ("31/12/2026", "2026-12-31"),
        ("31.12.2026", "2026-12-31"),
        ("next friday", "2026-12-11"),
        ("in 3 days", "2026-12-03"),
        ("in 2 weeks", "2026-12-14"),
    ] {
        let case = env.json(&["add", "Proximus", "--deadline", typed]);
        assert_eq!(case["deadline"], day, "{typed}");
    }
    let err = env.fails(&["add", "Telenet", "--deadline", "12/31"], 2);
    assert!(err.contains("'12/31' is not a date"), "{err}");
    assert!(err.contains("did you mean 31/12?"), "{err}");
    let zh = env.fails(&["--lang", "zh", "deadline", "1", "soon"], 2);
    assert!(zh.contains("「soon」不是日期"), "{zh}");
    assert!(zh.contains("31/12/2026") && zh.contains("日在前"), "{zh}");
    assert!(!zh.contains("a weekday name"), "{zh}");
}

/// A case made on 2026-11-30 with its deadline on 9999-12-20, seen on 9999-12-01.
fn at_the_end_of_the_calendar() -> Env {
    let mut env = Env::new();
    env.ok(&["add", "Proximus", "--deadline", "9999-12-20"]);
    env.at("9999-12-01T09:00:00Z");
    env
}

#[test]
fn a_date_past_9999_is_refused_never_stored_as_another_day() {
    let env = at_the_end_of_the_calendar();
    let cases = [
        (&["snooze", "1", "submit", "30d"][..], "past 9999-12-31"),
        (&["due", "1", "submit", "+31d"], "outside the calendar"),
        (&["due", "1", "submit", "+1m"], "outside the calendar"),
        (&["deadline", "1", "+5w"], "outside the calendar"),
        (
            &["edit", "1", "--deadline", "in 2 months"],
            "outside the calendar",
        ),
        (
            &["add", "Telenet", "--deadline", "+100d"],
            "outside the calendar",
        ),
        (
            &["step", "add", "1", "Netflix", "--due", "+1m"],
            "outside the calendar",
        ),
        (
            &["done", "1", "method", "--date", "+31d"],
            "outside the calendar",
        ),
    ];
    for (args, said) in cases {
        // `fails` also checks that the database is unchanged.
        let err = env.fails(args, 2);
        assert!(err.contains(said), "{args:?}: {err}");
        assert!(!err.contains("9999-01"), "{args:?}: {err}");
    }
    // A rule that would give a day past the calendar refuses the change that sets it off.
    let err = env.fails(&["done", "1", "submit", "--date", "9999-12-31"], 2);
    assert!(
        err.contains("the date +10000-01-07 is past 9999-12-31"),
        "{err}"
    );
    // The last day itself is fine.
    let case = env.json(&["snooze", "1", "submit", "16d"]);
    assert_eq!(step(&case, "submit")["due"], "9999-12-31");
}

#[test]
fn usage_lines_read_as_typed() {
    let env = Env::new();
    let help = env.ok(&["note", "--help"]);
    assert!(
        help.contains("Usage: closeout note [OPTIONS] <CASE> [STEP] <TEXT>\n"),
        "{help}"
    );
    assert!(
        !help.contains("<STEP]") && !help.contains("[TEXT>"),
        "{help}"
    );
    // CLOSEOUT_DB is set in every test: no usage line shows --db as if it were required.
    for args in [&["show"][..], &["done", "1"], &["note"], &["due", "1", "2"]] {
        let err = env.fails(args, 2);
        let usage = err
            .lines()
            .find(|l| l.starts_with("Usage:"))
            .unwrap_or_else(|| panic!("{args:?}: {err}"));
        assert!(!usage.contains("--db"), "{args:?}: {usage}");
    }
    let help = env.ok(&["--help"]);
    let remind = help
        .lines()
        .find(|l| l.trim_start().starts_with("remind "))
        .expect("remind line");
    assert!(remind.ends_with("(silent when nothing is due)"), "{remind}");
    // The variable still names the database.
    env.add_proximus();
    assert!(env.db.is_file());
    assert!(env.ok(&["show", "1"]).contains("Proximus"));
}

#[test]
fn the_default_holder_is_the_login_name_even_without_user_or_logname() {
    let env = Env::new();
    let id = std::process::Command::new("id")
        .arg("-un")
        .output()
        .expect("id -un");
    let login = String::from_utf8(id.stdout).expect("utf-8");
    let out = env
        .cmd()
        .env_remove("USER")
        .env_remove("LOGNAME")
        .args(["add", "Proximus", "--json"])
        .output()
        .expect("run closeout");
    assert!(out.status.success());
    let case: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(case["holder"], login.trim());
    assert_ne!(case["holder"], "me");
    // USER, when set, still wins.
    assert_eq!(env.json(&["add", "Telenet"])["holder"], "alice");
}

/// The Chinese durations a notice takes (`2天`, `1周`) work for `snooze` and `remind --within`
/// too: one reading of a span everywhere.
#[test]
fn snooze_and_remind_take_chinese_durations() {
    let env = Env::new();
    env.add_proximus();
    let before = env.json(&["show", "1"]);
    let due = step(&before, "unbind")["due"]
        .as_str()
        .expect("due")
        .to_string();
    env.ok(&["snooze", "1", "unbind", "2天"]);
    let after = env.json(&["show", "1"]);
    let moved = step(&after, "unbind")["due"]
        .as_str()
        .expect("due")
        .to_string();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
    assert_eq!((day(&moved) - day(&due)).num_days(), 2, "{due} -> {moved}");
    let week = env.json(&["remind", "--within", "1周"]);
    let days = env.json(&["remind", "--within", "7d"]);
    assert_eq!(week, days);
}
