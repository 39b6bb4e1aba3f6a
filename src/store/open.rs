//! Opening a database file the right way for what the command does, and telling the user,
//! with the file's name and what to do, when a file cannot be used.

use super::files::{create_private_file, ensure_private_dir, folder_of, wal_of, writable};
use super::{Access, BUSY_TIMEOUT, migrate};
use crate::error::Failure;
use crate::msg::Msg;
use anyhow::{Context, Result};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::io::ErrorKind;
use std::path::Path;

/// A database file found damaged before SQLite reads it (see `refuse_torn`). Like SQLite's own
/// "not a database" and "malformed", it lets `restore` set the file aside.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct Damaged(String);

/// Opens the database file (or, for a read of a missing one, an empty database in memory).
pub(super) fn connect(path: &Path, access: Access) -> Result<Connection> {
    if path.is_dir() {
        return Err(Failure::Database(
            Msg::DbFolder {
                path: &path.display().to_string(),
            }
            .to_string(),
        )
        .into());
    }
    let exists = path.try_exists().with_context(|| {
        Msg::DbUnreachable {
            path: &path.display().to_string(),
        }
        .to_string()
    })?;
    if exists {
        refuse_special(path)?;
    }
    // An empty file is a database yet to be made: a read leaves it as it is.
    let empty = exists && std::fs::metadata(path).is_ok_and(|m| m.len() == 0);
    match access {
        Access::Read if !exists || empty => {
            let conn = Connection::open_in_memory()?;
            stable_plans(&conn)?;
            Ok(conn)
        }
        Access::Read => open_for_reading(path),
        Access::Write => open_for_writing(path),
    }
}

fn open_for_writing(path: &Path) -> Result<Connection> {
    ensure_private_dir(folder_of(path))?;
    create_private_file(path)?;
    readable(path)?;
    refuse_torn(path)?;
    if let Err(e) = writable(path) {
        let why = match e.kind() {
            ErrorKind::ReadOnlyFilesystem => Msg::DbReadOnlyFs,
            _ => Msg::DbNoWritePermission,
        };
        return Err(Failure::Database(
            Msg::DbCannotSave {
                path: &path.display().to_string(),
                why: &why.to_string(),
            }
            .to_string(),
        )
        .into());
    }
    let conn = open_file(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    // Switching to WAL rewrites the file's header: first make sure the file is closeout's.
    migrate::refuse_unknown(&conn, Some(path))?;
    // WAL lets readers go on while one process writes; FULL makes each commit durable before
    // closeout reports success.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(conn)
}

/// Refuses what is not a regular file: a pipe, a device or a socket. SQLite would wait forever
/// on a pipe with no writer, and make a journal beside `/dev/null`.
fn refuse_special(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => Err(Failure::Refused(
            Msg::DbNotRegular {
                path: &path.display().to_string(),
            }
            .to_string(),
        )
        .into()),
        _ => Ok(()),
    }
}

/// Checks that `path` is a file closeout may read as a database: not a folder, a pipe or a
/// device, readable, and not cut short. Reads nothing but its header.
pub(crate) fn check_database_file(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Failure::Database(
            Msg::DbIsFolder {
                path: &path.display().to_string(),
            }
            .to_string(),
        )
        .into());
    }
    refuse_special(path)?;
    readable(path)?;
    refuse_torn(path)
}

/// Opens an existing database to read it, changing nothing in it.
pub(crate) fn open_for_reading(path: &Path) -> Result<Connection> {
    check_database_file(path)?;
    // SQLite reads a WAL database through a -shm file beside it, which a read-only folder does
    // not allow and which a read-only file leaves behind. When no -wal file holds changes, the
    // file alone is the whole database, and it is read as it stands on disk instead.
    let wal_pending = std::fs::metadata(wal_of(path)).is_ok_and(|m| m.len() > 0);
    if !wal_pending && writable(path).is_err() {
        return open_as_it_stands(path);
    }
    let conn = open_file(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    match conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)) {
        Ok(_) => Ok(conn),
        Err(e)
            if !wal_pending
                && matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen)
                ) =>
        {
            drop(conn);
            open_as_it_stands(path)
        }
        Err(e) => Err(e.into()),
    }
}

/// Reads the file as it stands, without locks or files beside it (SQLite's `immutable`).
fn open_as_it_stands(path: &Path) -> Result<Connection> {
    let uri = super::files::file_uri(path, "mode=ro&immutable=1")
        .with_context(|| format!("{} is not a name SQLite can open", path.display()))?;
    open_file(
        Path::new(&uri),
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
    )
}

/// Plans that do not depend on the values bound to a statement (SQLite's query planner
/// stability guarantee). Otherwise SQLite compares a bound `?` with the constant of each partial
/// index on its table, marks the statement to be prepared again whenever that parameter is
/// bound anew, and so prepares a statement run once per case or step (import, export, the
/// squeeze check) again on every run: a fifth of an import's instructions. closeout's queries
/// name their partial indexes' conditions as constants, so no plan needs the bound values.
pub(super) fn stable_plans(conn: &Connection) -> Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(())
}

