//! The only code that speaks SQL: opening the database, migrating it, and typed queries.
//!
//! Contract: every command runs inside exactly one transaction. Write commands begin it
//! IMMEDIATE (taking the write lock up front, so that concurrent invocations wait on the busy
//! timeout instead of failing half-way), and a transaction that is dropped without `commit` rolls
//! back, so a failed command changes nothing.

mod backup;
#[cfg(test)]
mod bench_floors;
mod cases;
pub mod complete;
mod departure;
mod events;
mod files;
mod history;
mod migrate;
mod open;
#[cfg(test)]
mod query_plans;
mod quiet;
mod remind;
mod remotes;
mod revisions;
mod steps;
mod transfer;

pub use backup::{Candidate, Copied, Restored};
pub use cases::{CaseFields, ListFilter};
pub use events::{NewEvent, Origin};
/// For the other files closeout creates (templates): private whatever the umask.
pub(crate) use files::{ensure_private_dir, new_private_file};
pub use migrate::{SCHEMA_VERSION, Upgrade};
pub use quiet::{QuietAsk, is_quiet};
pub use remotes::{NewRemote, Remote, RemoteItem};
pub use steps::{DueItem, NewStep, PendingFilter};
pub use transfer::Scope;

use anyhow::Result;
use open::{connect, explain, explain_inside, is_busy, is_damage};
use rusqlite::{Connection, TransactionBehavior};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// SQLite's page cache for every command, in SQLite's terms (a negative number is KiB).
const PAGE_CACHE: i64 = -512;

/// How long a command waits for another closeout process to finish its write.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The file's schema is older than this closeout's: the first transaction upgrades it, as
    /// part of the command's own change, so that a refused command leaves it as it was.
    pending: bool,
    /// An empty database in memory with only what queries read (`migrate::empty_for_reading`):
    /// a write transaction (a rehearsal on a missing file) first makes it whole.
    light: bool,
    /// Set by `for_bulk`: each write transaction keeps its statement journals in memory.
    bulk: bool,
    watch: Option<WriteWatch>,
    /// Told once about an upgrade, after the transaction that made it commits.
    on_upgrade: Option<Tell>,
}

/// What is told of an upgrade once it has committed.
type Tell = Box<dyn Fn(&Upgrade)>;

/// A transaction in progress; its queries live in the submodules.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    /// The change the events of this transaction belong to: the id of its first event.
    change: std::cell::Cell<Option<i64>>,
    /// Where the events this transaction records come from.
    origin: std::cell::Cell<events::Origin>,
}

