//! The date grammar users type (`2026-12-20`, `today`, `+3d`, `in 3 days`, `friday`, `next friday`,
//! `31/12`) and its resolution against today.
//!
//! Parsing is pure syntax and needs no clock, so the command line can reject a bad date with a usage
//! error before anything is opened; `resolve` turns the parsed form into a day, given today.
//!
//! `next friday` is the Friday of next calendar week (Monday to Sunday), as 下周五 is: on a Monday,
//! `friday` is four days away and `next friday` eleven. Numeric dates are day first, as in Belgium
//! (`31/12`, `31/12/2026`, `31.12.2026`, `31-12-2026`); one that only reads month first (`12/31`)
//! is refused rather than guessed, and one that reads both ways (`5/12`) is the 5th of December.
//! `31-12-2026` cannot be mistaken for `YYYY-MM-DD`, whose year comes first; with dashes the year
//! is always given, since `5-12` would read as a range.

use crate::msg::Msg;
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use std::fmt;
use std::str::FromStr;

/// The forms accepted wherever a DATE is asked for; shown in every date error.
/// English only, for tests: the message takes `Msg::DateForms`, which a test keeps equal to it.
pub const DATE_FORMS: &str = "YYYY-MM-DD, today, tomorrow, yesterday, +3d, -1d, +2w, +1m, \
     in 3 days, in 2 weeks, in 1 month, a weekday name such as friday or next friday, \
     31/12, 31/12/2026, 31.12.2026 or 31-12-2026 (day first), or 今天, 明天, 后天, 周五, 下周五, 3天后, 12月20日";

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

/// Whether a day has a four-digit year (0 to 9999), the only ones `YYYY-MM-DD` holds and so the
/// only ones closeout accepts or stores.
pub fn in_calendar(d: NaiveDate) -> bool {
    (0..=9999).contains(&d.year())
}

/// Writes a day as `YYYY-MM-DD`; a day outside `in_calendar` as chrono writes it (`+10000-01-06`),
/// never as another day.
pub fn iso(d: NaiveDate) -> String {
    if !in_calendar(d) {
        return d.to_string();
    }
    let (y, m, day) = (d.year() as u32, d.month(), d.day());
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
    /// That weekday in next calendar week (Monday to Sunday): 下周五, `next friday`.
    NextWeek(Weekday),
    /// The next occurrence of this month and day, today included: 12月20日, `20/12`.
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
    /// A numeric date that reads only month first (`12/31`): day and month as typed, to suggest
    /// them the other way round.
    MonthFirst {
        first: u32,
        second: u32,
    },
    /// Not a date, nor `none`, nor `departure` (a deadline); `near` when the text looks like a
    /// mistyped `departure`.
    NorDeparture {
        near: bool,
    },
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let guess = || {
            near_word(&self.input)
                .map(|word| Msg::NearDateWord { word: &word }.to_string())
                .unwrap_or_default()
        };
        let reason = match self.reason {
            Reason::Unknown => guess(),
            Reason::NoSuchDay => Msg::NoSuchDay.to_string(),
            Reason::NorNone => format!("{}{}", Msg::NorNone, guess()),
            Reason::NorDeparture { near: true } => Msg::NearDeparture.to_string(),
            // The forms name `departure` and `none` themselves.
            Reason::NorDeparture { near: false } => guess(),
            Reason::MonthFirst { first, second } => {
                let sep = ['.', '-']
                    .into_iter()
                    .find(|c| self.input.contains(*c))
                    .unwrap_or('/');
                let year = self
                    .input
                    .trim()
                    .splitn(3, sep)
                    .nth(2)
                    .map(|y| format!("{sep}{y}"))
                    .unwrap_or_default();
                Msg::DayFirst {
                    swapped: &format!("{second}{sep}{first}{year}"),
                }
                .to_string()
            }
        };
        let mut forms = Msg::DateForms.to_string();
        if let Reason::NorDeparture { .. } = self.reason {
            forms = Msg::DeadlineForms { forms: &forms }.to_string();
        }
        let msg = Msg::NotADate {
            input: &self.input,
            reason: &reason,
            forms: &forms,
        };
        write!(f, "{msg}")
    }
}

