//! Due dates from rules: a step's date follows the case deadline or another step's completion.

use super::model::{Rule, Step, StepStatus};
use chrono::{Days, NaiveDate};
use std::collections::HashMap;

/// The due date a rule gives, or `None` while what it depends on is unknown (no deadline yet, or
/// the step it follows not done).
///
/// A date before the deadline never falls before the day the case was created, unless the deadline
/// itself lies before that day (the user is late): then it falls on the deadline.
pub fn rule_due(
    rule: &Rule,
    deadline: Option<NaiveDate>,
    created: NaiveDate,
    steps: &[Step],
) -> Option<NaiveDate> {
    due_by(rule, deadline, created, |key| {
        steps.iter().find(|s| s.key == key)
    })
}

/// `rule_due`, finding the step an `after` rule names with `step`.
fn due_by<'s>(
    rule: &Rule,
    deadline: Option<NaiveDate>,
    created: NaiveDate,
    step: impl Fn(&str) -> Option<&'s Step>,
) -> Option<NaiveDate> {
    match rule {
        Rule::BeforeDeadline { days } => {
            let deadline = deadline?;
            let wanted = deadline.checked_sub_days(Days::new(days.unsigned_abs()))?;
            Some(wanted.max(created.min(deadline)))
        }
        Rule::AfterStep { key, days } => {
            let other = step(key)?;
            match (other.status, other.done_at) {
                (StepStatus::Done, Some(done)) => {
                    done.checked_add_days(Days::new(days.unsigned_abs()))
                }
                _ => None,
            }
        }
    }
}

/// The steps whose due date must change so that every rule-driven date matches its rule, as
/// `(index into steps, new due)`. Dates set by hand, steps without a rule and finished steps (done
/// or skipped: their date is part of what happened) are left alone.
pub fn reschedule(
    steps: &[Step],
    deadline: Option<NaiveDate>,
    created: NaiveDate,
) -> Vec<(usize, Option<NaiveDate>)> {
    // Keys are unique in a case: one look-up table keeps a case of thousands of chained steps
    // linear, where searching the steps for each rule would be quadratic.
    let by_key: HashMap<&str, &Step> = steps.iter().map(|s| (s.key.as_str(), s)).collect();
    steps
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.due_manual && s.status == StepStatus::Pending)
        .filter_map(|(i, s)| {
            let rule = s.rule.as_ref()?;
            let due = due_by(rule, deadline, created, |key| by_key.get(key).copied());
            (due != s.due).then_some((i, due))
        })
        .collect()
}

/// Why a step has no due date yet, for `show`: "after submit".
pub fn waiting_on(step: &Step) -> Option<Waiting<'_>> {
    match (&step.rule, step.due) {
        (Some(Rule::AfterStep { key, .. }), None) => Some(Waiting::Step(key)),
        (Some(Rule::BeforeDeadline { .. }), None) => Some(Waiting::Deadline),
        _ => None,
    }
}

/// What a step's rule is waiting for before it can give a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting<'a> {
    /// The step with this key to be done.
    Step(&'a str),
    /// A deadline on the case.
    Deadline,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn step(key: &str, rule: Option<Rule>) -> Step {
        Step {
            id: 0,
            uuid: String::new(),
            position: 0,
            key: key.to_string(),
            title: key.to_string(),
            how: String::new(),
            status: StepStatus::Pending,
            due: None,
            rule,
            due_manual: false,
            done_at: None,
            note: None,
        }
    }

    #[test]
    fn before_deadline_counts_back_from_the_deadline() {
        let r = Rule::BeforeDeadline { days: 21 };
        assert_eq!(
            rule_due(&r, Some(d("2026-12-30")), d("2026-11-30"), &[]),
            Some(d("2026-12-09"))
        );
        assert_eq!(rule_due(&r, None, d("2026-11-30"), &[]), None);
    }

    #[test]
    fn never_before_creation_unless_the_deadline_forces_it() {
        let r = Rule::BeforeDeadline { days: 21 };
        assert_eq!(
            rule_due(&r, Some(d("2026-12-10")), d("2026-11-30"), &[]),
            Some(d("2026-11-30"))
        );
        // Deadline already past: the step is due on the deadline, overdue at once.
        assert_eq!(
            rule_due(&r, Some(d("2026-11-20")), d("2026-11-30"), &[]),
            Some(d("2026-11-20"))
        );
    }

    #[test]
    fn after_step_waits_for_the_step_to_be_done() {
        let rule = Rule::AfterStep {
            key: "submit".into(),
            days: 7,
        };
        let mut submit = step("submit", None);
        let confirm = step("confirm", Some(rule.clone()));
        assert_eq!(
            rule_due(
                &rule,
                None,
                d("2026-11-30"),
                &[submit.clone(), confirm.clone()]
            ),
            None
        );
        assert_eq!(waiting_on(&confirm), Some(Waiting::Step("submit")));
        submit.status = StepStatus::Done;
        submit.done_at = Some(d("2026-12-01"));
        assert_eq!(
            rule_due(&rule, None, d("2026-11-30"), &[submit, confirm]),
            Some(d("2026-12-08"))
        );
    }

    #[test]
    fn reschedule_keeps_hand_set_dates_and_ruleless_steps() {
        let mut manual = step("a", Some(Rule::BeforeDeadline { days: 5 }));
        manual.due = Some(d("2027-01-01"));
        manual.due_manual = true;
        let mut free = step("b", None);
        free.due = Some(d("2027-02-02"));
        let ruled = step("c", Some(Rule::BeforeDeadline { days: 5 }));
        let changes = reschedule(
            &[manual, free, ruled],
            Some(d("2026-12-20")),
            d("2026-11-30"),
        );
        assert_eq!(changes, vec![(2, Some(d("2026-12-15")))]);
    }

    #[test]
    fn reschedule_keeps_the_dates_of_finished_steps() {
        let rule = Some(Rule::BeforeDeadline { days: 5 });
        let mut done = step("a", rule.clone());
        done.status = StepStatus::Done;
        done.due = Some(d("2026-12-01"));
        done.done_at = Some(d("2026-12-03"));
        let mut skipped = step("b", rule.clone());
        skipped.status = StepStatus::Skipped;
        skipped.due = Some(d("2026-12-01"));
        let pending = step("c", rule);
        let changes = reschedule(
            &[done, skipped, pending],
            Some(d("2027-01-20")),
            d("2026-11-30"),
        );
        assert_eq!(changes, vec![(2, Some(d("2027-01-15")))]);
    }
}
