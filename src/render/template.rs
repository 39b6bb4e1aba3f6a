//! Templates as the user reads them: the `templates` table, one template shown whole, and their
//! JSON (texts as written: a string, or `{"en": …, "zh": …}`).

use super::table::Table;
use super::wrap;
use crate::catalog::{Catalog, Entry};
use crate::domain::model::{Channel, Rule};
use crate::domain::template::{HowTo, Template};
use crate::domain::text::{Lang, Text};
use crate::msg::Msg;
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// "21 days before the deadline", "7 days after submit".
pub fn rule(rule: Option<&Rule>) -> String {
    let days = |count: i64| {
        if count == 1 {
            Msg::OneDay.to_string()
        } else {
            Msg::NDays { count }.to_string()
        }
    };
    match rule {
        Some(Rule::BeforeDeadline { days: 0 }) => Msg::RuleOnDeadline.to_string(),
        Some(Rule::BeforeDeadline { days: n }) => {
            Msg::RuleBeforeDeadline { days: &days(*n) }.to_string()
        }
        Some(Rule::AfterStep { key, days: n }) => Msg::RuleAfterStep {
            days: &days(*n),
            key,
        }
        .to_string(),
        None => String::new(),
    }
}

/// The `templates` table: name, steps, source, description. When the descriptions do not fit
/// beside the rest, each is wrapped under its row instead.
pub fn list(
    out: &mut dyn Write,
    catalog: &Catalog,
    lang: Lang,
    width: Option<usize>,
) -> Result<()> {
    const DESCRIPTION: usize = 3;
    let head = [
        Msg::HeadName.to_string(),
        Msg::HeadSteps.to_string(),
        Msg::HeadSource.to_string(),
        Msg::HeadDescription.to_string(),
    ];
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    // A name is typed as it is shown, so it is never cut: a long folder in the source gives way.
    let mut table = Table::new(&head, &[1])
        .droppable(&[DESCRIPTION])
        .fixed(&[0, 1]);
    for e in &catalog.entries {
        let mut source = e.source.shown();
        if e.replaces_built_in {
            source.push_str(&Msg::ReplacesBuiltIn.to_string());
        }
        let t = e.template()?;
        table.row(&[
            t.name.as_str(),
            &t.steps.len().to_string(),
            &source,
            t.description.get(lang),
        ]);
    }
    table.fit(width, "");
    let beneath = !table.shown(DESCRIPTION);
    for (i, line) in table.lines().enumerate() {
        writeln!(out, "{line}")?;
        let Some(e) = catalog.entries.get(i.wrapping_sub(1)).filter(|_| beneath) else {
            continue;
        };
        for l in wrap::fill(e.template()?.description.get(lang), width, "  ", "  ") {
            writeln!(out, "{l}")?;
        }
    }
    Ok(())
}

