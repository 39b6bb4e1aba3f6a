//! closeout's own file format, version 3: every case, step and event with UUIDs, timestamps,
//! rules and field stamps, so that an export imported anywhere gives back the same cases.
//!
//! The layout (documented in docs/data.md) puts one case, with its steps, or one event on each
//! line: a file stays readable and a change to one case is a one-line diff in a git repository.
//! A reader refuses fields it does not know instead of dropping them: a version that adds fields
//! gets a new number, and an older closeout refuses it as newer.

use super::{local, utc_text};
use crate::domain::change::{HOUSEHOLD, HOUSEHOLD_UUID, check_household, check_incoming};
use crate::domain::date::{iso, parse_iso};
use crate::domain::merge::{CASE_GROUPS, CaseRecord, STEP_GROUPS, Stamp, Stamps, StepRecord};
use crate::domain::model::{Case, CaseStatus, Channel, Rule, Step, StepStatus};
use crate::domain::text::{Lang, has_chinese};
use crate::domain::view::{EventRecord, EventText};
use crate::msg::Msg;
use chrono::{DateTime, NaiveDate};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, Write};

pub const FORMAT: &str = "closeout";
/// The newest version this closeout writes and reads. Version 2 adds the departure and, per
/// case, its language, notice and following, per step whether it can be done abroad; version 1
/// files read as having none of them. Version 3 writes a step's rule in the one JSON shape of
/// a rule (see [`FileRule`]).
pub const VERSION: u64 = 3;

/// A UUID, checked when read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Uuid(pub String);

impl Serialize for Uuid {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Uuid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        uuid::Uuid::parse_str(&text)
            .map(|u| Uuid(u.hyphenated().to_string()))
            .map_err(|_| de::Error::custom(format!("'{text}' is not a UUID")))
    }
}

/// A calendar day, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day(pub NaiveDate);

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&iso(self.0))
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        parse_iso(&text)
            .map(Day)
            .ok_or_else(|| de::Error::custom(format!("'{text}' is not a day (YYYY-MM-DD)")))
    }
}

/// An instant, written as RFC 3339 in UTC and read in any offset; kept as seconds since the
/// epoch, as the database keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time(pub i64);

impl Serialize for Time {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&utc_text(self.0))
    }
}

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| Time(t.timestamp()))
            .map_err(|_| de::Error::custom(format!("'{text}' is not an RFC 3339 time")))
    }
}

/// When a field group last changed, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileStamp {
    pub at: Time,
    pub device: String,
}

/// A step's rule in a file: since version 3 in the shape every other JSON of closeout gives it
/// (`{"before_deadline": 21}`, `{"after": {"step": "submit", "days": 7}}`); versions 1 and 2
/// wrote `{"kind": "before", "days": 21}` and `{"kind": "after", "days": 7, "step": "submit"}`,
/// which still read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FileRule {
    Rule(Rule),
    Tagged(TaggedRule),
}

/// The rule as versions 1 and 2 wrote it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum TaggedRule {
    /// `days` before the case deadline.
    Before { days: i64 },
    /// `days` after the day step `step` (a key) was done.
    After { days: i64, step: String },
}

