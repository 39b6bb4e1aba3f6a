//! The case and step types every layer speaks, and their small vocabularies (channel, status).

use crate::i18n::Lang;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How the cancellation request is handed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Online,
    Phone,
    Shop,
    /// A signed letter, by registered post where the contract asks for it.
    Post,
}

impl Channel {
    pub const ALL: [Channel; 4] = [
        Channel::Online,
        Channel::Phone,
        Channel::Shop,
        Channel::Post,
    ];

    /// Every channel there is, as a prompt or an error lists them: `online, phone, shop or post`
    /// (in Chinese with what each word means), so that a new channel is offered everywhere.
    pub fn listed(lang: crate::i18n::Lang) -> String {
        Channel::listed_of(&Channel::ALL, lang)
    }

    /// `channels` as [`Channel::listed`] says them.
    pub fn listed_of(channels: &[Channel], lang: crate::i18n::Lang) -> String {
        use crate::msg::Msg;
        let names: Vec<String> = channels
            .iter()
            .map(|c| {
                match c {
                    Channel::Online => Msg::ChannelOnline,
                    Channel::Phone => Msg::ChannelPhone,
                    Channel::Shop => Msg::ChannelShop,
                    Channel::Post => Msg::ChannelPost,
                }
                .text(lang)
            })
            .collect();
        match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => {
                let before = rest.join(&Msg::Listed.text(lang));
                let or = Msg::Or.text(lang);
                // No space after a closing full-width bracket: "shop（门店）或 post（邮寄）".
                let or = if before.ends_with('）') {
                    or.trim_start()
                } else {
                    &or
                };
                format!("{before}{or}{last}")
            }
            None => String::new(),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::Phone => "phone",
            Channel::Shop => "shop",
            Channel::Post => "post",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                crate::msg::Msg::NotAChannel {
                    input: s,
                    channels: &Channel::listed(crate::i18n::Lang::current()),
                }
                .to_string()
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseStatus {
    Open,
    Closed,
}

impl CaseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Closed => "closed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepStatus {
    Pending,
    Done,
    Skipped,
}

impl StepStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Pending => "pending",
            StepStatus::Done => "done",
            StepStatus::Skipped => "skipped",
        }
    }

    /// Done and skipped both count as finished for progress and for closing a case.
    pub fn is_finished(self) -> bool {
        self != StepStatus::Pending
    }
}

/// Where a step's due date comes from, so that it can be computed again when what it depends on
/// changes.
///
/// In JSON, everywhere (`show --json`, `template show --json`, the history, the merge), a rule
/// has the shape a template gives it: `{"before_deadline": 21}` or
/// `{"after": {"step": "submit", "days": 7}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RuleJson", into = "RuleJson")]
pub enum Rule {
    /// `days` before the case deadline.
    BeforeDeadline { days: i64 },
    /// `days` after the day step `key` was done.
    AfterStep { key: String, days: i64 },
}

/// The written shape of a [`Rule`]. Unknown fields are refused, so that a file's rule of another
/// shape is never read as a rule of this one.
#[derive(Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
enum RuleJson {
    Before { before_deadline: i64 },
    After { after: AfterJson },
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AfterJson {
    step: String,
    days: i64,
}

impl From<RuleJson> for Rule {
    fn from(written: RuleJson) -> Self {
        match written {
            RuleJson::Before { before_deadline } => Rule::BeforeDeadline {
                days: before_deadline,
            },
            RuleJson::After { after } => Rule::AfterStep {
                key: after.step,
                days: after.days,
            },
        }
    }
}

impl From<Rule> for RuleJson {
    fn from(rule: Rule) -> Self {
        match rule {
            Rule::BeforeDeadline { days } => RuleJson::Before {
                before_deadline: days,
            },
            Rule::AfterStep { key, days } => RuleJson::After {
                after: AfterJson { step: key, days },
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub id: i64,
    pub uuid: String,
    pub position: i64,
    pub key: String,
    pub title: String,
    pub how: String,
    pub status: StepStatus,
    pub due: Option<NaiveDate>,
    pub rule: Option<Rule>,
    /// The due date was set by hand with `due`; rules leave it alone.
    pub due_manual: bool,
    pub done_at: Option<NaiveDate>,
    pub note: Option<String>,
    /// The step can be done after leaving; the others must be done by the deadline.
    pub abroad: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub id: i64,
    pub uuid: String,
    pub title: String,
    pub template: String,
    pub provider: Option<String>,
    pub channel: Option<Channel>,
    pub holder: String,
    pub number: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub status: CaseStatus,
    pub created_at: DateTime<FixedOffset>,
    pub closed_at: Option<DateTime<FixedOffset>>,
    pub note: Option<String>,
    /// The language of the checklist's template text.
    pub lang: Lang,
    /// How many days before the end the provider must have the request.
    pub notice_days: Option<i64>,
    /// The deadline is the household's departure date and moves with it.
    pub follows_departure: bool,
}

/// A case with its checklist in position order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseWithSteps {
    pub case: Case,
    pub steps: Vec<Step>,
}

impl CaseWithSteps {
    pub fn finished(&self) -> usize {
        self.steps.iter().filter(|s| s.status.is_finished()).count()
    }
}

/// Appends a line to a note, keeping the earlier lines.
pub fn append_note(existing: Option<&str>, line: &str) -> String {
    match existing {
        Some(old) if !old.is_empty() => format!("{old}\n{line}"),
        _ => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_parses_any_case_and_rejects_others() {
        assert_eq!("Online".parse::<Channel>(), Ok(Channel::Online));
        assert_eq!("SHOP".parse::<Channel>(), Ok(Channel::Shop));
        assert!("email".parse::<Channel>().is_err());
    }

    #[test]
    fn notes_accumulate_lines() {
        assert_eq!(append_note(None, "a"), "a");
        assert_eq!(append_note(Some(""), "a"), "a");
        assert_eq!(append_note(Some("a"), "b"), "a\nb");
    }

    #[test]
    fn a_rule_has_one_json_shape_both_ways() {
        let before = Rule::BeforeDeadline { days: 21 };
        let after = Rule::AfterStep {
            key: "submit".into(),
            days: 7,
        };
        let written = serde_json::json!([
            {"before_deadline": 21},
            {"after": {"step": "submit", "days": 7}}
        ]);
        assert_eq!(
            serde_json::to_value([&before, &after]).expect("a rule serializes"),
            written
        );
        let read: Vec<Rule> =
            serde_json::from_value(written).expect("the written shape reads back");
        assert_eq!(read, vec![before, after]);
        // The shape another format once used is not a rule here.
        assert!(
            serde_json::from_value::<Rule>(serde_json::json!({"kind": "before", "days": 3}))
                .is_err()
        );
    }
}
