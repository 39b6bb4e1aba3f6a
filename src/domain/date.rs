//! The date grammar users type (`2026-12-20`, `today`, `+3d`, `friday`) and its resolution against today.
//!
//! Parsing is pure syntax and needs no clock, so the command line can reject a bad date with a usage
//! error before anything is opened; `resolve` turns the parsed form into a day, given today.

use crate::msg::Msg;
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use std::fmt;
use std::str::FromStr;

/// The forms accepted wherever a DATE is asked for; shown in every date error.
pub const DATE_FORMS: &str = "YYYY-MM-DD, today, tomorrow, yesterday, +3d, -1d, +2w, +1m, \
     a weekday name such as friday, or 今天, 明天, 后天, 周五, 下周五, 3天后, 12月20日";

/// Reads a stored `YYYY-MM-DD` day. Hand-written because it runs once per row of long lists, where
/// a general format parser costs more than the query.
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if !looks_like_iso(s) {
        return None;
    }
    let num =
        |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
    NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10))
}

/// Writes a day as `YYYY-MM-DD` (years 0 to 9999, the only ones closeout accepts or stores).
pub fn iso(d: NaiveDate) -> String {
    let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
    let digits = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        10,
        m / 10,
        m % 10,
        10,
        day / 10,
        day % 10,
    ];
    digits
        .iter()
        .map(|&n| {
            if n == 10 {
                '-'
            } else {
                char::from(b'0' + n as u8)
            }
        })
        .collect()
}

/// A date as the user wrote it, not yet tied to a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSpec {
    Exact(NaiveDate),
    /// Days from today, negative for the past (`today` is 0, `+2w` is 14).
    Days(i64),
    /// Calendar months from today; a day past the target month's end lands on its last day.
    Months(i64),
    /// The next such weekday strictly after today.
    Next(Weekday),
    /// That weekday in next calendar week (Monday to Sunday): 下周五.
    NextWeek(Weekday),
    /// The next occurrence of this month and day, today included: 12月20日.
    MonthDay(u32, u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    input: String,
    reason: Reason,
}

/// Why text is not a date, beyond not matching any form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reason {
    Unknown,
    /// The form is right but the day does not exist (2026-02-30, 2月30日).
    NoSuchDay,
    /// Not a date, and not `none` either (for `due`).
    NorNone,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = match self.reason {
            Reason::Unknown => String::new(),
            Reason::NoSuchDay => Msg::NoSuchDay.to_string(),
            Reason::NorNone => Msg::NorNone.to_string(),
        };
        let msg = Msg::NotADate {
            input: &self.input,
            reason: &reason,
            forms: DATE_FORMS,
        };
        write!(f, "{msg}")
    }
}

impl std::error::Error for DateError {}

/// Largest offset accepted, so that every resolution stays far inside chrono's range.
const MAX_OFFSET_DAYS: i64 = 100 * 366;

impl FromStr for DateSpec {
    type Err = DateError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let fail = |reason| DateError {
            input: input.to_string(),
            reason,
        };
        let s = input.trim().to_lowercase();
        match s.as_str() {
            "today" => return Ok(Self::Days(0)),
            "tomorrow" => return Ok(Self::Days(1)),
            "yesterday" => return Ok(Self::Days(-1)),
            _ => {}
        }
        if let Some(day) = weekday(&s) {
            return Ok(Self::Next(day));
        }
        if let Some(chinese) = super::date_zh::parse(&s) {
            return chinese.map_err(fail);
        }
        if let Some(rest) = s
            .strip_prefix('+')
            .map(|r| (1, r))
            .or(s.strip_prefix('-').map(|r| (-1, r)))
        {
            return offset(rest.0, rest.1).ok_or_else(|| fail(Reason::Unknown));
        }
        if looks_like_iso(&s) {
            return parse_iso(&s)
                .map(Self::Exact)
                .ok_or_else(|| fail(Reason::NoSuchDay));
        }
        Err(fail(Reason::Unknown))
    }
}