impl FileRule {
    fn to_rule(&self) -> Rule {
        match self {
            FileRule::Rule(rule) => rule.clone(),
            FileRule::Tagged(TaggedRule::Before { days }) => Rule::BeforeDeadline { days: *days },
            FileRule::Tagged(TaggedRule::After { days, step }) => Rule::AfterStep {
                key: step.clone(),
                days: *days,
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileStep {
    pub uuid: Uuid,
    pub position: i64,
    pub key: String,
    pub title: String,
    pub how: String,
    pub status: StepStatus,
    pub due: Option<Day>,
    pub due_manual: bool,
    pub rule: Option<FileRule>,
    pub done_at: Option<Day>,
    pub note: Option<String>,
    pub updated_at: Time,
    #[serde(default)]
    pub changed: BTreeMap<String, FileStamp>,
    /// Added in schema 5; older files have none.
    #[serde(default)]
    pub abroad: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileCase {
    pub uuid: Uuid,
    pub id: i64,
    pub title: String,
    pub template: String,
    pub provider: Option<String>,
    pub channel: Option<Channel>,
    pub holder: String,
    pub number: Option<String>,
    pub deadline: Option<Day>,
    pub status: CaseStatus,
    pub created_at: Time,
    pub closed_at: Option<Time>,
    pub note: Option<String>,
    pub updated_at: Time,
    #[serde(default)]
    pub changed: BTreeMap<String, FileStamp>,
    pub steps: Vec<FileStep>,
    /// Added in schema 5: older files have none (the language then follows the step titles,
    /// no notice, a deadline of the case's own).
    #[serde(default)]
    pub lang: Option<Lang>,
    #[serde(default)]
    pub notice_days: Option<i64>,
    #[serde(default)]
    pub follows_departure: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEvent {
    pub uuid: Uuid,
    pub at: Time,
    pub case_id: i64,
    pub case_uuid: Uuid,
    pub step_uuid: Option<Uuid>,
    pub step_key: Option<String>,
    pub kind: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    /// The change (one command) the event belongs to: its first event's UUID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Uuid>,
    /// For an undo or a redo: the UUID of the event it takes back or brings back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverts: Option<Uuid>,
}

/// A whole file as read.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub format: String,
    pub version: u64,
    /// The database schema of the closeout that wrote it (for people; the reader needs only
    /// `version`).
    pub schema: i64,
    /// The device id of the database it was written from.
    pub device: String,
    pub cases: Vec<FileCase>,
    pub events: Vec<FileEvent>,
    /// The household's departure date, with when and where it last changed (schema 5 on; a
    /// file without it leaves the departure as it is).
    #[serde(default)]
    pub departure: Option<FileDeparture>,
}

/// The departure date as it travels: the day (null once cleared) and its stamp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDeparture {
    pub day: Option<Day>,
    pub at: Time,
    pub device: String,
}

impl FileDeparture {
    pub fn new(day: Option<NaiveDate>, stamp: &Stamp) -> FileDeparture {
        FileDeparture {
            day: day.map(Day),
            at: Time(stamp.at),
            device: stamp.device.clone(),
        }
    }

    pub fn stamp(&self) -> Stamp {
        Stamp {
            at: self.at.0,
            device: self.device.clone(),
        }
    }
}

fn stamps_out(stamps: &Stamps) -> BTreeMap<String, FileStamp> {
    stamps
        .iter()
        .map(|(k, s)| {
            (
                k.clone(),
                FileStamp {
                    at: Time(s.at),
                    device: s.device.clone(),
                },
            )
        })
        .collect()
}

fn stamps_in(changed: &BTreeMap<String, FileStamp>) -> Stamps {
    changed
        .iter()
        .map(|(k, s)| {
            (
                k.clone(),
                Stamp {
                    at: s.at.0,
                    device: s.device.clone(),
                },
            )
        })
        .collect()
}

impl FileStep {
    pub fn from_record(r: &StepRecord) -> FileStep {
        let s = &r.step;
        FileStep {
            uuid: Uuid(s.uuid.clone()),
            position: s.position,
            key: s.key.clone(),
            title: s.title.clone(),
            how: s.how.clone(),
            status: s.status,
            due: s.due.map(Day),
            due_manual: s.due_manual,
            rule: s.rule.clone().map(FileRule::Rule),
            done_at: s.done_at.map(Day),
            note: s.note.clone(),
            updated_at: Time(r.updated_at),
            changed: stamps_out(&r.stamps),
            abroad: s.abroad,
        }
    }

    pub fn to_record(&self) -> StepRecord {
        StepRecord {
            step: Step {
                id: 0,
                uuid: self.uuid.0.clone(),
                position: self.position,
                key: self.key.clone(),
                title: self.title.clone(),
                how: self.how.clone(),
                status: self.status,
                due: self.due.map(|d| d.0),
                rule: self.rule.as_ref().map(FileRule::to_rule),
                due_manual: self.due_manual,
                done_at: self.done_at.map(|d| d.0),
                note: self.note.clone(),
                abroad: self.abroad,
            },
            updated_at: self.updated_at.0,
            stamps: stamps_in(&self.changed),
        }
    }
}

impl FileCase {
    pub fn from_records(r: &CaseRecord, steps: &[StepRecord]) -> FileCase {
        let c = &r.case;
        FileCase {
            uuid: Uuid(c.uuid.clone()),
            id: c.id,
            title: c.title.clone(),
            template: c.template.clone(),
            provider: c.provider.clone(),
            channel: c.channel,
            holder: c.holder.clone(),
            number: c.number.clone(),
            deadline: c.deadline.map(Day),
            status: c.status,
            created_at: Time(c.created_at.timestamp()),
            closed_at: c.closed_at.map(|t| Time(t.timestamp())),
            note: c.note.clone(),
            updated_at: Time(r.updated_at),
            changed: stamps_out(&r.stamps),
            steps: steps.iter().map(FileStep::from_record).collect(),
            lang: Some(c.lang),
            notice_days: c.notice_days,
            follows_departure: c.follows_departure,
        }
    }

    pub fn to_record(&self) -> CaseRecord {
        CaseRecord {
            case: Case {
                id: self.id,
                uuid: self.uuid.0.clone(),
                title: self.title.clone(),
                template: self.template.clone(),
                provider: self.provider.clone(),
                channel: self.channel,
                holder: self.holder.clone(),
                number: self.number.clone(),
                deadline: self.deadline.map(|d| d.0),
                status: self.status,
                created_at: local(self.created_at.0),
                closed_at: self.closed_at.map(|t| local(t.0)),
                note: self.note.clone(),
                lang: self
                    .lang
                    .unwrap_or(if self.steps.iter().any(|s| has_chinese(&s.title)) {
                        Lang::Zh
                    } else {
                        Lang::En
                    }),
                notice_days: self.notice_days,
                follows_departure: self.follows_departure,
            },
            updated_at: self.updated_at.0,
            stamps: stamps_in(&self.changed),
        }
    }
}

impl FileEvent {
    pub fn to_record(&self) -> EventRecord {
        EventRecord {
            uuid: self.uuid.0.clone(),
            at: self.at.0,
            case_id: self.case_id,
            case_uuid: self.case_uuid.0.clone(),
            step_uuid: self.step_uuid.as_ref().map(|u| u.0.clone()),
            step_key: self.step_key.clone(),
            kind: self.kind.clone(),
            before: self.before.clone(),
            after: self.after.clone(),
            change: self.change.as_ref().map(|u| u.0.clone()),
            reverts: self.reverts.as_ref().map(|u| u.0.clone()),
        }
    }
}

/// An event as a writer writes it, borrowed: the same fields in the same order as `FileEvent`,
/// its before and after passed through as the JSON text they were recorded as.
#[derive(Serialize)]
struct EventOut<'a> {
    uuid: &'a str,
    at: Time,
    case_id: i64,
    case_uuid: &'a str,
    step_uuid: Option<&'a str>,
    step_key: Option<&'a str>,
    kind: &'a str,
    before: Option<&'a RawValue>,
    after: Option<&'a RawValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    change: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reverts: Option<&'a str>,
}

/// Recorded JSON as it goes into a file: checked to be JSON without building it (text that is
/// not, which no closeout writes, goes out as null, as it always has).
fn raw_json(text: Option<&str>) -> Option<&RawValue> {
    text.and_then(|t| serde_json::from_str::<&RawValue>(t).ok())
}

impl<'a> EventOut<'a> {
    fn of(e: &EventText<'a>) -> EventOut<'a> {
        EventOut {
            uuid: e.uuid,
            at: Time(e.at),
            case_id: e.case_id,
            case_uuid: e.case_uuid,
            step_uuid: e.step_uuid,
            step_key: e.step_key,
            kind: e.kind,
            before: raw_json(e.before),
            after: raw_json(e.after),
            change: e.change,
            reverts: e.reverts,
        }
    }
}

/// Counts of what a writer wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Written {
    pub cases: usize,
    pub steps: usize,
    pub events: usize,
}

/// Writes a file as records come, in bounded memory: the header, then `case` for each case,
/// `event` for each event, then `finish`. Cases must all come before events.
pub struct Writer<'w> {
    out: &'w mut dyn Write,
    written: Written,
    in_events: bool,
    line: Vec<u8>,
}

impl<'w> Writer<'w> {
    pub fn start(
        out: &'w mut dyn Write,
        schema: i64,
        device: &str,
        departure: Option<&FileDeparture>,
    ) -> anyhow::Result<Writer<'w>> {
        writeln!(out, "{{")?;
        writeln!(out, "  \"format\": \"{FORMAT}\",")?;
        writeln!(out, "  \"version\": {VERSION},")?;
        writeln!(out, "  \"schema\": {schema},")?;
        writeln!(out, "  \"device\": {},", serde_json::to_string(device)?)?;
        if let Some(d) = departure {
            writeln!(out, "  \"departure\": {},", serde_json::to_string(d)?)?;
        }
        write!(out, "  \"cases\": [")?;
        Ok(Writer {
            out,
            written: Written::default(),
            in_events: false,
            line: Vec::with_capacity(4096),
        })
    }

    fn item(&mut self, first: bool, value: &impl Serialize) -> anyhow::Result<()> {
        self.line.clear();
        self.line
            .extend_from_slice(if first { b"\n    " } else { b",\n    " });
        serde_json::to_writer(&mut self.line, value)?;
        self.out.write_all(&self.line)?;
        Ok(())
    }

    pub fn case(&mut self, case: &CaseRecord, steps: &[StepRecord]) -> anyhow::Result<()> {
        let first = self.written.cases == 0;
        self.item(first, &FileCase::from_records(case, steps))?;
        self.written.cases += 1;
        self.written.steps += steps.len();
        Ok(())
    }

    fn close_list(&mut self, empty: bool) -> std::io::Result<()> {
        self.out.write_all(if empty { b"]" } else { b"\n  ]" })
    }

    pub fn event(&mut self, event: &EventText) -> anyhow::Result<()> {
        if !self.in_events {
            self.close_list(self.written.cases == 0)?;
            write!(self.out, ",\n  \"events\": [")?;
            self.in_events = true;
        }
        let first = self.written.events == 0;
        self.item(first, &EventOut::of(event))?;
        self.written.events += 1;
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<Written> {
        if !self.in_events {
            self.close_list(self.written.cases == 0)?;
            write!(self.out, ",\n  \"events\": [")?;
        }
        self.close_list(self.written.events == 0)?;
        writeln!(self.out, "\n}}")?;
        Ok(self.written)
    }
}

/// Only what tells which format and version a file claims, so that a newer file is refused as
/// newer rather than as malformed.
#[derive(Deserialize)]
struct Header {
    format: Option<Value>,
    version: Option<Value>,
}

/// Reads and checks a closeout file. The error is one sentence naming the first problem and
/// where it is (line and column, or which case and step).
pub fn read(bytes: &[u8]) -> Result<Document, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    check_header(serde_json::from_slice(bytes))?;
    let doc: Document = serde_json::from_slice(bytes).map_err(|e| shape_error(&e))?;
    check(&doc)?;
    Ok(doc)
}

fn shape_error(e: &serde_json::Error) -> String {
    Msg::NotExportShape {
        error: &e.to_string(),
    }
    .to_string()
}

/// The format and version a file claims, refused when they are not this closeout's.
fn check_header(header: serde_json::Result<Header>) -> Result<(), String> {
    let header = header.map_err(|e| {
        Msg::NotJson {
            error: &e.to_string(),
        }
        .to_string()
    })?;
    match header.format {
        Some(Value::String(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(Msg::NotCloseoutFormat {
                other: &other.to_string(),
                format: FORMAT,
            }
            .to_string());
        }
        None => {
            return Err(Msg::NoFormat { format: FORMAT }.to_string());
        }
    }
    let version = match header.version {
        Some(Value::Number(n)) => n.as_u64().filter(|v| *v >= 1),
        _ => None,
    }
    .ok_or_else(|| Msg::BadVersion.to_string())?;
    if version > VERSION {
        return Err(Msg::NewerFormat {
            version,
            latest: VERSION,
        }
        .to_string());
    }
    Ok(())
}

/// What a file holds besides its cases and events, once the whole file has been checked: the
/// cases and events themselves are read again, one at a time, by `each_event` and `each_case`.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub departure: Option<FileDeparture>,
    pub cases: usize,
    pub events: usize,
    /// Where the list of cases and the list of events begin (the offset of their `[` from the
    /// start of the file, a byte-order mark left out), so that a pass over one list skips the
    /// other without reading it. None for a file that was read whole.
    pub cases_at: Option<u64>,
    pub events_at: Option<u64>,
    /// The file is laid out as closeout writes it, one record a line: `cases_at` and
    /// `events_at` are then where each list's first line begins (`each_case_line`,
    /// `each_event_line` read `cases` and `events` lines from there).
    pub lines: bool,
}

/// A reader that counts what it gives: serde_json reads a byte at a time, so the count is the
/// position of the parser.
struct Counted<R> {
    inner: R,
    count: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: std::io::Read> std::io::Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Checks a closeout file as `read` does without holding it: `open` gives the file from its
/// start, and each case and event is checked as it comes, then dropped. A file refused is read
/// again whole, by `read`, so that the refusal is worded exactly as it always was (the first
/// problem by the same precedence, the same line and column).
pub fn check_stream<R: std::io::Read>(
    mut open: impl FnMut() -> std::io::Result<R>,
) -> Result<Checked, String> {
    let io = |e: std::io::Error| {
        Msg::NotJson {
            error: &e.to_string(),
        }
        .to_string()
    };
    match open().map(|r| check_lines(std::io::BufReader::with_capacity(1 << 16, r))) {
        Ok(Some(checked)) => return Ok(checked),
        Ok(None) => {}
        Err(e) => return Err(io(e)),
    }
    let mut checker = Checker::default();
    let mut pass = Stream::new(Pass::Check(&mut checker));
    let count = std::rc::Rc::new(std::cell::Cell::new(0));
    pass.position = Some(count.clone());
    let read_through = pass.run(Counted {
        inner: open().map_err(io)?,
        count,
    });
    let (cases_at, events_at) = (pass.cases_at, pass.events_at);
    let header_fine = pass.format.as_deref() == Some(FORMAT)
        && pass.version.is_some_and(|v| (1..=VERSION).contains(&v));
    let fine = checker.case_problem.is_none() && checker.event_problem.is_none();
    if let (Ok(departure), true, true) = (read_through, header_fine, fine) {
        return Ok(Checked {
            departure,
            cases: checker.cases,
            events: checker.events,
            cases_at,
            events_at,
            lines: false,
        });
    }
    let mut bytes = Vec::new();
    open()
        .and_then(|mut r| r.read_to_end(&mut bytes))
        .map_err(io)?;
    let doc = read(&bytes)?;
    Ok(Checked {
        departure: doc.departure,
        cases: doc.cases.len(),
        events: doc.events.len(),
        cases_at: None,
        events_at: None,
        lines: false,
    })
}

/// The longest line the check reads as one record; a file with a longer one is read by the
/// general path, which needs no line in memory.
const MAX_LINE: u64 = 8 << 20;

/// A file read a line at a time into one buffer, counting where each line begins.
struct Lines<R> {
    from: R,
    line: Vec<u8>,
    /// Bytes read so far: where the next line begins.
    at: u64,
}

impl<R: std::io::BufRead> Lines<R> {
    fn new(from: R) -> Lines<R> {
        Lines {
            from,
            line: Vec::with_capacity(1 << 12),
            at: 0,
        }
    }

