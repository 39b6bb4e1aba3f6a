//! Checklist templates: what one holds, and the steps it gives a new case for its provider,
//! channel and language. Templates are data (`templates/*.toml` and the user's own files); this
//! module knows their shape, `parse` reads and checks them.

mod parse;

pub use parse::{Problem, parse};

use super::model::{Channel, Rule};
use super::text::{Lang, Text};
use crate::msg::Msg;

/// A checked template: step keys unique, every rule naming an existing step, no rule cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub name: String,
    pub description: Text,
    /// Who `{provider}` means when the case names none [default: "the provider"].
    pub unknown_provider: Option<Text>,
    /// What `{documents}` lists, unless the provider's section lists its own.
    pub documents: Vec<Text>,
    pub steps: Vec<StepTemplate>,
    pub providers: Vec<Provider>,
    /// Words of a title that name this kind of contract, in any language: `add` without
    /// `--template` takes the template whose word the title holds.
    pub words: Vec<String>,
}

/// How-to text: one for any channel, and one per channel that replaces it when the case's
/// channel is known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HowTo {
    pub how: Option<Text>,
    pub online: Option<Text>,
    pub phone: Option<Text>,
    pub shop: Option<Text>,
    pub post: Option<Text>,
}

impl HowTo {
    pub fn channel(&self, channel: Channel) -> Option<&Text> {
        match channel {
            Channel::Online => self.online.as_ref(),
            Channel::Phone => self.phone.as_ref(),
            Channel::Shop => self.shop.as_ref(),
            Channel::Post => self.post.as_ref(),
        }
    }

    /// The texts that are set, with the name of their field.
    pub fn texts(&self) -> impl Iterator<Item = (&'static str, &Text)> {
        [
            ("how", &self.how),
            ("online", &self.online),
            ("phone", &self.phone),
            ("shop", &self.shop),
            ("post", &self.post),
        ]
        .into_iter()
        .filter_map(|(name, t)| t.as_ref().map(|t| (name, t)))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepTemplate {
    pub key: String,
    pub title: Text,
    pub how: HowTo,
    pub rule: Option<Rule>,
    /// The step can be done after leaving (confirming, watching a bill or a refund).
    pub abroad: bool,
}

/// What a provider changes in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provider {
    pub name: String,
    /// The documents this provider asks for; they replace the template's list.
    pub documents: Vec<Text>,
    pub steps: Vec<ProviderStep>,
}

/// A provider's how-to for one step: replaces the template's text where set, and `extra` is
/// added after whichever text applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderStep {
    pub key: String,
    pub how: HowTo,
    pub extra: Option<Text>,
}

/// One step of a template as a case gets it: text in one language, placeholders filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepDraft {
    pub key: String,
    pub title: String,
    pub how: String,
    pub rule: Option<Rule>,
    pub abroad: bool,
}

impl StepDraft {
    /// The step as a case would hold it before it is saved, for rules that look at the whole
    /// checklist.
    pub fn as_step(&self) -> super::model::Step {
        super::model::Step {
            id: 0,
            uuid: String::new(),
            position: 0,
            key: self.key.clone(),
            title: self.title.clone(),
            how: self.how.clone(),
            status: super::model::StepStatus::Pending,
            due: None,
            rule: self.rule.clone(),
            due_manual: false,
            done_at: None,
            note: None,
            abroad: self.abroad,
        }
    }
}

