//! Due dates from rules: a step's date follows the case deadline or another step's completion.

use super::model::{Case, Rule, Step, StepStatus};
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

/// The key of the step that hands the request in: the notice counts back from the deadline to it.
pub const SUBMIT: &str = "submit";

/// How many days earlier than their rules say the steps up to `submit` fall due, so that the
/// request reaches the provider a notice period before the deadline: none without a notice, or
/// when the rule of `submit` already leaves that much. `rules` are the steps' keys and rules.
pub fn notice_shift<'a>(
    rules: impl IntoIterator<Item = (&'a str, Option<&'a Rule>)>,
    notice_days: Option<i64>,
) -> i64 {
    let Some(notice) = notice_days else {
        return 0;
    };
    let submit = rules.into_iter().find_map(|(key, rule)| match rule {
        Some(Rule::BeforeDeadline { days }) if key == SUBMIT => Some(*days),
        _ => None,
    });
    submit.map_or(0, |days| (notice - days).max(0))
}

/// A step's rule with the notice taken into account: a rule counting back from the deadline at
/// least as far as `submit`'s (the steps that lead up to it) counts `shift` days further.
pub fn with_notice(rule: &Rule, shift: i64, submit_days: Option<i64>) -> Rule {
    match (rule, submit_days) {
        (Rule::BeforeDeadline { days }, Some(s)) if shift > 0 && *days >= s => {
            Rule::BeforeDeadline { days: days + shift }
        }
        _ => rule.clone(),
    }
}

/// What the rules of one case's steps read from each other, gathered once per case.
struct Checklist<'s> {
    by_key: HashMap<&'s str, &'s Step>,
    shift: i64,
    submit_days: Option<i64>,
}

impl<'s> Checklist<'s> {
    fn new(steps: &'s [Step], notice_days: Option<i64>) -> Self {
        let keyed = steps.iter().map(|s| (s.key.as_str(), s.rule.as_ref()));
        Checklist {
            by_key: steps.iter().map(|s| (s.key.as_str(), s)).collect(),
            shift: notice_shift(keyed, notice_days),
            submit_days: steps.iter().find_map(|s| match &s.rule {
                Some(Rule::BeforeDeadline { days }) if s.key == SUBMIT => Some(*days),
                _ => None,
            }),
        }
    }
}

/// How a case's rules are read: its deadline, the day it was made, and its notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub deadline: Option<NaiveDate>,
    pub created: NaiveDate,
    pub notice_days: Option<i64>,
}

impl Plan {
    /// The plan of a saved case.
    pub fn of(case: &Case) -> Plan {
        Plan {
            deadline: case.deadline,
            created: case.created_at.date_naive(),
            notice_days: case.notice_days,
        }
    }

    /// The day `rule` gives a step, with the notice counted in. A step that must be done before
    /// leaving (`abroad` false) never falls due after the deadline.
    pub fn due(&self, rule: &Rule, abroad: bool, steps: &[Step]) -> Option<NaiveDate> {
        self.due_in(&Checklist::new(steps, self.notice_days), rule, abroad)
    }

    /// The day each step's rule gives it (`None` without a rule), gathering what the rules read
    /// from each other once, so that a long checklist costs time in proportion to its length.
    pub fn dues(&self, steps: &[Step]) -> Vec<Option<NaiveDate>> {
        let checklist = Checklist::new(steps, self.notice_days);
        steps
            .iter()
            .map(|s| {
                let rule = s.rule.as_ref()?;
                self.due_in(&checklist, rule, s.abroad)
            })
            .collect()
    }

    /// `due`, with what the case's rules read from each other already gathered.
    fn due_in(&self, checklist: &Checklist<'_>, rule: &Rule, abroad: bool) -> Option<NaiveDate> {
        let wanted = self.wanted_in(checklist, rule)?;
        match self.deadline {
            Some(deadline) if !abroad => Some(wanted.min(deadline)),
            _ => Some(wanted),
        }
    }

    /// The day the rule asks for, before the deadline caps it.
    fn wanted_in(&self, checklist: &Checklist<'_>, rule: &Rule) -> Option<NaiveDate> {
        let rule = with_notice(rule, checklist.shift, checklist.submit_days);
        due_by(&rule, self.deadline, self.created, |key| {
            checklist.by_key.get(key).copied()
        })
    }

    /// Whether a pending step that must be done before leaving has no room left before the
    /// deadline: its rule asks for a day after it (a late `submit`), or a date set by hand lies
    /// after it, or `submit` or a step after it would have had to be done before the case was
    /// made (the deadline moved earlier, or a notice longer than the time left). Steps that only
    /// prepare `submit` being due at once is no cause: there is still time.
    ///
    /// With a notice, time passing squeezes too: once `today` is past the last day the request
    /// could reach the provider in time, `submit` no longer has room. (Without a notice, the days
    /// a rule leaves before the deadline are a margin, not a limit: a late step is overdue.)
    pub fn squeezed(&self, step: &Step, steps: &[Step], today: NaiveDate) -> bool {
        self.squeezed_in(&Checklist::new(steps, self.notice_days), step, today)
    }

    /// `squeezed` for every step of the case, in order, gathering what the rules read once.
    pub fn squeezed_all(&self, steps: &[Step], today: NaiveDate) -> Vec<bool> {
        let checklist = Checklist::new(steps, self.notice_days);
        steps
            .iter()
            .map(|s| self.squeezed_in(&checklist, s, today))
            .collect()
    }

