//! Whole-database copies through SQLite's online backup API: `backup`, the copy kept before an
//! upgrade or a restore, and checking and putting in place the database `restore` is given.

use super::files::{Naming, TempFile, folder_of, new_private_file, sweep, wal_of};
use super::migrate::{self, Migration, SCHEMA_VERSION, user_version};
use super::open::{check_database_file, explain, is_damage, sqlite_code};
use super::{BUSY_TIMEOUT, Store, WriteState, mark};
use crate::error::Failure;
use crate::msg::Msg;
use anyhow::{Context, Result, bail};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Copies everything `src` has committed into a new private file, published as `wanted` (see
/// `Naming`). The copy is one self-contained file in rollback-journal mode: no -wal beside it.
pub(crate) fn copy_from(src: &Connection, wanted: &Path, naming: Naming) -> Result<PathBuf> {
    let temp = TempFile::beside(wanted)?;
    let mut dest = Connection::open_with_flags(
        temp.path(),
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    {
        let backup = Backup::new(src, &mut dest)?;
        step_all(&backup)?;
    }
    let _mode: String = dest.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    dest.close().map_err(|(_, e)| e)?;
    temp.publish(wanted, naming)
}

/// Copies the last committed state of the database file `path`, read through a connection of
/// its own, so that the caller may hold the write lock meanwhile: the copy is then exactly the
/// state it is about to change.
pub(crate) fn copy_committed(path: &Path, wanted: &Path, naming: Naming) -> Result<PathBuf> {
    let src = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    src.busy_timeout(BUSY_TIMEOUT)?;
    copy_from(&src, wanted, naming)
}

/// Copies every page in one step, under one read snapshot: other processes go on writing (WAL
/// lets them), and the copy is the database as it was when the step began.
fn step_all(backup: &Backup) -> Result<()> {
    let give_up = Instant::now() + BUSY_TIMEOUT;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ if Instant::now() < give_up => std::thread::sleep(Duration::from_millis(10)),
            _ => bail!("{}", Msg::StayedBusy),
        }
    }
}

/// A database file that `restore` may put in place: copied privately beside the live database,
/// checked (integrity, schema) and brought to this closeout's schema version. The file it came
/// from is only read.
pub struct Candidate {
    temp: TempFile,
    /// The schema version the file had.
    pub version: i64,
}

impl Candidate {
    pub fn check(from: &Path, db: &Path) -> Result<Candidate> {
        check_database_file(from).map_err(|e| unusable(from, e))?;
        // A restore that was killed left its copies beside the database: the file it was
        // checking, the copy of what it replaced.
        if let Some(name) = db.file_name().and_then(|n| n.to_str()) {
            sweep(folder_of(db), |target| target.starts_with(name));
        }
        let temp = TempFile::beside(db)?;
        // The file and its -wal are copied as bytes and only the copy is opened: SQLite opening
        // `from` itself could fold its -wal into it, or leave a -shm beside it.
        copy_bytes(from, temp.path())?;
        let wal = wal_of(from);
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            let temp_wal = wal_of(temp.path());
            new_private_file(&temp_wal).with_context(|| {
                Msg::CannotCreate {
                    path: &temp_wal.display().to_string(),
                }
                .to_string()
            })?;
            copy_bytes(&wal, &temp_wal)?;
        }
        let mut conn = Connection::open(temp.path())?;
        // Folds the copied -wal into the copy, which is then one self-contained file.
        let _mode: String = conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
            .map_err(|e| unusable(from, e.into()))?;
        let problems: Vec<String> = conn
            .prepare("PRAGMA integrity_check(5)")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| unusable(from, e.into()))?;
        if problems != ["ok"] {
            return Err(Failure::Refused(
                Msg::BackupDamaged {
                    path: &from.display().to_string(),
                    problems: &problems.join("; "),
                }
                .to_string(),
            )
            .into());
        }
        let version = user_version(&conn)?;
        if version > SCHEMA_VERSION {
            return Err(Failure::Refused(
                Msg::BackupNewer {
                    path: &from.display().to_string(),
                    version,
                    latest: SCHEMA_VERSION,
                }
                .to_string(),
            )
            .into());
        }
        if version < 1 || schema(&conn)? != schema_of_version(version)? {
            return Err(Failure::Refused(
                Msg::BackupForeign {
                    path: &from.display().to_string(),
                }
                .to_string(),
            )
            .into());
        }
        migrate::run(&mut conn, None)?;
        conn.close().map_err(|(_, e)| e)?;
        Ok(Candidate { temp, version })
    }
}

/// Copies the bytes of `from` into the existing private file `to`, which keeps its mode.
fn copy_bytes(from: &Path, to: &Path) -> Result<()> {
    let mut source = std::fs::File::open(from).map_err(|e| {
        anyhow::anyhow!(
            "{}",
            Msg::CannotReadWhy {
                path: &from.display().to_string(),
                error: &e.to_string(),
            }
        )
    })?;
    let mut dest = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(to)
        .and_then(|mut f| std::io::copy(&mut source, &mut f).map(|_| f))
        .with_context(|| {
            Msg::CannotWrite {
                path: &to.display().to_string(),
            }
            .to_string()
        })?;
    std::io::Write::flush(&mut dest)?;
    Ok(())
}

