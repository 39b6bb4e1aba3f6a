//! Queries on cases: insert, fetch, list rows, status and fields.

use super::Tx;
use super::steps::{step_columns, step_from_row};
use crate::domain::date::{in_calendar, iso, parse_iso};
use crate::domain::model::{Case, CaseStatus, CaseWithSteps, Channel};
use crate::domain::resolve::CaseRef;
use crate::domain::view::ListRow;
use crate::i18n::Lang;
use crate::msg::Msg;
use anyhow::{Context, Result};
use chrono::{DateTime, FixedOffset, Local, NaiveDate};
use rusqlite::{OptionalExtension, Row, params};

/// The fields of a case that the user sets, as they are to be saved by `add` (with the
/// template the checklist came from) or by `edit`.
pub struct CaseFields<'a> {
    pub title: &'a str,
    pub provider: Option<&'a str>,
    pub channel: Option<Channel>,
    pub holder: &'a str,
    pub number: Option<&'a str>,
    pub deadline: Option<NaiveDate>,
    pub note: Option<&'a str>,
    pub lang: Lang,
    pub notice_days: Option<i64>,
    pub follows_departure: bool,
}

/// Which cases `list` shows.
pub struct ListFilter<'a> {
    pub all: bool,
    pub holder: Option<&'a str>,
}

pub(super) const CASE_COLUMNS: &str = "c.id, c.uuid, c.title, c.template, c.provider, c.channel, c.holder, \
     c.number, c.deadline, c.status, c.created_at, c.closed_at, c.note, c.lang, c.notice_days, \
     c.follows_departure";

/// How many columns `CASE_COLUMNS` names.
pub(super) const CASE_WIDTH: usize = 16;

/// A language as the database keeps it.
pub(super) fn lang_text(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    }
}

pub(super) fn local_time(secs: i64) -> DateTime<FixedOffset> {
    DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .with_timezone(&Local)
        .fixed_offset()
}

pub(super) fn parse_day(text: Option<String>) -> Option<NaiveDate> {
    text.as_deref().and_then(parse_iso)
}

pub(super) fn day_text(day: Option<NaiveDate>) -> Option<String> {
    day.map(iso)
}

/// A day about to be written for a user's change. A day `YYYY-MM-DD` cannot hold (past
/// 9999-12-31) is refused as a usage error, so the command's transaction rolls back instead of
/// storing another day.
pub(super) fn stored_day(day: Option<NaiveDate>) -> Result<Option<String>> {
    match day {
        Some(d) if !in_calendar(d) => Err(crate::error::Failure::Usage(
            Msg::DayNotStorable {
                day: &d.to_string(),
            }
            .to_string(),
        )
        .into()),
        _ => Ok(day_text(day)),
    }
}

fn case_status(text: &str) -> CaseStatus {
    if text == "closed" {
        CaseStatus::Closed
    } else {
        CaseStatus::Open
    }
}

pub(super) fn case_from_row(row: &Row) -> rusqlite::Result<Case> {
    Ok(Case {
        id: row.get(0)?,
        uuid: row.get(1)?,
        title: row.get(2)?,
        template: row.get(3)?,
        provider: row.get(4)?,
        channel: row
            .get::<_, Option<String>>(5)?
            .and_then(|c| c.parse().ok()),
        holder: row.get(6)?,
        number: row.get(7)?,
        deadline: parse_day(row.get(8)?),
        status: case_status(&row.get::<_, String>(9)?),
        created_at: local_time(row.get(10)?),
        closed_at: row.get::<_, Option<i64>>(11)?.map(local_time),
        note: row.get(12)?,
        lang: row.get::<_, String>(13)?.parse().unwrap_or(Lang::En),
        notice_days: row.get(14)?,
        follows_departure: row.get(15)?,
    })
}

/// The `list` query: every case (`all`) or the open ones, `?1` an optional holder.
pub(super) fn list_sql(all: bool) -> String {
    let step_columns = step_columns("n");
    let which = if all { "1" } else { "c.status = 'open'" };
    format!(
        "SELECT c.id, c.title, c.holder, c.status, c.deadline, \
           (SELECT count(*) FROM steps f WHERE f.case_id = c.id AND f.status != 'pending'), \
           (SELECT count(*) FROM steps t WHERE t.case_id = c.id), \
           {step_columns} \
         FROM cases c \
         LEFT JOIN steps n ON n.id = (SELECT p.id FROM steps p \
             WHERE p.case_id = c.id AND p.status = 'pending' ORDER BY p.position LIMIT 1) \
         WHERE {which} AND (?1 IS NULL OR c.holder = ?1) \
         ORDER BY c.id"
    )
}

/// The cases of status `?2` whose title or provider holds the pieces `?1` (`pieces_query`),
/// through the index of their pieces; the index first (CROSS JOIN), as it holds only the few
/// that match.
pub(super) const WORD_SQL: &str = "\
    SELECT c.id, c.title, c.provider FROM case_words w CROSS JOIN cases c ON c.id = w.rowid \
    WHERE case_words MATCH ?1 AND c.status = ?2 ORDER BY c.id";

