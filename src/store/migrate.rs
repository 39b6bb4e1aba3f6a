//! Schema upgrades: numbered SQL files embedded at build time, applied in order, each in its own
//! transaction, with the version kept in `PRAGMA user_version`.

use anyhow::{Context, Result, bail};
use rusqlite::Connection;

/// The migrations, in order. A file is never edited once released: a change is a new file.
const MIGRATIONS: &[(&str, &str)] = &[(
    "0001_init.sql",
    include_str!("../../migrations/0001_init.sql"),
)];

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
}
