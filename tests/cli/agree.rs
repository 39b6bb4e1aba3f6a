//! Sync, import and undo agree: what one of them does, the others neither lose nor undo by
//! accident. Two and three databases share a folder, and every scenario runs in both orders.

use crate::common::{Env, step};
use crate::exchange::cases;
use serde_json::Value;
use std::path::Path;

fn sync(env: &Env, dir: &Path) -> Value {
    env.json(&["sync", dir.to_str().expect("utf-8")])
}

/// `n` databases sharing a folder, all holding the laptop's Proximus case as #1.
fn devices(n: usize) -> (Vec<Env>, tempfile::TempDir) {
    let folder = tempfile::tempdir().expect("shared folder");
    let first = Env::new();
    first.add_proximus();
    sync(&first, folder.path());
    let mut all = vec![first];
    for _ in 1..n {
        let env = Env::new();
        sync(&env, folder.path());
        all.push(env);
    }
    (all, folder)
}

/// Every device syncs, in the given order, twice round: after that all have seen everything.
fn settle(envs: &[&Env], dir: &Path) {
    for _ in 0..2 {
        for env in envs {
            sync(env, dir);
        }
    }
}

fn positions(case: &Value) -> Vec<i64> {
    case["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["position"].as_i64().expect("position"))
        .collect()
}

fn keys(case: &Value) -> Vec<String> {
    case["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["key"].as_str().expect("key").to_string())
        .collect()
}

#[test]
fn undo_of_step_remove_keeps_what_was_written_after_the_last_sync() {
    for laptop_first in [true, false] {
        let (mut envs, folder) = devices(2);
        let dir = folder.path();
        let [laptop, desktop] = &mut envs[..] else {
            panic!("two devices")
        };
        laptop.at("2026-12-01T09:00:00Z");
        laptop.ok(&["note", "1", "unbind", "bank app moved"]);
        laptop.ok(&["step", "move", "1", "unbind", "--first"]);
        laptop.at("2026-12-01T09:05:00Z");
        laptop.ok(&["step", "remove", "1", "unbind"]);
        laptop.at("2026-12-01T09:10:00Z");
        laptop.ok(&["undo"]);
        let before = laptop.json(&["show", "1"]);
        assert_eq!(step(&before, "unbind")["note"], "bank app moved");
        desktop.at("2026-12-01T10:00:00Z");
        laptop.at("2026-12-01T10:00:00Z");
        if laptop_first {
            settle(&[laptop, desktop], dir);
        } else {
            settle(&[desktop, laptop], dir);
        }
        for env in [&*laptop, &*desktop] {
            let case = env.json(&["show", "1"]);
            let unbind = step(&case, "unbind");
            assert_eq!(
                unbind["note"], "bank app moved",
                "laptop first: {laptop_first}"
            );
            assert_eq!(unbind["position"], 1, "laptop first: {laptop_first}");
        }
    }
}

#[test]
fn undo_of_delete_travels_and_outranks_the_deletion() {
    for laptop_first in [true, false] {
        let (mut envs, folder) = devices(3);
        let dir = folder.path();
        let [laptop, desktop, phone] = &mut envs[..] else {
            panic!("three devices")
        };
        laptop.at("2026-12-01T09:00:00Z");
        laptop.ok(&["delete", "1", "--yes"]);
        sync(laptop, dir);
        sync(desktop, dir);
        assert_eq!(desktop.json(&["list", "--all"]), serde_json::json!([]));
        laptop.at("2026-12-01T09:10:00Z");
        laptop.ok(&["undo"]);
        for env in [&mut *laptop, &mut *desktop, &mut *phone] {
            env.at("2026-12-01T10:00:00Z");
        }
        if laptop_first {
            settle(&[laptop, desktop, phone], dir);
        } else {
            settle(&[phone, desktop, laptop], dir);
        }
        for env in [&*laptop, &*desktop, &*phone] {
            let list = env.json(&["list", "--all"]);
            assert_eq!(
                list.as_array().map(Vec::len),
                Some(1),
                "laptop first: {laptop_first}: {list}"
            );
        }
        assert_eq!(cases(laptop), cases(desktop));
        assert_eq!(cases(laptop), cases(phone));
    }
}

#[test]
fn importing_ones_own_export_after_undoing_a_delete_keeps_the_case() {
    let mut env = Env::new();
    env.add_proximus();
    env.at("2026-12-01T09:00:00Z");
    env.ok(&["delete", "1", "--yes"]);
    env.at("2026-12-01T09:05:00Z");
    env.ok(&["undo"]);
    let file = env.path().join("mine.json");
    env.ok(&["export", "--all", "--output", file.to_str().expect("utf-8")]);
    env.ok(&["import", file.to_str().expect("utf-8")]);
    assert_eq!(env.json(&["show", "1"])["title"], "Proximus");
}

#[test]
fn undo_after_a_sync_takes_back_the_own_change_not_the_peers() {
    let (mut envs, folder) = devices(2);
    let dir = folder.path();
    let [laptop, desktop] = &mut envs[..] else {
        panic!("two devices")
    };
    laptop.at("2026-12-01T09:00:00Z");
    laptop.ok(&["note", "1", "mine"]);
    desktop.at("2026-12-01T09:30:00Z");
    desktop.ok(&["done", "1", "method"]);
    sync(desktop, dir);
    laptop.at("2026-12-01T10:00:00Z");
    sync(laptop, dir);
    assert_eq!(
        step(&laptop.json(&["show", "1"]), "method")["status"],
        "done"
    );
    // The sync is the newest change made here: undo takes it back whole.
    let list = laptop.ok(&["undo", "--list"]);
    assert!(list.contains("sync"), "{list}");
    laptop.ok(&["undo"]);
    let case = laptop.json(&["show", "1"]);
    assert_eq!(step(&case, "method")["status"], "pending");
    assert_eq!(case["note"], "mine");
    // Then the laptop's own note, never the desktop's change.
    laptop.ok(&["undo"]);
    let case = laptop.json(&["show", "1"]);
    assert_eq!(case["note"], Value::Null);
    assert_eq!(step(&case, "method")["status"], "pending");
}

#[test]
fn undo_after_an_import_takes_back_the_import_not_an_earlier_case() {
    let other = Env::new();
    other.ok(&["add", "Telenet", "--template", "contract"]);
    let file = other.path().join("other.json");
    other.ok(&["export", "--output", file.to_str().expect("utf-8")]);

    let mut env = Env::new();
    env.add_proximus();
    env.at("2026-12-01T09:00:00Z");
    let said = env.ok(&["import", file.to_str().expect("utf-8")]);
    assert!(said.contains("Telenet"), "{said}");
    let list = env.ok(&["undo", "--list"]);
    assert!(list.contains("import"), "{list}");
    env.ok(&["undo"]);
    let titles: Vec<Value> = env
        .json(&["list", "--all"])
        .as_array()
        .expect("list")
        .iter()
        .map(|c| c["title"].clone())
        .collect();
    assert_eq!(titles, ["Proximus"]);
    env.ok(&["redo"]);
    assert_eq!(
        env.json(&["list", "--all"]).as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn imported_history_of_an_unknown_case_is_filed_under_its_uuid() {
    // Another device made a case and deleted it; its history comes along with `--all`.
    let other = Env::new();
    other.ok(&["add", "Orange", "--template", "contract"]);
    other.ok(&["delete", "1", "--yes"]);
    let file = other.path().join("other.json");
    other.ok(&["export", "--all", "--output", file.to_str().expect("utf-8")]);

    let env = Env::new();
    env.add_proximus();
    env.ok(&["import", file.to_str().expect("utf-8")]);
    let log = env.json(&["log", "1"]);
    for e in log.as_array().expect("log") {
        assert_ne!(e["kind"], "case.delete", "{log}");
        assert_eq!(e["case"], 1);
    }
    // Undo still works on the own case.
    env.ok(&["note", "1", "mine"]);
    env.ok(&["undo"]);
    env.ok(&["undo"]);
    assert_eq!(env.json(&["list", "--all"]), serde_json::json!([]));
}

#[test]
fn an_unknown_or_malformed_event_is_refused_at_import() {
    let other = Env::new();
    other.add_proximus();
    other.ok(&["note", "1", "x"]);
    let file = other.path().join("other.json");
    other.ok(&["export", "--output", file.to_str().expect("utf-8")]);
    let text = std::fs::read_to_string(&file).expect("read");
    let env = Env::new();
    env.ok(&["add", "Telenet"]);
    for (from, to, says) in [
        (
            "\"kind\":\"case.note\"",
            "\"kind\":\"case.nte\"",
            "case.nte",
        ),
        (
            "\"after\":{\"note\":\"x\"}",
            "\"after\":{\"colour\":\"x\"}",
            "colour",
        ),
    ] {
        assert!(text.contains(from), "{text}");
        let bad = env.path().join("bad.json");
        std::fs::write(&bad, text.replace(from, to)).expect("write");
        let err = env.fails(&["import", bad.to_str().expect("utf-8")], 1);
        assert!(err.contains(says), "{err}");
        assert!(err.contains("event"), "{err}");
    }
}

#[test]
fn two_devices_that_each_add_a_step_end_with_positions_one_to_n() {
    for laptop_first in [true, false] {
        let (mut envs, folder) = devices(3);
        let dir = folder.path();
        let [laptop, desktop, phone] = &mut envs[..] else {
            panic!("three devices")
        };
        laptop.at("2026-12-01T09:00:00Z");
        laptop.ok(&["step", "add", "1", "Close the KBC account"]);
        laptop.ok(&["step", "move", "1", "confirm", "--first"]);
        desktop.at("2026-12-01T09:30:00Z");
        desktop.ok(&["step", "add", "1", "Cancel Spotify"]);
        desktop.ok(&["step", "move", "1", "balance", "--after", "method"]);
        phone.at("2026-12-01T09:40:00Z");
        phone.ok(&["step", "add", "1", "Tell the bank", "--after", "unbind"]);
        for env in [&mut *laptop, &mut *desktop, &mut *phone] {
            env.at("2026-12-01T10:00:00Z");
        }
        if laptop_first {
            settle(&[laptop, desktop, phone], dir);
        } else {
            settle(&[phone, desktop, laptop], dir);
        }
        let case = laptop.json(&["show", "1"]);
        assert_eq!(positions(&case), (1..=9).collect::<Vec<_>>(), "{case}");
        for env in [&*desktop, &*phone] {
            assert_eq!(keys(&env.json(&["show", "1"])), keys(&case));
            assert_eq!(positions(&env.json(&["show", "1"])), positions(&case));
        }
        // A position names one step.
        laptop.ok(&["done", "1", "9"]);
    }
}

#[test]
fn two_devices_that_each_add_a_step_with_the_same_key_both_keep_it() {
    for laptop_first in [true, false] {
        let (mut envs, folder) = devices(2);
        let dir = folder.path();
        let [laptop, desktop] = &mut envs[..] else {
            panic!("two devices")
        };
        laptop.at("2026-12-01T09:00:00Z");
        laptop.ok(&["step", "add", "1", "Netflix", "--key", "netflix"]);
        laptop.ok(&["note", "1", "netflix", "from the laptop"]);
        desktop.at("2026-12-01T09:30:00Z");
        desktop.ok(&["step", "add", "1", "Netflix", "--key", "netflix"]);
        desktop.ok(&["note", "1", "netflix", "from the desktop"]);
        if laptop_first {
            settle(&[laptop, desktop], dir);
        } else {
            settle(&[desktop, laptop], dir);
        }
        let case = laptop.json(&["show", "1"]);
        assert_eq!(cases(laptop), cases(desktop));
        let notes: Vec<&Value> = case["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .filter(|s| s["title"] == "Netflix")
            .map(|s| &s["note"])
            .collect();
        assert_eq!(notes.len(), 2, "{case}");
        assert!(notes.contains(&&Value::from("from the laptop")), "{case}");
        assert!(notes.contains(&&Value::from("from the desktop")), "{case}");
        assert_eq!(positions(&case), (1..=8).collect::<Vec<_>>());
    }
}

#[test]
fn an_import_file_whose_positions_repeat_or_skip_is_renumbered() {
    let other = Env::new();
    other.add_proximus();
    let file = other.path().join("other.json");
    other.ok(&["export", "--output", file.to_str().expect("utf-8")]);
    let text = std::fs::read_to_string(&file).expect("read");
    let text = text
        .replace("\"position\":2,", "\"position\":1,")
        .replace("\"position\":5,", "\"position\":40,");
    std::fs::write(&file, text).expect("write");
    let env = Env::new();
    env.ok(&["import", file.to_str().expect("utf-8")]);
    let case = env.json(&["show", "1"]);
    assert_eq!(positions(&case), (1..=6).collect::<Vec<_>>(), "{case}");
    // In the file's order, a repeated position broken by UUID, a gap closed.
    assert_eq!(
        &keys(&case)[2..],
        ["unbind", "balance", "confirm", "submit"]
    );
    env.ok(&["done", "1", "6"]);
    assert_eq!(step(&env.json(&["show", "1"]), "submit")["status"], "done");
}

/// A peer's file holding `n` copies of one case, each with its own UUIDs and id.
fn many_cases_file(dir: &Path, n: usize) {
    let peer = Env::new();
    peer.add_proximus();
    let mut doc: Value = serde_json::from_str(&peer.ok(&["export"])).expect("export");
    let case = doc["cases"][0].clone();
    let uuid = |a: usize, b: usize| format!("01a00000-0000-7000-8000-{a:08x}{b:04x}");
    let copies: Vec<Value> = (0..n)
        .map(|i| {
            let mut c = case.clone();
            c["uuid"] = uuid(i, 0).into();
            c["id"] = (i + 1).into();
            for (j, s) in c["steps"]
                .as_array_mut()
                .expect("steps")
                .iter_mut()
                .enumerate()
            {
                s["uuid"] = uuid(i, j + 1).into();
            }
            c
        })
        .collect();
    doc["cases"] = copies.into();
    doc["events"] = serde_json::json!([]);
    std::fs::write(
        dir.join(format!(
            "closeout-{}.json",
            doc["device"].as_str().expect("device")
        )),
        serde_json::to_vec(&doc).expect("json"),
    )
    .expect("write");
}

#[test]
fn sync_writes_its_file_only_after_the_merge_has_committed() {
    let folder = tempfile::tempdir().expect("shared folder");
    let dir = folder.path();
    many_cases_file(dir, 2500);
    let env = Env::new();
    env.ok(&["add", "Telenet"]);
    let device = serde_json::from_str::<Value>(&env.ok(&["export"])).expect("export")["device"]
        .as_str()
        .expect("device")
        .to_string();
    let own = dir.join(format!("closeout-{device}.json"));
    let mut child = env
        .process()
        .args(["sync", dir.to_str().expect("utf-8")])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    // Killed the moment its file appears: whatever the file says must be in the database.
    let give_up = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !own.exists() {
        assert!(std::time::Instant::now() < give_up, "no file was written");
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::yield_now();
    }
    let _ = child.kill();
    let _ = child.wait();
    let written: Value =
        serde_json::from_slice(&std::fs::read(&own).expect("own file")).expect("json");
    let in_file = written["cases"].as_array().expect("cases").len();
    let in_db: i64 = env
        .sql()
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .expect("count");
    assert_eq!(in_file, 2501);
    assert_eq!(
        in_db, 2501,
        "the file describes cases the database never committed"
    );
}

#[test]
fn a_sync_cleans_up_what_a_killed_sync_left() {
    let (envs, folder) = devices(1);
    let dir = folder.path();
    let doc: Value = serde_json::from_str(&envs[0].ok(&["export"])).expect("export");
    let own = format!("closeout-{}.json", doc["device"].as_str().expect("device"));
    let stale = dir.join(format!(".{own}.0193a1b2000070008000000000000001.tmp"));
    let fresh = dir.join(format!(".{own}.0193a1b2000070008000000000000002.tmp"));
    let other = dir.join(".closeout-other.json.0193a1b2000070008000000000000003.tmp");
    for path in [&stale, &fresh, &other] {
        std::fs::write(path, vec![b' '; 100_000]).expect("write");
    }
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for path in [&stale, &other] {
        std::fs::File::options()
            .write(true)
            .open(path)
            .and_then(|f| f.set_modified(hour_ago))
            .expect("age the file");
    }
    sync(&envs[0], dir);
    assert!(!stale.exists(), "the killed sync's leftover is removed");
    // A younger one may be another sync of this database at work; another device's is its own.
    assert!(fresh.exists());
    assert!(other.exists());
}

#[test]
fn a_removed_step_stays_removed_everywhere_until_its_removal_is_undone() {
    for laptop_first in [true, false] {
        let (mut envs, folder) = devices(3);
        let dir = folder.path();
        let [laptop, desktop, phone] = &mut envs[..] else {
            panic!("three devices")
        };
        laptop.at("2026-12-01T09:00:00Z");
        laptop.ok(&["step", "remove", "1", "balance"]);
        // Meanwhile another device writes a note on it: the removal still wins.
        desktop.at("2026-12-01T09:30:00Z");
        desktop.ok(&["note", "1", "balance", "refund asked"]);
        for env in [&mut *laptop, &mut *desktop, &mut *phone] {
            env.at("2026-12-01T10:00:00Z");
        }
        let order: [&Env; 3] = if laptop_first {
            [laptop, desktop, phone]
        } else {
            [phone, desktop, laptop]
        };
        settle(&order, dir);
        for env in order {
            let case = env.json(&["show", "1"]);
            assert!(!keys(&case).contains(&"balance".to_string()), "{case}");
            assert_eq!(positions(&case), (1..=5).collect::<Vec<_>>());
        }
        laptop.at("2026-12-01T11:00:00Z");
        laptop.ok(&["undo"]);
        for env in [&mut *desktop, &mut *phone] {
            env.at("2026-12-01T11:30:00Z");
        }
        let order: [&Env; 3] = if laptop_first {
            [laptop, desktop, phone]
        } else {
            [phone, desktop, laptop]
        };
        settle(&order, dir);
        for env in order {
            let case = env.json(&["show", "1"]);
            assert_eq!(
                keys(&case)[3],
                "balance",
                "laptop first: {laptop_first}: {case}"
            );
            assert_eq!(positions(&case), (1..=6).collect::<Vec<_>>());
        }
        assert_eq!(cases(laptop), cases(desktop));
        assert_eq!(cases(laptop), cases(phone));
    }
}

#[test]
fn undo_and_redo_of_a_sync_that_added_and_reordered_steps_are_exact() {
    let (envs, folder) = devices(2);
    let dir = folder.path();
    let [laptop, desktop] = &envs[..] else {
        panic!("two devices")
    };
    for n in 1..=2 {
        laptop.ok(&["step", "add", "1", &format!("Laptop step {n}")]);
        desktop.ok(&["step", "add", "1", &format!("Desktop step {n}")]);
    }
    desktop.ok(&["step", "move", "1", "confirm", "--first"]);
    desktop.ok(&["note", "1", "method", "asked the shop"]);
    let before = laptop.json(&["show", "1"]);
    sync(desktop, dir);
    sync(laptop, dir);
    let after = laptop.json(&["show", "1"]);
    assert_eq!(positions(&after), (1..=10).collect::<Vec<_>>());
    assert_eq!(keys(&after)[0], "confirm");
    laptop.ok(&["undo"]);
    assert_eq!(laptop.json(&["show", "1"]), before);
    laptop.ok(&["redo"]);
    assert_eq!(laptop.json(&["show", "1"]), after);
}
