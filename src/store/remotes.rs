//! Remotes (CalDAV task lists) and, per remote, the state of every to-do closeout keeps there.

use super::Tx;
use super::cases::local_time;
use anyhow::Result;
use chrono::{DateTime, FixedOffset};
use rusqlite::{OptionalExtension, params};

/// A remote as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remote {
    pub id: i64,
    pub name: String,
    pub url: String,
    pub user: Option<String>,
    pub password_command: Option<String>,
    pub holder: Option<String>,
    pub last_sync: Option<DateTime<FixedOffset>>,
    /// Where the server's changes were read up to (RFC 6578), when it has sync tokens.
    pub sync_token: Option<String>,
}

/// A new remote.
pub struct NewRemote<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub user: Option<&'a str>,
    pub password_command: Option<&'a str>,
    pub holder: Option<&'a str>,
}

/// What closeout knows of one to-do on a remote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteItem {
    pub uid: String,
    pub href: String,
    pub etag: Option<String>,
    /// The calendar object last written there, None until a write completed.
    pub sent: Option<String>,
    /// Deleted on the server.
    pub gone: bool,
    /// Another app's to-do that belongs to no case: closeout leaves it alone.
    pub foreign: bool,
}

const REMOTE_COLUMNS: &str = "id, name, url, user, password_command, holder, last_sync, sync_token";

fn remote_from_row(r: &rusqlite::Row) -> rusqlite::Result<Remote> {
    Ok(Remote {
        id: r.get(0)?,
        name: r.get(1)?,
        url: r.get(2)?,
        user: r.get(3)?,
        password_command: r.get(4)?,
        holder: r.get(5)?,
        last_sync: r.get::<_, Option<i64>>(6)?.map(local_time),
        sync_token: r.get(7)?,
    })
}

impl Tx<'_> {
    pub fn insert_remote(&self, new: &NewRemote, now: DateTime<FixedOffset>) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO remotes (name, url, user, password_command, holder, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                new.name,
                new.url,
                new.user,
                new.password_command,
                new.holder,
                now.timestamp()
            ],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    pub fn remote(&self, name: &str) -> Result<Option<Remote>> {
        Ok(self
            .tx
            .prepare_cached(&format!(
                "SELECT {REMOTE_COLUMNS} FROM remotes WHERE name = ?1"
            ))?
            .query_row([name], remote_from_row)
            .optional()?)
    }

    pub fn remotes(&self) -> Result<Vec<Remote>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {REMOTE_COLUMNS} FROM remotes ORDER BY name"
        ))?;
        let rows = stmt.query_map([], remote_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Forgets a remote and what closeout knew of its to-dos.
    pub fn delete_remote(&self, id: i64) -> Result<()> {
        self.tx
            .execute("DELETE FROM remote_items WHERE remote_id = ?1", [id])?;
        self.tx.execute("DELETE FROM remotes WHERE id = ?1", [id])?;
        Ok(())
    }

    /// A sync finished: when, and the sync token its reading started from.
    pub fn set_remote_synced(
        &self,
        id: i64,
        at: DateTime<FixedOffset>,
        token: Option<&str>,
    ) -> Result<()> {
        self.tx.execute(
            "UPDATE remotes SET last_sync = ?2, sync_token = ?3 WHERE id = ?1",
            params![id, at.timestamp(), token],
        )?;
        Ok(())
    }

    pub fn remote_items(&self, remote: i64) -> Result<Vec<RemoteItem>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT uid, href, etag, sent, gone, foreign_ FROM remote_items \
             WHERE remote_id = ?1 ORDER BY uid",
        )?;
        let rows = stmt.query_map([remote], |r| {
            Ok(RemoteItem {
                uid: r.get(0)?,
                href: r.get(1)?,
                etag: r.get(2)?,
                sent: r.get(3)?,
                gone: r.get(4)?,
                foreign: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn put_remote_item(&self, remote: i64, item: &RemoteItem) -> Result<()> {
        self.tx.execute(
            "INSERT INTO remote_items (remote_id, uid, href, etag, sent, gone, foreign_) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
             ON CONFLICT (remote_id, uid) DO UPDATE SET href = excluded.href, \
             etag = excluded.etag, sent = excluded.sent, gone = excluded.gone, \
             foreign_ = excluded.foreign_",
            params![
                remote,
                item.uid,
                item.href,
                item.etag,
                item.sent,
                item.gone,
                item.foreign
            ],
        )?;
        Ok(())
    }

    /// Gives a step made from another app's to-do that to-do's UID, so that both stay one.
    pub fn set_step_uuid(&self, step_id: i64, uuid: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE steps SET uuid = ?2 WHERE id = ?1",
            params![step_id, uuid],
        )?;
        Ok(())
    }

    pub fn delete_remote_item(&self, remote: i64, uid: &str) -> Result<()> {
        self.tx.execute(
            "DELETE FROM remote_items WHERE remote_id = ?1 AND uid = ?2",
            params![remote, uid],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Access, Store};

    #[test]
    fn a_remote_and_its_items_are_kept_and_forgotten_together() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join("closeout.db"), Access::Write).expect("open");
        let now = DateTime::parse_from_rfc3339("2026-11-30T09:00:00+00:00").expect("time");
        store
            .write(|tx| {
                let id = tx.insert_remote(
                    &NewRemote {
                        name: "phone",
                        url: "https://dav.example.org/alice/closeout/",
                        user: Some("alice"),
                        password_command: Some("pass show dav"),
                        holder: None,
                    },
                    now,
                )?;
                let item = RemoteItem {
                    uid: "u1".into(),
                    href: "/alice/closeout/u1.ics".into(),
                    etag: Some("\"1\"".into()),
                    sent: Some("BEGIN:VCALENDAR".into()),
                    gone: false,
                    foreign: false,
                };
                tx.put_remote_item(id, &item)?;
                // Written again: one row, the newer values.
                tx.put_remote_item(
                    id,
                    &RemoteItem {
                        etag: Some("\"2\"".into()),
                        ..item
                    },
                )?;
                tx.set_remote_synced(id, now, Some("token-1"))?;
                Ok(())
            })
            .expect("write");
        let remote = store
            .read(|tx| tx.remote("phone"))
            .expect("read")
            .expect("remote");
        assert_eq!(remote.sync_token.as_deref(), Some("token-1"));
        assert_eq!(
            remote.last_sync.map(|t| t.timestamp()),
            Some(now.timestamp())
        );
        let items = store.read(|tx| tx.remote_items(remote.id)).expect("items");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].etag.as_deref(), Some("\"2\""));
        store
            .write(|tx| tx.delete_remote(remote.id))
            .expect("delete");
        assert!(store.read(|tx| tx.remotes()).expect("read").is_empty());
        assert!(
            store
                .read(|tx| tx.remote_items(remote.id))
                .expect("items")
                .is_empty()
        );
    }
}
