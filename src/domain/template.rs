//! The built-in checklists (`sim`, `contract`) and the operator knowledge their how-to text draws on.
//!
//! Only facts from the guide are written here: no phone numbers, fees or notice periods. Where the
//! guide says nothing, the text tells the user to check with the provider.

use super::model::{Channel, Rule};

/// One step of a template, before it belongs to a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepDraft {
    pub key: &'static str,
    pub title: &'static str,
    pub how: String,
    pub rule: Option<Rule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Sim,
    Contract,
}

impl Template {
    pub const ALL: [Template; 2] = [Template::Sim, Template::Contract];

    pub fn name(self) -> &'static str {
        match self {
            Template::Sim => "sim",
            Template::Contract => "contract",
        }
    }

    pub fn by_name(name: &str) -> Option<Template> {
        Template::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The checklist for a case, its how-to text following the channel and provider.
    pub fn steps(self, provider: Option<&str>, channel: Option<Channel>) -> Vec<StepDraft> {
        let before = |days| Some(Rule::BeforeDeadline { days });
        let after_submit = Some(Rule::AfterStep {
            key: "submit".to_string(),
            days: 7,
        });
        let op = provider.and_then(Operator::by_name);
        let who = provider.unwrap_or("the provider");
        match self {
            Template::Sim => vec![
                StepDraft {
                    key: "method",
                    title: "Find out how to cancel",
                    how: method_how(op, who),
                    rule: before(21),
                },
                StepDraft {
                    key: "documents",
                    title: "Gather documents",
                    how: "Have an identity document (passport or other valid ID), the SIM card itself \
                          (bring it even if it may not be asked for) and the contract or a recent bill."
                        .to_string(),
                    rule: before(14),
                },
                StepDraft {
                    key: "unbind",
                    title: "Unbind services tied to the number",
                    how: "Move bank accounts and their SMS codes (2FA), paid subscriptions and anything \
                          else that uses this number to another number first: a code sent to a dead \
                          number locks you out, and services left bound can keep charging."
                        .to_string(),
                    rule: before(10),
                },
                StepDraft {
                    key: "balance",
                    title: "Clear the balance",
                    how: format!(
                        "Use up remaining prepaid credit or move it elsewhere. Many operators refund \
                         the rest on request: ask {who}'s customer service how, and how long it takes."
                    ),
                    rule: before(7),
                },
                StepDraft {
                    key: "submit",
                    title: "Submit the cancellation request",
                    how: submit_how(op, who, channel),
                    rule: before(5),
                },
                StepDraft {
                    key: "confirm",
                    title: "Confirm the cancellation took effect",
                    how: format!(
                        "Contact {who} again (phone or online chat), check the cancellation status and \
                         keep the confirmation. Watch the final bill and any refund."
                    ),
                    rule: after_submit,
                },
            ],
            Template::Contract => vec![
                StepDraft {
                    key: "method",
                    title: "Find out how to cancel",
                    how: format!(
                        "Read the contract and ask {who} how to cancel (online, phone or shop), what \
                         notice applies and what they need from you."
                    ),
                    rule: before(21),
                },
                StepDraft {
                    key: "documents",
                    title: "Gather documents",
                    how: "Have an identity document and the contract or a recent bill at hand."
                        .to_string(),
                    rule: before(14),
                },
                StepDraft {
                    key: "submit",
                    title: "Submit the cancellation request",
                    how: submit_how(None, who, channel),
                    rule: before(5),
                },
                StepDraft {
                    key: "confirm",
                    title: "Confirm the cancellation took effect",
                    how: format!(
                        "Contact {who} again, check that the cancellation took effect and keep the \
                         confirmation. Watch the final bill and any refund."
                    ),
                    rule: after_submit,
                },
            ],
        }
    }
}

/// The operators the guide names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    Proximus,
    Telenet,
    Orange,
}

impl Operator {
    pub const ALL: [Operator; 3] = [Operator::Proximus, Operator::Telenet, Operator::Orange];

