//! iCalendar (RFC 5545) content lines: TEXT escaping, folding at 75 octets, CRLF line ends.
//!
//! Written here rather than taken from the `icalendar` crate (0.17), which is used in the tests
//! to read the output back: its folding lets a continuation line reach 76 octets when the rest
//! of a line is 75 bytes long, it gives every VALARM a DTSTAMP from the system clock and a random
//! UID (so two exports of the same data differ), and it passes a carriage return inside a text
//! value through unescaped. The format itself is small enough to get exactly right in one place.

use chrono::{DateTime, NaiveDate, Utc};
use std::io::{self, Write};

/// Longest content line in octets, not counting the CRLF (RFC 5545, section 3.1).
const LINE_OCTETS: usize = 75;

/// Escapes a TEXT value (RFC 5545, section 3.3.11): backslash, semicolon, comma and line breaks
/// (LF, CRLF or a lone CR, all read as one newline). Other control characters, which TEXT does not
/// allow, are dropped; a tab stays.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 8);
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

/// Folds one content line: at most 75 octets per physical line, each continuation starting with
/// a space (which counts in its 75), never cutting a UTF-8 character in two. Lines are joined by
/// CRLF; the last one has no line end.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 25);
    let mut rest = line;
    let mut room = LINE_OCTETS;
    loop {
        if rest.len() <= room {
            out.push_str(rest);
            return out;
        }
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space of a continuation line takes one octet.
        room = LINE_OCTETS - 1;
    }
}

/// Writes content lines to `out`.
pub struct IcsWriter<'w> {
    out: &'w mut dyn Write,
}

impl<'w> IcsWriter<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        IcsWriter { out }
    }

    /// A line whose value is written as given: the caller vouches that it is valid for `name`.
    pub fn raw(&mut self, name: &str, value: &str) -> io::Result<()> {
        let line = fold(&format!("{name}:{value}"));
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\r\n")
    }

    pub fn begin(&mut self, component: &str) -> io::Result<()> {
        self.raw("BEGIN", component)
    }

    pub fn end(&mut self, component: &str) -> io::Result<()> {
        self.raw("END", component)
    }

    /// A TEXT property, escaped.
    pub fn text(&mut self, name: &str, value: &str) -> io::Result<()> {
        self.raw(name, &escape_text(value))
    }

    /// A DATE property: `NAME;VALUE=DATE:20261220`.
    pub fn date(&mut self, name: &str, day: NaiveDate) -> io::Result<()> {
        self.raw(
            &format!("{name};VALUE=DATE"),
            &day.format("%Y%m%d").to_string(),
        )
    }

    /// A DATE-TIME property in UTC: `NAME:20261220T080000Z`.
    pub fn utc(&mut self, name: &str, at: DateTime<Utc>) -> io::Result<()> {
        self.raw(name, &utc_text(at))
    }
}

/// A DATE-TIME in UTC as iCalendar writes it.
pub fn utc_text(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

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
