//! `import` and `sync DIR` read a file laid out as closeout writes it (one record a line) line by
//! line, and any other file (pretty-printed, on one line, edited by hand) as JSON in general:
//! both give the same cases, history and refusals.

use crate::common::Env;
use crate::exchange::{cases, export_all, import, rich};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `file` pretty-printed by Python's json.tool, as a person or another program might leave it.
fn pretty(file: &Path, name: &str) -> PathBuf {
    let out = Command::new("python3")
        .args(["-m", "json.tool", "--no-ensure-ascii"])
        .arg(file)
        .output()
        .expect("python3");
    assert!(out.status.success(), "json.tool failed");
    let path = file.with_file_name(name);
    std::fs::write(&path, out.stdout).expect("write");
    path
}

/// The same JSON on one line, keys in the same order.
fn one_line(file: &Path, name: &str) -> PathBuf {
    let text = std::fs::read_to_string(file).expect("read");
    let value: serde_json::Map<String, Value> = serde_json::from_str(&text).expect("json");
    let path = file.with_file_name(name);
    std::fs::write(&path, serde_json::to_string(&value).expect("json")).expect("write");
    path
}

/// What a database holds as the user sees it: every case, the list, and the history without
/// the ids and times of this database's own events.
fn seen(env: &Env) -> (Vec<Value>, Value, Vec<Value>) {
    let log = env
        .json(&["log"])
        .as_array()
        .expect("log")
        .iter()
        .map(|e| {
            let mut e = e.clone();
            for local in ["id", "change"] {
                e.as_object_mut().expect("event").remove(local);
            }
            e
        })
        .collect();
    (cases(env), env.json(&["list", "--all"]), log)
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

#[test]
fn a_file_in_closeouts_layout_imports_as_the_same_file_laid_out_any_other_way() {
    let mut a = Env::new();
    rich(&mut a);
    let file = export_all(&a, "all.json");
    let text = std::fs::read_to_string(&file).expect("read");
    // The layout the line reader takes: one case or one event a line.
    assert!(
        text.lines().any(|l| l.starts_with("    {\"uuid\"")),
        "{text}"
    );
    let others = [
        pretty(&file, "pretty.json"),
        one_line(&file, "one-line.json"),
        {
            let path = file.with_file_name("crlf.json");
            std::fs::write(&path, text.replace('\n', "\r\n")).expect("write");
            path
        },
        {
            let path = file.with_file_name("bom.json");
            std::fs::write(&path, format!("\u{feff}{text}")).expect("write");
            path
        },
    ];
    let b = Env::new();
    let report = import(&b, &file);
    let expected = seen(&b);
    assert_eq!(expected.0, cases(&a));
    for other in &others {
        let c = Env::new();
        let again = import(&c, other);
        assert_eq!(again["cases"], report["cases"], "{other:?}");
        assert_eq!(again["steps"], report["steps"], "{other:?}");
        assert_eq!(again["events"], report["events"], "{other:?}");
        assert_eq!(seen(&c), expected, "{other:?}");
        // Into the database that has it already: nothing changes, either way.
        let before = b.dump();
        let twice = import(&b, other);
        assert_eq!(twice["cases"]["added"], 0, "{other:?}");
        assert_eq!(twice["cases"]["updated"], 0, "{other:?}");
        assert_eq!(twice["events"]["added"], 0, "{other:?}");
        assert_eq!(b.dump(), before, "{other:?}");
    }
}

#[test]
fn a_merge_into_changed_cases_is_the_same_from_either_layout() {
    let mut a = Env::new();
    rich(&mut a);
    let file = export_all(&a, "all.json");
    let mut b = Env::new();
    b.ok(&["add", "KPN"]);
    b.at("2026-12-03T08:00:00Z");
    b.json(&["import", path_str(&file)]);
    b.ok(&["note", "1", "called again"]);
    b.ok(&["done", "2", "documents"]);
    // The same database twice, to merge one file into each.
    let mut c = Env::new();
    c.at("2026-12-03T08:00:00Z");
    std::fs::create_dir_all(c.db.parent().expect("folder")).expect("folder");
    for end in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{end}", b.db.display()));
        if from.exists() {
            std::fs::copy(&from, format!("{}{end}", c.db.display())).expect("copy");
        }
    }
    assert_eq!(c.dump(), b.dump());
    a.at("2026-12-04T08:00:00Z");
    a.ok(&["note", "2", "from the other device"]);
    let newer = export_all(&a, "newer.json");
    let newer_pretty = pretty(&newer, "newer-pretty.json");
    let from_lines = b.json(&["import", path_str(&newer)]);
    let from_pretty = c.json(&["import", path_str(&newer_pretty)]);
    for part in ["cases", "steps", "events", "changes"] {
        assert_eq!(from_lines[part], from_pretty[part], "{part}");
    }
    assert!(
        from_lines["cases"]["updated"].as_i64() > Some(0),
        "{from_lines}"
    );
    assert_eq!(seen(&b), seen(&c));
}