impl Template {
    /// The provider section for a provider name, in any letter case.
    pub fn provider(&self, name: &str) -> Option<&Provider> {
        let name = name.trim();
        self.providers
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The checklist for a new case. The how-to of a step is, from the most to the least
    /// specific: the provider's text for the case's channel, the template's text for the channel,
    /// the provider's text for any channel, the template's; then the provider's `extra`.
    pub fn steps(
        &self,
        provider: Option<&str>,
        channel: Option<Channel>,
        lang: Lang,
    ) -> Vec<StepDraft> {
        let section = provider.and_then(|p| self.provider(p));
        let who = match provider {
            Some(p) => p.trim().to_string(),
            None => self
                .unknown_provider
                .as_ref()
                .map_or(lang.unknown_provider(), |t| t.get(lang))
                .to_string(),
        };
        let documents = self.documents_text(section, lang);
        let fill = |text: &str| {
            text.replace("{provider}", &who)
                .replace("{documents}", &documents)
        };
        self.steps
            .iter()
            .map(|step| {
                let own = section.and_then(|p| p.steps.iter().find(|s| s.key == step.key));
                fn for_channel(h: &HowTo, channel: Option<Channel>) -> Option<&Text> {
                    channel.and_then(|c| h.channel(c))
                }
                let base = own
                    .and_then(|o| for_channel(&o.how, channel))
                    .or_else(|| for_channel(&step.how, channel))
                    .or_else(|| own.and_then(|o| o.how.how.as_ref()))
                    .or(step.how.how.as_ref());
                let mut how = base.map_or("", |t| t.get(lang)).to_string();
                if let Some(extra) = own.and_then(|o| o.extra.as_ref()) {
                    // Chinese punctuation carries its own space; Latin sentences want one.
                    if how.chars().last().is_some_and(|c| c.is_ascii()) {
                        how.push(' ');
                    }
                    how.push_str(extra.get(lang));
                }
                StepDraft {
                    key: step.key.clone(),
                    title: fill(step.title.get(lang)),
                    how: fill(&how),
                    rule: step.rule.clone(),
                    abroad: step.abroad,
                }
            })
            .collect()
    }

    /// The channels this template has how-tos for, in the order of [`Channel::ALL`].
    pub fn offered(&self) -> Vec<Channel> {
        Channel::ALL
            .into_iter()
            .filter(|c| self.offers(*c))
            .collect()
    }

    /// Whether some step has a how-to for `channel`, in the template or a provider section: a
    /// channel no step speaks of (a letter for a SIM card, say) is not one this template offers.
    pub fn offers(&self, channel: Channel) -> bool {
        match channel {
            Channel::Online | Channel::Phone | Channel::Shop => true,
            Channel::Post => {
                self.steps.iter().any(|s| s.how.channel(channel).is_some())
                    || self
                        .providers
                        .iter()
                        .flat_map(|p| &p.steps)
                        .any(|s| s.how.channel(channel).is_some())
            }
        }
    }

    /// The documents list as a phrase: "an identity document and the SIM card".
    fn documents_text(&self, provider: Option<&Provider>, lang: Lang) -> String {
        let list = match provider {
            Some(p) if !p.documents.is_empty() => &p.documents,
            _ => &self.documents,
        };
        if list.is_empty() {
            return match lang {
                Lang::En => "your documents".to_string(),
                Lang::Zh => "相关材料".to_string(),
            };
        }
        let items: Vec<&str> = list.iter().map(|t| t.get(lang)).collect();
        lang.join_list(&items)
    }
}

/// The provider a title names as a whole word, in any letter case: "Proximus SIM",
/// "orange-internet" and "注销Proximus卡" name one (Chinese needs no spaces between words),
/// "Orangery" does not. With several, the one named first.
pub fn provider_in_title<'a>(
    title: &str,
    names: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // ASCII lowering keeps byte offsets, so a match's neighbours can be looked at in `title`.
    let hay = title.to_ascii_lowercase();
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    names
        .into_iter()
        .filter(|n| !n.trim().is_empty())
        .filter_map(|name| {
            let needle = name.trim().to_ascii_lowercase();
            hay.match_indices(&needle)
                .find(|(at, m)| {
                    !word(at.checked_sub(1).and_then(|i| hay.as_bytes().get(i)))
                        && !word(hay.as_bytes().get(at + m.len()))
                })
                .map(|(at, _)| (at, name))
        })
        .min_by_key(|(at, _)| *at)
        .map(|(_, name)| name)
}

/// Where a title holds a word, in any letter case, as a whole word where it is written in Latin
/// letters ("gym" is in "Basic-Fit gym", not in "gymnastics club"); a Chinese word needs no
/// spaces around it ("健身" is in "健身房会员").
pub fn word_at(title: &str, word: &str) -> Option<usize> {
    let hay = title.to_lowercase();
    let needle = word.trim().to_lowercase();
    if needle.is_empty() {
        return None;
    }
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    hay.match_indices(&needle)
        .find(|(at, m)| {
            let before = hay[..*at].chars().next_back();
            let after = hay[at + m.len()..].chars().next();
            let first = needle.chars().next();
            let last = needle.chars().next_back();
            let glued = (latin(first) && latin(before)) || (latin(last) && latin(after));
            !glued
        })
        .map(|(at, _)| hay[..at].chars().count())
}

/// A template name: what `add --template` takes and a file is named after.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Why a name is refused, for every place that takes one.
pub fn not_a_name(name: &str) -> Msg<'_> {
    Msg::NotATemplateName { name }
}

/// Why a key is refused, for every place that takes one.
pub fn not_a_key(key: &str) -> Msg<'_> {
    Msg::NotAStepKey { key }
}

/// A step key: one word (letters, digits, `-`, `_`) that is not a number, since a number names a
/// step by its position.
pub fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.chars().count() <= 40
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && !key.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
name = "small"
description = { en = "A test", zh = "测试" }
documents = [{ en = "an ID", zh = "身份证件" }, { en = "the bill", zh = "账单" }]