/// `YYYY-MM-DD` in shape (four, two and two digits), whether or not the day exists.
fn looks_like_iso(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn offset(sign: i64, rest: &str) -> Option<DateSpec> {
    let unit = rest.chars().last()?;
    let digits = &rest[..rest.len() - unit.len_utf8()];
    if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    let spec = match unit {
        'd' => DateSpec::Days(sign * n),
        'w' => DateSpec::Days(sign * n * 7),
        'm' => DateSpec::Months(sign * n),
        _ => return None,
    };
    let too_far = match spec {
        DateSpec::Days(d) => d.abs() > MAX_OFFSET_DAYS,
        DateSpec::Months(m) => m.abs() * 31 > MAX_OFFSET_DAYS,
        _ => false,
    };
    (!too_far).then_some(spec)
}

fn weekday(s: &str) -> Option<Weekday> {
    const NAMES: [(&str, &str, Weekday); 7] = [
        ("monday", "mon", Weekday::Mon),
        ("tuesday", "tue", Weekday::Tue),
        ("wednesday", "wed", Weekday::Wed),
        ("thursday", "thu", Weekday::Thu),
        ("friday", "fri", Weekday::Fri),
        ("saturday", "sat", Weekday::Sat),
        ("sunday", "sun", Weekday::Sun),
    ];
    NAMES
        .iter()
        .find(|(long, short, _)| s == *long || s == *short)
        .map(|(_, _, d)| *d)
}

impl DateSpec {
    /// The day this spec names when today is `today`. Offsets are bounded at parse time, so this
    /// only fails for an exact date at the very edge of the calendar, which it reports as `None`.
    pub fn resolve(self, today: NaiveDate) -> Option<NaiveDate> {
        match self {
            Self::Exact(d) => Some(d),
            Self::Days(n) if n >= 0 => today.checked_add_days(Days::new(n.unsigned_abs())),
            Self::Days(n) => today.checked_sub_days(Days::new(n.unsigned_abs())),
            // chrono clamps to the target month's last day (Jan 31 + 1m = Feb 28/29).
            Self::Months(n) if n >= 0 => {
                today.checked_add_months(Months::new(u32::try_from(n).ok()?))
            }
            Self::Months(n) => today.checked_sub_months(Months::new(u32::try_from(-n).ok()?)),
            Self::Next(day) => {
                let ahead = (7 + day.num_days_from_monday() as i64
                    - today.weekday().num_days_from_monday() as i64)
                    % 7;
                let ahead = if ahead == 0 { 7 } else { ahead };
                today.checked_add_days(Days::new(ahead.unsigned_abs()))
            }
            Self::NextWeek(day) => {
                let monday = today.checked_sub_days(Days::new(u64::from(
                    today.weekday().num_days_from_monday(),
                )))?;
                monday.checked_add_days(Days::new(7 + u64::from(day.num_days_from_monday())))
            }
            Self::MonthDay(month, day) => (today.year()..=today.year() + 8)
                .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
                .find(|d| *d >= today),
        }
    }
}

impl fmt::Display for DateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exact(d) => write!(f, "{d}"),
            Self::Days(n) => write!(f, "{n:+}d"),
            Self::Months(n) => write!(f, "{n:+}m"),
            Self::Next(d) => write!(f, "{d}"),
            Self::NextWeek(d) => write!(f, "next week's {d}"),
            Self::MonthDay(m, d) => write!(f, "{m}月{d}日"),
        }
    }
}

/// `DATE` or `none`, as `due` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueSpec {
    On(DateSpec),
    Clear,
}