    /// The next line without its `\n` (None at the end of the file); a line longer than
    /// `MAX_LINE` is an error.
    fn next(&mut self) -> std::io::Result<Option<&[u8]>> {
        // One long line does not keep its room for the rest of the file.
        if self.line.capacity() > 1 << 20 {
            self.line = Vec::with_capacity(1 << 12);
        }
        self.line.clear();
        let n =
            std::io::Read::take(&mut self.from, MAX_LINE).read_until(b'\n', &mut self.line)? as u64;
        if n == 0 {
            return Ok(None);
        }
        self.at += n;
        if self.line.last() == Some(&b'\n') {
            self.line.pop();
        } else if n == MAX_LINE {
            return Err(std::io::Error::other("a line too long for one record"));
        }
        Ok(Some(&self.line))
    }
}

/// A record's line as `Writer` writes it: four spaces, the record, and a comma unless it is the
/// list's last. Returns the record and whether a comma followed it.
fn record_line(line: &[u8]) -> Option<(&[u8], bool)> {
    let record = line.strip_prefix(b"    ")?;
    if !record.starts_with(b"{") {
        return None;
    }
    Some(match record.strip_suffix(b",") {
        Some(record) => (record, true),
        None => (record, false),
    })
}

/// A header line `  "NAME": VALUE,`, its value read as `T`.
fn header_line<T: serde::de::DeserializeOwned>(line: &[u8], name: &str) -> Option<T> {
    let value = line
        .strip_prefix(b"  \"")?
        .strip_prefix(name.as_bytes())?
        .strip_prefix(b"\": ")?
        .strip_suffix(b",")?;
    serde_json::from_slice(value).ok()
}

/// How deep a record nests, strings left out. serde_json refuses a document nested deeper than
/// 127 levels; a record read alone starts two levels higher than in its file, so the check
/// counts them.
fn depth(record: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in record {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The deepest a record may nest: serde_json's 127 levels less the document's and the list's.
const MAX_RECORD_DEPTH: usize = 125;

/// Checks a file laid out exactly as `Writer` writes the newest version, one record a line, each
/// line read whole and parsed alone. `None` when the file is laid out any other way or anything
/// in it is not as it should be: the general check then reads it, and says what is wrong in its
/// own words. A file this passes is one the general check passes with the same records.
fn check_lines(from: impl std::io::BufRead) -> Option<Checked> {
    let mut lines = Lines::new(from);
    let mut checker = Checker {
        uuids: Seen::Digests(Vec::new()),
        event_uuids: Seen::Digests(Vec::new()),
        ..Checker::default()
    };
    let next = |lines: &mut Lines<_>| lines.next().ok().flatten().map(<[u8]>::to_vec);
    if next(&mut lines)? != b"{" {
        return None;
    }
    let format: String = header_line(&next(&mut lines)?, "format")?;
    let version: u64 = header_line(&next(&mut lines)?, "version")?;
    if format != FORMAT || version != VERSION {
        return None;
    }
    header_line::<i64>(&next(&mut lines)?, "schema")?;
    header_line::<String>(&next(&mut lines)?, "device")?;
    let mut line = next(&mut lines)?;
    let mut departure = None;
    if line.starts_with(b"  \"departure\": ") {
        departure = header_line::<Option<FileDeparture>>(&line, "departure")?;
        line = next(&mut lines)?;
    }
    let cases_at = lines.at;
    match line.as_slice() {
        b"  \"cases\": []," => {}
        b"  \"cases\": [" => {
            let fine = list_lines(&mut lines, b"  ],", |record| {
                checker.case(&serde_json::from_slice(record).ok()?);
                checker.case_problem.is_none().then_some(())
            });
            fine?;
        }
        _ => return None,
    }
    let line = next(&mut lines)?;
    let events_at = lines.at;
    match line.as_slice() {
        b"  \"events\": []" => {}
        b"  \"events\": [" => {
            let fine = list_lines(&mut lines, b"  ]", |record| {
                if depth(record) > MAX_RECORD_DEPTH {
                    return None;
                }
                checker.event(&serde_json::from_slice(record).ok()?);
                checker.event_problem.is_none().then_some(())
            });
            fine?;
        }
        _ => return None,
    }
    if next(&mut lines)? != b"}" || lines.next().ok()?.is_some() {
        return None;
    }
    if !checker.uuids.distinct() || !checker.event_uuids.distinct() {
        return None;
    }
    Some(Checked {
        departure,
        cases: checker.cases,
        events: checker.events,
        cases_at: Some(cases_at),
        events_at: Some(events_at),
        lines: true,
    })
}

/// The record lines of one list up to its closing line `close`, each handed to `each`; `None`
/// when a line is neither, or the commas between the records are not as JSON wants them.
fn list_lines<R: std::io::BufRead>(
    lines: &mut Lines<R>,
    close: &[u8],
    mut each: impl FnMut(&[u8]) -> Option<()>,
) -> Option<()> {
    // Whether the record before had a comma after it (None: no record yet).
    let mut comma = None;
    loop {
        let line = lines.next().ok()??;
        if line == close {
            return (comma == Some(false)).then_some(());
        }
        if comma == Some(false) {
            return None;
        }
        let (record, more) = record_line(line)?;
        each(record)?;
        comma = Some(more);
    }
}

/// Reads `count` record lines from `from`, a checked file's list as `check_lines` found it
/// (from `Checked::cases_at` or `events_at`), and hands each record to `each`.
fn each_line<T: serde::de::DeserializeOwned>(
    from: impl std::io::Read,
    count: usize,
    mut each: impl FnMut(T) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut lines = Lines::new(std::io::BufReader::with_capacity(1 << 16, from));
    for _ in 0..count {
        let line = lines.next()?.ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the file got shorter")
        })?;
        let (record, _) = record_line(line).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "the file changed since it was checked",
            )
        })?;
        each(serde_json::from_slice(record)?)?;
    }
    Ok(())
}

