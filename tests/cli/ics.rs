//! `export --format ics`: read back with a real iCalendar parser, checked to the letter (CRLF,
//! folding, escaping), stable UIDs, a growing SEQUENCE, the file written safely, and a snapshot.

use crate::common::{Env, step};
use icalendar::{Calendar, Component, DatePerhapsTime, Todo};
use serde_json::Value;
use std::path::Path;

fn export(env: &Env) -> String {
    env.ok(&["export", "--format", "ics"])
}

fn parse(text: &str) -> Calendar {
    text.parse::<Calendar>()
        .unwrap_or_else(|e| panic!("not iCalendar: {e}\n{text}"))
}

fn todo<'a>(cal: &'a Calendar, uid: &str) -> &'a Todo {
    cal.todos()
        .find(|t| t.get_uid() == Some(uid))
        .unwrap_or_else(|| panic!("no VTODO {uid}"))
}

fn uid(case: &Value, key: &str) -> String {
    step(case, key)["uuid"].as_str().expect("uuid").to_string()
}

/// The physical lines of a calendar: every one ends in CRLF, is at most 75 octets and is whole
/// UTF-8 on its own (no character cut by folding).
fn check_lines(text: &str) {
    assert!(text.ends_with("\r\n"), "no final CRLF");
    let mut lines: Vec<&[u8]> = text.as_bytes().split(|b| *b == b'\n').collect();
    // After the final line end: nothing.
    assert_eq!(lines.pop(), Some(&b""[..]));
    for (i, line) in lines.iter().enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or_else(|| {
            panic!(
                "line {} ends in a bare LF: {:?}",
                i + 1,
                String::from_utf8_lossy(line)
            )
        });
        assert!(!line.contains(&b'\r'), "bare CR in line {}", i + 1);
        assert!(
            line.len() <= 75,
            "line {} has {} octets: {:?}",
            i + 1,
            line.len(),
            String::from_utf8_lossy(line)
        );
        assert!(
            std::str::from_utf8(line).is_ok(),
            "line {} cuts a character: {line:?}",
            i + 1
        );
    }
}

#[test]
fn the_export_parses_and_holds_every_dated_step_and_open_deadline() {
    let env = Env::new();
    env.add_proximus(); // deadline 2026-12-20, online
    env.ok(&["add", "gym", "--template", "contract"]); // no deadline, no dates
    env.ok(&["due", "gym", "submit", "2026-12-10"]);
    env.ok(&["done", "1", "method", "--note", "they take it online"]);
    env.ok(&["skip", "1", "balance"]);
    let case = env.json(&["show", "1"]);
    let text = export(&env);
    check_lines(&text);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//closeout//closeout "));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    let cal = parse(&text);
    assert_eq!(cal.property_value("VERSION"), Some("2.0"));
    assert!(cal.property_value("PRODID").is_some());
    // Proximus: five dated steps (confirm waits for submit); gym: one.
    assert_eq!(cal.todos().count(), 6);
    let events: Vec<_> = cal.events().collect();
    assert_eq!(events.len(), 1, "one open case has a deadline");
    let deadline = events[0];
    assert_eq!(
        deadline.get_uid(),
        Some(format!("deadline-{}", case["uuid"].as_str().expect("uuid")).as_str())
    );
    assert_eq!(deadline.get_summary(), Some("Proximus: deadline"));
    assert_eq!(
        deadline.get_start(),
        Some(DatePerhapsTime::Date(
            chrono::NaiveDate::from_ymd_opt(2026, 12, 20).expect("date")
        ))
    );

    let submit = todo(&cal, &uid(&case, "submit"));
    assert_eq!(
        submit.get_summary(),
        Some("Proximus: Submit the cancellation request")
    );
    assert_eq!(
        submit.get_description(),
        step(&case, "submit")["how"].as_str()
    );
    assert_eq!(
        submit.get_due(),
        Some(DatePerhapsTime::Date(
            chrono::NaiveDate::from_ymd_opt(2026, 12, 15).expect("date")
        ))
    );
    assert!(text.contains("DUE;VALUE=DATE:20261215\r\n"));
    assert_eq!(submit.property_value("STATUS"), Some("NEEDS-ACTION"));
    assert!(submit.get_timestamp().is_some());
    assert!(submit.get_last_modified().is_some());
    assert!(submit.get_sequence().is_some());
    // Two reminders for submit: 09:00 (TZ=UTC here) on the day, and the day before.
    let alarms: Vec<(Option<&str>, Option<&str>, Option<&str>)> = submit
        .components()
        .iter()
        .map(|a| {
            assert_eq!(a.component_kind(), "VALARM");
            (
                a.property_value("ACTION"),
                a.property_value("TRIGGER"),
                a.property_value("DESCRIPTION"),
            )
        })
        .collect();
    assert_eq!(
        alarms,
        [
            (
                Some("DISPLAY"),
                Some("20261215T090000Z"),
                Some("Proximus: Submit the cancellation request")
            ),
            (
                Some("DISPLAY"),
                Some("20261214T090000Z"),
                Some("Tomorrow: Proximus: Submit the cancellation request")
            ),
        ]
    );
    assert!(text.contains("TRIGGER;VALUE=DATE-TIME:20261215T090000Z\r\n"));
    // Other pending steps: one reminder.
    assert_eq!(todo(&cal, &uid(&case, "unbind")).components().len(), 1);

    // Done: COMPLETED at the moment it was marked done, the note after the how-to.
    let method = todo(&cal, &uid(&case, "method"));
    assert_eq!(method.property_value("STATUS"), Some("COMPLETED"));
    assert_eq!(method.property_value("COMPLETED"), Some("20261130T090000Z"));
    let description = method.get_description().expect("description");
    assert!(
        description.ends_with("\n\nNote:\nthey take it online"),
        "{description}"
    );
    assert!(method.components().is_empty(), "no reminder for done work");
    // Skipped: cancelled, no reminder.
    let balance = todo(&cal, &uid(&case, "balance"));
    assert_eq!(balance.property_value("STATUS"), Some("CANCELLED"));
    assert!(balance.components().is_empty());
    // Steps without a date are left out.
    assert!(
        !cal.todos()
            .any(|t| t.get_uid() == Some(uid(&case, "confirm").as_str()))
    );
}