impl std::error::Error for DateError {}

impl DateError {
    /// The error for text where a deadline is asked for (`deadline`, `edit --deadline`), which
    /// takes `departure` too: it lists `departure` among the forms, and suggests it for text that
    /// is a few letters away from it (`departur`, `depature`, `depart`).
    pub fn or_departure(mut self) -> DateError {
        if matches!(self.reason, Reason::Unknown | Reason::NorNone) {
            self.reason = Reason::NorDeparture {
                near: near(&self.input.trim().to_lowercase(), "departure"),
            };
        }
        self
    }
}

/// The date word `typed` is a near miss of (`tomorow`, `next fridy`), as it would be written.
fn near_word(typed: &str) -> Option<String> {
    const WORDS: [&str; 10] = [
        "today",
        "tomorrow",
        "yesterday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let typed = typed.trim().to_lowercase();
    if let Some(rest) = typed.strip_prefix("next ") {
        let rest = rest.trim_start();
        return WORDS[3..]
            .iter()
            .find(|day| near(rest, day))
            .map(|day| format!("next {day}"));
    }
    WORDS
        .iter()
        .find(|word| near(&typed, word))
        .map(|word| word.to_string())
}

/// Whether `typed` is a near miss of `word`: its start (four letters or more), or at most two
/// letters added, dropped, changed or swapped.
fn near(typed: &str, word: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (typed.chars().collect(), word.chars().collect());
    if a.len() >= 4 && word.starts_with(typed) {
        return true;
    }
    if a.len() < 5 || a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    // Optimal string alignment distance: edits, and a swap of two neighbours as one.
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()] <= 2
}

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
        if let Some(day) = s
            .strip_prefix("next ")
            .and_then(|r| weekday(r.trim_start()))
        {
            return Ok(Self::NextWeek(day));
        }
        if let Some(rest) = s.strip_prefix("in ") {
            return in_words(rest).ok_or_else(|| fail(Reason::Unknown));
        }
        if let Some(numeric) = day_first(&s) {
            return numeric.map_err(fail);
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

/// `3 days`, `1 week`, `2 weeks`, `1 month` (after `in `), within the bounds of `+3d`.
fn in_words(rest: &str) -> Option<DateSpec> {
    let mut words = rest.split_whitespace();
    let (count, unit) = (words.next()?, words.next()?);
    if words.next().is_some() {
        return None;
    }
    let unit = match unit {
        "day" | "days" => 'd',
        "week" | "weeks" => 'w',
        "month" | "months" => 'm',
        _ => return None,
    };
    offset(1, &format!("{count}{unit}"))
}

/// `31/12`, `31/12/2026`, `31.12.2026`, `31-12-2026`: day first. `None` when the text is not in
/// that shape.
fn day_first(s: &str) -> Option<Result<DateSpec, Reason>> {
    let sep = ['/', '.', '-'].into_iter().find(|c| s.contains(*c))?;
    let parts: Vec<&str> = s.split(sep).collect();
    let digits = |p: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    let (day, month, year) = match parts.as_slice() {
        // With dashes, only with the year: `-3d` is an offset, and `5-12` no date.
        [d, m] if sep != '-' && digits(d, 1..=2) && digits(m, 1..=2) => (*d, *m, None),
        [d, m, y] if digits(d, 1..=2) && digits(m, 1..=2) && digits(y, 4..=4) => (*d, *m, Some(*y)),
        _ => return None,
    };
    let (day, month): (u32, u32) = (day.parse().ok()?, month.parse().ok()?);
    if month > 12 && (1..=12).contains(&day) {
        return Some(Err(Reason::MonthFirst {
            first: day,
            second: month,
        }));
    }
    Some(match year {
        Some(y) => NaiveDate::from_ymd_opt(y.parse().ok()?, month, day)
            .map(DateSpec::Exact)
            .ok_or(Reason::NoSuchDay),
        // 29/02 exists in leap years only; any other day must exist in some year.
        None => NaiveDate::from_ymd_opt(2028, month, day)
            .map(|_| DateSpec::MonthDay(month, day))
            .ok_or(Reason::NoSuchDay),
    })
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
    /// The day this spec names when today is `today`, or `None` when that day lies outside the
    /// years closeout stores (`in_calendar`): `+1m` on 9999-12-15 is no day at all, never a day of
    /// year 9999.
    pub fn resolve(self, today: NaiveDate) -> Option<NaiveDate> {
        self.day_after(today).filter(|d| in_calendar(*d))
    }

    fn day_after(self, today: NaiveDate) -> Option<NaiveDate> {
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
            Self::NextWeek(d) => write!(f, "next {d}"),
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
    #[case::short_iso("2026-1-5")]
    #[case::chinese_no_such_day("2月30日")]
    #[case::chinese_words("下个周末")]
    fn rejects(#[case] input: &str) {
        let err = input.parse::<DateSpec>().expect_err("invalid date");
        assert!(err.to_string().contains(DATE_FORMS), "{err}");
    }

    #[test]
    fn the_english_forms_are_the_ones_shown() {
        assert_eq!(Msg::DateForms.text(crate::i18n::Lang::En), DATE_FORMS);
    }

    // 2026-11-30 is a Monday; 2026-12-04 a Friday.
    #[rstest]
    #[case::next_friday("next friday", "2026-11-30", "2026-12-11")]
    #[case::next_fri("next fri", "2026-11-30", "2026-12-11")]
    #[case::next_monday("Next Monday", "2026-11-30", "2026-12-07")]
    #[case::next_sunday("next sunday", "2026-11-30", "2026-12-13")]
    #[case::next_friday_on_a_friday("next friday", "2026-12-04", "2026-12-11")]
    #[case::next_friday_on_a_sunday("next friday", "2026-12-06", "2026-12-11")]
    #[case::in_days("in 3 days", "2026-11-30", "2026-12-03")]
    #[case::in_one_day("in 1 day", "2026-11-30", "2026-12-01")]
    #[case::in_zero_days("in 0 days", "2026-11-30", "2026-11-30")]
    #[case::in_weeks("in 2 weeks", "2026-11-30", "2026-12-14")]
    #[case::in_a_week("in 1 week", "2026-11-30", "2026-12-07")]
    #[case::in_months("in 3 months", "2026-11-30", "2027-02-28")]
    #[case::in_month_spaces("  in  1   month ", "2026-11-30", "2026-12-30")]
    #[case::day_first("31/12", "2026-11-30", "2026-12-31")]
    #[case::day_first_past_is_next_year("5/1", "2026-11-30", "2027-01-05")]
    #[case::day_first_today("30/11", "2026-11-30", "2026-11-30")]
    #[case::both_ways_is_day_first("5/12", "2026-11-30", "2026-12-05")]
    #[case::day_first_dots("31.12", "2026-11-30", "2026-12-31")]
    #[case::leap_day("29/02", "2026-11-30", "2028-02-29")]
    #[case::with_year("31/12/2026", "2026-11-30", "2026-12-31")]
    #[case::with_year_dots("31.12.2026", "2026-11-30", "2026-12-31")]
    #[case::with_year_past("01/03/2020", "2026-11-30", "2020-03-01")]
    #[case::leading_zeros("05/01/2027", "2026-11-30", "2027-01-05")]
    #[case::with_year_dashes("20-12-2026", "2026-11-30", "2026-12-20")]
    #[case::with_year_dashes_short("5-1-2027", "2026-11-30", "2027-01-05")]
    #[case::with_year_dashes_past("01-03-2020", "2026-11-30", "2020-03-01")]
    fn resolves_words_and_day_first(
        #[case] input: &str,
        #[case] today: &str,
        #[case] expected: &str,
    ) {
        let spec: DateSpec = input.parse().expect("valid date");
        assert_eq!(spec.resolve(d(today)), Some(d(expected)), "{input}");
        let again: DateSpec = spec.to_string().parse().expect("prints as a date");
        assert_eq!(again, spec, "{input} prints as {spec}");
    }

    #[rstest]
    #[case::month_first("12/31", "did you mean 31/12?")]
    #[case::month_first_with_year("12/31/2026", "did you mean 31/12/2026?")]
    #[case::month_first_dots("12.31.2026", "did you mean 31.12.2026?")]
    #[case::month_first_dashes("12-31-2026", "did you mean 31-12-2026?")]
    #[case::no_such_day_dashes("31-02-2026", "no such day")]
    #[case::no_such_day("31/02/2026", "no such day")]
    #[case::no_such_day_without_year("30/02", "no such day")]
    #[case::neither_way("31/31", "no such day")]
    #[case::month_zero("5/0", "no such day")]
    fn day_first_refusals_say_why(#[case] input: &str, #[case] why: &str) {
        let err = input.parse::<DateSpec>().expect_err("refused");
        let text = err.to_string();
        assert!(text.contains(why), "{text}");
        assert!(text.contains(DATE_FORMS), "{text}");
    }

    #[rstest]
    #[case::next_alone("next")]
    #[case::next_month_word("next month")]
    #[case::next_weekday_typo("next fryday")]
    #[case::in_alone("in")]
    #[case::in_no_unit("in 3")]
    #[case::in_years("in 3 years")]
    #[case::in_words("in three days")]
    #[case::in_too_far("in 99999 months")]
    #[case::in_negative("in -3 days")]
    #[case::in_extra("in 3 days time")]
    #[case::two_digit_year("31/12/26")]
    #[case::three_parts_mixed("31/12.2026")]
    #[case::day_too_long("031/12")]
    #[case::trailing_dot("31.12.")]
    #[case::decimal_days("1.5d")]
    #[case::dashes_without_year("20-12")]
    #[case::dashes_two_digit_year("20-12-26")]
    #[case::dashes_mixed("20-12/2026")]
    #[case::dashes_trailing("20-12-2026-")]
    fn rejects_near_misses(#[case] input: &str) {
        let err = input.parse::<DateSpec>().expect_err("invalid date");
        assert!(err.to_string().contains(DATE_FORMS), "{input}: {err}");
    }

    #[test]
    fn the_date_error_lists_the_forms_in_chinese_too() {
        let err = "soon".parse::<DateSpec>().expect_err("invalid");
        let zh = crate::i18n::Lang::Zh.speaking(|| err.to_string());
        assert!(zh.contains("日在前"), "{zh}");
        assert!(!zh.contains("a weekday name"), "{zh}");
        let err = "12/31".parse::<DateSpec>().expect_err("invalid");
        let zh = crate::i18n::Lang::Zh.speaking(|| err.to_string());
        assert!(zh.contains("是不是想写 31/12？"), "{zh}");
    }

    #[test]
    fn offsets_with_a_minus_are_not_taken_for_day_first_dates() {
        assert_eq!("-3d".parse::<DateSpec>(), Ok(DateSpec::Days(-3)));
        assert_eq!("-1m".parse::<DateSpec>(), Ok(DateSpec::Months(-1)));
        assert_eq!(
            "2026-12-20".parse::<DateSpec>(),
            Ok(DateSpec::Exact(d("2026-12-20")))
        );
    }

    #[rstest]
    #[case::one_letter_short("departur", true)]
    #[case::one_letter_wrong("departune", true)]
    #[case::swapped("depatrure", true)]
    #[case::two_letters_missing("deprture", true)]
    #[case::its_start("depart", true)]
    #[case::capitals("Departur", true)]
    #[case::too_short("dep", false)]
    #[case::another_word("deadline", false)]
    #[case::far("department", false)]
    #[case::unknown("soon", false)]
    fn a_deadline_error_names_departure_and_suggests_it_for_a_near_miss(
        #[case] input: &str,
        #[case] suggested: bool,
    ) {
        let err = input
            .parse::<DueSpec>()
            .expect_err("not a date")
            .or_departure();
        let text = err.to_string();
        assert!(text.contains(DATE_FORMS), "{text}");
        assert!(
            text.contains("departure, to follow the departure date"),
            "{text}"
        );
        assert_eq!(
            text.contains("did you mean departure?"),
            suggested,
            "{text}"
        );
        let zh = crate::i18n::Lang::Zh.speaking(|| err.to_string());
        assert!(zh.contains("出发日期"), "{zh}");
        assert_eq!(zh.contains("是不是想写 departure？"), suggested, "{zh}");
    }

    #[rstest]
    #[case::a_letter_dropped("tomorow", Some("tomorrow"))]
    #[case::swapped("todya", Some("today"))]
    #[case::capitals("Yesterdya", Some("yesterday"))]
    #[case::a_weekday("fridy", Some("friday"))]
    #[case::its_start("wedn", Some("wednesday"))]
    #[case::next_week("next fridy", Some("next friday"))]
    #[case::next_spaced("Next  thurday", Some("next thursday"))]
    #[case::next_not_a_day("next tomorow", None)]
    #[case::unknown("soon", None)]
    #[case::far("tonight", None)]
    #[case::chinese("明添", None)]
    fn a_date_error_suggests_the_date_word_it_nearly_is(
        #[case] input: &str,
        #[case] suggested: Option<&str>,
    ) {
        let err = input.parse::<DateSpec>().expect_err("not a date");
        let text = err.to_string();
        assert!(text.contains(DATE_FORMS), "{text}");
        let zh = crate::i18n::Lang::Zh.speaking(|| err.to_string());
        match suggested {
            Some(word) => {
                assert!(
                    text.starts_with(&format!("'{input}' is not a date (did you mean {word}?);")),
                    "{text}"
                );
                assert!(
                    zh.contains(&format!("不是日期（是不是想写 {word}？）")),
                    "{zh}"
                );
                // What it suggests is a date.
                assert!(word.parse::<DateSpec>().is_ok(), "{word}");
            }
            None => assert!(!text.contains("did you mean"), "{text}"),
        }
        // `due` and `deadline` say the same, beside what else they take.
        let due = input
            .parse::<DueSpec>()
            .expect_err("not a date")
            .to_string();
        let deadline = input
            .parse::<DueSpec>()
            .expect_err("not a date")
            .or_departure()
            .to_string();
        for other in [due, deadline] {
            assert_eq!(
                suggested.is_some_and(|w| other.contains(&format!("(did you mean {w}?)"))),
                suggested.is_some(),
                "{other}"
            );
        }
    }

    #[test]
    fn a_deadline_error_keeps_a_better_reason() {
        let err = "2026-02-30"
            .parse::<DueSpec>()
            .expect_err("no such day")
            .or_departure();
        assert!(err.to_string().contains("no such day"), "{err}");
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

    #[rstest]
    #[case::days("+31d")]
    #[case::month("+1m")]
    #[case::words("in 5 weeks")]
    #[case::weekday_next_week("next friday")]
    #[case::month_day_next_year("1/1")]
    fn a_day_past_9999_resolves_to_none_not_to_a_day_of_9999(#[case] input: &str) {
        let spec: DateSpec = input.parse().expect("valid");
        assert_eq!(spec.resolve(d("9999-12-30")), None, "{input}");
    }

    #[test]
    fn iso_never_writes_another_day() {
        let far = d("9999-12-31")
            .checked_add_days(Days::new(6))
            .expect("chrono holds it");
        assert_eq!(iso(far), "+10000-01-06");
        assert!(!in_calendar(far));
        assert!(in_calendar(d("9999-12-31")) && in_calendar(d("0000-01-01")));
    }

    #[test]
    fn largest_offsets_still_resolve() {
        for s in ["+36600d", "-36600d", "+1180m", "-1180m", "+5228w"] {
            let spec: DateSpec = s.parse().expect("in range");
            assert!(spec.resolve(d("2026-11-30")).is_some(), "{s}");
        }
    }
}