/// `each_event` for a file checked line by line (`Checked::lines`), from `Checked::events_at`.
pub fn each_event_line(
    from: impl std::io::Read,
    count: usize,
    each: impl FnMut(FileEvent) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    each_line(from, count, each)
}

/// `each_case` for a file checked line by line (`Checked::lines`), from `Checked::cases_at`.
pub fn each_case_line(
    from: impl std::io::Read,
    count: usize,
    each: impl FnMut(FileCase) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    each_line(from, count, each)
}

/// Hands each event of a checked file to `each`, in the file's order.
pub fn each_event(
    from: impl std::io::Read,
    mut each: impl FnMut(FileEvent) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    Stream::new(Pass::Events(&mut each))
        .run(from)
        .map(|_| ())
        .map_err(StreamError::into_anyhow)
}

/// Hands each case of a checked file, with its steps, to `each`, in the file's order.
pub fn each_case(
    from: impl std::io::Read,
    mut each: impl FnMut(FileCase) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    Stream::new(Pass::Cases(&mut each))
        .run(from)
        .map(|_| ())
        .map_err(StreamError::into_anyhow)
}

/// `each_event` for a reader that starts at the list of events (`Checked::events_at`).
pub fn each_event_at(
    from: impl std::io::Read,
    mut each: impl FnMut(FileEvent) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    Stream::new(Pass::Events(&mut each))
        .list(from, false)
        .map_err(StreamError::into_anyhow)
}