/// The line of the file that holds `needle`, 1-based.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect("line") + 1
}

#[test]
fn a_truncated_line_is_refused_where_it_is_and_changes_nothing() {
    let mut a = Env::new();
    rich(&mut a);
    let file = export_all(&a, "all.json");
    let text = std::fs::read_to_string(&file).expect("read");
    let b = Env::new();
    b.ok(&["add", "KPN"]);
    // A case's line cut short, in the middle of the file.
    let n = line_of(&text, "Telenet");
    let cut: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == n {
                l[..l.len() / 2].to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    let spoiled = file.with_file_name("cut.json");
    std::fs::write(&spoiled, cut.join("\n") + "\n").expect("write");
    let err = b.fails(&["import", path_str(&spoiled)], 1);
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(err.contains(&format!("line {n} column")), "{err}");
    // The file cut off after the line of the history's first event: refused, nothing changed.
    let first_event = line_of(&text, "\"events\": [") + 1;
    let head: Vec<&str> = text.lines().take(first_event).collect();
    let spoiled = file.with_file_name("short.json");
    std::fs::write(&spoiled, head.join("\n") + "\n").expect("write");
    let err = b.fails(&["import", path_str(&spoiled)], 1);
    assert!(err.contains("EOF while parsing"), "{err}");
}

#[test]
fn a_trailing_comma_after_the_last_record_is_refused_as_json_refuses_it() {
    let mut a = Env::new();
    rich(&mut a);
    let file = export_all(&a, "all.json");
    let text = std::fs::read_to_string(&file).expect("read");
    let b = Env::new();
    for close in ["\n  ],\n  \"events\"", "\n  ]\n}"] {
        let at = text.find(close).expect("end of a list");
        let spoiled_text = format!("{},{}", &text[..at], &text[at..]);
        let spoiled = file.with_file_name("comma.json");
        std::fs::write(&spoiled, &spoiled_text).expect("write");
        let err = b.fails(&["import", path_str(&spoiled)], 1);
        let line = spoiled_text[..at].lines().count() + 1;
        assert!(
            err.contains(&format!("line {line} column")),
            "{close:?}: {err}"
        );
    }
    // And a record line with no comma before the next one.
    let n = line_of(&text, "Telenet");
    let joined: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| match i + 2 == n {
            true => l.strip_suffix(',').expect("comma").to_string(),
            false => l.to_string(),
        })
        .collect();
    let spoiled = file.with_file_name("no-comma.json");
    std::fs::write(&spoiled, joined.join("\n")).expect("write");
    let err = b.fails(&["import", path_str(&spoiled)], 1);
    assert!(err.contains(&format!("line {n} column")), "{err}");
}

