//! What `remind` says about a date: which group it falls in and how many days are left.

use chrono::NaiveDate;
use serde::Serialize;

/// The three groups of `remind`, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    Overdue,
    Today,
    Soon,
}

impl Group {
    pub fn of(due: NaiveDate, today: NaiveDate) -> Group {
        match due.cmp(&today) {
            std::cmp::Ordering::Less => Group::Overdue,
            std::cmp::Ordering::Equal => Group::Today,
            std::cmp::Ordering::Greater => Group::Soon,
        }
    }
}

/// Whether something due on `due` is overdue on `today`: the one rule every output follows (due
/// today is not yet late).
pub fn is_overdue(due: NaiveDate, today: NaiveDate) -> bool {
    Group::of(due, today) == Group::Overdue
}

/// Days from today to `due`: negative when late, 0 today.
pub fn days_left(due: NaiveDate, today: NaiveDate) -> i64 {
    (due - today).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[rstest]
    #[case::long_ago("2026-10-01", Group::Overdue, -60)]
    #[case::yesterday("2026-11-29", Group::Overdue, -1)]
    #[case::today("2026-11-30", Group::Today, 0)]
    #[case::tomorrow("2026-12-01", Group::Soon, 1)]
    #[case::next_year("2027-01-01", Group::Soon, 32)]
    fn groups_and_days(#[case] due: &str, #[case] group: Group, #[case] days: i64) {
        let today = d("2026-11-30");
        assert_eq!(Group::of(d(due), today), group);
        assert_eq!(days_left(d(due), today), days);
    }
}
