//! Private by default: whatever the umask, every file closeout creates is 0600 in a 0700 folder,
//! and closeout never widens the mode of a file or folder that was already there.

use crate::common::*;
use std::process::Output;

/// Runs closeout under `umask`.
fn under_umask(env: &Env, umask: &str, args: &[&str]) -> Output {
    let out = env
        .wrapped("sh", &["-c", &format!("umask {umask}; exec \"$0\" \"$@\"")])
        .args(args)
        .output()
        .expect("run closeout");
    assert!(
        out.status.success(),
        "umask {umask} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn new_files_are_private_whatever_the_umask() {
    // 000 would give everyone everything; 277 would leave the owner unable to write.
    for umask in ["000", "022", "277"] {
        let env = Env::new();
        let nested = env.path().join("a/b/closeout.db");
        under_umask(
            &env,
            umask,
            &["--db", nested.to_str().expect("utf-8"), "add", "X"],
        );
        assert_eq!(mode(&nested), 0o600, "umask {umask}");
        assert_eq!(mode(&env.path().join("a/b")), 0o700, "umask {umask}");
        assert_eq!(mode(&env.path().join("a")), 0o700, "umask {umask}");

        under_umask(&env, umask, &["add", "Proximus"]);
        assert_eq!(mode(&env.db), 0o600, "umask {umask}");
        assert_eq!(
            mode(env.db.parent().expect("folder")),
            0o700,
            "umask {umask}"
        );

        let copy = env.path().join("backups/nested/copy.db");
        under_umask(&env, umask, &["backup", copy.to_str().expect("utf-8")]);
        assert_eq!(mode(&copy), 0o600, "umask {umask}");
        assert_eq!(mode(&env.path().join("backups")), 0o700, "umask {umask}");
        assert_eq!(
            mode(&env.path().join("backups/nested")),
            0o700,
            "umask {umask}"
        );

        under_umask(&env, umask, &["restore", copy.to_str().expect("utf-8")]);
        let mut bak = env.db.as_os_str().to_owned();
        bak.push(".bak");
        assert_eq!(mode(std::path::Path::new(&bak)), 0o600, "umask {umask}");
        assert_eq!(
            names_in(env.db.parent().expect("folder")),
            ["closeout.db", "closeout.db.bak"],
            "no temporary file is left"
        );
    }
}

#[test]
fn the_wal_and_shm_files_are_as_private_as_the_database() {
    let env = Env::new();
    under_umask(&env, "000", &["add", "Proximus"]);
    // While another connection holds the database open, the -wal and -shm files stay beside it
    // (the last one to close removes them). SQLite gives them the database's own mode, whoever
    // creates them; the crash test checks the ones left by killed writers too.
    let holder = env.sql();
    let _: i64 = holder
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .expect("read");
    under_umask(&env, "000", &["note", "1", "a line"]);
    for suffix in ["-wal", "-shm"] {
        let mut name = env.db.as_os_str().to_owned();
        name.push(suffix);
        assert_eq!(mode(std::path::Path::new(&name)), 0o600, "{suffix}");
    }
}

#[test]
fn existing_modes_are_never_widened() {
    let env = Env::new();
    env.add_proximus();
    let folder = env.db.parent().expect("folder").to_path_buf();
    chmod(&env.db, 0o640);
    chmod(&folder, 0o750);
    under_umask(&env, "000", &["add", "Orange"]);
    under_umask(&env, "000", &["done", "1", "method"]);
    assert_eq!(mode(&env.db), 0o640);
    assert_eq!(mode(&folder), 0o750);

    // A folder the user made for backups keeps its mode; the copy in it is private.
    let shelf = env.path().join("shelf");
    std::fs::create_dir(&shelf).expect("mkdir");
    chmod(&shelf, 0o755);
    under_umask(
        &env,
        "000",
        &["backup", shelf.join("c.db").to_str().expect("utf-8")],
    );
    assert_eq!(mode(&shelf), 0o755);
    assert_eq!(mode(&shelf.join("c.db")), 0o600);
}

#[test]
fn template_files_and_their_folders_are_private_whatever_the_umask() {
    for umask in ["000", "022", "277"] {
        let env = Env::new();
        under_umask(&env, umask, &["template", "new", "mine"]);
        let config = env.path().join("xdg-config");
        for folder in ["", "closeout", "closeout/templates"] {
            assert_eq!(mode(&config.join(folder)), 0o700, "umask {umask} {folder}");
        }
        let file = config.join("closeout/templates/mine.toml");
        assert_eq!(mode(&file), 0o600, "umask {umask}");
        // The file is whole and valid.
        let out = under_umask(
            &env,
            umask,
            &["template", "check", file.to_str().expect("utf-8")],
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("is valid"));
        // A second template goes into the folders as they are.
        under_umask(&env, umask, &["template", "new", "sim"]);
        assert_eq!(mode(&config.join("closeout/templates/sim.toml")), 0o600);
    }
}