fn open_file(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let mut conn = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Every commit first removes `remind`'s quiet mark, whatever the transaction.
    if flags.contains(OpenFlags::SQLITE_OPEN_READ_WRITE) {
        let db = path.to_path_buf();
        conn.commit_hook(Some(move || super::quiet::forget(&db).is_err()))?;
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    stable_plans(&conn)?;
    Ok(conn)
}

/// Refuses an SQLite file whose size is not a whole number of its pages. SQLite only ever
/// writes and truncates whole pages, so such a file was cut short (a copy that stopped half-way,
/// a full disk), and SQLite would not notice until it read the torn page.
fn refuse_torn(path: &Path) -> Result<()> {
    let mut header = [0u8; 100];
    let Ok(mut file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let size = file.metadata().map_or(0, |m| m.len());
    if std::io::Read::read_exact(&mut file, &mut header).is_err()
        || &header[..16] != b"SQLite format 3\0"
    {
        // Empty (a database being created) or not SQLite at all: SQLite says which.
        return Ok(());
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65536,
        n => u64::from(n),
    };
    if page_size < 512 || size % page_size == 0 {
        return Ok(());
    }
    Err(Damaged(
        Msg::DbTorn {
            path: &path.display().to_string(),
            size,
            page_size,
        }
        .to_string(),
    )
    .into())
}

fn readable(path: &Path) -> Result<()> {
    match std::fs::File::open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::PermissionDenied => Err(Failure::Database(
            Msg::DbUnreadable {
                path: &path.display().to_string(),
            }
            .to_string(),
        )
        .into()),
        Err(e) => Err(e).with_context(|| {
            Msg::DbCannotOpen {
                path: &path.display().to_string(),
            }
            .to_string()
        }),
    }
}

pub(crate) fn sqlite_code(err: &anyhow::Error) -> Option<ErrorCode> {
    err.chain()
        .find_map(|c| c.downcast_ref::<rusqlite::Error>())
        .and_then(rusqlite::Error::sqlite_error_code)
}

/// The commit hook refused the commit: the quiet mark could not be removed (`quiet::forget`).
fn refused_by_commit_hook(err: &anyhow::Error) -> bool {
    err.chain()
        .find_map(|c| c.downcast_ref::<rusqlite::Error>())
        .is_some_and(|e| {
            matches!(e, rusqlite::Error::SqliteFailure(f, _)
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_COMMITHOOK)
        })
}

/// The file is not SQLite, or it is damaged.
pub(crate) fn is_damage(err: &anyhow::Error) -> bool {
    err.downcast_ref::<Damaged>().is_some()
        || matches!(
            sqlite_code(err),
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
        )
}

/// Another process holds the lock SQLite needed.
pub(crate) fn is_busy(err: &anyhow::Error) -> bool {
    matches!(
        sqlite_code(err),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// An error already worded for the user.
fn is_for_user(err: &anyhow::Error) -> bool {
    err.downcast_ref::<Failure>().is_some() || err.downcast_ref::<Damaged>().is_some()
}

/// Turns what SQLite said about a database file into a message that names the file and says
/// what to do. Errors already meant for the user pass unchanged; others get the file's name.
pub(crate) fn explain(path: &Path, err: anyhow::Error, writing: bool) -> anyhow::Error {
    if is_for_user(&err) {
        return err;
    }
    match explained(path, &err, writing) {
        Some(failure) => failure.into(),
        None => err.context(
            Msg::DbCannotUse {
                path: &path.display().to_string(),
            }
            .to_string(),
        ),
    }
}

/// The user's message for an error SQLite gave about the file itself, if it is one.
fn explained(path: &Path, err: &anyhow::Error, writing: bool) -> Option<Failure> {
    let p = path.display().to_string();
    let path_text = p.as_str();
    let message = match sqlite_code(err)? {
        ErrorCode::NotADatabase => Msg::DbNotSqlite { path: path_text }.to_string(),
        ErrorCode::DatabaseCorrupt => Msg::DbCorrupt { path: path_text }.to_string(),
        ErrorCode::ReadOnly | ErrorCode::CannotOpen => {
            let name = path
                .file_name()
                .map_or_else(|| p.clone(), |n| n.to_string_lossy().into_owned());
            let (name, folder) = (name.as_str(), &folder_of(path).display().to_string());
            if writing {
                Msg::DbNeedsFolderWrite {
                    path: path_text,
                    name,
                    folder,
                }
            } else {
                Msg::DbNeedsFolderRead {
                    path: path_text,
                    name,
                    folder,
                }
            }
            .to_string()
        }
        ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => Msg::DbBusy {
            path: path_text,
            seconds: BUSY_TIMEOUT.as_secs(),
        }
        .to_string(),
        ErrorCode::DiskFull => Msg::DbDiskFull { path: path_text }.to_string(),
        ErrorCode::ConstraintViolation if refused_by_commit_hook(err) => {
            let mark = super::quiet::mark_name(path);
            // What stopped the removal, asked again: the hook can only refuse the commit.
            let why = match std::fs::remove_file(&mark) {
                Err(e) => crate::error::io_reason(&e),
                Ok(()) => Msg::IoGoneSince.to_string(),
            };
            Msg::DbRemindMarkStuck {
                mark: &mark.display().to_string(),
                why: &why,
            }
            .to_string()
        }
        _ => return None,
    };
    Some(Failure::Database(message))
}

/// Explains errors met inside a transaction (a damaged page is found only when read); the
/// command's own errors pass unchanged.
pub(super) fn explain_inside(path: &Path, err: anyhow::Error, writing: bool) -> anyhow::Error {
    if is_for_user(&err) {
        return err;
    }
    match explained(path, &err, writing) {
        Some(failure) => failure.into(),
        None => err,
    }
}