impl<'a> Tx<'a> {
    fn new(tx: rusqlite::Transaction<'a>) -> Tx<'a> {
        Tx {
            tx,
            change: std::cell::Cell::new(None),
            origin: std::cell::Cell::new(events::Origin::Here),
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
        let conn = connect(path, access)?;
        let file = conn.path().is_some_and(|p| !p.is_empty()).then_some(path);
        // A database in memory (a read of a missing file) gets the tables and indexes a read
        // needs at once; a file is upgraded by the command's first transaction, and only if that
        // commits.
        let pending = match file {
            None => {
                migrate::empty_for_reading(&conn)?;
                false
            }
            Some(_) => migrate::version_to_upgrade(&conn, file)? < SCHEMA_VERSION,
        };
        // 512 KiB of page cache instead of 2 MiB: long lists are read in index order, so a
        // small cache costs little time and keeps every command within a few megabytes. Set
        // after the first read, which is where an unreadable file shows itself.
        conn.pragma_update(None, "cache_size", PAGE_CACHE)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            pending,
            light: file.is_none(),
            bulk: false,
            watch: None,
            on_upgrade: None,
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

    /// Calls `tell` once the upgrade of an old database has committed, with where the copy of
    /// the old file is.
    pub fn on_upgrade(mut self, tell: impl Fn(&Upgrade) + 'static) -> Store {
        self.on_upgrade = Some(Box::new(tell));
        self
    }

    /// Runs `f` in a write transaction and commits only if it succeeds.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        mark(&self.watch, WriteState::Begun);
        let value = self.transaction(TransactionBehavior::Immediate, true, true, f)?;
        mark(&self.watch, WriteState::Committed);
        Ok(value)
    }

    /// Runs `f` in a write transaction and always rolls it back: a rehearsal (`--dry-run`) that
    /// goes through exactly the steps of the real write and keeps none of them.
    pub fn rehearse<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        self.transaction(TransactionBehavior::Immediate, false, false, f)
    }

    /// One transaction, that begins with the upgrade the file needs, if any: the upgrade
    /// commits with the command's change or not at all (and then its copy is removed).
    fn transaction<T>(
        &mut self,
        behavior: TransactionBehavior,
        commit: bool,
        writing: bool,
        f: impl FnOnce(&Tx) -> Result<T>,
    ) -> Result<T> {
        let reading = matches!(behavior, TransactionBehavior::Deferred);
        if !reading {
            self.make_whole()?;
        }
        // An upgrade is a write, whatever the command: it needs the write lock.
        let behavior = if self.pending {
            TransactionBehavior::Immediate
        } else {
            behavior
        };
        // Inside a transaction, a statement that fires triggers journals the pages it changes,
        // so that it alone can be undone. Once one such journal passes 64 KiB, SQLite moves it
        // to a temporary file for good, and every later statement writes its pages there: 1.5
        // million writes for an import of 100,000 steps, half its time. A merge's statements
        // each change one row and a few index pages, so their journals are small and held in
        // memory, and freed as each statement ends. Temporary b-trees go to memory too (the
        // merge's are per case), so the setting ends with the transaction: an export's sort of
        // the whole history keeps SQLite's bounded cache and spills to a file beyond it.
        let in_memory = self.bulk && !reading;
        if in_memory {
            self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        }
        let result = self.transaction_as_set(behavior, commit, writing, f);
        if in_memory {
            // Only memory is at stake if this fails; the transaction has ended either way.
            let _ = self.conn.pragma_update(None, "temp_store", "DEFAULT");
        }
        result
    }

    /// `transaction`, with the connection set for it.
    fn transaction_as_set<T>(
        &mut self,
        behavior: TransactionBehavior,
        commit: bool,
        writing: bool,
        f: impl FnOnce(&Tx) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(behavior)
            .map_err(|e| explain(&self.path, e.into(), writing))?;
        let upgrade = match self.pending {
            true => migrate::upgrade_in(&tx, Some(&self.path), migrate::MIGRATIONS)
                .map_err(|e| explain_inside(&self.path, e, true))?,
            false => None,
        };
        let tx = Tx::new(tx);
        let outcome = f(&tx).map_err(|e| explain_inside(&self.path, e, writing));
        let result = match outcome {
            Ok(value) if commit => tx
                .tx
                .commit()
                .map(|()| value)
                .map_err(|e| explain(&self.path, e.into(), writing)),
            // Dropped: rolled back.
            other => other,
        };
        // Committed, the schema is the newest (a new file has no copy to tell of): later
        // transactions of this process, reads included, need no write lock for an upgrade.
        if commit && result.is_ok() {
            self.pending = false;
        }
        match &upgrade {
            Some(up) if commit && result.is_ok() => {
                if let Some(tell) = &self.on_upgrade {
                    tell(up);
                }
            }
            // Nothing was upgraded: the copy of the file as it was is the file itself.
            Some(up) => {
                let _ = std::fs::remove_file(&up.copy);
            }
            None => {}
        }
        result
    }

    /// Gives a database made for reading only (`light`) the whole schema, triggers included,
    /// before anything writes to it or copies it: a new empty database in memory, migrated as a
    /// new file would be.
    fn make_whole(&mut self) -> Result<()> {
        if self.light {
            let mut conn = Connection::open_in_memory()?;
            open::stable_plans(&conn)?;
            migrate::run(&mut conn, None)?;
            conn.pragma_update(None, "cache_size", PAGE_CACHE)?;
            self.conn = conn;
            self.light = false;
        }
        Ok(())
    }

    /// Prepares for one large write (an import): the page cache stays at every command's 512
    /// KiB, which keeps memory bounded however large the file (beyond it, pages spill to the log
    /// before the commit; at 100,000 steps a cache of 2 MiB took 1.5 MB more and no less time),
    /// and room for every statement the merge runs; while a transaction writes, each statement's
    /// journal is kept in memory (see `transaction`).
    pub fn for_bulk(&mut self) -> Result<()> {
        self.make_whole()?;
        // A merge runs a few dozen statements per case; with the default cache of 16 they
        // pushed each other out and were parsed again for every case.
        self.conn.set_prepared_statement_cache_capacity(64);
        self.bulk = true;
        Ok(())
    }

    /// Runs `f` in a read transaction, so that everything it reads is one consistent state.
    /// (On a file that needs an upgrade, the upgrade commits if `f` succeeds.)
    pub fn read<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let commit = self.pending;
        self.transaction(TransactionBehavior::Deferred, commit, false, f)
    }

    /// Upgrades the file now if it needs it, for the commands that read it whole (backup,
    /// restore) rather than through a transaction of their own.
    pub(crate) fn upgrade_now(&mut self) -> Result<()> {
        self.make_whole()?;
        if self.pending {
            self.transaction(TransactionBehavior::Immediate, true, true, |_| Ok(()))?;
        }
        Ok(())
    }
}

