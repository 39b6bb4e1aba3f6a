//! Months for `calendar`: which month the user means, and the days of its grid.

use chrono::{Datelike, Days, NaiveDate};
use std::str::FromStr;

/// A month as typed: `2026-12`, `12`, `12月`, `2026年12月`, `next`, or nothing (this month).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthSpec {
    Exact {
        year: i32,
        month: u32,
    },
    /// A month number without a year: this year's, or next year's once it has passed.
    Number(u32),
    Next,
}

impl FromStr for MonthSpec {
    type Err = String;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let fail = || crate::msg::Msg::NotAMonth { input }.to_string();
        let s: String = input
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let s = s.to_lowercase();
        if s == "next" || s == "下个月" || s == "下月" {
            return Ok(MonthSpec::Next);
        }
        let number = |t: &str| -> Option<u32> {
            t.parse::<u32>()
                .ok()
                .filter(|m| (1..=12).contains(m) && t.len() <= 2)
        };
        let s = s.strip_suffix('月').unwrap_or(&s);
        if let Some((y, m)) = s.split_once('-').or_else(|| s.split_once('年')) {
            let year = y.parse::<i32>().ok().filter(|y| (1000..=9999).contains(y));
            return match (year, number(m)) {
                (Some(year), Some(month)) if y.len() == 4 => Ok(MonthSpec::Exact { year, month }),
                _ => Err(fail()),
            };
        }
        number(s).map(MonthSpec::Number).ok_or_else(fail)
    }
}

/// The first day of a month.
pub fn first_day(spec: Option<MonthSpec>, today: NaiveDate) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)?;
    match spec {
        None => Some(this),
        Some(MonthSpec::Next) => this.checked_add_months(chrono::Months::new(1)),
        Some(MonthSpec::Exact { year, month }) => NaiveDate::from_ymd_opt(year, month, 1),
        Some(MonthSpec::Number(month)) => {
            let year = if month < today.month() {
                today.year() + 1
            } else {
                today.year()
            };
            NaiveDate::from_ymd_opt(year, month, 1)
        }
    }
}

/// The last day of the month that starts on `first`.
pub fn last_day(first: NaiveDate) -> Option<NaiveDate> {
    first
        .checked_add_months(chrono::Months::new(1))?
        .checked_sub_days(Days::new(1))
}

/// The month's days in weeks from Monday to Sunday; `None` pads the first and last weeks.
pub fn weeks(first: NaiveDate) -> Vec<[Option<NaiveDate>; 7]> {
    let Some(last) = last_day(first) else {
        return Vec::new();
    };
    let mut weeks = Vec::new();
    let mut week = [None; 7];
    let mut day = first;
    while day <= last {
        let col = day.weekday().num_days_from_monday() as usize;
        week[col] = Some(day);
        if col == 6 {
            weeks.push(week);
            week = [None; 7];
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    if week.iter().any(Option::is_some) {
        weeks.push(week);
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[rstest]
    #[case::none(None, "2026-11-01")]
    #[case::next(Some("next"), "2026-12-01")]
    #[case::exact(Some("2027-02"), "2027-02-01")]
    #[case::number_ahead(Some("12"), "2026-12-01")]
    #[case::this_month_number(Some("11"), "2026-11-01")]
    #[case::number_passed(Some("3"), "2027-03-01")]
    #[case::chinese(Some("12月"), "2026-12-01")]
    #[case::chinese_year(Some("2027年1月"), "2027-01-01")]
    #[case::chinese_next(Some("下个月"), "2026-12-01")]
    fn months(#[case] input: Option<&str>, #[case] first: &str) {
        let spec = input.map(|s| s.parse::<MonthSpec>().expect("month"));
        assert_eq!(first_day(spec, d("2026-11-30")), Some(d(first)));
    }

    #[rstest]
    #[case("13")]
    #[case("0")]
    #[case("2026-13")]
    #[case("26-12")]
    #[case("december")]
    #[case("")]
    fn not_months(#[case] input: &str) {
        assert!(input.parse::<MonthSpec>().is_err(), "{input}");
    }

    #[test]
    fn december_2026_starts_on_a_tuesday_and_has_five_weeks() {
        let w = weeks(d("2026-12-01"));
        assert_eq!(w.len(), 5);
        assert_eq!(w[0][0], None);
        assert_eq!(w[0][1], Some(d("2026-12-01")));
        assert_eq!(w[4][3], Some(d("2026-12-31")));
        assert_eq!(w[4][4], None);
        assert_eq!(last_day(d("2028-02-01")), Some(d("2028-02-29")));
    }
}