    pub fn name(self) -> &'static str {
        match self {
            Operator::Proximus => "Proximus",
            Operator::Telenet => "Telenet",
            Operator::Orange => "Orange",
        }
    }

    pub fn by_name(name: &str) -> Option<Operator> {
        Operator::ALL
            .into_iter()
            .find(|o| o.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The operator a title names as a whole word, in any case: "Proximus SIM", "orange-internet"
    /// and "注销Proximus卡" name one (Chinese needs no spaces between words), "Orangery" does not.
    pub fn in_title(title: &str) -> Option<Operator> {
        title
            .split(|c: char| !c.is_ascii_alphanumeric())
            .find_map(Operator::by_name)
    }

    fn how(self, channel: Channel) -> &'static str {
        match (self, channel) {
            (Operator::Proximus, Channel::Online) => {
                "Log in to Proximus's website, open \"Service management\", choose \"Cancel service\" and fill in the form."
            }
            (Operator::Telenet, Channel::Online) => {
                "Log in to Telenet's website, open \"My account\", then \"Service management\", choose \"Cancel service\" and submit."
            }
            (Operator::Orange, Channel::Online) => {
                "In Orange's website or app, open \"Service management\" and choose \"Cancel service\"."
            }
            (Operator::Proximus, Channel::Phone) => {
                "Call Proximus customer service (the number is on their website or your bill); use the voice menu or ask for an agent."
            }
            (Operator::Telenet, Channel::Phone) => {
                "Call Telenet customer service (the number is on their website or your bill); the agent guides you through the rest."
            }
            (Operator::Orange, Channel::Phone) => {
                "Call Orange customer service (the number is on their website or your bill)."
            }
            (op, Channel::Shop) => match op {
                Operator::Proximus => {
                    "Go to a Proximus shop with your ID and SIM card and ask the staff to process the cancellation."
                }
                Operator::Telenet => {
                    "Go to a Telenet shop with your ID and SIM card and ask the staff to process the cancellation."
                }
                Operator::Orange => {
                    "Go to an Orange shop with your ID and SIM card and ask the staff to process the cancellation."
                }
            },
        }
    }
}

fn method_how(op: Option<Operator>, who: &str) -> String {
    let known = match op {
        Some(Operator::Proximus | Operator::Telenet) => {
            " Proximus and Telenet usually accept online requests, but policies change."
        }
        _ => "",
    };
    format!(
        "Check whether {who} wants a shop visit, or accepts a phone call or an online request.{known} \
         Check {who}'s current policy before you plan the rest."
    )
}

fn generic_how(who: &str, channel: Channel) -> String {
    match channel {
        Channel::Online => format!(
            "Log in to {who}'s website or app, open \"My account\" or \"Service management\", choose the \
             cancellation option and follow the prompts."
        ),
        Channel::Phone => format!(
            "Call {who}'s customer service (the number is on their website or your bill) and ask to cancel."
        ),
        Channel::Shop => format!(
            "Go to a {who} shop with your documents and ask the staff to process the cancellation."
        ),
    }
}

fn submit_how(op: Option<Operator>, who: &str, channel: Option<Channel>) -> String {
    match (op, channel) {
        (Some(op), Some(ch)) => op.how(ch).to_string(),
        (None, Some(ch)) => generic_how(who, ch),
        (_, None) => format!(
            "Online: {} Phone: {} Shop: {} Keep any reference number you are given.",
            generic_how(who, Channel::Online),
            generic_how(who, Channel::Phone),
            generic_how(who, Channel::Shop)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sim_has_the_six_steps_in_order() {
        let keys: Vec<_> = Template::Sim
            .steps(None, None)
            .iter()
            .map(|s| s.key)
            .collect();
        assert_eq!(
            keys,
            [
                "method",
                "documents",
                "unbind",
                "balance",
                "submit",
                "confirm"
            ]
        );
    }

    #[test]
    fn submit_follows_provider_and_channel() {
        let submit = |p, c| {
            Template::Sim
                .steps(p, c)
                .into_iter()
                .find(|s| s.key == "submit")
                .expect("submit step")
                .how
        };
        assert!(submit(Some("Telenet"), Some(Channel::Online)).contains("My account"));
        assert!(submit(Some("proximus"), Some(Channel::Online)).contains("fill in the form"));
        assert!(submit(Some("Orange"), Some(Channel::Shop)).contains("Orange shop"));
        assert!(submit(Some("Scarlet"), Some(Channel::Phone)).contains("Scarlet"));
        let unknown = submit(None, None);
        assert!(unknown.contains("Online:") && unknown.contains("Shop:"));
    }

    #[test]
    fn operator_is_found_as_a_whole_word_only() {
        assert_eq!(Operator::in_title("Proximus"), Some(Operator::Proximus));
        assert_eq!(
            Operator::in_title("my TELENET line"),
            Some(Operator::Telenet)
        );
        assert_eq!(Operator::in_title("orange-sim"), Some(Operator::Orange));
        assert_eq!(Operator::in_title("Orangery gym"), None);
        assert_eq!(
            Operator::in_title("注销Proximus卡"),
            Some(Operator::Proximus)
        );
        assert_eq!(
            Operator::in_title("注销 Proximus 卡"),
            Some(Operator::Proximus)
        );
    }

    #[test]
    fn no_text_invents_a_phone_number() {
        for t in Template::ALL {
            for p in [None, Some("Proximus"), Some("Telenet"), Some("Orange")] {
                for c in [
                    None,
                    Some(Channel::Online),
                    Some(Channel::Phone),
                    Some(Channel::Shop),
                ] {
                    for s in t.steps(p, c) {
                        let longest_number = s
                            .how
                            .split(|c: char| !c.is_ascii_digit())
                            .map(str::len)
                            .max()
                            .unwrap_or(0);
                        assert!(longest_number < 3, "{}: {}", s.key, s.how);
                    }
                }
            }
        }
    }
}
