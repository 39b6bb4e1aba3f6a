//! iCalendar (RFC 5545) content lines: TEXT escaping, folding at 75 octets, CRLF line ends.
//!
//! Written here rather than taken from the `icalendar` crate (0.17), which is used in the tests
//! to read the output back: its folding lets a continuation line reach 76 octets when the rest
//! of a line is 75 bytes long, it gives every VALARM a DTSTAMP from the system clock and a random
//! UID (so two exports of the same data differ), and it passes a carriage return inside a text
//! value through unescaped. The format itself is small enough to get exactly right in one place.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use std::io::{self, Write};

/// Longest content line in octets, not counting the CRLF (RFC 5545, section 3.1).
const LINE_OCTETS: usize = 75;

/// Escapes a TEXT value (RFC 5545, section 3.3.11): backslash, semicolon, comma and line breaks
/// (LF, CRLF or a lone CR, all read as one newline). Other control characters, which TEXT does not
/// allow, are dropped; a tab stays.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 8);
    escape_into(&mut out, value);
    out
}

/// `escape_text`, appended to `out`: runs that need no escaping are copied whole.
fn escape_into(out: &mut String, value: &str) {
    let bytes = value.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Every byte that needs a change is ASCII, so a cut here never splits a character.
        let swap: Option<&str> = match b {
            b'\\' => Some("\\\\"),
            b';' => Some("\\;"),
            b',' => Some("\\,"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\n"),
            b'\t' => None,
            b if b.is_ascii_control() => Some(""),
            _ => None,
        };
        if let Some(with) = swap {
            out.push_str(&value[plain..i]);
            out.push_str(with);
            // CRLF is one newline.
            if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            plain = i + 1;
        }
        i += 1;
    }
    out.push_str(&value[plain..]);
}

/// Folds one content line: at most 75 octets per physical line, each continuation starting with
/// a space (which counts in its 75), never cutting a UTF-8 character in two. Lines are joined by
/// CRLF; the last one has no line end.
pub fn fold(line: &str) -> String {
    let mut out = Vec::with_capacity(line.len() + line.len() / 25);
    // Writing into memory cannot fail.
    let _ = write_folded(&mut out, line);
    String::from_utf8(out).unwrap_or_default()
}

/// `fold`, written to `out` piece by piece.
fn write_folded(out: &mut dyn Write, line: &str) -> io::Result<()> {
    let mut rest = line;
    let mut room = LINE_OCTETS;
    loop {
        if rest.len() <= room {
            return out.write_all(rest.as_bytes());
        }
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.write_all(&rest.as_bytes()[..cut])?;
        out.write_all(b"\r\n ")?;
        rest = &rest[cut..];
        // The leading space of a continuation line takes one octet.
        room = LINE_OCTETS - 1;
    }
}

/// Writes content lines to `out`, each built in one buffer kept from line to line.
pub struct IcsWriter<'w> {
    out: &'w mut dyn Write,
    line: String,
}

impl<'w> IcsWriter<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        IcsWriter {
            out,
            line: String::with_capacity(256),
        }
    }

    /// Starts a line: `NAME:`, the value to follow.
    fn name(&mut self, name: &str, param: &str) {
        self.line.clear();
        self.line.push_str(name);
        self.line.push_str(param);
        self.line.push(':');
    }

    /// Folds and writes the line built.
    fn emit(&mut self) -> io::Result<()> {
        write_folded(self.out, &self.line)?;
        self.out.write_all(b"\r\n")
    }

    /// A line whose value is written as given: the caller vouches that it is valid for `name`.
    pub fn raw(&mut self, name: &str, value: &str) -> io::Result<()> {
        self.name(name, "");
        self.line.push_str(value);
        self.emit()
    }

    pub fn begin(&mut self, component: &str) -> io::Result<()> {
        self.raw("BEGIN", component)
    }

    pub fn end(&mut self, component: &str) -> io::Result<()> {
        self.raw("END", component)
    }

    /// A TEXT property, escaped.
    pub fn text(&mut self, name: &str, value: &str) -> io::Result<()> {
        self.name(name, "");
        escape_into(&mut self.line, value);
        self.emit()
    }

    /// A DATE property: `NAME;VALUE=DATE:20261220`.
    pub fn date(&mut self, name: &str, day: NaiveDate) -> io::Result<()> {
        self.name(name, ";VALUE=DATE");
        push_day(&mut self.line, day);
        self.emit()
    }

    /// A DATE-TIME property in UTC: `NAME:20261220T080000Z`.
    pub fn utc(&mut self, name: &str, at: DateTime<Utc>) -> io::Result<()> {
        self.name(name, "");
        push_utc(&mut self.line, at);
        self.emit()
    }
}

