//! Files other programs (and other closeout databases) read and write: closeout's own JSON, CSV
//! for spreadsheets, and Taskwarrior's import JSON. No SQL and no terminal here: records in,
//! bytes out, and bytes in, checked records out.

pub mod closeout;
pub mod csv;
pub mod taskwarrior;
pub mod vtodo;

use chrono::{DateTime, FixedOffset, Local, SecondsFormat, Utc};

/// An instant (seconds since the epoch) as RFC 3339 in UTC: `2026-11-30T09:00:00Z`.
pub fn utc_text(secs: i64) -> String {
    DateTime::<Utc>::from_timestamp(secs, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An instant in the local time zone, as the rest of closeout shows it.
pub fn local(secs: i64) -> DateTime<FixedOffset> {
    DateTime::<Utc>::from_timestamp(secs, 0)
        .unwrap_or_default()
        .with_timezone(&Local)
        .fixed_offset()
}

/// What kind of file an import was given, from its first character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{ "format": "closeout", ... }`
    Closeout,
    /// `[ {task}, ... ]`, as `task export` writes it.
    Taskwarrior,
    /// Neither: not JSON, or empty.
    Unknown,
}

/// Guesses the kind of an import file; the readers then check it properly.
pub fn kind(bytes: &[u8]) -> Kind {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Kind::Closeout,
        Some(b'[') => Kind::Taskwarrior,
        _ => Kind::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_first_character() {
        assert_eq!(kind(b"  {\"format\": 1}"), Kind::Closeout);
        assert_eq!(kind(b"\xEF\xBB\xBF\n[]"), Kind::Taskwarrior);
        assert_eq!(kind(b"case_id,title"), Kind::Unknown);
        assert_eq!(kind(b""), Kind::Unknown);
    }

    #[test]
    fn instants_in_utc() {
        assert_eq!(utc_text(1_796_115_600), "2026-12-01T09:00:00Z");
    }
}
