//! Schema upgrades: numbered SQL files embedded at build time, applied in order inside one
//! transaction (all of them or none), with the version kept in `PRAGMA user_version`. Before an existing database is
//! upgraded, a copy of it is kept beside it as `<file>.bak-v<N>`.

use super::backup::copy_committed;
use super::files::Naming;
use crate::error::Failure;
use crate::msg::Msg;
use anyhow::{Context, Result};
use rusqlite::{Connection, MAIN_DB, TransactionBehavior};
use std::path::{Path, PathBuf};

/// One schema change, applied once, in order.
#[derive(Clone, Copy)]
pub(crate) struct Migration {
    pub name: &'static str,
    pub sql: &'static str,
}

/// The migrations, in order. A file is never edited once released: a change is a new file.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "0001_init.sql",
        sql: include_str!("../../migrations/0001_init.sql"),
    },
    Migration {
        name: "0002_changes.sql",
        sql: include_str!("../../migrations/0002_changes.sql"),
    },
    Migration {
        name: "0003_sync.sql",
        sql: include_str!("../../migrations/0003_sync.sql"),
    },
    Migration {
        name: "0004_deadlines.sql",
        sql: include_str!("../../migrations/0004_deadlines.sql"),
    },
    Migration {
        name: "0005_plan.sql",
        sql: include_str!("../../migrations/0005_plan.sql"),
    },
    Migration {
        name: "0006_origin.sql",
        sql: include_str!("../../migrations/0006_origin.sql"),
    },
    Migration {
        name: "0007_remotes.sql",
        sql: include_str!("../../migrations/0007_remotes.sql"),
    },
    Migration {
        name: "0008_lookups.sql",
        sql: include_str!("../../migrations/0008_lookups.sql"),
    },
];

/// The schema version this binary writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An upgrade that happened on this open, to be told to the user once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgrade {
    pub from: i64,
    pub to: i64,
    /// The copy of the database as it was before.
    pub copy: PathBuf,
    /// A copy from an earlier upgrade of the same version that was already there, such as one
    /// that was killed after its copy was made: complete, and worth telling about.
    pub earlier: Option<PathBuf>,
}

/// The tables and indexes of a new database, with its device id, for reading only (see
/// `empty.sql`): what a command that reads a database that does not exist yet reads.
const EMPTY: &str = include_str!("empty.sql");

/// Makes the empty database in memory `conn` look like a new one at `SCHEMA_VERSION` to
/// queries, without going through the migrations. Never written to: see `Store::read`.
pub(crate) fn empty_for_reading(conn: &Connection) -> Result<()> {
    conn.execute_batch(EMPTY)?;
    conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    Ok(())
}

/// Brings the database to `SCHEMA_VERSION`. `file` is where it lives (None in memory): an
/// existing database there is copied before it is changed.
pub(crate) fn run(conn: &mut Connection, file: Option<&Path>) -> Result<Option<Upgrade>> {
    run_with(conn, file, MIGRATIONS)
}

pub(crate) fn run_with(
    conn: &mut Connection,
    file: Option<&Path>,
    migrations: &[Migration],
) -> Result<Option<Upgrade>> {
    let latest = migrations.len() as i64;
    let version = check(conn, latest, file)?;
    if version == latest {
        return Ok(None);
    }
    if conn.is_readonly(MAIN_DB)? {
        return Err(Failure::Database(
            Msg::DbMustUpgrade {
                file: &named(file),
                version,
                latest,
            }
            .to_string(),
        )
        .into());
    }
    // One IMMEDIATE transaction for every step from where the database is to the latest: two
    // processes opening it at once must not both migrate it, and none may see it half-way (a
    // new database seen at version 1 of 4 would look like an old one to upgrade and copy).
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let upgrade = upgrade_in(&tx, file, migrations)?;
    tx.commit()?;
    Ok(upgrade)
}

