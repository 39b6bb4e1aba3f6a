//! Dates typed in Chinese: 今天, 明天, 后天, 周五, 下周五, 3天后, 两周后, 12月20日, 2027年1月5日.
//!
//! 周五 (or 星期五) is the next Friday after today, like `friday`; 下周五 is the Friday of next
//! calendar week (weeks start on Monday), as Chinese speakers mean it: on a Monday, 周五 is four
//! days away and 下周五 eleven. 12月20日 without a year is its next occurrence, today included.

use super::date::{DateSpec, Reason};
use chrono::{NaiveDate, Weekday};

/// `None` when the text is not in a Chinese form at all; `Some(Err(reason))` when it is, but names
/// no real day (2月30日).
pub(super) fn parse(s: &str) -> Option<Result<DateSpec, Reason>> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let fixed = match s.as_str() {
        "今天" | "今日" => Some(0),
        "明天" | "明日" => Some(1),
        "后天" => Some(2),
        "大后天" => Some(3),
        "昨天" | "昨日" => Some(-1),
        "前天" => Some(-2),
        _ => None,
    };
    if let Some(days) = fixed {
        return Some(Ok(DateSpec::Days(days)));
    }
    if let Some(rest) = s.strip_prefix("下周").or_else(|| s.strip_prefix("下星期")) {
        return weekday(rest).map(|d| Ok(DateSpec::NextWeek(d)));
    }
    if let Some(rest) = s.strip_prefix("周").or_else(|| s.strip_prefix("星期")) {
        return weekday(rest).map(|d| Ok(DateSpec::Next(d)));
    }
    if let Some(spec) = offset(&s) {
        return Some(Ok(spec));
    }
    month_day(&s)
}

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "一" => Weekday::Mon,
        "二" => Weekday::Tue,
        "三" => Weekday::Wed,
        "四" => Weekday::Thu,
        "五" => Weekday::Fri,
        "六" => Weekday::Sat,
        "日" | "天" | "七" => Weekday::Sun,
        _ => return None,
    })
}

/// A count in digits or a Chinese numeral up to 99 (三, 十二, 二十, 两).
fn count(s: &str) -> Option<i64> {
    if !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|n| n as i64)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['两'] => Some(2),
        ['十'] => Some(10),
        [d] => digit(*d).filter(|n| *n > 0),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(10 * digit(*t)?),
        [t, '十', u] => Some(10 * digit(*t)? + digit(*u)?),
        _ => None,
    }
}

/// 3天后, 两周后, 1个月后, 2天前.
fn offset(s: &str) -> Option<DateSpec> {
    let (body, sign) = if let Some(b) = s.strip_suffix('后').or_else(|| s.strip_suffix("以后")) {
        (b, 1)
    } else {
        (s.strip_suffix('前').or_else(|| s.strip_suffix("以前"))?, -1)
    };
    type Unit = (&'static str, fn(i64) -> DateSpec);
    let units: [Unit; 5] = [
        ("天", DateSpec::Days),
        ("日", DateSpec::Days),
        ("周", |n| DateSpec::Days(n * 7)),
        ("星期", |n| DateSpec::Days(n * 7)),
        ("个月", DateSpec::Months),
    ];
    units.iter().find_map(|(unit, make)| {
        let n = count(body.strip_suffix(unit)?)?;
        Some(make(sign * n))
    })
}

/// 12月20日, 12月20号, 2027年1月5日.
fn month_day(s: &str) -> Option<Result<DateSpec, Reason>> {
    let body = s.strip_suffix('日').or_else(|| s.strip_suffix('号'))?;
    let (year, rest) = match body.split_once('年') {
        Some((y, rest)) => (Some(y), rest),
        None => (None, body),
    };
    let (month, day) = rest.split_once('月')?;
    let month = u32::try_from(count(month)?).ok()?;
    let day = u32::try_from(count(day)?).ok()?;
    let invalid = Reason::NoSuchDay;
    match year {
        Some(y) => {
            let y = i32::try_from(count(y).filter(|y| (1000..=9999).contains(y))?).ok()?;
            Some(
                NaiveDate::from_ymd_opt(y, month, day)
                    .map(DateSpec::Exact)
                    .ok_or(invalid),
            )
        }
        // 2月29日 exists in leap years only; any other day must exist in some year.
        None => Some(
            NaiveDate::from_ymd_opt(2028, month, day)
                .map(|_| DateSpec::MonthDay(month, day))
                .ok_or(invalid),
        ),
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
    #[case::today("今天", "2026-11-30")]
    #[case::tomorrow("明天", "2026-12-01")]
    #[case::after_tomorrow("后天", "2026-12-02")]
    #[case::yesterday("昨天", "2026-11-29")]
    #[case::this_friday("周五", "2026-12-04")]
    #[case::xingqi("星期五", "2026-12-04")]
    #[case::next_week_friday("下周五", "2026-12-11")]
    #[case::next_week_monday("下周一", "2026-12-07")]
    #[case::next_week_sunday("下星期日", "2026-12-13")]
    #[case::days_later("3天后", "2026-12-03")]
    #[case::chinese_numeral("三天后", "2026-12-03")]
    #[case::two_weeks("两周后", "2026-12-14")]
    #[case::month("1个月后", "2026-12-30")]
    #[case::days_ago("2天前", "2026-11-28")]
    #[case::twelve("十二天后", "2026-12-12")]
    #[case::month_day("12月20日", "2026-12-20")]
    #[case::month_day_hao("12月20号", "2026-12-20")]
    #[case::today_by_date("11月30日", "2026-11-30")]
    #[case::past_means_next_year("1月5日", "2027-01-05")]
    #[case::leap_day_waits_for_a_leap_year("2月29日", "2028-02-29")]
    #[case::with_year("2027年1月5日", "2027-01-05")]
    #[case::spaces(" 12 月 20 日 ", "2026-12-20")]
    fn resolves(#[case] input: &str, #[case] expected: &str) {
        let spec = parse(input).expect("chinese form").expect("valid");
        assert_eq!(spec.resolve(d("2026-11-30")), Some(d(expected)), "{input}");
    }

    #[rstest]
    #[case::no_such_day("2月30日")]
    #[case::month_13("13月1日")]
    #[case::with_year_no_such_day("2027年2月29日")]
    fn rejects_days_that_do_not_exist(#[case] input: &str) {
        assert!(matches!(parse(input), Some(Err(_))), "{input}");
    }

    #[rstest]
    #[case::english("friday")]
    #[case::other_text("注销")]
    #[case::bad_weekday("周八")]
    #[case::no_count("天后")]
    fn other_text_is_not_a_chinese_date(#[case] input: &str) {
        assert!(parse(input).is_none(), "{input}");
    }
}