/// One template: its steps with their rules and the how-to a case with this provider and channel
/// would get, then its documents and providers.
pub fn show(
    out: &mut dyn Write,
    entry: &Entry,
    provider: Option<&str>,
    channel: Option<Channel>,
    lang: Lang,
    width: Option<usize>,
) -> Result<()> {
    let t = entry.template()?;
    let lines = |text: &str, first: &str, rest: &str| wrap::fill(text, width, first, rest);
    let name = Msg::TemplateHead {
        name: &t.name,
        source: &entry.source.shown(),
    }
    .to_string();
    for line in lines(&name, "", "  ")
        .into_iter()
        .chain(lines(t.description.get(lang), "  ", "  "))
    {
        writeln!(out, "{line}")?;
    }
    let whom = match (provider, channel) {
        (None, None) => Msg::WhomNone.to_string(),
        (p, c) => {
            let mut parts = Vec::new();
            if let Some(name) = p {
                parts.push(Msg::WhomProvider { name }.to_string());
            }
            if let Some(c) = c {
                parts.push(
                    Msg::WhomChannel {
                        name: &c.to_string(),
                    }
                    .to_string(),
                );
            }
            Msg::WhomCase {
                parts: &parts.join(&Msg::And.to_string()),
            }
            .to_string()
        }
    };
    if !t.words.is_empty() {
        let words = Msg::TemplateWords {
            words: &t.words.join(&Msg::ItemSeparator.to_string()),
        };
        for line in lines(&words.to_string(), "  ", "  ") {
            writeln!(out, "{line}")?;
        }
    }
    for line in lines(&Msg::HowToAs { whom: &whom }.to_string(), "  ", "  ") {
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    let drafts = t.steps(provider, channel, lang);
    let head = [
        Msg::HeadStep.to_string(),
        Msg::HeadTitle.to_string(),
        Msg::HeadDue.to_string(),
    ];
    // On a narrow terminal the rule moves under its row, whole.
    const RULE: usize = 3;
    const INDENT: &str = "       ";
    let mut table = Table::new(&["#", &head[0], &head[1], &head[2]], &[0])
        .flexible(&[2])
        .droppable(&[RULE])
        .fixed(&[0]);
    for (i, d) in drafts.iter().enumerate() {
        table.row(&[
            (i + 1).to_string().as_str(),
            &d.key,
            &d.title,
            &match d.abroad {
                true => Msg::RuleAbroad {
                    rule: &rule(d.rule.as_ref()),
                }
                .to_string(),
                false => rule(d.rule.as_ref()),
            },
        ]);
    }
    table.fit(width, "");
    let rule_beneath = !table.shown(RULE);
    let mut rows = table.lines();
    if let Some(header) = rows.next() {
        writeln!(out, "{header}")?;
    }
    // One line per row: every cell is inert, so no row spans two lines.
    for (line, d) in rows.zip(&drafts) {
        writeln!(out, "{line}")?;
        let said = rule(d.rule.as_ref());
        let said =
            (rule_beneath && !said.is_empty()).then(|| Msg::DueByRule { rule: &said }.to_string());
        let beneath = said.as_deref();
        for text in beneath.into_iter().chain(d.how.lines()) {
            for l in lines(text, INDENT, INDENT) {
                writeln!(out, "{l}")?;
            }
        }
    }
    if !t.documents.is_empty() {
        let docs: Vec<&str> = t.documents.iter().map(|d| d.get(lang)).collect();
        let docs = docs.join(&Msg::ItemSeparator.to_string());
        writeln!(out)?;
        for line in lines(&Msg::Documents { docs: &docs }.to_string(), "", "  ") {
            writeln!(out, "{line}")?;
        }
    }
    // Providers the template only knows by name (for choosing it by the title) go on one line.
    let named: Vec<&str> = t
        .providers
        .iter()
        .filter(|p| p.documents.is_empty() && p.steps.is_empty())
        .map(|p| p.name.as_str())
        .collect();
    if !named.is_empty() {
        let names = named.join(&Msg::Listed.to_string());
        for line in lines(&Msg::KnownProviders { names: &names }.to_string(), "", "  ") {
            writeln!(out, "{line}")?;
        }
    }
    for p in &t.providers {
        if p.documents.is_empty() && p.steps.is_empty() {
            continue;
        }
        let mut said = Vec::new();
        if !p.documents.is_empty() {
            let docs: Vec<&str> = p.documents.iter().map(|d| d.get(lang)).collect();
            let docs = docs.join(&Msg::ItemSeparator.to_string());
            said.push(Msg::AsksFor { docs: &docs }.to_string());
        }
        let steps: Vec<&str> = p.steps.iter().map(|s| s.key.as_str()).collect();
        if !steps.is_empty() {
            let keys = steps.join(&Msg::Listed.to_string());
            said.push(Msg::OwnHowTo { keys: &keys }.to_string());
        }
        let said = Msg::ProviderSaid {
            name: &p.name,
            said: &said.join(&Msg::Semicolon.to_string()),
        };
        for line in lines(&said.to_string(), "", "  ") {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// A `templates` row.
#[derive(Serialize)]
pub struct ListJson<'a> {
    pub name: &'a str,
    pub source: String,
    pub replaces_built_in: bool,
    pub steps: usize,
    /// In the language in use.
    pub description: &'a str,
}

impl<'a> ListJson<'a> {
    pub fn new(e: &'a Entry, lang: Lang) -> Result<Self> {
        let t = e.template()?;
        Ok(ListJson {
            name: &t.name,
            source: e.source.describe(),
            replaces_built_in: e.replaces_built_in,
            steps: t.steps.len(),
            description: t.description.get(lang),
        })
    }
}

#[derive(Serialize)]
struct HowJson<'a> {
    how: Option<&'a Text>,
    online: Option<&'a Text>,
    phone: Option<&'a Text>,
    shop: Option<&'a Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    post: Option<&'a Text>,
}

impl<'a> From<&'a HowTo> for HowJson<'a> {
    fn from(h: &'a HowTo) -> Self {
        HowJson {
            how: h.how.as_ref(),
            online: h.online.as_ref(),
            phone: h.phone.as_ref(),
            shop: h.shop.as_ref(),
            post: h.post.as_ref(),
        }
    }
}

#[derive(Serialize)]
struct StepJson<'a> {
    key: &'a str,
    title: &'a Text,
    #[serde(flatten)]
    how: HowJson<'a>,
    rule: Option<&'a Rule>,
    abroad: bool,
}

#[derive(Serialize)]
struct ProviderStepJson<'a> {
    #[serde(flatten)]
    how: HowJson<'a>,
    extra: Option<&'a Text>,
}

#[derive(Serialize)]
struct ProviderJson<'a> {
    name: &'a str,
    documents: &'a [Text],
    steps: BTreeMap<&'a str, ProviderStepJson<'a>>,
}

/// `template show --json`: the whole template, every language.
#[derive(Serialize)]
pub struct TemplateJson<'a> {
    name: &'a str,
    source: String,
    replaces_built_in: bool,
    description: &'a Text,
    unknown_provider: Option<&'a Text>,
    documents: &'a [Text],
    steps: Vec<StepJson<'a>>,
    providers: Vec<ProviderJson<'a>>,
    /// The words of a title that choose this template.
    #[serde(rename = "match")]
    words: &'a [String],
}

impl<'a> TemplateJson<'a> {
    pub fn new(e: &'a Entry) -> Result<Self> {
        let t: &'a Template = e.template()?;
        Ok(TemplateJson {
            name: &t.name,
            source: e.source.describe(),
            replaces_built_in: e.replaces_built_in,
            description: &t.description,
            unknown_provider: t.unknown_provider.as_ref(),
            documents: &t.documents,
            steps: t
                .steps
                .iter()
                .map(|s| StepJson {
                    key: &s.key,
                    title: &s.title,
                    how: HowJson::from(&s.how),
                    rule: s.rule.as_ref(),
                    abroad: s.abroad,
                })
                .collect(),
            providers: t
                .providers
                .iter()
                .map(|p| ProviderJson {
                    name: &p.name,
                    documents: &p.documents,
                    steps: p
                        .steps
                        .iter()
                        .map(|s| {
                            (
                                s.key.as_str(),
                                ProviderStepJson {
                                    how: HowJson::from(&s.how),
                                    extra: s.extra.as_ref(),
                                },
                            )
                        })
                        .collect(),
                })
                .collect(),
            words: &t.words,
        })
    }
}
