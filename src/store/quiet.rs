//! The quiet mark: a small file beside the database (`<db>-remind`) that says `remind` had
//! nothing to say on one day, for one window, with no change to the database since. A prompt
//! that runs `remind` on every command then answers from the mark without opening SQLite,
//! which costs more than the rest of the process (reading the schema, preparing statements).
//!
//! The mark can only be stale if something changed the database after it was written, so:
//! - every commit of closeout's removes it first, from SQLite's commit hook, while it holds the
//!   write lock and before the commit is durable (and makes the removal durable too);
//! - `remind` writes it only while it holds the write lock itself, and only if no other
//!   connection committed since the read it answered from (`PRAGMA data_version`);
//! - it names the day, the window's last day, the holder asked for, the output's form, the
//!   program's version and the database file (device and inode): anything else reads anew.
//!
//! What the mark cannot see is a change made by another program (sqlite3, a copy written over
//! the file in place); such a change is seen on the next day, or after closeout's next write.

use super::Store;
use anyhow::Result;
use chrono::NaiveDate;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What a `remind` was asked: its answer holds for exactly the same question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuietAsk {
    text: String,
}

impl QuietAsk {
    pub fn new(today: NaiveDate, last: NaiveDate, holder: Option<&str>, json: bool) -> QuietAsk {
        // A holder is any text: as a JSON string it stays on one line.
        let holder = holder.map_or_else(|| "-".to_string(), |h| serde_json::json!(h).to_string());
        let form = if json { "json" } else { "human" };
        QuietAsk {
            text: format!(
                "closeout {} remind\nday {today}\nuntil {last}\nholder {holder}\nform {form}\n",
                crate::cli::VERSION
            ),
        }
    }

    /// The mark's whole content for the database file `db` as it is now.
    fn content(&self, db: &Path) -> Option<String> {
        let (dev, ino) = identity(db)?;
        Some(format!("{}file {dev} {ino}\n", self.text))
    }
}

/// The mark of the database `db`: beside the file itself, whatever name leads to it.
fn mark_of(db: &Path) -> Option<PathBuf> {
    let mut name = std::fs::canonicalize(db).ok()?.into_os_string();
    name.push("-remind");
    Some(PathBuf::from(name))
}

/// The mark's name as the user should look for it, even when the file cannot be resolved.
pub(super) fn mark_name(db: &Path) -> PathBuf {
    mark_of(db).unwrap_or_else(|| {
        let mut name = db.as_os_str().to_owned();
        name.push("-remind");
        PathBuf::from(name)
    })
}

#[cfg(unix)]
fn identity(db: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(db).ok()?;
    Some((m.dev(), m.ino()))
}

/// Without a file identity there is no mark: every `remind` reads the database.
#[cfg(not(unix))]
fn identity(_db: &Path) -> Option<(u64, u64)> {
    None
}

/// Whether the mark beside `db` says that `ask` has nothing to answer. Reads two small files;
/// any doubt (no mark, another question, another file, unreadable) is a no.
pub fn is_quiet(db: &Path, ask: &QuietAsk) -> bool {
    let (Some(mark), Some(expected)) = (mark_of(db), ask.content(db)) else {
        return false;
    };
    std::fs::read(mark).is_ok_and(|found| found == expected.as_bytes())
}

/// Removes the mark of `db`, durably, before a commit: the commit hook of every connection that
/// may write. An error means the mark may outlive the commit, which must then not happen.
pub(super) fn forget(db: &Path) -> std::io::Result<()> {
    let Some(mark) = mark_of(db) else {
        // The file cannot be found by its name: neither can its mark.
        return Ok(());
    };
    match std::fs::remove_file(&mark) {
        Ok(()) => {
            // The removal must not come back after a crash that the commit survives.
            let dir = super::files::folder_of(&mark);
            std::fs::File::open(dir)?.sync_all()
        }
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

impl Store {
    /// Marks that `ask` has nothing to answer, as of the read whose `PRAGMA data_version` was
    /// `seen`. Best effort, and never waits: when another process holds the write lock, the
    /// database cannot be written, or the folder takes no file, there is simply no mark.
    pub fn mark_quiet(&mut self, ask: &QuietAsk, seen: i64) {
        if self.light || self.pending {
            return;
        }
        let _ = self.conn.busy_timeout(Duration::ZERO);
        let locked = self.conn.execute_batch("BEGIN IMMEDIATE").is_ok();
        let _ = self.conn.busy_timeout(super::BUSY_TIMEOUT);
        if !locked {
            return;
        }
        if self.data_version().is_ok_and(|now| now == seen)
            && let (Some(mark), Some(content)) = (mark_of(&self.path), ask.content(&self.path))
        {
            let _ = write_mark(&mark, &content);
        }
        // Rolled back, not committed: a commit would run the hook that removes the mark.
        let _ = self.conn.execute_batch("ROLLBACK");
    }

    fn data_version(&self) -> rusqlite::Result<i64> {
        self.conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))
    }
}