impl FromStr for DueSpec {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().eq_ignore_ascii_case("none") {
            Ok(Self::Clear)
        } else {
            s.parse().map(Self::On).map_err(|mut e: DateError| {
                if e.reason == Reason::Unknown {
                    e.reason = Reason::NorNone;
                }
                e
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    // 2026-11-30 is a Monday.
    #[rstest]
    #[case::iso("2026-12-20", "2026-12-20")]
    #[case::today("today", "2026-11-30")]
    #[case::today_upper("Today", "2026-11-30")]
    #[case::tomorrow("tomorrow", "2026-12-01")]
    #[case::yesterday("yesterday", "2026-11-29")]
    #[case::plus_days("+3d", "2026-12-03")]
    #[case::minus_day("-1d", "2026-11-29")]
    #[case::plus_weeks("+2w", "2026-12-14")]
    #[case::plus_month("+1m", "2026-12-30")]
    #[case::minus_month("-1m", "2026-10-30")]
    #[case::zero("+0d", "2026-11-30")]
    #[case::friday("friday", "2026-12-04")]
    #[case::fri("fri", "2026-12-04")]
    #[case::same_weekday_is_next_week("monday", "2026-12-07")]
    #[case::sunday("sunday", "2026-12-06")]
    fn resolves(#[case] input: &str, #[case] expected: &str) {
        let spec: DateSpec = input.parse().expect("valid date");
        assert_eq!(spec.resolve(d("2026-11-30")), Some(d(expected)));
    }

    #[rstest]
    #[case::jan31_plus_month("2026-01-31", "2026-02-28")]
    #[case::leap_year("2028-01-31", "2028-02-29")]
    #[case::mar31_plus_month_to_april("2026-03-31", "2026-04-30")]
    fn month_past_a_short_months_end_lands_on_its_last_day(
        #[case] today: &str,
        #[case] expected: &str,
    ) {
        let spec: DateSpec = "+1m".parse().expect("valid");
        assert_eq!(spec.resolve(d(today)), Some(d(expected)));
    }

    #[rstest]
    #[case::impossible_day("2026-02-30")]
    #[case::month_13("2026-13-01")]
    #[case::empty("")]
    #[case::words("next week")]
    #[case::no_unit("+3")]
    #[case::bad_unit("+3y")]
    #[case::no_number("+d")]
    #[case::double_sign("+-3d")]
    #[case::huge("+99999999999d")]
    #[case::slashes("20/12/2026")]
    #[case::short_iso("2026-1-5")]
    #[case::chinese_no_such_day("2月30日")]
    #[case::chinese_words("下个周末")]
    fn rejects(#[case] input: &str) {
        let err = input.parse::<DateSpec>().expect_err("invalid date");
        assert!(err.to_string().contains(DATE_FORMS), "{err}");
    }

    #[test]
    fn impossible_date_says_why() {
        let err = "2026-02-30".parse::<DateSpec>().expect_err("invalid");
        assert!(err.to_string().contains("no such day"), "{err}");
    }

    #[test]
    fn iso_days_round_trip() {
        for s in ["2026-11-30", "0001-01-01", "9999-12-31", "2028-02-29"] {
            assert_eq!(parse_iso(s).map(iso).as_deref(), Some(s));
            assert_eq!(parse_iso(s), NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        }
        for bad in ["2026-02-30", "2026-1-01", "", "2026-11-30x", "abcd-ef-gh"] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }

    #[test]
    fn due_accepts_none_and_dates() {
        assert_eq!("none".parse::<DueSpec>(), Ok(DueSpec::Clear));
        assert_eq!(
            "2026-12-01".parse::<DueSpec>(),
            Ok(DueSpec::On(DateSpec::Exact(d("2026-12-01"))))
        );
        assert!("nope".parse::<DueSpec>().is_err());
        let err = "2026-02-30".parse::<DueSpec>().expect_err("no such day");
        assert!(err.to_string().contains("no such day"), "{err}");
    }

    #[test]
    fn largest_offsets_still_resolve() {
        for s in ["+36600d", "-36600d", "+1180m", "-1180m", "+5228w"] {
            let spec: DateSpec = s.parse().expect("in range");
            assert!(spec.resolve(d("2026-11-30")).is_some(), "{s}");
        }
    }
}