/// Tells the watcher, if any, where a write stands. (A free function, so that it can be called
/// while a transaction borrows the connection.)
fn mark(watch: &Option<WriteWatch>, state: WriteState) {
    if let Some(watch) = watch {
        watch.set(state);
    }
}

/// Whether an error comes from SQLite underneath (a `database` error to the user).
pub fn is_database_error(err: &anyhow::Error) -> bool {
    err.chain().any(|c| c.is::<rusqlite::Error>())
}

/// An error as SQLite gives one, for the tests of what the user is told.
#[cfg(test)]
pub fn a_database_error() -> anyhow::Error {
    rusqlite::Error::InvalidQuery.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn sqlites_own_b_trees_default_to_the_stores_page_cache() {
        // Set by .cargo/config.toml: a sort's temporary b-tree gets no more cache than the
        // database, which keeps an export's peak within bounds.
        let conn = Connection::open_in_memory().expect("db");
        let options: Vec<String> = conn
            .prepare("PRAGMA compile_options")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .expect("options");
        assert!(
            options.contains(&format!("DEFAULT_CACHE_SIZE={PAGE_CACHE}")),
            "{options:?}"
        );
    }

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

    #[test]
    fn a_rehearsal_on_a_missing_database_has_the_whole_schema() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("closeout.db");
        let mut store = Store::open(&path, Access::Read).expect("open");
        let triggers = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'";
        let count = |store: &mut Store| -> i64 {
            store
                .read(|tx| Ok(tx.tx.query_row(triggers, [], |r| r.get(0))?))
                .expect("count")
        };
        // Reading needs no trigger; a rehearsed write stamps fields through them.
        assert_eq!(count(&mut store), 0);
        let stamps = store
            .rehearse(|tx| {
                let id = tx.insert_test_case()?;
                tx.tx.execute(
                    "UPDATE cases SET title = 'x', updated_at = 5 WHERE id = ?1",
                    [id],
                )?;
                Ok(tx
                    .tx
                    .query_row("SELECT count(*) FROM field_clock", [], |r| {
                        r.get::<_, i64>(0)
                    })?)
            })
            .expect("rehearse");
        assert_eq!(stamps, 1);
        assert!(count(&mut store) > 0);
        assert!(!path.exists());
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
    fn the_column_widths_match_the_column_lists() {
        assert_eq!(cases::CASE_COLUMNS.split(',').count(), cases::CASE_WIDTH);
        assert_eq!(
            steps::step_columns("s").split(',').count(),
            steps::STEP_WIDTH
        );
    }

    #[test]
    fn a_bulk_write_keeps_its_statement_journals_in_memory() {
        // 0: SQLite's default, a file once a journal passes 64 KiB; 2: memory.
        let setting = |tx: &Tx| -> Result<i64> {
            Ok(tx.tx.query_row("PRAGMA temp_store", [], |r| r.get(0))?)
        };
        let temp_store = |store: &mut Store| store.write(setting).expect("temp_store");
        let dir = tempfile::tempdir().expect("tempdir");
        let mut plain = Store::open(&dir.path().join("a.db"), Access::Write).expect("open");
        assert_eq!(temp_store(&mut plain), 0);
        let mut bulk = Store::open(&dir.path().join("b.db"), Access::Write).expect("open");
        bulk.for_bulk().expect("bulk");
        assert_eq!(temp_store(&mut bulk), 2);
        // Only while it writes: a read afterwards (an export's sort) keeps the default.
        assert_eq!(bulk.read(setting).expect("read"), 0);
        assert_eq!(temp_store(&mut bulk), 2);
        // A rehearsal on a missing file works on a database made whole in memory: the same.
        let mut light = Store::open(&dir.path().join("c.db"), Access::Read).expect("open");
        light.for_bulk().expect("bulk");
        assert_eq!(light.rehearse(setting).expect("rehearse"), 2);
    }

    #[test]
    fn a_new_file_is_upgraded_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("new.db"), Access::Write).expect("open");
        assert!(
            store.pending,
            "a new file gets its schema with the first transaction"
        );
        store.rehearse(|_| Ok(())).expect("rehearse");
        assert!(
            store.pending,
            "a rehearsal keeps nothing, the schema included"
        );
        store.write(|_| Ok(())).expect("write");
        assert!(
            !store.pending,
            "after the first commit a read needs no write lock"
        );
        assert_eq!(store.read(|tx| tx.count_cases()).expect("count"), 0);
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