#[test]
fn completed_is_the_days_noon_when_done_names_another_day() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "method", "--date", "2026-11-27"]);
    let case = env.json(&["show", "1"]);
    let cal = parse(&export(&env));
    let method = todo(&cal, &uid(&case, "method"));
    assert_eq!(method.property_value("COMPLETED"), Some("20261127T120000Z"));
}

#[test]
fn reminders_fall_at_nine_in_the_local_time_zone() {
    let env = Env::new();
    env.add_proximus();
    let out = env
        .cmd()
        .env("TZ", "Europe/Brussels")
        .args(["export", "--format", "ics"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    // 09:00 in Brussels in December is 08:00 UTC.
    assert!(
        text.contains("TRIGGER;VALUE=DATE-TIME:20261215T080000Z\r\n"),
        "{text}"
    );
    assert!(!text.contains("T090000Z\r\nEND:VALARM"), "{text}");
}

#[test]
fn a_closed_case_keeps_its_steps_but_not_its_deadline() {
    let env = Env::new();
    env.add_proximus();
    env.ok(&["done", "1", "method"]);
    env.ok(&["close", "1", "--force"]);
    let case = env.json(&["show", "1"]);
    let cal = parse(&export(&env));
    assert_eq!(cal.events().count(), 0);
    let unbind = todo(&cal, &uid(&case, "unbind"));
    assert_eq!(unbind.property_value("STATUS"), Some("CANCELLED"));
    assert!(unbind.components().is_empty());
    assert_eq!(
        todo(&cal, &uid(&case, "method")).property_value("STATUS"),
        Some("COMPLETED")
    );
}

#[test]
fn long_chinese_and_punctuation_heavy_text_survives_the_round_trip() {
    let env = Env::new();
    let title = "注销比利时手机卡（Proximus 主号，带国际漫游；请在离境前完成）".repeat(2);
    let note = "第一行：护照、SIM 卡、合同；别忘了！\n\
                second line, with commas; semicolons; a back\\slash and \\n literally\n\
                第三行 📱 emoji，全角标点，“引号”。"
        .repeat(3);
    env.ok(&["add", &title, "--deadline", "2026-12-20"]);
    env.ok(&["note", "1", "submit", &note]);
    let case = env.json(&["show", "1"]);
    let text = export(&env);
    check_lines(&text);
    // Long enough to fold many times, and folded between characters only.
    assert!(
        text.lines().filter(|l| l.starts_with(' ')).count() > 20,
        "{text}"
    );
    assert!(text.contains("\\,") && text.contains("\\;") && text.contains("\\\\"));
    assert!(text.contains("\\n"));
    let cal = parse(&text);
    let submit = todo(&cal, &uid(&case, "submit"));
    // A Chinese title gets a Chinese checklist.
    let expected_summary = format!("{title}: 提交注销申请");
    assert_eq!(submit.get_summary(), Some(expected_summary.as_str()));
    let description = submit.get_description().expect("description");
    assert!(
        description.ends_with(&format!("\n\n备注：\n{note}")),
        "{description}"
    );
    let event = cal.events().next().expect("deadline");
    // The words around the case's own are in the case's language too.
    let expected_event = format!("{title}：截止日期");
    assert_eq!(event.get_summary(), Some(expected_event.as_str()));
}

#[test]
fn uids_stay_and_sequence_grows_across_exports() {
    let env = Env::new();
    env.add_proximus();
    let case = env.json(&["show", "1"]);
    let first = export(&env);
    // Nothing changed: the same bytes, since every value comes from the data.
    assert_eq!(export(&env), first);
    env.ok(&["snooze", "1", "unbind", "2d"]);
    env.ok(&["edit", "1", "--title", "Proximus SIM"]);
    let second = export(&env);
    let uids = |text: &str| -> Vec<String> {
        let cal = parse(text);
        let mut all: Vec<String> = cal
            .todos()
            .map(|t| t.get_uid().expect("uid").to_string())
            .chain(cal.events().map(|e| e.get_uid().expect("uid").to_string()))
            .collect();
        all.sort();
        all
    };
    assert_eq!(uids(&first), uids(&second));
    let (a, b) = (parse(&first), parse(&second));
    let seq = |cal: &Calendar, key: &str| todo(cal, &uid(&case, key)).get_sequence().expect("seq");
    // The snoozed step changed twice (its date, and the case's title in its summary); the others
    // once (the title).
    assert_eq!(seq(&b, "unbind"), seq(&a, "unbind") + 2);
    assert_eq!(seq(&b, "method"), seq(&a, "method") + 1);
    assert_eq!(
        todo(&b, &uid(&case, "unbind")).get_summary(),
        Some("Proximus SIM: Unbind services tied to the number")
    );
}

#[test]
fn output_writes_a_private_file_replaced_whole() {
    let env = Env::new();
    env.add_proximus();
    let file = env.path().join("cal").join("closeout.ics");
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::write(&file, "old").expect("write");
    let out = env.ok(&[
        "export",
        "--format",
        "ics",
        "--output",
        file.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        out,
        format!("wrote 5 to-do(s) and 1 event(s) to {}\n", file.display())
    );
    let text = std::fs::read_to_string(&file).expect("read");
    assert_eq!(text, export(&env));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(file.parent().expect("parent"))
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["closeout.ics"]);
    let summary = env.json(&[
        "export",
        "--format",
        "ics",
        "-o",
        file.to_str().expect("utf-8"),
    ]);
    assert_eq!(summary["format"], "ics");
    assert_eq!(summary["output"], file.to_str().expect("utf-8"));
    assert_eq!(summary["rows"], 5, "rows counts the to-dos");
    assert_eq!(summary["events"], 1);
}

#[test]
fn export_errors() {
    let env = Env::new();
    // Nothing dated: RFC 5545 wants at least one component, so nothing is written.
    env.ok(&["add", "gym", "--template", "contract"]);
    let file = env.path().join("out.ics");
    let err = env.fails(
        &[
            "export",
            "--format",
            "ics",
            "-o",
            file.to_str().expect("utf-8"),
        ],
        1,
    );
    assert!(err.contains("nothing to export"), "{err}");
    assert!(!file.exists());
    assert!(std::fs::read_dir(env.path()).expect("ls").all(|e| {
        !e.expect("entry")
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp")
    }));
    env.ok(&["deadline", "gym", "2026-12-20"]);
    let err = env.fails(&["export", "--format", "vcs"], 2);
    assert!(err.contains("ics"), "{err}");
    let missing = env.path().join("no/such/folder/out.ics");
    let err = env.fails(
        &[
            "export",
            "--format",
            "ics",
            "-o",
            missing.to_str().expect("utf-8"),
        ],
        1,
    );
    assert!(err.contains("does not exist"), "{err}");
    let err = env.fails(
        &[
            "export",
            "--format",
            "ics",
            "-o",
            env.path().to_str().expect("utf-8"),
        ],
        1,
    );
    assert!(err.contains("is a folder"), "{err}");
}

/// UUIDs in order of first appearance, replaced by `uuid-1`, `uuid-2`, ...; the version in PRODID
/// by `VERSION`.
fn normalise(text: &str, env: &Env) -> String {
    let conn = env.sql();
    let mut stmt = conn
        .prepare("SELECT uuid FROM cases UNION ALL SELECT uuid FROM steps")
        .expect("prepare");
    let mut uuids: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("uuids");
    uuids.sort_by_key(|u: &String| text.find(u.as_str()).unwrap_or(usize::MAX));
    let mut out = text.replace(env!("CARGO_PKG_VERSION"), "VERSION");
    for (i, u) in uuids.iter().enumerate() {
        out = out.replace(u.as_str(), &format!("uuid-{}", i + 1));
    }
    out
}

#[test]
fn a_small_export_matches_its_snapshot() {
    let mut env = Env::new();
    env.ok(&[
        "add",
        "健身房 gym",
        "--template",
        "contract",
        "--provider",
        "Basic-Fit",
        "--deadline",
        "2026-12-20",
        "--note",
        "contract #123; ask about the refund, in writing",
    ]);
    env.at("2026-12-01T10:15:00Z");
    env.ok(&["done", "1", "method", "--note", "they want a letter"]);
    env.ok(&["skip", "1", "documents"]);
    let text = export(&env);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/export.ics");
    let got = normalise(&text, &env);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &got).expect("write snapshot");
    }
    let want = std::fs::read_to_string(&path)
        .expect("tests/snapshots/export.ics (UPDATE_SNAPSHOTS=1 writes it)");
    assert_eq!(got, want, "export differs from {}", path.display());
    // The snapshot itself is valid iCalendar.
    check_lines(&want);
    assert!(parse(&want).todos().count() == 3);
}
