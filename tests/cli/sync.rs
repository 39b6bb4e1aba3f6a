//! `sync DIR`: two devices that share a folder converge, whatever the order they sync in.

use crate::common::{Env, step};
use crate::exchange::{cases, count};
use serde_json::Value;
use std::path::Path;

fn sync(env: &Env, dir: &Path) -> Value {
    env.json(&["sync", dir.to_str().expect("utf-8")])
}

fn device(env: &Env) -> String {
    let doc: Value = serde_json::from_str(&env.ok(&["export"])).expect("export");
    doc["device"].as_str().expect("device").to_string()
}

/// A laptop with two cases, and a desktop that got them through the folder.
fn two_devices() -> (Env, Env, tempfile::TempDir) {
    let folder = tempfile::tempdir().expect("shared folder");
    let laptop = Env::new();
    laptop.add_proximus();
    laptop.ok(&["add", "Telenet 宽带", "--template", "contract"]);
    let first = sync(&laptop, folder.path());
    assert_eq!(first["read"], serde_json::json!([]));
    assert_eq!(first["written"], true);
    let desktop = Env::new();
    let got = sync(&desktop, folder.path());
    assert_eq!(count(&got, "cases", "added"), 2);
    (laptop, desktop, folder)
}

#[test]
fn two_devices_editing_one_case_converge_after_syncing_both_ways() {
    for laptop_first in [true, false] {
        let (mut laptop, mut desktop, folder) = two_devices();
        let dir = folder.path();
        laptop.at("2026-12-01T09:00:00Z");
        laptop.ok(&["done", "1", "method", "documents"]);
        laptop.ok(&["note", "1", "from the laptop"]);
        laptop.ok(&["note", "1", "unbind", "bank app moved"]);
        desktop.at("2026-12-01T18:00:00Z");
        desktop.ok(&["done", "1", "unbind"]);
        desktop.ok(&["note", "1", "from the desktop"]);
        desktop.ok(&["due", "2", "submit", "2026-12-24"]);

        let (first, second) = if laptop_first {
            (&laptop, &desktop)
        } else {
            (&desktop, &laptop)
        };
        sync(first, dir);
        sync(second, dir);
        sync(first, dir);
        assert_eq!(
            cases(&laptop),
            cases(&desktop),
            "laptop first: {laptop_first}"
        );

        let case = laptop.json(&["show", "1"]);
        assert_eq!(
            case["note"], "from the desktop",
            "the later change of the note wins"
        );
        assert_eq!(step(&case, "method")["status"], "done");
        assert_eq!(step(&case, "documents")["status"], "done");
        let unbind = step(&case, "unbind");
        assert_eq!(unbind["status"], "done");
        assert_eq!(unbind["note"], "bank app moved");
        assert_eq!(
            step(&laptop.json(&["show", "2"]), "submit")["due"],
            "2026-12-24"
        );

        // Settled: a further round changes nothing and rewrites no file.
        for env in [&laptop, &desktop] {
            let again = sync(env, dir);
            assert_eq!(again["changes"], serde_json::json!([]));
            assert_eq!(again["written"], false);
        }
        assert_eq!(std::fs::read_dir(dir).expect("list").count(), 2);
    }
}

#[test]
fn a_tie_in_time_goes_to_the_larger_device_id_on_both_devices() {
    let (mut laptop, mut desktop, folder) = two_devices();
    let dir = folder.path();
    for env in [&mut laptop, &mut desktop] {
        env.at("2026-12-01T12:00:00Z");
    }
    laptop.ok(&["note", "1", "laptop"]);
    desktop.ok(&["note", "1", "desktop"]);
    sync(&laptop, dir);
    sync(&desktop, dir);
    sync(&laptop, dir);
    let winner = if device(&laptop) > device(&desktop) {
        "laptop"
    } else {
        "desktop"
    };
    for env in [&laptop, &desktop] {
        assert_eq!(env.json(&["show", "1"])["note"], winner);
    }
}