#[test]
fn a_problem_in_a_record_is_refused_in_the_same_words_from_either_layout() {
    let mut a = Env::new();
    rich(&mut a);
    let file = export_all(&a, "all.json");
    let text = std::fs::read_to_string(&file).expect("read");
    let b = Env::new();
    b.ok(&["add", "KPN"]);
    // The first case twice; a history event twice; a position below one.
    let first = text
        .lines()
        .find(|l| l.starts_with("    {\"uuid\"") && l.contains("\"steps\""))
        .expect("case line");
    let event = text
        .lines()
        .find(|l| l.contains("\"kind\":\"case.add\""))
        .expect("event line");
    let spoils = [
        text.replacen(first, &format!("{first}\n{first}"), 1),
        text.replacen(event, &format!("{event}\n{event}"), 1),
        text.replacen("\"position\":1,", "\"position\":0,", 1),
        text.replacen("\"before\":null", "\"before\":[[[[[[[[[[]]]]]]]]]]", 1),
    ];
    for (i, spoiled_text) in spoils.iter().enumerate() {
        let lines = file.with_file_name(format!("spoiled-{i}.json"));
        std::fs::write(&lines, spoiled_text).expect("write");
        let pretty_file = pretty(&lines, &format!("spoiled-{i}-pretty.json"));
        let from_lines = b.fails(&["import", path_str(&lines)], 1);
        let from_pretty = b.fails(&["import", path_str(&pretty_file)], 1);
        let name = |e: &str, p: &Path| e.replace(path_str(p), "FILE");
        assert_eq!(
            name(&from_lines, &lines),
            name(&from_pretty, &pretty_file),
            "{i}"
        );
        assert!(from_lines.contains("nothing was imported"), "{from_lines}");
    }
}

/// A history event's before nested as deep as serde_json reads in a whole file, and one level
/// deeper: the line reader, which reads the record alone, takes what the whole read takes and
/// refuses what it refuses.
#[test]
fn nesting_too_deep_for_the_whole_file_is_refused_when_read_line_by_line() {
    let mut a = Env::new();
    rich(&mut a);
    let file = export_all(&a, "all.json");
    let text = std::fs::read_to_string(&file).expect("read");
    // The deleted case's removal: its before may be any value.
    let line = text
        .lines()
        .find(|l| l.contains("\"kind\":\"case.delete\""))
        .expect("removal");
    let record = line.trim_start().trim_end_matches(',');
    // The document, the list and the event take three of serde_json's 127 levels.
    for (levels, fine) in [(124, true), (125, false)] {
        let mut event: Value = serde_json::from_str(record).expect("event");
        event["before"] =
            serde_json::from_str(&format!("{}{}", "[".repeat(levels), "]".repeat(levels)))
                .expect("deep");
        let spoiled_line = line.replacen(record, &event.to_string(), 1);
        let spoiled = file.with_file_name(format!("deep-{levels}.json"));
        std::fs::write(&spoiled, text.replacen(line, &spoiled_line, 1)).expect("write");
        let pretty_file = pretty(&spoiled, &format!("deep-{levels}-pretty.json"));
        for (i, f) in [&spoiled, &pretty_file].into_iter().enumerate() {
            let b = Env::new();
            if fine {
                let report = import(&b, f);
                assert_eq!(report["cases"]["added"], 3, "{f:?}");
                assert_eq!(seen(&b).0, cases(&a), "{f:?}");
            } else {
                let err = b.fails(&["import", path_str(f)], 1);
                assert!(err.contains("recursion limit"), "{i}: {err}");
            }
        }
    }
}

#[test]
fn sync_dir_takes_a_pretty_printed_copy_as_the_file_itself() {
    let mut a = Env::new();
    rich(&mut a);
    let file = export_all(&a, "all.json");
    let (b, c) = (Env::new(), Env::new());
    let lines_dir = b.path().join("shared");
    let pretty_dir = c.path().join("shared");
    std::fs::create_dir_all(&lines_dir).expect("dir");
    std::fs::create_dir_all(&pretty_dir).expect("dir");
    std::fs::copy(&file, lines_dir.join("closeout-a.json")).expect("copy");
    let pretty_file = pretty(&file, "pretty.json");
    std::fs::copy(&pretty_file, pretty_dir.join("closeout-a.json")).expect("copy");
    let from_lines = b.json(&["sync", path_str(&lines_dir)]);
    let from_pretty = c.json(&["sync", path_str(&pretty_dir)]);
    for part in ["cases", "steps", "events"] {
        assert_eq!(from_lines[part], from_pretty[part], "{part}");
    }
    assert_eq!(seen(&b), seen(&c));
    assert_eq!(cases(&b), cases(&a));
}
