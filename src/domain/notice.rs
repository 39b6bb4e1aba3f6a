//! Notice periods as users type them: the spans `snooze` takes (`30d`, `4w`), months (`1m`), and
//! the Chinese forms (`30天`, `4周`, `1个月`), kept as a number of days.

use super::span::Span;
use crate::msg::Msg;

/// A month of notice counts as 31 days: counted back from any deadline, the request is then
/// never later than the calendar month the contract means.
pub const MONTH_DAYS: i64 = 31;

/// The longest notice accepted: ten years, as far as a template rule reaches.
const MAX_DAYS: i64 = 3650;

/// The days of a notice period, or why the text is not one. `0d` is refused: a contract that
/// needs no notice is a case without one (`none`), and a notice of 0 days would instead hold
/// `submit` to the deadline's day as its last chance, and call it late once it passes its own
/// rule's day.
pub fn parse_notice(input: &str) -> Result<i64, String> {
    let fail = || Msg::NotANotice { input }.to_string();
    let s = input.trim().to_lowercase();
    let s = s.replace(' ', "");
    let months = ["个月", "個月", "月", "m"]
        .iter()
        .find_map(|unit| s.strip_suffix(unit));
    // Days and weeks, Chinese ones included, are the spans `snooze` takes; months are a notice's.
    let days = if let Some(n) = months {
        number(n).map(|n| n * MONTH_DAYS)
    } else {
        s.parse::<Span>()
            .ok()
            .and_then(|span| i64::try_from(span.in_days()).ok())
    };
    match days {
        Some(0) => Err(Msg::NoticeZero {
            input: input.trim(),
        }
        .to_string()),
        Some(d) if d <= MAX_DAYS => Ok(d),
        _ => Err(fail()),
    }
}

fn number(digits: &str) -> Option<i64> {
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::days("30d", 30)]
    #[case::weeks("4w", 28)]
    #[case::month("1m", 31)]
    #[case::months("3M", 93)]
    #[case::chinese_days("30天", 30)]
    #[case::chinese_month("1个月", 31)]
    #[case::chinese_months("2 个月", 62)]
    #[case::chinese_weeks("2周", 14)]
    fn notices_parse(#[case] input: &str, #[case] days: i64) {
        assert_eq!(parse_notice(input), Ok(days));
    }

    #[rstest]
    #[case::days("0d")]
    #[case::weeks("0w")]
    #[case::months("0m")]
    #[case::chinese("0天")]
    #[case::chinese_months("0个月")]
    fn a_zero_notice_is_refused_with_what_to_do_instead(#[case] input: &str) {
        let err = parse_notice(input).expect_err("no notice");
        assert!(err.contains("leave --notice out"), "{err}");
        assert!(err.contains("--notice none"), "{err}");
        assert!(err.contains("30d, 4w, 1m"), "{err}");
    }

    #[rstest]
    #[case::words("a month")]
    #[case::negative("-3d")]
    #[case::empty("")]
    #[case::unit_only("个月")]
    #[case::too_long("200m")]
    fn other_text_is_refused(#[case] input: &str) {
        let err = parse_notice(input).expect_err("not a notice");
        assert!(err.contains("30d, 4w, 1m"), "{err}");
    }
}