#[test]
fn a_change_made_after_a_sync_wins_even_when_the_other_clock_ran_ahead() {
    let (mut laptop, mut desktop, folder) = two_devices();
    let dir = folder.path();
    // The desktop's clock is ten days fast.
    desktop.at("2026-12-11T09:00:00Z");
    desktop.ok(&["note", "1", "desktop, clock ahead"]);
    sync(&desktop, dir);
    laptop.at("2026-12-01T09:00:00Z");
    sync(&laptop, dir);
    assert_eq!(laptop.json(&["show", "1"])["note"], "desktop, clock ahead");
    // Later, by the laptop's slower clock, the laptop replaces the note: that is the newest
    // change it knows of, so it wins on both devices.
    laptop.at("2026-12-01T10:00:00Z");
    laptop.ok(&["note", "1", "laptop, later"]);
    sync(&laptop, dir);
    sync(&desktop, dir);
    for env in [&laptop, &desktop] {
        assert_eq!(
            env.json(&["show", "1"])["note"],
            "desktop, clock ahead\nlaptop, later"
        );
    }
}

#[test]
fn a_case_deleted_on_one_device_is_deleted_on_the_other() {
    let (laptop, desktop, folder) = two_devices();
    let dir = folder.path();
    desktop.ok(&["delete", "2", "--yes"]);
    sync(&desktop, dir);
    let got = sync(&laptop, dir);
    assert_eq!(count(&got, "cases", "deleted"), 1);
    for env in [&laptop, &desktop] {
        assert_eq!(
            env.json(&["list", "--all"]).as_array().expect("list").len(),
            1
        );
    }
    // The laptop's old file, still holding the case until it syncs, does not bring it back.
    sync(&desktop, dir);
    assert_eq!(
        desktop
            .json(&["list", "--all"])
            .as_array()
            .expect("list")
            .len(),
        1
    );
}

#[test]
fn the_own_file_is_private_named_by_device_and_sync_tool_files_are_ignored() {
    let (laptop, desktop, folder) = two_devices();
    let dir = folder.path();
    let own = dir.join(format!("closeout-{}.json", device(&laptop)));
    assert!(own.is_file());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&own).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // A sync tool's half-written temporary file and unrelated files are not read.
    std::fs::write(dir.join(".closeout-x.json.syncthing.tmp"), "{").expect("write");
    std::fs::write(dir.join("notes.txt"), "hello").expect("write");
    let said = desktop.ok(&["sync", dir.to_str().expect("utf-8")]);
    assert!(said.starts_with("1 file(s) of other devices: "), "{said}");
    assert!(said.ends_with("is up to date\n"), "{said}");
}

#[test]
fn a_bad_file_in_the_folder_stops_the_sync_before_anything_is_written() {
    let (laptop, desktop, folder) = two_devices();
    let dir = folder.path();
    laptop.ok(&["note", "1", "not yet shared"]);
    let own = dir.join(format!("closeout-{}.json", device(&laptop)));
    let own_before = std::fs::read(&own).expect("read");
    let other = dir.join(format!("closeout-{}.json", device(&desktop)));
    let text = std::fs::read_to_string(&other).expect("read");
    std::fs::write(&other, text.replace("\"version\": 3", "\"version\": 7")).expect("write");

    let err = laptop.fails(&["sync", dir.to_str().expect("utf-8")], 1);
    assert!(err.contains(other.to_str().expect("utf-8")), "{err}");
    assert!(err.contains("format version 7, newer"), "{err}");
    assert_eq!(
        std::fs::read(&own).expect("read"),
        own_before,
        "own file not written"
    );

    let err = laptop.fails(&["sync", dir.join("nope").to_str().expect("utf-8")], 1);
    // It may have been meant as a remote's name: say both, and where the remotes are listed.
    assert!(err.contains("is neither a remote nor a folder"), "{err}");
    assert!(err.contains("closeout remote list"), "{err}");
}