impl super::Tx<'_> {
    /// Changes whenever another connection has committed since this one last looked: with
    /// `Store::mark_quiet`, it tells whether what this transaction read is still the newest.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .tx
            .query_row("PRAGMA data_version", [], |row| row.get(0))?)
    }
}

/// Writes the mark whole, or leaves a file that matches no question (a torn write is shorter).
fn write_mark(mark: &Path, content: &str) -> std::io::Result<()> {
    match std::fs::remove_file(mark) {
        Err(e) if e.kind() != ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut file = super::files::new_private_file(mark)?;
    file.write_all(content.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Access;

    fn ask_day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).expect("day")
    }

    fn ask() -> QuietAsk {
        QuietAsk::new(ask_day(), ask_day(), None, false)
    }

    /// A database with one write behind it, and the `data_version` a read of it sees.
    fn database(dir: &Path) -> (PathBuf, Store, i64) {
        let path = dir.join("closeout.db");
        Store::open(&path, Access::Write)
            .expect("open")
            .write(|_| Ok(()))
            .expect("create");
        let mut store = Store::open(&path, Access::Read).expect("open");
        let seen = store.read(|tx| tx.data_version()).expect("read");
        (path, store, seen)
    }

    #[test]
    fn a_mark_is_written_for_the_newest_state_and_taken_by_the_next_commit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, mut store, seen) = database(dir.path());
        assert!(!is_quiet(&path, &ask()));
        store.mark_quiet(&ask(), seen);
        assert!(is_quiet(&path, &ask()));
        let other = QuietAsk::new(ask_day(), ask_day(), Some("bob"), false);
        assert!(!is_quiet(&path, &other), "another question");
        // Any commit, on any connection closeout opens, removes it.
        let mut writer = Store::open(&path, Access::Write).expect("open");
        writer.write(|_| Ok(())).expect("commit");
        assert!(!is_quiet(&path, &ask()));
        assert!(!mark_name(&path).exists());
    }

    #[test]
    fn no_mark_when_another_connection_committed_after_the_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, mut store, seen) = database(dir.path());
        // A change by another connection (a commit that changes nothing is not one).
        rusqlite::Connection::open(&path)
            .and_then(|c| c.execute_batch("CREATE TABLE other(x); DROP TABLE other"))
            .expect("commit");
        store.mark_quiet(&ask(), seen);
        assert!(!is_quiet(&path, &ask()), "the read it answers from is old");
        // Read again, it may mark.
        let seen = store.read(|tx| tx.data_version()).expect("read");
        store.mark_quiet(&ask(), seen);
        assert!(is_quiet(&path, &ask()));
    }

    #[test]
    fn no_mark_and_no_wait_while_another_process_writes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, mut store, seen) = database(dir.path());
        let holder = rusqlite::Connection::open(&path).expect("open");
        holder.execute_batch("BEGIN IMMEDIATE").expect("lock");
        let started = std::time::Instant::now();
        store.mark_quiet(&ask(), seen);
        // The busy timeout is 30 s; marking gives up at once instead.
        assert!(started.elapsed() < Duration::from_secs(10));
        assert!(!is_quiet(&path, &ask()));
        holder.execute_batch("ROLLBACK").expect("unlock");
    }

    #[test]
    fn a_mark_for_another_file_of_the_same_name_does_not_count() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, mut store, seen) = database(dir.path());
        store.mark_quiet(&ask(), seen);
        drop(store);
        // Another database put in its place by renaming: another inode.
        let other = dir.path().join("other.db");
        std::fs::copy(&path, &other).expect("copy");
        std::fs::rename(&other, &path).expect("rename");
        assert!(mark_name(&path).exists());
        assert!(!is_quiet(&path, &ask()));
    }

    #[test]
    fn forgetting_without_a_mark_is_no_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(forget(&dir.path().join("missing.db")).is_ok());
        let (path, _, _) = database(dir.path());
        assert!(forget(&path).is_ok());
    }
}
