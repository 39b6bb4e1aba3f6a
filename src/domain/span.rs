//! Lengths of time users type for a reminder window or a snooze: `3d`, `2w`, `0d`, and in
//! Chinese `3天`, `2周`.
//!
//! A span is a whole number of days; weeks are seven of them. Months are left out on purpose: "a
//! month" from a due date depends on the month, and a window or a snooze has no use for that.

use crate::msg::Msg;
use chrono::{Days, NaiveDate};
use std::fmt;
use std::str::FromStr;

/// Largest span accepted (about a hundred years), so that adding it to any day stays in range.
const MAX_DAYS: u64 = 100 * 366;

/// A whole number of days, never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    days: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpanError {
    input: String,
    reason: Option<Msg<'static>>,
}

impl SpanError {
    /// The message with `forms` as the list of what is accepted.
    fn said(&self, forms: Msg) -> String {
        let reason = self.reason.as_ref().map(Msg::to_string).unwrap_or_default();
        let forms = forms.to_string();
        Msg::NotADuration {
            input: &self.input,
            reason: &reason,
            forms: &forms,
        }
        .to_string()
    }

    /// The message for `snooze`, which refuses `0d` and so does not offer it.
    pub fn for_snooze(&self) -> String {
        self.said(Msg::SnoozeForms)
    }
}

impl fmt::Display for SpanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said(Msg::SpanForms))
    }
}

impl std::error::Error for SpanError {}

impl Span {
    pub fn days(n: u64) -> Span {
        Span { days: n }
    }

    pub fn in_days(self) -> u64 {
        self.days
    }

    pub fn is_zero(self) -> bool {
        self.days == 0
    }

    /// `day` moved this many days later, or `None` past the last day closeout stores
    /// (9999-12-31).
    pub fn after(self, day: NaiveDate) -> Option<NaiveDate> {
        day.checked_add_days(Days::new(self.days))
            .filter(|d| crate::domain::date::in_calendar(*d))
    }
}

impl FromStr for Span {
    type Err = SpanError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let fail = |reason| SpanError {
            input: input.to_string(),
            reason,
        };
        let s = input.trim().to_lowercase().replace(' ', "");
        let s = s
            .strip_suffix("星期")
            .map_or(s.clone(), |n| format!("{n}w"));
        if s.starts_with('-') {
            return Err(fail(Some(Msg::SpanNegative)));
        }
        let s = s.strip_prefix('+').unwrap_or(&s);
        let Some(unit) = s.chars().last() else {
            return Err(fail(None));
        };
        let digits = &s[..s.len() - unit.len_utf8()];
        if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(fail(None));
        }
        let n: u64 = digits.parse().map_err(|_| fail(None))?;
        let days = match unit {
            'd' | '天' | '日' => n,
            'w' | '周' | '週' => n * 7,
            _ => return Err(fail(None)),
        };
        if days > MAX_DAYS {
            return Err(fail(Some(Msg::SpanTooLong)));
        }
        Ok(Span { days })
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}d", self.days)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::days("3d", 3)]
    #[case::weeks("2w", 14)]
    #[case::zero("0d", 0)]
    #[case::zero_weeks("0w", 0)]
    #[case::upper("3D", 3)]
    #[case::plus("+3d", 3)]
    #[case::spaces(" 5d ", 5)]
    #[case::leading_zero("07d", 7)]
    #[case::largest("36600d", 36600)]
    #[case::largest_weeks("5228w", 36596)]
    fn parses(#[case] input: &str, #[case] days: u64) {
        assert_eq!(input.parse::<Span>(), Ok(Span::days(days)));
    }

    #[rstest]
    #[case::empty("")]
    #[case::no_unit("3")]
    #[case::no_number("d")]
    #[case::month("1m")]
    #[case::year("1y")]
    #[case::words("3 days")]
    #[case::double_sign("+-3d")]
    #[case::fraction("1.5d")]
    #[case::too_long("999999d")]
    #[case::too_far("36601d")]
    #[case::chinese("三天")]
    #[case::date("2026-12-01")]
    fn rejects(#[case] input: &str) {
        let err = input.parse::<Span>().expect_err("not a span");
        assert!(err.to_string().contains("3d, 2w, 0d, 3天 or 2周"), "{err}");
    }

    #[test]
    fn chinese_units_are_days_and_weeks() {
        for (text, days) in [
            ("3天", 3),
            ("2 天", 2),
            ("1周", 7),
            ("2週", 14),
            ("2星期", 14),
            ("5日", 5),
        ] {
            assert_eq!(text.parse::<Span>().map(Span::in_days), Ok(days), "{text}");
        }
        assert!("3个月".parse::<Span>().is_err());
        assert!("天".parse::<Span>().is_err());
    }

    #[test]
    fn after_stops_at_the_last_day_closeout_stores() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
        assert_eq!(
            Span::days(1).after(day("9999-12-30")),
            Some(day("9999-12-31"))
        );
        assert_eq!(Span::days(2).after(day("9999-12-30")), None);
    }

    #[test]
    fn negative_says_why() {
        let err = "-3d".parse::<Span>().expect_err("negative");
        assert!(err.to_string().contains("cannot be negative"), "{err}");
    }

    #[test]
    fn after_adds_days_and_stops_at_the_calendar_end() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(Span::days(3).after(d("2026-11-30")), Some(d("2026-12-03")));
        assert_eq!(Span::days(0).after(d("2026-11-30")), Some(d("2026-11-30")));
        assert_eq!(Span::days(1).after(NaiveDate::MAX), None);
        assert_eq!(Span::days(14).to_string(), "14d");
    }
}
