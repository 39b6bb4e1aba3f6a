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
        "0003_changes.sql",
        include_str!("../../migrations/0003_changes.sql"),
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
    fn changes_group_the_events_each_command_recorded() {
        let conn = Connection::open_in_memory().expect("db");
        conn.execute_batch(MIGRATIONS[0].1).expect("0001");
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
        run(&conn).expect("migrate");
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
}
