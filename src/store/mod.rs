//! The only code that speaks SQL: opening the database, migrating it, and typed queries.
//!
//! Contract: every command runs inside exactly one transaction. Write commands begin it
//! IMMEDIATE (taking the write lock up front, so that concurrent invocations wait on the busy
//! timeout instead of failing half-way), and a transaction that is dropped without `commit` rolls
//! back, so a failed command changes nothing.

mod cases;
mod events;
mod migrate;
#[cfg(test)]
mod query_plans;
mod steps;
mod transfer;

pub use cases::{ListFilter, ListRow, NewCase};
pub use events::{Event, NewEvent};
pub use migrate::SCHEMA_VERSION;
pub use steps::{NewStep, PendingFilter, PendingRow};
pub use transfer::{EventRecord, Scope};

use anyhow::{Context, Result};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a command waits for another closeout process to finish its write.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// A transaction in progress; its queries live in the submodules.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Never creates anything: a missing database reads as an empty one.
    Read,
    /// Creates the folder (0700) and the file (0600) when missing.
    Write,
}

impl Store {
    pub fn open(path: &Path, access: Access) -> Result<Store> {
        let conn = match access {
            Access::Read if !path.exists() => Connection::open_in_memory()?,
            Access::Read => open_file(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?,
            Access::Write => {
                create_private(path)?;
                open_file(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
                )?
            }
        };
        configure(&conn).with_context(|| format!("cannot use the database {}", path.display()))?;
        migrate::run(&conn)
            .with_context(|| format!("cannot prepare the database {}", path.display()))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Runs `f` in a write transaction and commits only if it succeeds.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .with_context(|| format!("cannot write to {}", self.path.display()))?;
        let tx = Tx { tx };
        let value = f(&tx)?;
        tx.tx
            .commit()
            .with_context(|| format!("cannot save the change to {}", self.path.display()))?;
        Ok(value)
    }

    /// Runs `f` in a write transaction and always rolls it back: a rehearsal (`--dry-run`) that
    /// goes through exactly the steps of the real write and keeps none of them.
    pub fn rehearse<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .with_context(|| format!("cannot read {}", self.path.display()))?;
        let tx = Tx { tx };
        f(&tx)
    }

    /// Prepares for one large write (an import): a page cache big enough that the transaction's
    /// pages stay in memory until the commit instead of spilling to the log one by one.
    pub fn for_bulk(&mut self) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -65536)?;
        Ok(())
    }

    /// Runs `f` in a read transaction, so that everything it reads is one consistent state.
    pub fn read<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)?;
        let tx = Tx { tx };
        f(&tx)
    }
}

fn open_file(path: &Path, flags: OpenFlags) -> Result<Connection> {
    Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .with_context(|| format!("cannot open the database {}", path.display()))
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // WAL lets readers go on while one process writes; FULL makes each commit durable before
    // closeout reports success.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // 512 KiB of page cache instead of 2 MiB: long lists are read in index order, so a small
    // cache costs little time and keeps every command within a few megabytes.
    conn.pragma_update(None, "cache_size", -512)?;
    Ok(())
}

/// Makes the database's folder (0700) and an empty file (0600) when they do not exist yet, so
/// that the file is private from its first byte whatever the umask. SQLite gives its -wal and
/// -shm files the main file's mode. Existing folders and files keep their mode.
fn create_private(path: &Path) -> Result<()> {
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        make_private_dir(dir)
            .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    }
    if !path.exists() {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(path) {
            Ok(_) => {}
            // Another process created it first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(e).with_context(|| format!("cannot create {}", path.display()));
            }
        }
    }
    Ok(())
}

fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_of_a_missing_database_creates_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub/closeout.db");
        let mut store = Store::open(&path, Access::Read).expect("open");
        let n = store.read(|tx| tx.count_cases()).expect("count");
        assert_eq!(n, 0);
        assert!(!path.exists());
        assert!(!dir.path().join("sub").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_write_creates_a_private_folder_and_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("data/closeout.db");
        Store::open(&path, Access::Write).expect("open");
        let mode = |p: &Path| fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir.path().join("data")), 0o700);
    }

    #[test]
    fn a_dropped_write_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("closeout.db");
        let mut store = Store::open(&path, Access::Write).expect("open");
        let result: Result<()> = store.write(|tx| {
            tx.insert_test_case()?;
            anyhow::bail!("refused")
        });
        assert!(result.is_err());
        assert_eq!(store.read(|tx| tx.count_cases()).expect("count"), 0);
    }
}
