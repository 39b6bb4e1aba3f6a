//! The current time, read once at the edge: `CLOSEOUT_NOW` when set, else the system clock.

use crate::error::Failure;
use chrono::{DateTime, FixedOffset, Local, NaiveDate, TimeZone};

#[derive(Debug, Clone, Copy)]
pub struct Now {
    pub at: DateTime<FixedOffset>,
    /// The local calendar day of `at`.
    pub today: NaiveDate,
}

impl Now {
    pub fn at(at: DateTime<FixedOffset>) -> Now {
        Now {
            at,
            today: at.with_timezone(&Local).date_naive(),
        }
    }

    pub fn from_env() -> Result<Now, Failure> {
        match std::env::var("CLOSEOUT_NOW") {
            Ok(text) if !text.trim().is_empty() => parse(&text).map(Now::at).ok_or_else(|| {
                Failure::Usage(crate::msg::Msg::BadClock { value: &text }.to_string())
            }),
            _ => Ok(Now::at(Local::now().fixed_offset())),
        }
    }
}

/// RFC 3339, or a bare date meaning local midnight of that day.
fn parse(text: &str) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t);
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let midnight = day.and_hms_opt(0, 0, 0)?;
    Local
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rfc3339_and_bare_dates() {
        let t = parse("2026-11-30T09:15:00+01:00").expect("rfc3339");
        assert_eq!(t.to_rfc3339(), "2026-11-30T09:15:00+01:00");
        let d = parse("2026-11-30").expect("date");
        assert_eq!(
            d.with_timezone(&Local).date_naive(),
            NaiveDate::from_ymd_opt(2026, 11, 30).expect("valid")
        );
        assert!(parse("yesterday").is_none());
        assert!(parse("2026-02-30").is_none());
    }
}