/// Brings the database to the latest of `migrations` inside the IMMEDIATE transaction `tx` is
/// in, which the caller commits (with the change of the command that needed the upgrade) or
/// rolls back. A copy of an existing database is kept first; the upgrade says where.
pub(crate) fn upgrade_in(
    tx: &Connection,
    file: Option<&Path>,
    migrations: &[Migration],
) -> Result<Option<Upgrade>> {
    let latest = migrations.len() as i64;
    // Another process may have migrated while this one waited for the lock.
    let current = user_version(tx)?;
    if current >= latest {
        return Ok(None);
    }
    let mut upgrade = None;
    // Only a database that held a schema before this run is copied; a new one has nothing to keep.
    if let (Some(path), true) = (file, current > 0) {
        // Taken while this transaction holds the write lock: the copy is exactly what the
        // migrations are about to change.
        let wanted = suffixed(path, &format!(".bak-v{current}"));
        // Copies are published whole under their name, so one found there is complete.
        let earlier = wanted.is_file().then(|| wanted.clone());
        let copy = copy_committed(path, &wanted, Naming::FirstFree)
            .context(Msg::DbNoCopyNoUpgrade.to_string())?;
        upgrade = Some(Upgrade {
            from: current,
            to: latest,
            copy,
            earlier,
        });
    }
    for (index, migration) in migrations.iter().enumerate() {
        let target = index as i64 + 1;
        if target <= current {
            continue;
        }
        tx.execute_batch(migration.sql).with_context(|| {
            Msg::MigrationFailed {
                name: migration.name,
            }
            .to_string()
        })?;
        tx.pragma_update(None, "user_version", target)?;
    }
    Ok(upgrade)
}

/// The database's schema version, refusing one this closeout cannot own (see `check`), and one
/// that needs an upgrade this connection cannot write.
pub(crate) fn version_to_upgrade(conn: &Connection, file: Option<&Path>) -> Result<i64> {
    let version = check(conn, SCHEMA_VERSION, file)?;
    if version < SCHEMA_VERSION && conn.is_readonly(MAIN_DB)? {
        return Err(Failure::Refused(
            Msg::DbMustUpgrade {
                file: &named(file),
                version,
                latest: SCHEMA_VERSION,
            }
            .to_string(),
        )
        .into());
    }
    Ok(version)
}

/// Refuses a database this closeout cannot own: one from a newer closeout, or one that some
/// other program made (tables, but no closeout schema version).
pub(crate) fn refuse_unknown(conn: &Connection, file: Option<&Path>) -> Result<()> {
    check(conn, SCHEMA_VERSION, file).map(|_| ())
}

