//! Schema upgrades: numbered SQL files embedded at build time, applied in order, each in its own
//! transaction, with the version kept in `PRAGMA user_version`.

use anyhow::{Context, Result, bail};
use rusqlite::Connection;

/// The migrations, in order. A file is never edited once released: a change is a new file.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_init.sql",
        include_str!("../../migrations/0001_init.sql"),
    ),
    (
        "0004_sync.sql",
        include_str!("../../migrations/0004_sync.sql"),
    ),
];

/// The schema version this binary writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn run(conn: &Connection) -> Result<()> {
    let version = user_version(conn)?;
    if version > SCHEMA_VERSION {
        bail!(
            "the database has schema version {version}, newer than this closeout understands \
             ({SCHEMA_VERSION}); upgrade closeout, nothing was changed"
        );
    }
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate() {
        let target = index as i64 + 1;
        if target <= version {
            continue;
        }
        // IMMEDIATE: two processes opening a new database at once must not both migrate it.
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let applied = (|| -> Result<()> {
            // Another process may have migrated while this one waited for the lock.
            if user_version(conn)? >= target {
                return Ok(());
            }
            conn.execute_batch(sql)
                .with_context(|| format!("migration {name} failed"))?;
            conn.pragma_update(None, "user_version", target)?;
            Ok(())
        })();
        match applied {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
    }
    Ok(())
}

fn user_version(conn: &Connection) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
        .context("the file is not a closeout database (or it is damaged)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_an_empty_database_to_the_latest_version() {
        let conn = Connection::open_in_memory().expect("db");
        run(&conn).expect("migrate");
        assert_eq!(user_version(&conn).expect("version"), SCHEMA_VERSION);
        // Running again is a no-op.
        run(&conn).expect("migrate again");
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('cases', 'steps', 'events')",
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(tables, 3);
    }

    #[test]
    fn refuses_a_newer_database_and_changes_nothing() {
        let conn = Connection::open_in_memory().expect("db");
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("set version");
        let err = run(&conn).expect_err("newer database");
        assert!(err.to_string().contains("newer"), "{err}");
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .expect("count");
        assert_eq!(tables, 0);
    }

    /// 0004 on a database that already holds a case, a step and history from version 1.
    #[test]
    fn sync_migration_keeps_data_and_stamps_later_changes() {
        let conn = Connection::open_in_memory().expect("db");
        conn.execute_batch(MIGRATIONS[0].1).expect("0001");
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
        run(&conn).expect("migrate");

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
}
