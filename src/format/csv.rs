//! CSV for spreadsheets: one row per step with its case's fields beside it, a header row, RFC 4180
//! quoting (the `csv` crate), UTF-8 behind a byte-order mark so that spreadsheet programs do not
//! guess a legacy encoding for Chinese text. A case without steps still gets one row.

use super::utc_text;
use crate::domain::date::iso;
use crate::domain::merge::{CaseRecord, StepRecord};
use anyhow::Result;
use std::io::Write;

pub const HEADER: [&str; 23] = [
    "case_id",
    "case_uuid",
    "case_title",
    "template",
    "provider",
    "channel",
    "holder",
    "number",
    "deadline",
    "case_status",
    "created_at",
    "closed_at",
    "case_note",
    "position",
    "step_uuid",
    "key",
    "step_title",
    "step_status",
    "due",
    "due_manual",
    "done_at",
    "step_note",
    "how",
];

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

pub struct Writer<'w> {
    csv: csv::Writer<&'w mut dyn Write>,
    rows: usize,
}

impl<'w> Writer<'w> {
    pub fn start(out: &'w mut dyn Write) -> Result<Writer<'w>> {
        out.write_all(BOM)?;
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        csv.write_record(HEADER)?;
        Ok(Writer { csv, rows: 0 })
    }

    /// Writes the rows of one case.
    pub fn case(&mut self, record: &CaseRecord, steps: &[StepRecord]) -> Result<()> {
        let c = &record.case;
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let case_fields = [
            c.id.to_string(),
            c.uuid.clone(),
            c.title.clone(),
            c.template.clone(),
            opt(&c.provider),
            c.channel.map(|ch| ch.to_string()).unwrap_or_default(),
            c.holder.clone(),
            opt(&c.number),
            c.deadline.map(iso).unwrap_or_default(),
            c.status.as_str().to_string(),
            utc_text(c.created_at.timestamp()),
            c.closed_at
                .map(|t| utc_text(t.timestamp()))
                .unwrap_or_default(),
            opt(&c.note),
        ];
        if steps.is_empty() {
            let empty = std::iter::repeat_n(String::new(), HEADER.len() - case_fields.len());
            self.csv
                .write_record(case_fields.iter().cloned().chain(empty))?;
            self.rows += 1;
        }
        for r in steps {
            let s = &r.step;
            let step_fields = [
                s.position.to_string(),
                s.uuid.clone(),
                s.key.clone(),
                s.title.clone(),
                s.status.as_str().to_string(),
                s.due.map(iso).unwrap_or_default(),
                s.due_manual.to_string(),
                s.done_at.map(iso).unwrap_or_default(),
                opt(&s.note),
                s.how.clone(),
            ];
            self.csv
                .write_record(case_fields.iter().chain(step_fields.iter()))?;
            self.rows += 1;
        }
        Ok(())
    }

    /// Flushes the rows; returns how many were written (not counting the header).
    pub fn finish(mut self) -> Result<usize> {
        self.csv.flush()?;
        Ok(self.rows)
    }
}