/// The cases of status `?2` titled `?1`, ASCII letter case aside.
pub(super) const TITLE_SQL: &str = "\
    SELECT id, title, provider FROM cases WHERE lower(title) = lower(?1) AND status = ?2 \
    ORDER BY id";

/// A new case: never the id of a deleted case, whose history keeps the id (undo may bring it
/// back).
pub(super) const INSERT_CASE: &str = "\
    INSERT INTO cases (id, uuid, title, template, provider, channel, holder, number, deadline, \
    status, created_at, updated_at, note, lang, notice_days, follows_departure) \
    VALUES (max(coalesce((SELECT max(id) FROM cases), 0), \
                coalesce((SELECT max(case_id) FROM events), 0)) + 1, \
            ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'open', ?9, ?9, ?10, ?11, ?12, ?13)";

/// How many cases `TITLE_SQL` gives, from the index alone.
pub(super) const TITLE_COUNT_SQL: &str =
    "SELECT count(*) FROM cases WHERE lower(title) = lower(?1) AND status = ?2";

/// The first `?3` cases `TITLE_SQL` gives.
const TITLE_FIRST_SQL: &str = "\
    SELECT id, title, provider FROM cases WHERE lower(title) = lower(?1) AND status = ?2 \
    ORDER BY id LIMIT ?3";

/// The full-text query for the rows holding every piece of `word` that the index keeps: its
/// three-character pieces that do not overlap, and the last one, each as a quoted phrase. A
/// row holding the word holds them all; the few others are left to `match_case`. Reading a
/// third of the pieces reads a third of the index. `None` under three characters.
pub(super) fn pieces_query(word: &str) -> Option<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < 3 {
        return None;
    }
    let mut starts: Vec<usize> = (0..=chars.len() - 3).step_by(3).collect();
    if starts.last() != Some(&(chars.len() - 3)) {
        starts.push(chars.len() - 3);
    }
    let phrases: Vec<String> = starts
        .into_iter()
        .map(|at| {
            let piece: String = chars[at..at + 3].iter().collect();
            format!("\"{}\"", piece.replace('"', "\"\""))
        })
        .collect();
    Some(phrases.join(" AND "))
}