/// Why the file given to `restore` cannot be used, in words for the user.
fn unusable(from: &Path, err: anyhow::Error) -> anyhow::Error {
    let why = match sqlite_code(&err) {
        Some(ErrorCode::NotADatabase) => Msg::NotSqliteFile.to_string(),
        Some(ErrorCode::DatabaseCorrupt) => Msg::ItIsDamaged.to_string(),
        _ if is_damage(&err) => Msg::ItIsCutShort.to_string(),
        _ => format!("{err:#}"),
    };
    Failure::Refused(
        Msg::CannotRestore {
            path: &from.display().to_string(),
            why: &why,
        }
        .to_string(),
    )
    .into()
}

/// The tables, indexes and triggers of a database, as SQL, in a stable order.
fn schema(conn: &Connection) -> Result<Vec<(String, String, Option<String>)>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The schema a closeout database of `version` has: the first `version` migrations, replayed.
fn schema_of_version(version: i64) -> Result<Vec<(String, String, Option<String>)>> {
    let mut conn = Connection::open_in_memory()?;
    let upto = usize::try_from(version).unwrap_or(0);
    let migrations: Vec<Migration> = migrate::MIGRATIONS.iter().take(upto).copied().collect();
    migrate::run_with(&mut conn, None, &migrations)?;
    schema(&conn)
}

/// What `restore` did.
pub struct Restored {
    pub cases: i64,
    /// Where the database as it was before is kept, when there was one.
    pub replaced: Option<PathBuf>,
}

/// What `backup` wrote.
pub struct Copied {
    pub path: PathBuf,
    /// The cases in the copy.
    pub cases: i64,
}

impl Store {
    /// Writes a consistent copy of the database to the new file `file`.
    pub fn backup_to(&mut self, file: &Path) -> Result<Copied> {
        // The copy is of this closeout's schema, as its report says.
        self.upgrade_now()?;
        let path = copy_from(&self.conn, file, Naming::Exactly).with_context(|| {
            Msg::CannotBackUp {
                path: &self.path.display().to_string(),
            }
            .to_string()
        })?;
        let copy = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let cases = copy.query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?;
        Ok(Copied { path, cases })
    }

    /// Replaces every row with those of `candidate`, in one transaction, so that other
    /// processes see the old rows or the new, never a mix. With `keep_replaced`, the rows as
    /// they were are first copied to `<db>.bak` (or `.bak.2`, …).
    pub fn restore(&mut self, candidate: Candidate, keep_replaced: bool) -> Result<Restored> {
        // The rows are copied table by table: both databases need the same schema.
        self.upgrade_now()?;
        let attach = candidate
            .temp
            .path()
            .to_str()
            .with_context(|| Msg::TempNameRefused.to_string())?
            .to_string();
        self.conn
            .execute("ATTACH DATABASE ?1 AS restored", [&attach])?;
        let result = self.replace_rows(keep_replaced);
        let _ = self.conn.execute_batch("DETACH DATABASE restored");
        drop(candidate);
        result
    }

    fn replace_rows(&mut self, keep_replaced: bool) -> Result<Restored> {
        mark(&self.watch, WriteState::Begun);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| explain(&self.path, e.into(), true))?;
        // The write lock is held and nothing is changed yet: the copy is exactly what is replaced.
        let replaced = if keep_replaced {
            let mut wanted = self.path.as_os_str().to_owned();
            wanted.push(".bak");
            Some(
                copy_committed(&self.path, Path::new(&wanted), Naming::FirstFree)
                    .with_context(|| Msg::NoCopyNothingReplaced.to_string())?,
            )
        } else {
            None
        };
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        // Ordinary tables only: the title index (a virtual table and its shadow tables) is
        // kept by the triggers on `cases` as its rows go and come.
        let tables: Vec<String> = tx
            .prepare(
                "SELECT m.name FROM main.sqlite_master m \
                 JOIN pragma_table_list t ON t.schema = 'main' AND t.name = m.name \
                 WHERE m.type = 'table' AND t.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                 ORDER BY m.rowid",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for table in &tables {
            tx.execute(&format!("DELETE FROM main.{}", quoted(table)), [])?;
        }
        for table in &tables {
            let columns: Vec<String> = tx
                .prepare(&format!(
                    "SELECT name FROM pragma_table_info({}, 'main')",
                    literal(table)
                ))?
                .query_map([], |r| r.get::<_, String>(0))?
                .map(|c| c.map(|c| quoted(&c)))
                .collect::<rusqlite::Result<_>>()?;
            let columns = columns.join(", ");
            tx.execute(
                &format!(
                    "INSERT INTO main.{t} ({columns}) SELECT {columns} FROM restored.{t}",
                    t = quoted(table)
                ),
                [],
            )?;
        }
        let cases: i64 = tx.query_row("SELECT count(*) FROM main.cases", [], |r| r.get(0))?;
        tx.commit()
            .map_err(|e| explain(&self.path, e.into(), true))?;
        mark(&self.watch, WriteState::Committed);
        Ok(Restored { cases, replaced })
    }
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