    fn squeezed_in(&self, checklist: &Checklist<'_>, step: &Step, today: NaiveDate) -> bool {
        let Some(deadline) = self.deadline else {
            return false;
        };
        if step.abroad || step.status != StepStatus::Pending {
            return false;
        }
        if step.due.is_some_and(|d| d > deadline) {
            return true;
        }
        let Some(rule) = step.rule.as_ref().filter(|_| !step.due_manual) else {
            return false;
        };
        let (shift, submit_days) = (checklist.shift, checklist.submit_days);
        match with_notice(rule, shift, submit_days) {
            Rule::BeforeDeadline { days } => {
                let limit = match self.notice_days {
                    Some(_) => self.created.max(today),
                    None => self.created,
                };
                submit_days.is_none_or(|s| days <= s + shift)
                    && deadline
                        .checked_sub_days(Days::new(days.unsigned_abs()))
                        .is_some_and(|d| d < limit)
            }
            Rule::AfterStep { .. } => self
                .wanted_in(checklist, rule)
                .is_some_and(|d| d > deadline),
        }
    }
}

/// The steps whose due date must change so that every rule-driven date matches its rule, as
/// `(index into steps, new due)`. Dates set by hand, steps without a rule and finished steps (done
/// or skipped: their date is part of what happened) are left alone.
pub fn reschedule(steps: &[Step], plan: &Plan) -> Vec<(usize, Option<NaiveDate>)> {
    // Built once: a case of thousands of chained steps stays linear, where searching the steps
    // for each rule would be quadratic.
    let checklist = Checklist::new(steps, plan.notice_days);
    steps
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.due_manual && s.status == StepStatus::Pending)
        .filter_map(|(i, s)| {
            let rule = s.rule.as_ref()?;
            let due = plan.due_in(&checklist, rule, s.abroad);
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
            abroad: false,
        }
    }

    fn plan(deadline: &str, notice_days: Option<i64>) -> Plan {
        Plan {
            deadline: Some(d(deadline)),
            created: d("2026-11-30"),
            notice_days,
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
        let changes = reschedule(&[manual, free, ruled], &plan("2026-12-20", None));
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
        let changes = reschedule(&[done, skipped, pending], &plan("2027-01-20", None));
        assert_eq!(changes, vec![(2, Some(d("2027-01-15")))]);
    }

    fn sim_like() -> Vec<Step> {
        let before = |days| Some(Rule::BeforeDeadline { days });
        vec![
            step("method", before(21)),
            step("documents", before(14)),
            step("submit", before(5)),
            step("meter", before(0)),
            step(
                "confirm",
                Some(Rule::AfterStep {
                    key: "submit".into(),
                    days: 7,
                }),
            ),
        ]
    }

    #[test]
    fn a_notice_moves_submit_and_the_steps_before_it_earlier() {
        let steps = sim_like();
        // 30 days' notice before 2027-02-28: submit by 2027-01-29, 25 days earlier than its
        // rule; method and documents move with it, the meter reading on the day stays.
        let changes = reschedule(&steps, &plan("2027-02-28", Some(30)));
        assert_eq!(
            changes,
            vec![
                (0, Some(d("2027-01-13"))),
                (1, Some(d("2027-01-20"))),
                (2, Some(d("2027-01-29"))),
                (3, Some(d("2027-02-28"))),
            ]
        );
        // A notice shorter than the rule's five days changes nothing.
        assert_eq!(
            reschedule(&steps, &plan("2027-02-28", Some(3))),
            reschedule(&steps, &plan("2027-02-28", None))
        );
    }

    #[test]
    fn a_step_to_do_before_leaving_never_falls_after_the_deadline_and_is_flagged() {
        let mut steps = sim_like();
        steps[2].status = StepStatus::Done;
        steps[2].done_at = Some(d("2026-12-18"));
        let p = plan("2026-12-20", None);
        let confirm = steps[4].rule.clone().expect("rule");
        // Returning the modem 7 days after a late submit: capped at the deadline, and squeezed.
        assert_eq!(p.due(&confirm, false, &steps), Some(d("2026-12-20")));
        assert!(p.squeezed(&steps[4], &steps, d("2026-11-30")));
        // Confirming can be done from abroad: its date stays, and it is not flagged.
        steps[4].abroad = true;
        assert_eq!(p.due(&confirm, true, &steps), Some(d("2026-12-25")));
        assert!(!p.squeezed(&steps[4], &steps, d("2026-11-30")));
        // A deadline that leaves less than submit's rule asks squeezes it, not the steps that
        // only prepare it.
        let steps = sim_like();
        let tight = plan("2026-12-03", None);
        assert!(tight.squeezed(&steps[2], &steps, d("2026-11-30")));
        assert!(!tight.squeezed(&steps[0], &steps, d("2026-11-30")));
        assert!(!plan("2026-12-20", None).squeezed(&steps[2], &steps, d("2026-11-30")));
        // A notice longer than the time left squeezes submit too.
        assert!(plan("2026-12-20", Some(31)).squeezed(&steps[2], &steps, d("2026-11-30")));
        // Time passing squeezes a case with a notice: 31 days before 2027-01-10 is 2026-12-10,
        // so on 2026-12-15 the request can no longer arrive in time; without a notice, a late
        // submit is only overdue.
        let noticed = plan("2027-01-10", Some(31));
        assert!(!noticed.squeezed(&steps[2], &steps, d("2026-12-09")));
        assert!(noticed.squeezed(&steps[2], &steps, d("2026-12-15")));
        assert_eq!(
            noticed.squeezed_all(&steps, d("2026-12-15")),
            [false, false, true, false, false]
        );
        assert!(!plan("2027-01-10", None).squeezed(&steps[2], &steps, d("2027-01-08")));
    }
}
