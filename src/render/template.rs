//! Templates as the user reads them: the `templates` table, one template shown whole, and their
//! JSON (texts as written: a string, or `{"en": …, "zh": …}`).

use super::json::RuleJson;
use super::table::Table;
use crate::catalog::{Catalog, Entry};
use crate::domain::model::{Channel, Rule};
use crate::domain::template::{HowTo, Template};
use crate::domain::text::{Lang, Text};
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// "21 days before the deadline", "7 days after submit".
pub fn rule(rule: Option<&Rule>) -> String {
    let days = |n: i64| {
        if n == 1 {
            "1 day".to_string()
        } else {
            format!("{n} days")
        }
    };
    match rule {
        Some(Rule::BeforeDeadline { days: n }) => format!("{} before the deadline", days(*n)),
        Some(Rule::AfterStep { key, days: n }) => format!("{} after {key}", days(*n)),
        None => String::new(),
    }
}

/// The `templates` table: name, steps, source, description.
pub fn list(out: &mut dyn Write, catalog: &Catalog, lang: Lang) -> Result<()> {
    let mut table = Table::new(&["name", "steps", "source", "description"], &[1]);
    for e in &catalog.entries {
        let mut source = e.source.describe();
        if e.replaces_built_in {
            source.push_str(" (replaces the built-in)");
        }
        table.row(&[
            e.template.name.as_str(),
            &e.template.steps.len().to_string(),
            &source,
            e.template.description.get(lang),
        ]);
    }
    for line in table.lines() {
        writeln!(out, "{line}")?;
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
) -> Result<()> {
    let t = &entry.template;
    writeln!(out, "{}  ({})", t.name, entry.source.describe())?;
    writeln!(out, "  {}", t.description.get(lang))?;
    let whom = match (provider, channel) {
        (None, None) => {
            "a case with no provider or channel (see --provider, --channel)".to_string()
        }
        (p, c) => {
            let mut parts = Vec::new();
            if let Some(p) = p {
                parts.push(format!("provider {p}"));
            }
            if let Some(c) = c {
                parts.push(format!("channel {c}"));
            }
            format!("a case with {}", parts.join(" and "))
        }
    };
    writeln!(out, "  how-to as {whom}\n")?;
    let drafts = t.steps(provider, channel, lang);
    let mut table = Table::new(&["#", "step", "title", "due"], &[0]);
    for (i, d) in drafts.iter().enumerate() {
        table.row(&[
            (i + 1).to_string().as_str(),
            &d.key,
            &d.title,
            &rule(d.rule.as_ref()),
        ]);
    }
    let mut lines = table.lines();
    if let Some(header) = lines.next() {
        writeln!(out, "{header}")?;
    }
    for (line, d) in lines.zip(&drafts) {
        writeln!(out, "{line}")?;
        if !d.how.is_empty() {
            writeln!(out, "       {}", d.how)?;
        }
    }
    if !t.documents.is_empty() {
        let docs: Vec<&str> = t.documents.iter().map(|d| d.get(lang)).collect();
        writeln!(out, "\ndocuments: {}", docs.join("; "))?;
    }
    for p in &t.providers {
        let mut said = Vec::new();
        if !p.documents.is_empty() {
            let docs: Vec<&str> = p.documents.iter().map(|d| d.get(lang)).collect();
            said.push(format!("asks for {}", docs.join("; ")));
        }
        let steps: Vec<&str> = p.steps.iter().map(|s| s.key.as_str()).collect();
        if !steps.is_empty() {
            said.push(format!("own how-to for {}", steps.join(", ")));
        }
        writeln!(out, "provider {}: {}", p.name, said.join("; "))?;
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
    pub fn new(e: &'a Entry, lang: Lang) -> Self {
        ListJson {
            name: &e.template.name,
            source: e.source.describe(),
            replaces_built_in: e.replaces_built_in,
            steps: e.template.steps.len(),
            description: e.template.description.get(lang),
        }
    }
}

#[derive(Serialize)]
struct HowJson<'a> {
    how: Option<&'a Text>,
    online: Option<&'a Text>,
    phone: Option<&'a Text>,
    shop: Option<&'a Text>,
}

impl<'a> From<&'a HowTo> for HowJson<'a> {
    fn from(h: &'a HowTo) -> Self {
        HowJson {
            how: h.how.as_ref(),
            online: h.online.as_ref(),
            phone: h.phone.as_ref(),
            shop: h.shop.as_ref(),
        }
    }
}

#[derive(Serialize)]
struct StepJson<'a> {
    key: &'a str,
    title: &'a Text,
    #[serde(flatten)]
    how: HowJson<'a>,
    rule: Option<RuleJson<'a>>,
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
}

impl<'a> From<&'a Entry> for TemplateJson<'a> {
    fn from(e: &'a Entry) -> Self {
        let t: &'a Template = &e.template;
        TemplateJson {
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
                    rule: RuleJson::new(s.rule.as_ref()),
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
        }
    }
}