impl Tx<'_> {
    pub fn insert_case(
        &self,
        template: &str,
        new: &CaseFields,
        now: DateTime<FixedOffset>,
    ) -> Result<i64> {
        self.tx
            .prepare_cached(INSERT_CASE)?
            .execute(params![
                uuid::Uuid::now_v7().to_string(),
                new.title,
                template,
                new.provider,
                new.channel.map(Channel::as_str),
                new.holder,
                new.number,
                stored_day(new.deadline)?,
                now.timestamp(),
                new.note,
                lang_text(new.lang),
                new.notice_days,
                new.follows_departure,
            ])
            .with_context(|| Msg::CannotSaveCase.to_string())?;
        Ok(self.tx.last_insert_rowid())
    }

    pub fn case(&self, id: i64) -> Result<Option<Case>> {
        Ok(self
            .tx
            .prepare_cached(&format!(
                "SELECT {CASE_COLUMNS} FROM cases c WHERE c.id = ?1"
            ))?
            .query_row([id], case_from_row)
            .optional()?)
    }

    pub fn case_with_steps(&self, id: i64) -> Result<Option<CaseWithSteps>> {
        let Some(case) = self.case(id)? else {
            return Ok(None);
        };
        let steps = self.steps(id)?;
        Ok(Some(CaseWithSteps { case, steps }))
    }

    /// The cases of this status whose title or provider may hold `word`, by id, found through
    /// the index of their pieces (`case_words`: three characters at a time, letter case folded
    /// as SQLite folds it): candidates for `match_case`, which decides as it always does. `None`
    /// when the word is shorter than three characters, which the index cannot look up.
    pub fn case_refs_holding(
        &self,
        word: &str,
        status: CaseStatus,
    ) -> Result<Option<Vec<CaseRef>>> {
        let word = word.trim();
        let Some(query) = pieces_query(word) else {
            return Ok(None);
        };
        Ok(Some(
            self.case_refs_of(WORD_SQL, params![query, status.as_str()])?,
        ))
    }

    /// The cases of this status titled `title`, ASCII letter case aside (the index of whole
    /// titles), by id: for a title of ASCII characters only, a superset of those whose title is
    /// the same once Rust folds both.
    pub fn case_refs_titled(&self, title: &str, status: CaseStatus) -> Result<Vec<CaseRef>> {
        self.case_refs_of(TITLE_SQL, params![title.trim(), status.as_str()])
    }

    /// How many cases `case_refs_titled` would give, and the first `first` of them: what a
    /// warning names costs the same however many cases share the title.
    pub fn case_refs_titled_first(
        &self,
        title: &str,
        status: CaseStatus,
        first: usize,
    ) -> Result<(usize, Vec<CaseRef>)> {
        let params = params![title.trim(), status.as_str()];
        let count: i64 = self
            .tx
            .prepare_cached(TITLE_COUNT_SQL)?
            .query_row(params, |r| r.get(0))?;
        if count == 0 {
            return Ok((0, Vec::new()));
        }
        let first = i64::try_from(first).unwrap_or(i64::MAX);
        let refs = self.case_refs_of(
            TITLE_FIRST_SQL,
            params![title.trim(), status.as_str(), first],
        )?;
        Ok((usize::try_from(count).unwrap_or(usize::MAX), refs))
    }

    /// Cases to match a CASE word against, open or closed.
    pub fn case_refs(&self, status: CaseStatus) -> Result<Vec<CaseRef>> {
        self.case_refs_of(
            "SELECT id, title, provider FROM cases WHERE status = ?1 ORDER BY id",
            params![status.as_str()],
        )
    }

    /// The cases a statement selecting `id, title, provider` gives.
    fn case_refs_of(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<CaseRef>> {
        let mut stmt = self.tx.prepare_cached(sql)?;
        let rows = stmt.query_map(params, |r| {
            Ok(CaseRef {
                id: r.get(0)?,
                title: r.get(1)?,
                provider: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether some case, open or closed, has this holder.
    pub fn has_holder(&self, holder: &str) -> Result<bool> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM cases WHERE holder = ?1)")?;
        Ok(stmt.query_row([holder], |r| r.get(0))?)
    }

    /// The holders of all cases, open or closed, each once, sorted.
    pub fn holders(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT DISTINCT holder FROM cases ORDER BY holder")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    #[cfg(test)]
    pub fn count_cases(&self) -> Result<i64> {
        Ok(self
            .tx
            .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))?)
    }

    pub fn set_case_status(
        &self,
        id: i64,
        status: CaseStatus,
        now: DateTime<FixedOffset>,
    ) -> Result<()> {
        let closed_at = (status == CaseStatus::Closed).then_some(now.timestamp());
        self.tx
            .prepare_cached(
                "UPDATE cases SET status = ?2, closed_at = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![id, status.as_str(), closed_at, now.timestamp()])?;
        Ok(())
    }

    pub fn set_case_note(&self, id: i64, note: &str, now: DateTime<FixedOffset>) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE cases SET note = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![id, note, now.timestamp()])?;
        Ok(())
    }

    /// Saves the fields `edit` can change, all at once.
    pub fn set_case_fields(
        &self,
        id: i64,
        fields: &CaseFields,
        now: DateTime<FixedOffset>,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE cases SET title = ?2, provider = ?3, channel = ?4, holder = ?5, \
                 number = ?6, deadline = ?7, note = ?8, updated_at = ?9, lang = ?10, \
                 notice_days = ?11, follows_departure = ?12 WHERE id = ?1",
            )?
            .execute(params![
                id,
                fields.title,
                fields.provider,
                fields.channel.map(Channel::as_str),
                fields.holder,
                fields.number,
                stored_day(fields.deadline)?,
                fields.note,
                now.timestamp(),
                lang_text(fields.lang),
                fields.notice_days,
                fields.follows_departure,
            ])
            .with_context(|| Msg::CannotSaveFields.to_string())?;
        Ok(())
    }

    pub fn delete_case(&self, id: i64) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM cases WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }

    /// Streams `list` rows to `each`, in id order, in one query.
    pub fn list_rows(
        &self,
        filter: &ListFilter,
        mut each: impl FnMut(ListRow) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(&list_sql(filter.all))?;
        let mut rows = stmt.query(params![filter.holder])?;
        while let Some(row) = rows.next()? {
            let next = match row.get::<_, Option<i64>>(7)? {
                Some(_) => Some(step_from_row(row, 7)?),
                None => None,
            };
            each(ListRow {
                id: row.get(0)?,
                title: row.get(1)?,
                holder: row.get(2)?,
                status: case_status(&row.get::<_, String>(3)?),
                deadline: parse_day(row.get(4)?),
                done: row.get(5)?,
                total: row.get(6)?,
                next,
            })?;
        }
        Ok(())
    }

    #[cfg(test)]
    pub fn insert_test_case(&self) -> Result<i64> {
        let now = local_time(0);
        self.insert_case(
            "sim",
            &CaseFields {
                title: "test",
                provider: None,
                channel: None,
                holder: "me",
                number: None,
                deadline: None,
                note: None,
                lang: Lang::En,
                notice_days: None,
                follows_departure: false,
            },
            now,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::pieces_query;

    #[test]
    fn a_word_is_looked_up_by_pieces_that_cover_it() {
        assert_eq!(pieces_query("ab"), None);
        assert_eq!(pieces_query("银行"), None);
        assert_eq!(pieces_query("abc").as_deref(), Some("\"abc\""));
        assert_eq!(pieces_query("abcd").as_deref(), Some("\"abc\" AND \"bcd\""));
        assert_eq!(
            pieces_query("Basic-Fit gym").as_deref(),
            Some("\"Bas\" AND \"ic-\" AND \"Fit\" AND \" gy\" AND \"gym\"")
        );
        assert_eq!(
            pieces_query("注销卡片").as_deref(),
            Some("\"注销卡\" AND \"销卡片\"")
        );
        // A quote is a character of the word.
        assert_eq!(pieces_query("a\"b").as_deref(), Some("\"a\"\"b\""));
    }
}