/// `each_case` for a reader that starts at the list of cases (`Checked::cases_at`).
pub fn each_case_at(
    from: impl std::io::Read,
    mut each: impl FnMut(FileCase) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    Stream::new(Pass::Cases(&mut each))
        .list(from, true)
        .map_err(StreamError::into_anyhow)
}

/// What one pass over a file does with its records.
enum Pass<'p> {
    /// Checks every case and event and keeps nothing but what the checks need.
    Check(&'p mut Checker),
    Events(&'p mut dyn FnMut(FileEvent) -> anyhow::Result<()>),
    Cases(&'p mut dyn FnMut(FileCase) -> anyhow::Result<()>),
}

enum StreamError {
    Json(serde_json::Error),
    /// What a pass's own work refused.
    Sink(anyhow::Error),
}

impl StreamError {
    fn into_anyhow(self) -> anyhow::Error {
        match self {
            StreamError::Json(e) => e.into(),
            StreamError::Sink(e) => e,
        }
    }
}

/// One pass over a whole file, read as `Document` would be read (the same fields, the same
/// refusals), its cases and events visited one at a time instead of collected.
struct Stream<'p> {
    pass: Pass<'p>,
    /// How far the parser has read, when counted; and where each list began.
    position: Option<std::rc::Rc<std::cell::Cell<u64>>>,
    cases_at: Option<u64>,
    events_at: Option<u64>,
    /// The format and version the file claims.
    format: Option<String>,
    version: Option<u64>,
    /// The error of the pass's own work, which the JSON error that stopped the read stands for.
    failed: Option<anyhow::Error>,
}

const DOCUMENT_FIELDS: &[&str] = &[
    "format",
    "version",
    "schema",
    "device",
    "cases",
    "events",
    "departure",
];

impl<'p> Stream<'p> {
    fn new(pass: Pass<'p>) -> Stream<'p> {
        Stream {
            pass,
            position: None,
            cases_at: None,
            events_at: None,
            format: None,
            version: None,
            failed: None,
        }
    }

    /// Reads the file through; returns its departure.
    fn run(&mut self, from: impl std::io::Read) -> Result<Option<FileDeparture>, StreamError> {
        let mut de = serde_json::Deserializer::from_reader(from);
        let read = DeserializeSeed::deserialize(&mut *self, &mut de).and_then(|d| {
            de.end()?;
            Ok(d)
        });
        match (read, self.failed.take()) {
            (_, Some(e)) => Err(StreamError::Sink(e)),
            (Ok(departure), None) => Ok(departure),
            (Err(e), None) => Err(StreamError::Json(e)),
        }
    }

    /// Reads one list (of cases or of events) through, from its `[`; what follows is not read.
    fn list(&mut self, from: impl std::io::Read, cases: bool) -> Result<(), StreamError> {
        let mut de = serde_json::Deserializer::from_reader(from);
        let read = Records {
            stream: &mut *self,
            cases,
        }
        .deserialize(&mut de);
        match (read, self.failed.take()) {
            (_, Some(e)) => Err(StreamError::Sink(e)),
            (Ok(()), None) => Ok(()),
            (Err(e), None) => Err(StreamError::Json(e)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for &mut Stream<'_> {
    type Value = Option<FileDeparture>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_struct("Document", DOCUMENT_FIELDS, self)
    }
}

/// A key of the document, refused when unknown as `Document` refuses it.
enum DocumentField {
    Format,
    Version,
    Schema,
    Device,
    Cases,
    Events,
    Departure,
}

impl<'de> Deserialize<'de> for DocumentField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = DocumentField;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("field identifier")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DocumentField, E> {
                Ok(match v {
                    "format" => DocumentField::Format,
                    "version" => DocumentField::Version,
                    "schema" => DocumentField::Schema,
                    "device" => DocumentField::Device,
                    "cases" => DocumentField::Cases,
                    "events" => DocumentField::Events,
                    "departure" => DocumentField::Departure,
                    other => return Err(de::Error::unknown_field(other, DOCUMENT_FIELDS)),
                })
            }
        }
        d.deserialize_identifier(Name)
    }
}

impl<'de> Visitor<'de> for &mut Stream<'_> {
    type Value = Option<FileDeparture>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("struct Document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        fn once<E: de::Error>(seen: &mut bool, name: &'static str) -> Result<(), E> {
            if std::mem::replace(seen, true) {
                return Err(E::duplicate_field(name));
            }
            Ok(())
        }
        let mut seen = [false; 7];
        let mut departure: Option<FileDeparture> = None;
        while let Some(key) = map.next_key::<DocumentField>()? {
            match key {
                DocumentField::Format => {
                    once(&mut seen[0], "format")?;
                    self.format = Some(map.next_value::<String>()?);
                }
                DocumentField::Version => {
                    once(&mut seen[1], "version")?;
                    self.version = Some(map.next_value::<u64>()?);
                }
                DocumentField::Schema => {
                    once(&mut seen[2], "schema")?;
                    map.next_value::<i64>()?;
                }
                DocumentField::Device => {
                    once(&mut seen[3], "device")?;
                    map.next_value::<String>()?;
                }
                DocumentField::Cases => {
                    once(&mut seen[4], "cases")?;
                    map.next_value_seed(Records {
                        stream: &mut *self,
                        cases: true,
                    })?;
                }
                DocumentField::Events => {
                    once(&mut seen[5], "events")?;
                    map.next_value_seed(Records {
                        stream: &mut *self,
                        cases: false,
                    })?;
                }
                DocumentField::Departure => {
                    once(&mut seen[6], "departure")?;
                    departure = map.next_value::<Option<FileDeparture>>()?;
                }
            }
        }
        for (i, name) in DOCUMENT_FIELDS.iter().enumerate().take(6) {
            if !seen[i] {
                return Err(de::Error::missing_field(name));
            }
        }
        Ok(departure)
    }
}

/// The list of cases or of events, each visited as it is read.
struct Records<'s, 'p> {
    stream: &'s mut Stream<'p>,
    cases: bool,
}

impl<'de> DeserializeSeed<'de> for Records<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Records<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // The `[` was the last byte read: the list begins one byte back.
        if let Some(read) = &self.stream.position {
            let at = Some(read.get().saturating_sub(1));
            match self.cases {
                true => self.stream.cases_at = at,
                false => self.stream.events_at = at,
            }
        }
        let Stream { pass, failed, .. } = self.stream;
        let mut stop = |e: anyhow::Error| -> A::Error {
            *failed = Some(e);
            de::Error::custom("stopped")
        };
        match (pass, self.cases) {
            (Pass::Check(checker), true) => {
                while let Some(c) = seq.next_element::<FileCase>()? {
                    checker.case(&c);
                }
            }
            (Pass::Check(checker), false) => {
                while let Some(e) = seq.next_element::<FileEvent>()? {
                    checker.event(&e);
                }
            }
            (Pass::Cases(each), true) => {
                while let Some(c) = seq.next_element::<FileCase>()? {
                    each(c).map_err(&mut stop)?;
                }
            }
            (Pass::Events(each), false) => {
                while let Some(e) = seq.next_element::<FileEvent>()? {
                    each(e).map_err(&mut stop)?;
                }
            }
            // The other list, not this pass's: skipped.
            _ => while seq.next_element::<de::IgnoredAny>()?.is_some() {},
        }
        Ok(())
    }
}
/// The largest case id or step position a file may hold. Ids and positions in a file are the
/// file's: an id is kept only when it is free here, a position only orders the steps; a number
/// beyond this would leave no room for the next `add` or `step add`.
pub const MAX_NUMBER: i64 = i32::MAX as i64;