[[steps]]
key = "ask"
title = { en = "Ask {provider}", zh = "询问{provider}" }
how = { en = "Ask {provider}.", zh = "询问{provider}。" }
before_deadline = 10

[[steps]]
key = "send"
title = "Send"
how = "Send it with {documents}."
shop = "Go to a shop with {documents}."
before_deadline = 3

[[steps]]
key = "check"
title = "Check"
after = { step = "send", days = 7 }

[[providers]]
name = "Acme"
documents = ["an Acme card"]
[providers.steps.send]
shop = "Go to an Acme shop with {documents}."
extra = { en = "Acme answers fast.", zh = "Acme回复很快。" }
[providers.steps.ask]
how = "Ask Acme nicely."
"#;

    fn small() -> Template {
        parse(SMALL).expect("valid")
    }

    fn how(t: &Template, p: Option<&str>, c: Option<Channel>, lang: Lang, key: &str) -> String {
        t.steps(p, c, lang)
            .into_iter()
            .find(|s| s.key == key)
            .expect("step")
            .how
    }

    #[test]
    fn a_template_offers_post_only_where_a_step_says_how() {
        use Channel::{Online, Phone, Post, Shop};
        assert_eq!(small().offered(), vec![Online, Phone, Shop]);
        let with_letter = SMALL.replacen(
            "shop = \"Go to a shop with {documents}.\"",
            "shop = \"Go to a shop with {documents}.\"\npost = \"Send a letter.\"",
            1,
        );
        let t = parse(&with_letter).expect("valid");
        assert_eq!(t.offered(), vec![Online, Phone, Shop, Post]);
    }

    #[test]
    fn placeholders_are_filled_in_either_language() {
        let t = small();
        let zh = t.steps(None, None, Lang::Zh);
        assert_eq!(zh[0].title, "询问服务商");
        assert_eq!(zh[0].how, "询问服务商。");
        let en = t.steps(Some("Globex"), None, Lang::En);
        assert_eq!(en[0].title, "Ask Globex");
        assert_eq!(en[1].how, "Send it with an ID and the bill.");
        assert_eq!(en[1].title, "Send");
        assert_eq!(
            en[2].rule,
            Some(Rule::AfterStep {
                key: "send".into(),
                days: 7
            })
        );
    }

    #[test]
    fn the_most_specific_how_to_wins_and_extra_is_added() {
        let t = small();
        let en = Lang::En;
        // Template text for the channel, over the template's text for any channel.
        assert_eq!(
            how(&t, None, Some(Channel::Shop), en, "send"),
            "Go to a shop with an ID and the bill."
        );
        assert_eq!(
            how(&t, None, Some(Channel::Phone), en, "send"),
            "Send it with an ID and the bill."
        );
        // The provider's channel text, its own documents, its extra.
        assert_eq!(
            how(&t, Some("acme"), Some(Channel::Shop), en, "send"),
            "Go to an Acme shop with an Acme card. Acme answers fast."
        );
        assert_eq!(
            how(&t, Some("Acme"), Some(Channel::Shop), Lang::Zh, "send"),
            "Go to an Acme shop with an Acme card. Acme回复很快。"
        );
        // The template's channel text beats the provider's text for any channel.
        assert_eq!(how(&t, Some("Acme"), None, en, "ask"), "Ask Acme nicely.");
        assert_eq!(
            how(&t, Some("Acme"), Some(Channel::Online), en, "send"),
            "Send it with an Acme card. Acme answers fast."
        );
        assert_eq!(how(&t, Some("Acme"), None, en, "check"), "");
    }

    #[test]
    fn providers_are_found_as_whole_words_only() {
        let names = ["Proximus", "Telenet", "Orange", "Mobile Vikings"];
        let find = |title| provider_in_title(title, names);
        assert_eq!(find("Proximus"), Some("Proximus"));
        assert_eq!(find("my TELENET line"), Some("Telenet"));
        assert_eq!(find("orange-sim"), Some("Orange"));
        assert_eq!(find("Orangery gym"), None);
        assert_eq!(find("注销Proximus卡"), Some("Proximus"));
        assert_eq!(find("注销 Proximus 卡"), Some("Proximus"));
        assert_eq!(find("mobile vikings card"), Some("Mobile Vikings"));
        assert_eq!(find("Telenet, not Orange"), Some("Telenet"));
        assert_eq!(find("Orange then Telenet"), Some("Orange"));
    }

    #[test]
    fn names_and_keys() {
        assert!(valid_name("gym-2_b"));
        assert!(!valid_name("my gym") && !valid_name("") && !valid_name("../x"));
        assert!(valid_key("unbind") && valid_key("move-kbc-2fa") && valid_key("退款"));
        assert!(!valid_key("12") && !valid_key("a b") && !valid_key(""));
    }
}