/// The database's schema version, once it is known to be one this closeout may use.
fn check(conn: &Connection, latest: i64, file: Option<&Path>) -> Result<i64> {
    // One statement, so one snapshot: read apart, another process could migrate the database
    // between the two reads, and a version of 0 beside its new tables would look foreign.
    let (version, objects): (i64, i64) = conn
        .query_row(
            "SELECT user_version, (SELECT count(*) FROM sqlite_master) FROM pragma_user_version",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .with_context(|| Msg::DbNotCloseout.to_string())?;
    if version > latest {
        return Err(Failure::Database(
            Msg::DbNewer {
                file: &named(file),
                version,
                latest,
            }
            .to_string(),
        )
        .into());
    }
    if version == 0 && objects > 0 {
        return Err(Failure::Database(
            Msg::DbForeign {
                file: &file
                    .map_or_else(|| Msg::TheDatabase.to_string(), |p| p.display().to_string()),
            }
            .to_string(),
        )
        .into());
    }
    Ok(version)
}

fn named(file: Option<&Path>) -> String {
    file.map(|p| format!(" {}", p.display()))
        .unwrap_or_default()
}

/// `path` with `suffix` added to its file name.
fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

pub(crate) fn user_version(conn: &Connection) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
        .with_context(|| Msg::DbNotCloseout.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(conn: &Connection, sql: &str) -> i64 {
        conn.query_row(sql, [], |r| r.get(0)).expect("count")
    }

    #[test]
    fn migrates_an_empty_database_to_the_latest_version() {
        let mut conn = Connection::open_in_memory().expect("db");
        assert_eq!(run(&mut conn, None).expect("migrate"), None);
        assert_eq!(user_version(&conn).expect("version"), SCHEMA_VERSION);
        // Running again is a no-op.
        run(&mut conn, None).expect("migrate again");
        let tables = count(
            &conn,
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('cases', 'steps', 'events')",
        );
        assert_eq!(tables, 3);
    }

    /// Everything a query can see of a database: each table's columns, each index's columns and
    /// condition, the settings' keys and the version. Triggers are left out: they act on writes.
    fn shape(conn: &Connection) -> Vec<String> {
        let mut found = Vec::new();
        let mut objects = conn
            .prepare(
                "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master \
                 WHERE type IN ('table', 'index') ORDER BY type, name",
            )
            .expect("objects");
        let rows = objects
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .expect("objects")
            .collect::<rusqlite::Result<Vec<_>>>()
            .expect("objects");
        for (kind, name, table, sql) in rows {
            let pragma = if kind == "table" {
                "table_xinfo"
            } else {
                "index_xinfo"
            };
            let mut info = conn
                .prepare(&format!("SELECT * FROM pragma_{pragma}(?1)"))
                .expect("info");
            let width = info.column_count();
            let columns = info
                .query_map([&name], |r| {
                    (0..width)
                        .map(|i| Ok(format!("{:?}", r.get_ref(i)?)))
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
                .expect("info")
                .collect::<rusqlite::Result<Vec<_>>>()
                .expect("info");
            // An index's condition is in its SQL; a table's SQL holds comments and its history.
            let condition = match sql.find(" WHERE ") {
                Some(at) if kind == "index" => sql[at..].split_whitespace().collect::<Vec<_>>(),
                _ => Vec::new(),
            };
            found.push(format!(
                "{kind} {name} on {table}: {columns:?} {condition:?}"
            ));
        }
        let keys: Vec<String> = conn
            .prepare("SELECT key FROM settings ORDER BY key")
            .expect("settings")
            .query_map([], |r| r.get(0))
            .expect("settings")
            .collect::<rusqlite::Result<_>>()
            .expect("settings");
        found.push(format!("settings {keys:?}"));
        found.push(format!("version {}", user_version(conn).expect("version")));
        found
    }

    #[test]
    fn the_empty_schema_for_reading_is_what_the_migrations_make() {
        let mut migrated = Connection::open_in_memory().expect("db");
        run(&mut migrated, None).expect("migrate");
        let empty = Connection::open_in_memory().expect("db");
        empty_for_reading(&empty).expect("empty");
        let (want, got) = (shape(&migrated), shape(&empty));
        assert!(want.len() > 20, "{want:#?}");
        // After a new migration, src/store/empty.sql must say what it changed.
        assert_eq!(got, want);
    }

    #[test]
    fn changes_group_the_events_each_command_recorded() {
        let mut conn = Connection::open_in_memory().expect("db");
        conn.execute_batch(MIGRATIONS[0].sql).expect("0001");
        conn.pragma_update(None, "user_version", 1)
            .expect("version");
        // Two commands on case 1 in different seconds, one on case 2 in the same second.
        conn.execute_batch(
            "INSERT INTO events (at, case_id, case_uuid, kind) VALUES \
               (100, 1, 'u1', 'case.add'), \
               (200, 1, 'u1', 'step.done'), (200, 1, 'u1', 'step.due'), \
               (200, 2, 'u2', 'case.add'), (200, 1, 'u1', 'case.close');",
        )
        .expect("events");
        run(&mut conn, None).expect("migrate");
        let changes: Vec<(i64, i64)> = conn
            .prepare("SELECT id, change_id FROM events ORDER BY id")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        assert_eq!(changes, [(1, 1), (2, 2), (3, 2), (4, 4), (5, 2)]);
    }

    #[test]
    fn refuses_a_newer_database_and_changes_nothing() {
        let mut conn = Connection::open_in_memory().expect("db");
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("set version");
        let err = run(&mut conn, None).expect_err("newer database");
        assert!(err.to_string().contains("newer"), "{err}");
        assert_eq!(count(&conn, "SELECT count(*) FROM sqlite_master"), 0);
    }

    #[test]
    fn refuses_a_database_of_another_program() {
        let mut conn = Connection::open_in_memory().expect("db");
        conn.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
            .expect("foreign table");
        let err = run(&mut conn, None).expect_err("foreign database");
        assert!(err.to_string().contains("another program"), "{err}");
        assert_eq!(count(&conn, "SELECT count(*) FROM sqlite_master"), 1);
    }

    /// A second schema version, as a future release would add one.
    const WITH_V2: &[Migration] = &[
        MIGRATIONS[0],
        Migration {
            name: "0002_test.sql",
            sql: "ALTER TABLE cases ADD COLUMN colour TEXT; UPDATE cases SET colour = 'blue';",
        },
    ];

    fn v1_database_with_rows(path: &Path) -> Connection {
        let mut conn = Connection::open(path).expect("open");
        conn.pragma_update(None, "journal_mode", "WAL")
            .expect("wal");
        run_with(&mut conn, Some(path), &MIGRATIONS[..1]).expect("v1");
        conn.execute_batch(
            "INSERT INTO cases (uuid, title, template, holder, created_at, updated_at, note) \
               VALUES ('u1', '注销 Proximus', 'sim', 'alice', 0, 0, 'keep me'); \
             INSERT INTO steps (uuid, case_id, position, key, title, updated_at) \
               VALUES ('s1', 1, 1, 'method', 'Find out how', 0); \
             INSERT INTO events (at, case_id, case_uuid, kind) VALUES (0, 1, 'u1', 'case.add');",
        )
        .expect("rows");
        conn
    }

    #[test]
    fn an_upgrade_keeps_a_copy_of_the_old_file_and_every_row() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("closeout.db");
        // The rows stay in the -wal file while this connection is open: the copy must hold them.
        let mut conn = v1_database_with_rows(&path);

        let upgrade = run_with(&mut conn, Some(&path), WITH_V2)
            .expect("upgrade")
            .expect("an upgrade happened");
        let copy = dir.path().join("closeout.db.bak-v1");
        assert_eq!(
            upgrade,
            Upgrade {
                from: 1,
                to: 2,
                copy: copy.clone(),
                earlier: None,
            }
        );
        assert_eq!(user_version(&conn).expect("version"), 2);
        let row: (String, String, String) = conn
            .query_row("SELECT title, note, colour FROM cases", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .expect("row");
        assert_eq!(
            row,
            ("注销 Proximus".into(), "keep me".into(), "blue".into())
        );
        assert_eq!(count(&conn, "SELECT count(*) FROM steps"), 1);
        assert_eq!(count(&conn, "SELECT count(*) FROM events"), 1);

        let old = Connection::open(&copy).expect("open the copy");
        assert_eq!(user_version(&old).expect("version"), 1);
        assert_eq!(
            count(&old, "SELECT count(*) FROM cases WHERE note = 'keep me'"),
            1
        );
        assert_eq!(count(&old, "SELECT count(*) FROM steps"), 1);
        assert!(!crate::store::files::wal_of(&copy).exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&copy).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }

        // Once upgraded, nothing more happens and no second copy is made.
        assert_eq!(
            run_with(&mut conn, Some(&path), WITH_V2).expect("again"),
            None
        );
        let copies = std::fs::read_dir(dir.path())
            .expect("list")
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().contains(".bak"))
            })
            .count();
        assert_eq!(copies, 1);
    }

    #[test]
    fn an_existing_copy_is_never_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("closeout.db");
        let mut conn = v1_database_with_rows(&path);
        std::fs::write(dir.path().join("closeout.db.bak-v1"), b"older copy").expect("write");
        let upgrade = run_with(&mut conn, Some(&path), WITH_V2)
            .expect("upgrade")
            .expect("upgraded");
        assert_eq!(upgrade.copy, dir.path().join("closeout.db.bak-v1.2"));
        assert_eq!(upgrade.earlier, Some(dir.path().join("closeout.db.bak-v1")));
        assert_eq!(
            std::fs::read(dir.path().join("closeout.db.bak-v1")).expect("read"),
            b"older copy"
        );
    }

    #[test]
    fn a_failing_migration_changes_nothing_but_the_copy_is_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("closeout.db");
        let mut conn = v1_database_with_rows(&path);
        let broken: &[Migration] = &[
            MIGRATIONS[0],
            Migration {
                name: "0002_broken.sql",
                sql: "ALTER TABLE cases ADD COLUMN colour TEXT; SELECT * FROM no_such_table;",
            },
        ];
        let err = run_with(&mut conn, Some(&path), broken).expect_err("broken migration");
        assert!(format!("{err:#}").contains("0002_broken.sql"), "{err:#}");
        assert_eq!(user_version(&conn).expect("version"), 1);
        assert!(conn.prepare("SELECT colour FROM cases").is_err());
        assert_eq!(count(&conn, "SELECT count(*) FROM cases"), 1);
        assert!(dir.path().join("closeout.db.bak-v1").exists());
    }

    #[test]
    fn a_new_database_is_not_copied() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("closeout.db");
        let mut conn = Connection::open(&path).expect("open");
        assert_eq!(
            run_with(&mut conn, Some(&path), WITH_V2).expect("create"),
            None
        );
        assert_eq!(user_version(&conn).expect("version"), 2);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["closeout.db"]);
    }

    /// 0003 on a database that already holds a case, a step and history from version 1.
    #[test]
    fn sync_migration_keeps_data_and_stamps_later_changes() {
        let mut conn = Connection::open_in_memory().expect("db");
        conn.execute_batch(MIGRATIONS[0].sql).expect("0001");
        conn.pragma_update(None, "user_version", 1)
            .expect("version");
        conn.execute_batch(
            "INSERT INTO cases (id, uuid, title, template, holder, created_at, updated_at) \
               VALUES (1, 'c1', 'Proximus', 'sim', 'alice', 100, 100); \
             INSERT INTO steps (uuid, case_id, position, key, title, updated_at) \
               VALUES ('s1', 1, 1, 'method', 'Find out how', 100); \
             INSERT INTO events (at, case_id, case_uuid, kind) VALUES (100, 1, 'c1', 'case.add'); \
             INSERT INTO events (at, case_id, case_uuid, kind) VALUES (101, 1, 'c1', 'case.note');",
        )
        .expect("version 1 data");
        run(&mut conn, None).expect("migrate");

        let device: String = conn
            .query_row("SELECT value FROM settings WHERE key = 'device'", [], |r| {
                r.get(0)
            })
            .expect("device");
        assert!(uuid::Uuid::parse_str(&device).is_ok(), "{device}");
        let uuids: Vec<String> = conn
            .prepare("SELECT uuid FROM events ORDER BY id")
            .expect("prepare")
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("uuids");
        assert_eq!(uuids.len(), 2);
        assert_ne!(uuids[0], uuids[1]);
        assert!(uuids.iter().all(|u| uuid::Uuid::parse_str(u).is_ok()));

        // A change to two columns of one group stamps the group once; unchanged fields stay
        // unstamped.
        conn.execute(
            "UPDATE steps SET status = 'done', done_at = '2026-12-01', updated_at = 200 \
             WHERE uuid = 's1'",
            [],
        )
        .expect("update");
        let stamps = |entity: &str| -> Vec<(String, i64, String)> {
            conn.prepare(
                "SELECT field, at, device FROM field_clock WHERE entity = ?1 ORDER BY field",
            )
            .expect("prepare")
            .query_map([entity], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("stamps")
        };
        assert_eq!(
            stamps("s1"),
            vec![("status".to_string(), 200, device.clone())]
        );
        // A later change at an earlier clock still moves the stamp forward.
        conn.execute(
            "UPDATE steps SET status = 'pending', done_at = NULL, updated_at = 150 \
             WHERE uuid = 's1'",
            [],
        )
        .expect("update");
        assert_eq!(
            stamps("s1"),
            vec![("status".to_string(), 201, device.clone())]
        );
        conn.execute(
            "UPDATE cases SET note = 'x', updated_at = 300 WHERE uuid = 'c1'",
            [],
        )
        .expect("update");
        assert_eq!(stamps("c1"), vec![("note".to_string(), 300, device)]);
        // Deleting the case takes its and its steps' stamps along.
        conn.execute_batch("PRAGMA foreign_keys = ON; DELETE FROM cases WHERE uuid = 'c1';")
            .expect("delete");
        assert!(stamps("c1").is_empty() && stamps("s1").is_empty());
    }

    /// 0006 on a database with history from before it: every event counts as made here, and
    /// only the three origins are accepted.
    #[test]
    fn origin_migration_counts_earlier_history_as_made_here() {
        let mut conn = Connection::open_in_memory().expect("db");
        run_with(&mut conn, None, &MIGRATIONS[..4]).expect("up to 0004");
        conn.execute_batch(
            "INSERT INTO events (at, case_id, case_uuid, kind, uuid) \
               VALUES (100, 1, 'c1', 'case.add', 'e1'); \
             INSERT INTO events (at, case_id, case_uuid, kind, uuid) \
               VALUES (101, 1, 'c1', 'case.note', 'e2');",
        )
        .expect("version 4 history");
        run(&mut conn, None).expect("migrate");
        let origins: Vec<String> = conn
            .prepare("SELECT origin FROM events ORDER BY id")
            .expect("prepare")
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("origins");
        assert_eq!(origins, ["here", "here"]);
        let bad = conn.execute(
            "INSERT INTO events (at, case_id, case_uuid, kind, uuid, origin) \
             VALUES (102, 1, 'c1', 'case.note', 'e3', 'elsewhere')",
            [],
        );
        assert!(bad.is_err());
    }
}