/// `YYYYMMDD`, as chrono's `%Y%m%d` writes it, without reading a format string each time.
fn push_day(out: &mut String, day: NaiveDate) {
    let (y, m, d) = (day.year(), day.month(), day.day());
    match u32::try_from(y) {
        Ok(y) if y <= 9999 => {
            push_digits(out, y, 4);
            push_digits(out, m, 2);
            push_digits(out, d, 2);
        }
        _ => {
            use std::fmt::Write as _;
            let _ = write!(out, "{}", day.format("%Y%m%d"));
        }
    }
}

/// `YYYYMMDDTHHMMSSZ`.
fn push_utc(out: &mut String, at: DateTime<Utc>) {
    push_day(out, at.date_naive());
    out.push('T');
    push_digits(out, at.hour(), 2);
    push_digits(out, at.minute(), 2);
    push_digits(out, at.second(), 2);
    out.push('Z');
}

/// The last `width` decimal digits of `n`, zero-padded: a calendar writes a date or a time on
/// every other line, and `write!` took most of the time of writing one.
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = n / 10u32.pow(place) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

/// A DATE-TIME in UTC as iCalendar writes it.
pub fn utc_text(at: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(16);
    push_utc(&mut out, at);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn dates_and_times_are_written_with_every_digit() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("day");
        let mut out = String::new();
        for (d, text) in [
            (day(2026, 12, 20), "20261220"),
            (day(2027, 1, 5), "20270105"),
            (day(5, 9, 1), "00050901"),
            (day(9999, 12, 31), "99991231"),
        ] {
            out.clear();
            push_day(&mut out, d);
            assert_eq!(out, text);
        }
        let at = |text: &str| {
            DateTime::parse_from_rfc3339(text)
                .expect("time")
                .with_timezone(&Utc)
        };
        assert_eq!(
            utc_text(at("2026-11-30T09:05:07+01:00")),
            "20261130T080507Z"
        );
        assert_eq!(utc_text(at("2027-01-01T00:00:00Z")), "20270101T000000Z");
        assert_eq!(utc_text(at("2026-12-31T23:59:59Z")), "20261231T235959Z");
    }

    #[rstest]
    #[case::plain("Gather documents", "Gather documents")]
    #[case::comma("ID, SIM card", "ID\\, SIM card")]
    #[case::semicolon("a; b", "a\\; b")]
    #[case::backslash("C:\\path", "C:\\\\path")]
    #[case::backslash_before_n("\\n is not a newline", "\\\\n is not a newline")]
    #[case::newline("line 1\nline 2", "line 1\\nline 2")]
    #[case::crlf("line 1\r\nline 2", "line 1\\nline 2")]
    #[case::lone_cr("line 1\rline 2", "line 1\\nline 2")]
    #[case::colon_and_quotes("\"My account\": cancel", "\"My account\": cancel")]
    #[case::tab_stays("a\tb", "a\tb")]
    #[case::controls_dropped("a\u{7}b\u{1b}c\u{7f}", "abc")]
    #[case::chinese("注销，手机卡；备注", "注销，手机卡；备注")]
    #[case::all(",;\\\n", "\\,\\;\\\\\\n")]
    fn escapes_text(#[case] input: &str, #[case] expected: &str) {
        assert_eq!(escape_text(input), expected);
    }

    /// The escaping as first written, a character at a time: the run-copying one must agree.
    fn escape_by_char(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.push_str("\\\\"),
                ';' => out.push_str("\\;"),
                ',' => out.push_str("\\,"),
                '\n' => out.push_str("\\n"),
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    out.push_str("\\n");
                }
                '\t' => out.push('\t'),
                c if c.is_ascii_control() => {}
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn escaping_agrees_with_the_character_by_character_rule(
            value in "[a-z注;,\\\\\r\n\t\u{1}\u{7f}é ]{0,40}"
        ) {
            proptest::prop_assert_eq!(escape_text(&value), escape_by_char(&value));
        }
    }

    #[test]
    fn days_and_times_are_written_as_chrono_formats_them() {
        for (y, m, d) in [
            (2026, 12, 5),
            (1, 1, 1),
            (999, 10, 31),
            (9999, 12, 31),
            (10000, 1, 1),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).expect("date");
            let mut out = String::new();
            push_day(&mut out, day);
            assert_eq!(out, day.format("%Y%m%d").to_string());
            let at = day.and_hms_opt(7, 5, 9).expect("time").and_utc();
            assert_eq!(utc_text(at), at.format("%Y%m%dT%H%M%SZ").to_string());
        }
    }

    /// Folding undone as RFC 5545 says: a CRLF followed by one space or tab disappears.
    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "").replace("\r\n\t", "")
    }

    fn check_folded(line: &str) {
        let folded = fold(line);
        assert_eq!(unfold(&folded), line);
        for (i, physical) in folded.split("\r\n").enumerate() {
            assert!(
                physical.len() <= LINE_OCTETS,
                "{} octets: {physical:?}",
                physical.len()
            );
            assert!(i == 0 || physical.starts_with(' '), "{physical:?}");
            // Each physical line is whole UTF-8 on its own: no character was cut.
            assert!(std::str::from_utf8(physical.as_bytes()).is_ok());
        }
        assert_eq!(folded.matches('\n').count(), folded.matches("\r\n").count());
    }

    #[test]
    fn short_lines_stay_whole() {
        assert_eq!(fold("SUMMARY:short"), "SUMMARY:short");
        let exactly = "x".repeat(75);
        assert_eq!(fold(&exactly), exactly);
    }

    #[test]
    fn a_76_octet_line_folds_once() {
        let line = "x".repeat(76);
        assert_eq!(fold(&line), format!("{}\r\n x", "x".repeat(75)));
    }

    #[test]
    fn continuation_lines_count_their_leading_space() {
        // 75 + 74 + 1: the second physical line is a space and 74 octets, not 75.
        let line = "x".repeat(150);
        let folded = fold(&line);
        let lines: Vec<&str> = folded.split("\r\n").collect();
        assert_eq!(
            lines.iter().map(|l| l.len()).collect::<Vec<_>>(),
            [75, 75, 2]
        );
    }

    #[test]
    fn every_length_and_alphabet_folds_within_75_octets_without_cutting_a_character() {
        // One to four octets per character, and mixes, at every length up to a few lines.
        for fill in ["x", "é", "注", "📱", "a注b", "注销 Proximus 卡，", "a b"] {
            let mut line = String::from("DESCRIPTION:");
            while line.len() < 400 {
                check_folded(&line);
                line.push_str(fill);
            }
        }
    }

    #[test]
    fn the_writer_ends_every_line_with_crlf() {
        let mut out = Vec::new();
        let mut w = IcsWriter::new(&mut out);
        w.begin("VTODO").expect("write");
        w.text("SUMMARY", "a,b").expect("write");
        w.date("DUE", NaiveDate::from_ymd_opt(2026, 12, 5).expect("date"))
            .expect("write");
        w.utc(
            "DTSTAMP",
            DateTime::parse_from_rfc3339("2026-11-30T09:00:00+01:00")
                .expect("time")
                .to_utc(),
        )
        .expect("write");
        w.end("VTODO").expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "BEGIN:VTODO\r\nSUMMARY:a\\,b\r\nDUE;VALUE=DATE:20261205\r\nDTSTAMP:20261130T080000Z\r\nEND:VTODO\r\n"
        );
    }
}