fn in_range(at: &str, field: &str, value: i64) -> Result<(), String> {
    if (1..=MAX_NUMBER).contains(&value) {
        return Ok(());
    }
    Err(Msg::OutOfRange {
        at,
        field,
        value,
        max: MAX_NUMBER,
    }
    .to_string())
}

/// What JSON alone cannot say: UUIDs and keys used twice, numbers out of range, unknown stamps,
/// and history this closeout could not read back.
fn check(doc: &Document) -> Result<(), String> {
    let mut checker = Checker::default();
    for c in &doc.cases {
        checker.case(c);
    }
    for e in &doc.events {
        checker.event(e);
    }
    match checker.case_problem.or(checker.event_problem) {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
}

/// The checks of `check`, record by record, keeping only the UUIDs seen (as numbers) and the
/// first problem: among the cases' first, else among the events'.
#[derive(Default)]
struct Checker {
    uuids: Seen,
    event_uuids: Seen,
    cases: usize,
    events: usize,
    case_problem: Option<String>,
    event_problem: Option<String>,
}

/// The UUIDs a check has seen, to find one used twice.
enum Seen {
    /// Every UUID, each found twice the moment it comes again.
    Exact(HashSet<u128>),
    /// A 48-bit digest of each, compared once all have come (`distinct`): three eighths of the
    /// room of a UUID and little slack (the list grows by a quarter at a time). Two UUIDs with
    /// one digest count as one used twice, which only sends the file to the exact check: among
    /// a million UUIDs that happens about once in 500 files.
    Digests(Vec<[u8; 6]>),
}

impl Default for Seen {
    fn default() -> Seen {
        Seen::Exact(HashSet::new())
    }
}

impl Seen {
    /// Whether `uuid` is new so far (a digest is always taken as new until `distinct`).
    fn first(&mut self, uuid: u128) -> bool {
        match self {
            Seen::Exact(set) => set.insert(uuid),
            Seen::Digests(digests) => {
                let (high, low) = ((uuid >> 64) as u64, uuid as u64);
                let digest = low ^ high.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
                if digests.len() == digests.capacity() {
                    // A quarter more at a time, not twice as much: the room left over stays
                    // small, and the few more moves cost little.
                    digests.reserve_exact((digests.capacity() / 4).max(4096));
                }
                let [a, b, c, d, e, f, _, _] = digest.to_le_bytes();
                digests.push([a, b, c, d, e, f]);
                true
            }
        }
    }

    /// Whether no two UUIDs seen share a digest (an exact set: true, it has said so already).
    fn distinct(&mut self) -> bool {
        match self {
            Seen::Exact(_) => true,
            Seen::Digests(digests) => {
                digests.sort_unstable();
                digests.windows(2).all(|w| w[0] != w[1])
            }
        }
    }
}

/// A checked UUID as a number, for a set that holds a hundred thousand of them in little room.
fn number(uuid: &Uuid) -> u128 {
    uuid::Uuid::parse_str(&uuid.0).map_or(0, |u| u.as_u128())
}

impl Checker {
    fn case(&mut self, c: &FileCase) {
        self.cases += 1;
        if self.case_problem.is_none() {
            let n = self.cases;
            self.case_problem = self.check_case(n, c).err();
        }
    }

    fn event(&mut self, e: &FileEvent) {
        self.events += 1;
        if self.event_problem.is_none() {
            let n = self.events;
            self.event_problem = self.check_event(n, e).err();
        }
    }

    fn check_case(&mut self, n: usize, c: &FileCase) -> Result<(), String> {
        let at = Msg::AtCase { n, uuid: &c.uuid.0 }.to_string();
        if !self.uuids.first(number(&c.uuid)) {
            return Err(Msg::UuidTwice { at: &at }.to_string());
        }
        in_range(&at, "id", c.id)?;
        if let Some(name) = c
            .changed
            .keys()
            .find(|k| !CASE_GROUPS.contains(&k.as_str()))
        {
            return Err(Msg::ChangedUnknown {
                at: &at,
                name,
                groups: &CASE_GROUPS.join(", "),
            }
            .to_string());
        }
        let mut keys = HashSet::new();
        for (j, s) in c.steps.iter().enumerate() {
            let at = Msg::AtStep {
                at: &at,
                n: j + 1,
                uuid: &s.uuid.0,
            }
            .to_string();
            if !self.uuids.first(number(&s.uuid)) {
                return Err(Msg::UuidTwice { at: &at }.to_string());
            }
            if !keys.insert(s.key.as_str()) {
                return Err(Msg::KeyTwice {
                    at: &at,
                    key: &s.key,
                }
                .to_string());
            }
            if s.position < 1 {
                let position = s.position;
                return Err(Msg::PositionBelowOne { at: &at, position }.to_string());
            }
            in_range(&at, "position", s.position)?;
            if s.key.trim().is_empty() {
                return Err(Msg::KeyEmpty { at: &at }.to_string());
            }
            if let Some(name) = s
                .changed
                .keys()
                .find(|k| !STEP_GROUPS.contains(&k.as_str()))
            {
                return Err(Msg::ChangedUnknown {
                    at: &at,
                    name,
                    groups: &STEP_GROUPS.join(", "),
                }
                .to_string());
            }
        }
        Ok(())
    }

    fn check_event(&mut self, n: usize, e: &FileEvent) -> Result<(), String> {
        let at = Msg::AtEvent { n, uuid: &e.uuid.0 }.to_string();
        if !self.event_uuids.first(number(&e.uuid)) {
            return Err(Msg::UuidTwice { at: &at }.to_string());
        }
        let (on_step, before, after) = (e.step_uuid.is_some(), e.before.as_ref(), e.after.as_ref());
        let checked = if e.case_uuid.0 == HOUSEHOLD_UUID && e.case_id == HOUSEHOLD {
            check_household(&e.kind, on_step, before, after)
        } else {
            in_range(&at, "case_id", e.case_id)?;
            check_incoming(&e.kind, on_step, before, after).map(|_| ())
        };
        checked.map_err(|problem| {
            Msg::EventUnreadable {
                at: &at,
                problem: &problem,
            }
            .to_string()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_find_a_uuid_used_twice_among_many() {
        let uuids: Vec<u128> = (0..20_000u128)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835) ^ (i << 64))
            .collect();
        let mut seen = Seen::Digests(Vec::new());
        assert!(uuids.iter().all(|&u| seen.first(u)));
        assert!(seen.distinct(), "twenty thousand different UUIDs");
        let mut seen = Seen::Digests(Vec::new());
        for &u in uuids.iter().chain([&uuids[12_345]]) {
            seen.first(u);
        }
        assert!(!seen.distinct(), "one of them again");
    }

    fn minimal(version: &str, cases: &str) -> String {
        format!(
            r#"{{"format": "closeout", "version": {version}, "schema": 2,
  "device": "d", "cases": [{cases}], "events": []}}"#
        )
    }

    const CASE: &str = r#"{"uuid": "0193a1b2-0000-7000-8000-000000000001", "id": 1,
 "title": "Proximus", "template": "sim", "provider": null, "channel": "online", "holder": "a",
 "number": null, "deadline": "2026-12-20", "status": "open", "created_at": "2026-11-30T09:00:00Z",
 "closed_at": null, "note": null, "updated_at": "2026-11-30T09:00:00+01:00", "steps": [
 {"uuid": "0193a1b2-0000-7000-8000-000000000002", "position": 1, "key": "method",
  "title": "Find out", "how": "", "status": "done", "due": null, "due_manual": false,
  "rule": {"kind": "after", "days": 7, "step": "submit"}, "done_at": "2026-12-01", "note": null,
  "updated_at": "2026-12-01T10:00:00Z", "changed": {"status": {"at": "2026-12-01T10:00:00Z",
  "device": "d"}}}]}"#;

    #[test]
    fn reads_a_well_formed_file() {
        let doc = read(minimal("1", CASE).as_bytes()).expect("valid");
        let case = doc.cases[0].to_record();
        assert_eq!(case.updated_at, 1_796_025_600);
        let step = doc.cases[0].steps[0].to_record();
        assert_eq!(
            step.step.rule,
            Some(Rule::AfterStep {
                key: "submit".into(),
                days: 7
            })
        );
        assert_eq!(step.stamps["status"].device, "d");
    }

    #[test]
    fn a_rule_reads_in_the_shape_of_version_3_and_of_the_versions_before() {
        let now = CASE.replace(
            r#"{"kind": "after", "days": 7, "step": "submit"}"#,
            r#"{"after": {"step": "submit", "days": 7}}"#,
        );
        let doc = read(minimal("3", &now).as_bytes()).expect("valid");
        let rule = doc.cases[0].steps[0].to_record().step.rule;
        let old = read(minimal("2", CASE).as_bytes()).expect("valid");
        assert_eq!(rule, old.cases[0].steps[0].to_record().step.rule);
        assert!(rule.is_some());
        // Written back, it takes the one shape.
        let written = serde_json::to_value(&doc.cases[0].steps[0]).expect("step");
        assert_eq!(
            written["rule"],
            serde_json::json!({"after": {"step": "submit", "days": 7}})
        );
        // Neither shape with something more is a rule.
        let odd = CASE.replace(
            r#"{"kind": "after", "days": 7, "step": "submit"}"#,
            r#"{"before_deadline": 7, "kind": "before"}"#,
        );
        assert!(read(minimal("3", &odd).as_bytes()).is_err());
    }

    #[test]
    fn refusals_name_the_problem_and_where() {
        let cases = [
            (
                "{\"format\": \"closeout\",\n \"version\": 1,,}",
                "line 2 column 15",
            ),
            (
                r#"{"format": "taskchampion", "version": 1}"#,
                "not a closeout export",
            ),
            (r#"{"version": 1}"#, "no \"format\""),
            (&minimal("4", "") as &str, "format version 4, newer"),
            (&minimal("\"1\"", ""), "\"version\" is missing"),
            (
                &minimal("1", &CASE.replace("\"done\"", "\"finished\"")),
                "unknown variant `finished`",
            ),
            (
                &minimal("1", &CASE.replace("2026-12-01\"", "2026-12-32\"")),
                "'2026-12-32' is not a day",
            ),
            (
                &minimal("1", &CASE.replace("-000000000002", "-00000000000X")),
                "is not a UUID",
            ),
            (
                &minimal("1", &CASE.replace("\"holder\"", "\"owner\"")),
                "unknown field `owner`",
            ),
            (
                &minimal("1", &format!("{CASE}, {CASE}")),
                "case 2 (uuid 0193a1b2-0000-7000-8000-000000000001): its uuid appears twice",
            ),
            (
                &minimal("1", &CASE.replace("\"position\": 1", "\"position\": 0")),
                "position 0 is below 1",
            ),
            (
                &minimal(
                    "1",
                    &CASE.replace("{\"status\": {\"at\"", "{\"colour\": {\"at\""),
                ),
                "names 'colour'",
            ),
        ];
        for (text, says) in cases {
            let err = read(text.as_bytes()).expect_err(text);
            assert!(err.contains(says), "{text}\n=> {err}\n(expected: {says})");
        }
    }

    /// The streamed check refuses exactly what reading the whole file refuses, with the same
    /// words, and passes what it passes.
    #[test]
    fn the_streamed_check_says_what_the_whole_read_says() {
        let two = format!(
            "{CASE}, {}",
            CASE.replace("8000-000000000", "8000-000000001")
        );
        let bad_event = r#"{"uuid": "0193a1b2-0000-7000-8000-0000000000e1", "at": "2026-11-30T09:00:00Z",
 "case_id": 1, "case_uuid": "0193a1b2-0000-7000-8000-000000000001", "step_uuid": null,
 "step_key": null, "kind": "case.add", "before": null, "after": {"title": "x"}}"#;
        let texts = [
            minimal("1", CASE),
            minimal("2", &two),
            minimal("1", ""),
            "{\"format\": \"closeout\",\n \"version\": 1,,}".to_string(),
            r#"{"format": "taskchampion", "version": 1}"#.to_string(),
            r#"{"version": 1}"#.to_string(),
            minimal("3", ""),
            minimal("3", &CASE.replace("\"holder\"", "\"owner\"")),
            minimal("\"1\"", ""),
            minimal("1", &CASE.replace("\"done\"", "\"finished\"")),
            minimal("1", &CASE.replace("\"holder\"", "\"owner\"")),
            minimal("1", &format!("{CASE}, {CASE}")),
            minimal("1", &CASE.replace("\"position\": 1", "\"position\": 0")),
            // A shape error in a case, a syntax error at the very end: the syntax comes first.
            format!(
                "{} x",
                minimal("1", &CASE.replace("\"done\"", "\"finished\""))
            ),
            // A problem with the history and one with a case, the history written first.
            format!(
                r#"{{"format": "closeout", "version": 2, "events": [{bad_event}], "schema": 2,
  "device": "d", "cases": [{CASE}, {CASE}]}}"#
            ),
            minimal("1", CASE).replace("\"events\": []", "\"events\": [], \"extra\": 1"),
            minimal("1", CASE).replace(", \"events\": []", ""),
            minimal("1", CASE).replace("\"events\": []", "\"events\": [], \"events\": []"),
            format!("\u{feff}{}", minimal("1", CASE)),
        ];
        for text in &texts {
            let whole = read(text.as_bytes()).map(|d| (d.departure, d.cases.len(), d.events.len()));
            let streamed =
                check_stream(|| Ok(text.strip_prefix('\u{feff}').unwrap_or(text).as_bytes()))
                    .map(|c| (c.departure, c.cases, c.events));
            assert_eq!(streamed, whole, "{text}");
        }
        // Each record comes back as read whole, from the start or from where its list begins.
        let good_event = r#"{"uuid": "0193a1b2-0000-7000-8000-0000000000e2", "at": "2026-11-30T09:00:00Z",
 "case_id": 1, "case_uuid": "0193a1b2-0000-7000-8000-000000000001",
 "step_uuid": "0193a1b2-0000-7000-8000-000000000002", "step_key": "method", "kind": "step.done",
 "before": {"status": "pending", "done_at": null}, "after": {"status": "done", "done_at": "2026-11-30"}}"#;
        let with_history = format!(
            "{{\"events\": [{}], \"format\": \"closeout\", \"version\": 2, \"schema\": 2,\n \"device\": \"d\", \"cases\": [{two}]}}",
            good_event
        );
        for text in [minimal("2", &two), minimal("1", ""), with_history] {
            let doc = read(text.as_bytes()).expect("valid");
            let checked = check_stream(|| Ok(text.as_bytes())).expect("valid");
            let (mut cases, mut from_list) = (Vec::new(), Vec::new());
            each_case(text.as_bytes(), |c| {
                cases.push(c);
                Ok(())
            })
            .expect("cases");
            let at = checked.cases_at.expect("where the cases begin") as usize;
            each_case_at(&text.as_bytes()[at..], |c| {
                from_list.push(c);
                Ok(())
            })
            .expect("cases from their list");
            assert_eq!(cases, doc.cases, "{text}");
            assert_eq!(from_list, doc.cases, "{text}");
            let (mut events, mut from_list) = (Vec::new(), Vec::new());
            each_event(text.as_bytes(), |e| {
                events.push(e);
                Ok(())
            })
            .expect("events");
            let at = checked.events_at.expect("where the events begin") as usize;
            each_event_at(&text.as_bytes()[at..], |e| {
                from_list.push(e);
                Ok(())
            })
            .expect("events from their list");
            assert_eq!(events, doc.events, "{text}");
            assert_eq!(from_list, doc.events, "{text}");
        }
    }

    /// A file laid out as `Writer` writes it is checked and read line by line, with the same
    /// records as the whole read; laid out any other way, the general reader reads it.
    #[test]
    fn a_file_in_the_writers_layout_is_read_line_by_line() {
        let doc = read(minimal("3", CASE).as_bytes()).expect("valid");
        let event = r#"{"uuid":"0193a1b2-0000-7000-8000-0000000000e2","at":"2026-11-30T09:00:00Z","case_id":1,"case_uuid":"0193a1b2-0000-7000-8000-000000000001","step_uuid":null,"step_key":null,"kind":"case.note","before":{"note":null},"after":{"note":"x"}}"#;
        let case = serde_json::to_string(&doc.cases[0]).expect("case");
        let two = case.replace("8000-000000000", "8000-000000001");
        let layout = |cases: &[&str], events: &[&str], departure: bool| {
            let list = |items: &[&str], close: &str| match items {
                [] => format!("[]{close}"),
                _ => format!("[\n    {}\n  ]{close}", items.join(",\n    ")),
            };
            format!(
                "{{\n  \"format\": \"closeout\",\n  \"version\": 3,\n  \"schema\": 7,\n  \"device\": \"d\",\n{}  \"cases\": {}\n  \"events\": {}\n}}\n",
                if departure {
                    "  \"departure\": {\"day\":\"2026-12-20\",\"at\":\"2026-11-30T09:00:00Z\",\"device\":\"d\"},\n"
                } else {
                    ""
                },
                list(cases, ","),
                list(events, "")
            )
        };
        let texts = [
            layout(&[&case, &two], &[event], true),
            layout(&[&case], &[], false),
            layout(&[], &[event], false),
            layout(&[], &[], true),
        ];
        for text in &texts {
            let whole = read(text.as_bytes()).expect("valid");
            let checked = check_stream(|| Ok(text.as_bytes())).expect("valid");
            assert!(checked.lines, "{text}");
            assert_eq!(
                (checked.departure.clone(), checked.cases, checked.events),
                (
                    whole.departure.clone(),
                    whole.cases.len(),
                    whole.events.len()
                )
            );
            let (mut cases, mut events) = (Vec::new(), Vec::new());
            let at = checked.cases_at.expect("cases") as usize;
            each_case_line(&text.as_bytes()[at..], checked.cases, |c| {
                cases.push(c);
                Ok(())
            })
            .expect("cases");
            let at = checked.events_at.expect("events") as usize;
            each_event_line(&text.as_bytes()[at..], checked.events, |e| {
                events.push(e);
                Ok(())
            })
            .expect("events");
            assert_eq!((cases, events), (whole.cases, whole.events), "{text}");
        }
        // Not the layout: pretty-printed, one line, a list's lines split, an older version, a
        // trailing comma, text after the end. Each is read as JSON in general.
        let full = &texts[0];
        let pretty =
            serde_json::to_string_pretty(&serde_json::from_str::<Value>(full).expect("json"))
                .expect("pretty");
        let others = [
            pretty,
            full.replace('\n', ""),
            full.replace(",\n    {", ",\n\n    {"),
            full.replace("\"version\": 3", "\"version\": 2"),
            full.replace("\n  ],\n  \"events\"", ",\n  ],\n  \"events\""),
            format!("{full} "),
        ];
        for text in &others {
            let whole = read(text.as_bytes()).map(|d| (d.departure, d.cases.len(), d.events.len()));
            let checked = check_stream(|| Ok(text.as_bytes()));
            assert!(
                checked.as_ref().is_err() || checked.as_ref().is_ok_and(|c| !c.lines),
                "{text}"
            );
            assert_eq!(
                checked.map(|c| (c.departure, c.cases, c.events)),
                whole,
                "{text}"
            );
        }
    }

    #[test]
    fn shape_errors_carry_a_line_and_column() {
        let text = minimal("1", &CASE.replace("\"done\"", "\"finished\""));
        let err = read(text.as_bytes()).expect_err("bad status");
        assert!(err.contains(" at line "), "{err}");
    }
}
