//! The only code that speaks SQL: opening the database, migrating it, and typed queries.
//!
//! Contract: every command runs inside exactly one transaction. Write commands begin it
//! IMMEDIATE (taking the write lock up front, so that concurrent invocations wait on the busy
//! timeout instead of failing half-way), and a transaction that is dropped without `commit` rolls
//! back, so a failed command changes nothing.

mod backup;
mod calendar;
mod cases;
mod events;
mod files;
mod history;
mod migrate;
mod open;
#[cfg(test)]
mod query_plans;
mod remind;
mod remotes;
mod steps;
mod transfer;

pub use backup::{Candidate, Copied, Restored};
pub use calendar::{CalendarCase, CalendarStep};
pub use cases::{CaseFields, ListFilter, ListRow, NewCase};
pub use events::{Event, NewEvent};
pub use migrate::{SCHEMA_VERSION, Upgrade};
pub use remind::{RemindRow, RemindStep};
pub use remotes::{NewRemote, Remote, RemoteItem};
pub use steps::{DueItem, NewStep, PendingFilter, PendingRow};
pub use transfer::{EventRecord, Scope};

use anyhow::Result;
use open::{connect, explain, explain_inside, is_busy, is_damage};
use rusqlite::{Connection, TransactionBehavior};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// How long a command waits for another closeout process to finish its write.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Store {
    conn: Connection,
    path: PathBuf,
    upgrade: Option<Upgrade>,
    watch: Option<WriteWatch>,
}

/// A transaction in progress; its queries live in the submodules.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    /// The change the events of this transaction belong to: the id of its first event.
    change: std::cell::Cell<Option<i64>>,
}

impl<'a> Tx<'a> {
    fn new(tx: rusqlite::Transaction<'a>) -> Tx<'a> {
        Tx {
            tx,
            change: std::cell::Cell::new(None),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Never creates anything: a missing database reads as an empty one, and a database this
    /// process may not write, or in a folder it may not write, is still read.
    Read,
    /// Creates the folder (0700) and the file (0600) when missing.
    Write,
}

/// Where the last write transaction stands, so that a failure to print afterwards can be told
/// apart from a failed change (see `crate::run`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WriteState {
    #[default]
    None,
    Begun,
    Committed,
}

pub type WriteWatch = Rc<Cell<WriteState>>;

impl Store {
    pub fn open(path: &Path, access: Access) -> Result<Store> {
        Store::open_as_is(path, access).map_err(|e| explain(path, e, access == Access::Write))
    }

    fn open_as_is(path: &Path, access: Access) -> Result<Store> {
        // Opening may switch a new file to WAL and migrate it. While other processes do the
        // same, SQLite can answer "busy" at once instead of waiting (when waiting could
        // deadlock). Every step of an open is safe to repeat, so it is, within the busy timeout.
        let give_up = Instant::now() + BUSY_TIMEOUT;
        loop {
            match Store::open_once(path, access) {
                Err(e) if is_busy(&e) && Instant::now() < give_up => {
                    std::thread::sleep(Duration::from_millis(
                        5 + u64::from(std::process::id() % 16),
                    ));
                }
                opened => return opened,
            }
        }
    }

    fn open_once(path: &Path, access: Access) -> Result<Store> {
        let mut conn = connect(path, access)?;
        let file = conn.path().is_some_and(|p| !p.is_empty()).then_some(path);
        let upgrade = migrate::run(&mut conn, file)?;
        // 512 KiB of page cache instead of 2 MiB: long lists are read in index order, so a
        // small cache costs little time and keeps every command within a few megabytes. Set
        // after the first read, which is where an unreadable file shows itself.
        conn.pragma_update(None, "cache_size", -512)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            upgrade,
            watch: None,
        })
    }

    /// Opens the database that `restore` replaces. A damaged one (not SQLite, or corrupt) cannot
    /// be opened: it is moved aside to `<db>.bak` (returned) and a new one takes its place.
    pub fn open_for_restore(path: &Path) -> Result<(Store, Option<PathBuf>)> {
        match Store::open_as_is(path, Access::Write) {
            Ok(store) => Ok((store, None)),
            Err(e) if is_damage(&e) => {
                let aside = files::set_aside(path)?;
                Ok((Store::open(path, Access::Write)?, Some(aside)))
            }
            Err(e) => Err(explain(path, e, true)),
        }
    }

    /// Reports the progress of every write to `watch`.
    pub fn watched(mut self, watch: WriteWatch) -> Store {
        self.watch = Some(watch);
        self
    }

    /// The upgrade this open made, if any: the user is told once, with where the old file is.
    pub fn upgrade(&self) -> Option<&Upgrade> {
        self.upgrade.as_ref()
    }

    /// Runs `f` in a write transaction and commits only if it succeeds.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        mark(&self.watch, WriteState::Begun);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| explain(&self.path, e.into(), true))?;
        let tx = Tx::new(tx);
        let value = f(&tx).map_err(|e| explain_inside(&self.path, e, true))?;
        tx.tx
            .commit()
            .map_err(|e| explain(&self.path, e.into(), true))?;
        mark(&self.watch, WriteState::Committed);
        Ok(value)
    }

    /// Runs `f` in a write transaction and always rolls it back: a rehearsal (`--dry-run`) that
    /// goes through exactly the steps of the real write and keeps none of them.
    pub fn rehearse<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| explain(&self.path, e.into(), false))?;
        let tx = Tx::new(tx);
        f(&tx).map_err(|e| explain_inside(&self.path, e, false))
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
            .transaction_with_behavior(TransactionBehavior::Deferred)
            .map_err(|e| explain(&self.path, e.into(), false))?;
        let tx = Tx::new(tx);
        f(&tx).map_err(|e| explain_inside(&self.path, e, false))
    }
}

/// Tells the watcher, if any, where a write stands. (A free function, so that it can be called
/// while a transaction borrows the connection.)
fn mark(watch: &Option<WriteWatch>, state: WriteState) {
    if let Some(watch) = watch {
        watch.set(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

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
