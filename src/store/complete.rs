//! What the shells' completion asks for: the cases and their steps, read without writing a byte.

use super::open::open_for_reading;
use anyhow::Result;
use std::path::Path;

/// A case as completion offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseChoice {
    pub id: i64,
    pub title: String,
    pub provider: Option<String>,
    pub open: bool,
}

/// A step as completion offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepChoice {
    pub key: String,
    pub title: String,
    pub pending: bool,
}

/// The database as completion reads it. Never creates, upgrades or changes it.
pub struct Choices {
    conn: Option<rusqlite::Connection>,
}

impl Choices {
    /// A missing file has nothing to offer.
    pub fn open(path: &Path) -> Result<Choices> {
        let conn = if path.is_file() {
            Some(open_for_reading(path)?)
        } else {
            None
        };
        Ok(Choices { conn })
    }

    /// Every case, open ones first.
    pub fn cases(&self) -> Result<Vec<CaseChoice>> {
        let Some(conn) = &self.conn else {
            return Ok(Vec::new());
        };
        let mut stmt = conn.prepare(
            "SELECT id, title, provider, status = 'open' FROM cases \
             ORDER BY status = 'open' DESC, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(CaseChoice {
                id: r.get(0)?,
                title: r.get(1)?,
                provider: r.get(2)?,
                open: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A case's steps in order.
    pub fn steps(&self, case: i64) -> Result<Vec<StepChoice>> {
        let Some(conn) = &self.conn else {
            return Ok(Vec::new());
        };
        let mut stmt = conn.prepare(
            "SELECT key, title, status = 'pending' FROM steps WHERE case_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([case], |r| {
            Ok(StepChoice {
                key: r.get(0)?,
                title: r.get(1)?,
                pending: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
