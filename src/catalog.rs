//! The templates to choose from: the built-ins, embedded at build time from `templates/`, and the
//! user's own `*.toml` files in the config folder, which add templates or replace a built-in of
//! the same name. Only the commands that need templates load them.

use crate::domain::template::{Problem, Template, parse, provider_in_title, word_at};
use crate::error::Failure;
use crate::msg::Msg;
use anyhow::{Result, anyhow};
use std::cell::OnceCell;
use std::path::{Path, PathBuf};

// The build script reads the built-ins with it; the tests check what it reads.
#[cfg(test)]
mod scan;

// BUILT_IN_MARKS: each file of `templates/` by name, with the marks `scan` read from it.
include!(concat!(env!("OUT_DIR"), "/built_in_marks.rs"));

/// The built-in templates, in the order `templates` lists them.
pub const BUILT_INS: [(&str, &str); 9] = [
    ("sim", include_str!("../templates/sim.toml")),
    ("contract", include_str!("../templates/contract.toml")),
    ("internet", include_str!("../templates/internet.toml")),
    ("energy", include_str!("../templates/energy.toml")),
    ("insurance", include_str!("../templates/insurance.toml")),
    ("gym", include_str!("../templates/gym.toml")),
    ("bank", include_str!("../templates/bank.toml")),
    ("lease", include_str!("../templates/lease.toml")),
    (
        "subscription",
        include_str!("../templates/subscription.toml"),
    ),
];

/// The template a title that names no kind and no known provider gets.
pub const FALLBACK: &str = "contract";

/// Why `add` took the template it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason<'a> {
    /// The title holds this word of the template's `match` list.
    Word(&'a str),
    /// The title names a provider this template has a section for.
    Provider(&'a str),
    /// Nothing in the title named a kind or a provider.
    Fallback,
}

/// Where a template comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    BuiltIn,
    File(PathBuf),
}

impl Source {
    /// `built-in`, or the file's path, as JSON gives it.
    pub fn describe(&self) -> String {
        match self {
            Source::BuiltIn => "built-in".to_string(),
            Source::File(path) => path.display().to_string(),
        }
    }

    /// Where it comes from, in the language in use.
    pub fn shown(&self) -> String {
        match self {
            Source::BuiltIn => Msg::BuiltIn.to_string(),
            Source::File(path) => path.display().to_string(),
        }
    }
}

/// What picking a template looks at: its name, its `match` words and its providers' names, as
/// the parsed template holds them (trimmed; each word once, in any letter case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marks {
    pub name: String,
    pub words: Vec<String>,
    pub providers: Vec<String>,
}

impl Marks {
    pub fn of(template: &Template) -> Marks {
        Marks {
            name: template.name.clone(),
            words: template.words.clone(),
            providers: template.providers.iter().map(|p| p.name.clone()).collect(),
        }
    }

    /// A built-in's marks as the build script read them from its text ([`scan::scan`]), which
    /// is most of what `add` would otherwise spend on templates; `None` for a text the scan
    /// cannot read for sure, which is parsed instead. A test checks that every built-in gives
    /// the marks its parse gives.
    fn built_in(name: &str) -> Option<Marks> {
        let (_, found) = BUILT_IN_MARKS.iter().find(|(file, _)| *file == name)?;
        let (name, words, providers) = (*found)?;
        let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        Some(Marks {
            name: name.to_string(),
            words: owned(words),
            providers: owned(providers),
        })
    }

    #[cfg(test)]
    fn scan(text: &str) -> Option<Marks> {
        scan::scan(text).map(|s| Marks {
            name: s.name,
            words: s.words,
            providers: s.providers,
        })
    }
}

#[derive(Debug)]
pub struct Entry {
    /// What picking a template looks at, known without parsing a built-in.
    pub marks: Marks,
    template: OnceCell<Template>,
    /// A built-in's text, parsed the first time its template is wanted.
    text: Option<&'static str>,
    pub source: Source,
    /// A user file that takes the place of the built-in of the same name.
    pub replaces_built_in: bool,
}

impl Entry {
    fn parsed(template: Template, source: Source, replaces_built_in: bool) -> Entry {
        Entry {
            marks: Marks::of(&template),
            template: OnceCell::from(template),
            text: None,
            source,
            replaces_built_in,
        }
    }

    fn built_in(name: &str, text: &'static str) -> Result<Entry> {
        match Marks::built_in(name) {
            Some(marks) => Ok(Entry {
                marks,
                template: OnceCell::new(),
                text: Some(text),
                source: Source::BuiltIn,
                replaces_built_in: false,
            }),
            None => Ok(Entry::parsed(
                parse_built_in(name, text)?,
                Source::BuiltIn,
                false,
            )),
        }
    }

    /// The whole template; a built-in is parsed the first time.
    pub fn template(&self) -> Result<&Template> {
        if let Some(template) = self.template.get() {
            return Ok(template);
        }
        let template = parse_built_in(&self.marks.name, self.text.unwrap_or_default())?;
        Ok(self.template.get_or_init(|| template))
    }

    /// The name of this template's section for a provider, in any letter case, as
    /// [`Template::provider`] finds it.
    pub fn provider(&self, name: &str) -> Option<&str> {
        let name = name.trim();
        self.marks
            .providers
            .iter()
            .find(|p| p.eq_ignore_ascii_case(name))
            .map(String::as_str)
    }

    /// Whether the whole template has been read.
    pub fn is_parsed(&self) -> bool {
        self.template.get().is_some()
    }
}

/// A built-in template, parsed. A unit test parses every built-in; this can only fail on a
/// broken build.
fn parse_built_in(name: &str, text: &str) -> Result<Template> {
    parse(text).map_err(|problems| {
        let problem = problems.first().map(Problem::to_string).unwrap_or_default();
        anyhow!(
            "{}",
            Msg::BuiltInBroken {
                name,
                problem: &problem
            }
        )
    })
}

#[derive(Debug)]
pub struct Catalog {
    pub entries: Vec<Entry>,
    /// User files that were skipped, and why; the commands print them on stderr.
    pub warnings: Vec<String>,
}

/// `templates` in the config folder: `$XDG_CONFIG_HOME/closeout/templates` on Linux.
pub fn user_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "closeout").map(|d| d.config_dir().join("templates"))
}

/// Reads a template file; the outer error is a file that cannot be read as text.
pub fn read_file(path: &Path) -> std::io::Result<(String, Result<Template, Vec<Problem>>)> {
    let text = std::fs::read_to_string(path)?;
    let parsed = parse(&text);
    Ok((text, parsed))
}

impl Catalog {
    /// The built-ins, then the files of `user_dir` (when given) in file-name order. A built-in
    /// is parsed only when its whole template is wanted ([`Entry::template`]); a user's file is
    /// parsed now, so that a broken one is skipped with a warning.
    pub fn load(user_dir: Option<&Path>) -> Result<Catalog> {
        let mut entries = Vec::with_capacity(BUILT_INS.len());
        for (name, text) in BUILT_INS {
            entries.push(Entry::built_in(name, text)?);
        }
        let mut catalog = Catalog {
            entries,
            warnings: Vec::new(),
        };
        if let Some(dir) = user_dir {
            for path in toml_files(dir, &mut catalog.warnings) {
                catalog.add_file(path);
            }
        }
        Ok(catalog)
    }

    fn add_file(&mut self, path: PathBuf) {
        let shown = path.display().to_string();
        let skipped = |why: String| {
            Msg::TemplateSkipped {
                path: &shown,
                why: &why,
            }
            .to_string()
        };
        let template = match read_file(&path) {
            Ok((_, Ok(template))) => template,
            Ok((_, Err(problems))) => {
                let more = match problems.len() {
                    0 | 1 => String::new(),
                    n => Msg::AndMoreProblems { count: n - 1 }.to_string(),
                };
                let problem = problems.first().map(Problem::to_string).unwrap_or_default();
                self.warnings.push(skipped(
                    Msg::SeeTemplateCheck {
                        problem: &problem,
                        more: &more,
                        path: &shown,
                    }
                    .to_string(),
                ));
                return;
            }
            Err(e) => {
                self.warnings.push(skipped(e.to_string()));
                return;
            }
        };
        match self
            .entries
            .iter_mut()
            .find(|e| e.marks.name.eq_ignore_ascii_case(&template.name))
        {
            Some(entry) if entry.source == Source::BuiltIn => {
                *entry = Entry::parsed(template, Source::File(path), true);
            }
            Some(entry) => {
                let first = entry.source.shown();
                self.warnings.push(skipped(
                    Msg::TemplateNameTaken {
                        name: &template.name,
                        first: &first,
                    }
                    .to_string(),
                ));
            }
            None => self
                .entries
                .push(Entry::parsed(template, Source::File(path), false)),
        }
    }

    pub fn find(&self, name: &str) -> Option<&Entry> {
        let name = name.trim();
        self.entries
            .iter()
            .find(|e| e.marks.name.eq_ignore_ascii_case(name))
    }

    /// The template a command names, or a usage error that lists the known ones.
    pub fn named(&self, name: &str) -> Result<&Entry, Failure> {
        self.find(name).ok_or_else(|| {
            Failure::Usage(
                Msg::NoTemplate {
                    name: name.trim(),
                    known: &self.names().join(", "),
                }
                .to_string(),
            )
        })
    }

    pub fn names(&self) -> Vec<&str> {
        self.entries.iter().map(|e| e.marks.name.as_str()).collect()
    }

    /// The template for a title: the one whose `match` word the title holds (the user's own
    /// templates first, so that theirs win over a built-in with the same word; among several, the
    /// word that comes first in the title), else one that knows the provider the title names,
    /// else `contract`. The provider is the one given (`add --provider`), else the one the
    /// title names. A kind's word wins over a provider's name: "Telenet internet" is an
    /// internet line whoever provides it.
    pub fn choose<'a>(&'a self, title: &str, provider: Option<&str>) -> (&'a Entry, Reason<'a>) {
        let mut order: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.source != Source::BuiltIn)
            .collect();
        order.extend(self.entries.iter().filter(|e| e.source == Source::BuiltIn));
        let mut best: Option<(usize, &Entry, &str)> = None;
        for entry in &order {
            for word in &entry.marks.words {
                if let Some(at) = word_at(title, word)
                    && best.is_none_or(|(b, _, _)| at < b)
                {
                    best = Some((at, entry, word));
                }
            }
        }
        if let Some((_, entry, word)) = best {
            return (entry, Reason::Word(word));
        }
        for entry in &order {
            let names = entry.marks.providers.iter().map(String::as_str);
            let found = match provider {
                Some(given) => entry.provider(given),
                None => provider_in_title(title, names),
            };
            if let Some(name) = found {
                return (entry, Reason::Provider(name));
            }
        }
        match self.find(FALLBACK) {
            Some(entry) => (entry, Reason::Fallback),
            // A user file named `contract` replaces the built-in, so one is always there.
            None => (order[0], Reason::Fallback),
        }
    }

    /// The templates other than `except` that have a section for `provider`, in the order
    /// `choose` tries them: the ones a case named only by its provider could as well have taken.
    pub fn also_knowing(&self, provider: &str, except: &str) -> Vec<&str> {
        let users = self.entries.iter().filter(|e| e.source != Source::BuiltIn);
        let built_in = self.entries.iter().filter(|e| e.source == Source::BuiltIn);
        users
            .chain(built_in)
            .filter(|e| e.marks.name != except && e.provider(provider).is_some())
            .map(|e| e.marks.name.as_str())
            .collect()
    }

    /// Every provider some template has a section for, each once.
    pub fn provider_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        let all = self.entries.iter().flat_map(|e| &e.marks.providers);
        for p in all {
            if !names.iter().any(|n| n.eq_ignore_ascii_case(p)) {
                names.push(p);
            }
        }
        names
    }

    /// A provider name as the templates spell it ("proximus" gives "Proximus"), or as typed.
    pub fn provider_spelling(&self, name: &str) -> String {
        let name = name.trim();
        self.provider_names()
            .into_iter()
            .find(|n| n.eq_ignore_ascii_case(name))
            .unwrap_or(name)
            .to_string()
    }

    /// Prints the warnings on stderr.
    pub fn warn(&self) {
        for w in &self.warnings {
            eprintln!("warning: {}", crate::render::inert::inert_lines(w));
        }
    }
}

/// The text `template new NAME` writes: a copy of the built-in of that name, or a commented
/// starting point that passes `template check` as it is.
pub fn starting_file(name: &str) -> String {
    match BUILT_INS.iter().find(|(n, _)| *n == name) {
        Some((_, text)) => {
            // The built-in's opening comment speaks of the built-in; this file is a copy.
            let body: String = text
                .lines()
                .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
                .flat_map(|l| [l, "\n"])
                .collect();
            format!(
                "# Your copy of the built-in '{name}' template: while this file is in your templates\n\
                 # folder, it replaces the built-in. Edit it, then run: closeout template check FILE\n\n{body}"
            )
        }
        None => SKELETON.replace("@NAME@", name),
    }
}

const SKELETON: &str = r#"# A closeout checklist template. Edit it, then run: closeout template check FILE
# Cases you add with `closeout add TITLE --template @NAME@` get a copy of these steps; changing
# this file later does not change them.
#
# Every text can be one string, or one per language: { en = "…", zh = "…" }.
# In a text, {provider} becomes the case's provider ("the provider" when it has none) and
# {documents} the list of documents below.

name = "@NAME@"
description = "What this checklist is for, in one line"

# What {documents} lists. A provider section below can list its own instead.
documents = ["an identity document", "the contract or a recent bill"]

# The steps, in order. A key is one word (letters, digits, - and _), unique in the template;
# you type it on the command line, as in `closeout done CASE method`.

[[steps]]
key = "method"
title = "Find out how to cancel"
how = "Read the contract and ask {provider} how to cancel and what notice applies."
before_deadline = 21            # due 21 days before the case's deadline

[[steps]]
key = "documents"
title = "Gather documents"
how = "Have {documents} at hand."
before_deadline = 14

[[steps]]
key = "submit"
title = "Submit the cancellation request"
how = "Hand in the request online, by phone or in a shop, and keep any reference number."
# How-to for the case's channel (add --channel); it replaces `how` when the channel is known.
online = "Log in to {provider}'s website or app and choose the cancellation option."
phone = "Call {provider}'s customer service and ask to cancel."
shop = "Go to one of {provider}'s shops with {documents}."
before_deadline = 5

[[steps]]
key = "confirm"
title = "Confirm the cancellation took effect"
how = "Contact {provider} again, check that the cancellation took effect and keep the confirmation."
after = { step = "submit", days = 7 }   # due 7 days after `submit` is done

# A provider section applies to cases whose provider has this name (in any letter case). Its
# texts replace the template's for the steps it names; `extra` is added after the how-to.
#
# [[providers]]
# name = "Example"
# documents = ["the membership card", "an identity document"]
#
# [providers.steps.submit]
# online = "Log in to Example's website, open "My account" and choose "Cancel"."
# extra = "Example sends a confirmation by e-mail: keep it."
"#;

/// The `*.toml` files of a folder, by name; none when the folder does not exist.
fn toml_files(dir: &Path, warnings: &mut Vec<String>) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            warnings.push(format!(
                "cannot read the templates folder {}: {e}",
                dir.display()
            ));
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Channel;
    use crate::domain::text::Lang;

    fn built_ins() -> Catalog {
        Catalog::load(None).expect("built-ins parse")
    }

    #[test]
    fn every_built_in_parses_and_is_named_after_its_file() {
        let catalog = built_ins();
        assert_eq!(
            catalog.names(),
            [
                "sim",
                "contract",
                "internet",
                "energy",
                "insurance",
                "gym",
                "bank",
                "lease",
                "subscription"
            ]
        );
        assert!(catalog.warnings.is_empty());
        assert_eq!(
            catalog.provider_names()[..4],
            ["Proximus", "Telenet", "Orange", "Scarlet"]
        );
        assert_eq!(catalog.provider_spelling("TELENET"), "Telenet");
        assert_eq!(catalog.provider_spelling(" Scarlet "), "Scarlet");
    }

    /// Every text of every built-in, in each language, for each provider and channel.
    fn every_draft(lang: Lang) -> Vec<(String, String, String)> {
        let catalog = built_ins();
        let mut out = Vec::new();
        for entry in &catalog.entries {
            let t = entry.template().expect("parses");
            let mut providers: Vec<Option<&str>> = vec![None, Some("Scarlet")];
            providers.extend(t.providers.iter().map(|p| Some(p.name.as_str())));
            for p in providers {
                for c in [
                    None,
                    Some(Channel::Online),
                    Some(Channel::Phone),
                    Some(Channel::Shop),
                    Some(Channel::Post),
                ] {
                    for d in t.steps(p, c, lang) {
                        out.push((format!("{} {p:?} {c:?} {}", t.name, d.key), d.title, d.how));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn built_ins_speak_english_and_chinese_fully() {
        let catalog = built_ins();
        for entry in &catalog.entries {
            let t = entry.template().expect("parses");
            let mut texts = vec![&t.description];
            texts.extend(&t.documents);
            texts.extend(t.unknown_provider.iter());
            for s in &t.steps {
                texts.push(&s.title);
                texts.extend(s.how.texts().map(|(_, x)| x));
            }
            for p in &t.providers {
                texts.extend(&p.documents);
                for s in &p.steps {
                    texts.extend(s.how.texts().map(|(_, x)| x));
                    texts.extend(s.extra.iter());
                }
            }
            for text in texts {
                assert!(
                    text.has(Lang::En) && text.has(Lang::Zh),
                    "{}: {text:?}",
                    t.name
                );
            }
        }
        let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for (what, title, how) in every_draft(Lang::Zh) {
            assert!(han(&title), "{what}: {title}");
            assert!(how.is_empty() || han(&how), "{what}: {how}");
            assert!(!how.contains('{') && !title.contains('{'), "{what}: {how}");
        }
        for (what, title, how) in every_draft(Lang::En) {
            assert!(!han(&title) && !han(&how), "{what}: {title} {how}");
            assert!(!how.contains('{') && !title.contains('{'), "{what}: {how}");
            assert!(!how.is_empty(), "{what}: no how-to");
        }
    }

    #[test]
    fn no_built_in_text_invents_a_phone_number() {
        for lang in [Lang::En, Lang::Zh] {
            for (what, _, how) in every_draft(lang) {
                let longest = how
                    .split(|c: char| !c.is_ascii_digit())
                    .map(str::len)
                    .max()
                    .unwrap_or(0);
                assert!(longest < 3, "{what}: {how}");
            }
        }
    }

    #[test]
    fn the_sim_how_to_follows_provider_and_channel() {
        let catalog = built_ins();
        let sim = catalog
            .find("SIM")
            .expect("sim")
            .template()
            .expect("parses");
        let submit = |p, c| {
            sim.steps(p, c, Lang::En)
                .into_iter()
                .find(|s| s.key == "submit")
                .expect("submit")
                .how
        };
        assert!(submit(Some("Telenet"), Some(Channel::Online)).contains("\"My account\""));
        assert!(submit(Some("Proximus"), Some(Channel::Online)).contains("fill in the form"));
        assert_eq!(
            submit(Some("Orange"), Some(Channel::Shop)),
            "Go to an Orange shop with an identity document (passport or other valid ID) and \
             the SIM card and ask the staff to process the cancellation."
        );
        assert!(
            submit(Some("Scarlet"), Some(Channel::Phone)).contains("Scarlet's customer service")
        );
        let unknown = submit(None, None);
        assert!(
            unknown.contains("Online:") && unknown.contains("Shop:"),
            "{unknown}"
        );
        assert!(unknown.contains("the provider's website"), "{unknown}");
        let method = &sim.steps(Some("Proximus"), None, Lang::En)[0].how;
        assert!(method.ends_with("Proximus usually accepts online requests, but policies change."));
        let zh = &sim.steps(None, None, Lang::Zh)[0].how;
        assert!(zh.starts_with("确认运营商是要求"), "{zh}");
    }

    /// The template `add` takes for a title, and why.
    #[rstest::rstest]
    #[case::kind_beats_provider("Telenet internet", "internet", Reason::Word("internet"))]
    #[case::provider_alone("Proximus", "sim", Reason::Provider("Proximus"))]
    #[case::chinese_sim("注销 Orange 手机卡", "sim", Reason::Word("手机"))]
    #[case::gym("Basic-Fit gym", "gym", Reason::Word("gym"))]
    #[case::gym_zh("健身房会员", "gym", Reason::Word("健身"))]
    #[case::lease_zh("房屋租约", "lease", Reason::Word("租约"))]
    #[case::lease("apartment lease", "lease", Reason::Word("apartment"))]
    #[case::insurance("Ethias insurance", "insurance", Reason::Word("insurance"))]
    #[case::insurance_zh("汽车保险", "insurance", Reason::Word("保险"))]
    #[case::energy("Engie electricity", "energy", Reason::Word("electricity"))]
    #[case::subscription("Netflix subscription", "subscription", Reason::Word("subscription"))]
    #[case::bank("KBC bank account", "bank", Reason::Word("bank"))]
    #[case::fallback("Piano lessons", "contract", Reason::Fallback)]
    #[case::whole_words_only("Simone's gymnastics", "contract", Reason::Fallback)]
    fn the_title_chooses_the_template(
        #[case] title: &str,
        #[case] template: &str,
        #[case] reason: Reason,
    ) {
        let catalog = built_ins();
        let (entry, why) = catalog.choose(title, None);
        assert_eq!((entry.marks.name.as_str(), why), (template, reason));
    }

    #[test]
    fn a_given_provider_chooses_when_the_title_names_no_kind() {
        let catalog = built_ins();
        let (entry, why) = catalog.choose("Our line", Some("telenet"));
        assert_eq!(entry.marks.name, "sim");
        assert_eq!(why, Reason::Provider("Telenet"));
        let (entry, _) = catalog.choose("Our line", Some("Acme"));
        assert_eq!(entry.marks.name, "contract");
    }

    #[test]
    fn only_contract_templates_offer_the_post() {
        let catalog = built_ins();
        for entry in &catalog.entries {
            let t = entry.template().expect("parses");
            assert_eq!(t.offers(Channel::Post), t.name != "sim", "{}", t.name);
        }
    }

    #[test]
    fn a_built_in_s_marks_read_from_its_text_are_those_of_its_parse() {
        for (name, text) in BUILT_INS {
            let parsed = parse(text).expect("built-in parses");
            assert_eq!(Marks::scan(text), Some(Marks::of(&parsed)), "{name}");
            // And as the build read them, from the same file.
            assert_eq!(Marks::built_in(name), Some(Marks::of(&parsed)), "{name}");
        }
    }

    #[test]
    fn a_text_the_scan_cannot_read_for_sure_gives_no_marks() {
        let steps = "description = \"d\"\n[[steps]]\nkey = \"a\"\ntitle = \"A\"\n";
        let plain = format!(
            "name = \" t \" # a comment\nmatch = [ \"gym\", \" Yoga\" , \"GYM\" ] # words\n{steps}\
             # other providers\n[[providers]]\nname = \" Acme \"\n[providers.steps.a]\nhow = \"name = not a provider\"\n"
        );
        let marks = Marks::scan(&plain).expect("plain");
        assert_eq!(marks, Marks::of(&parse(&plain).expect("valid")));
        assert_eq!(
            marks,
            Marks {
                name: "t".into(),
                words: vec!["gym".into(), "Yoga".into()],
                providers: vec!["Acme".into()],
            }
        );
        for odd in [
            format!("name = \"t\"\nmatch = [\n  \"gym\",\n]\n{steps}"),
            format!("name = \"t\"\nmatch = [\"g\\u0079m\"]\n{steps}"),
            format!("name = \"t\"\nmatch = ['gym']\n{steps}"),
            format!("name = \"t\"\n\"match\" = [\"gym\"]\n{steps}"),
            format!("name = \"t\"\nmatch = [\"\"]\n{steps}"),
            format!(
                "name = \"t\"\nmatch = [\"gym\"]\n{steps}[[providers]]\nname = \"A\\u0063me\"\n"
            ),
            format!("name = \"t\"\nmatch = [\"gym\"]\n{steps}[[providers]]\ndocuments = []\n"),
            format!("name = \"\"\"t\"\"\"\n{steps}"),
            format!("name = \"t\"\nmatch = [\"gym\"]\n{steps}[[ providers ]]\nname = \"Acme\"\n"),
            format!("name = \"t\"\nproviders = [{{ name = \"Acme\" }}]\n{steps}"),
            format!("name = \"t\"\nname = \"u\"\n{steps}"),
        ] {
            assert_eq!(Marks::scan(&odd), None, "{odd}");
        }
    }

    /// How `choose` picked a template when it parsed every template first, kept here to check
    /// the choice made from the marks against.
    fn choose_parsing(
        templates: &[(Template, bool)],
        title: &str,
        provider: Option<&str>,
    ) -> (String, String) {
        let mut order: Vec<&Template> = templates.iter().filter(|t| t.1).map(|t| &t.0).collect();
        order.extend(templates.iter().filter(|t| !t.1).map(|t| &t.0));
        let mut best: Option<(usize, &Template, &str)> = None;
        for t in &order {
            for word in &t.words {
                if let Some(at) = word_at(title, word)
                    && best.is_none_or(|(b, _, _)| at < b)
                {
                    best = Some((at, t, word));
                }
            }
        }
        if let Some((_, t, word)) = best {
            return (t.name.clone(), format!("{:?}", Reason::Word(word)));
        }
        for t in &order {
            let names = t.providers.iter().map(|p| p.name.as_str());
            let found = match provider {
                Some(given) => t.provider(given).map(|p| p.name.as_str()),
                None => provider_in_title(title, names),
            };
            if let Some(name) = found {
                return (t.name.clone(), format!("{:?}", Reason::Provider(name)));
            }
        }
        let fallback = order
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(FALLBACK))
            .unwrap_or(&order[0]);
        (fallback.name.clone(), format!("{:?}", Reason::Fallback))
    }

    /// The choice from the marks is the one a parse of every template gives, for every word
    /// and provider of every template, alone, in a sentence, given, and two together.
    fn same_choice_as_a_full_parse(catalog: &Catalog) {
        let templates: Vec<(Template, bool)> = catalog
            .entries
            .iter()
            .map(|e| {
                let parsed = match &e.source {
                    Source::BuiltIn => BUILT_INS
                        .iter()
                        .find(|(n, _)| *n == e.marks.name)
                        .map(|(_, text)| parse(text).expect("parses"))
                        .expect("a built-in"),
                    Source::File(path) => read_file(path).expect("read").1.expect("parses"),
                };
                (parsed, e.source != Source::BuiltIn)
            })
            .collect();
        let mut names: Vec<String> = Vec::new();
        for (t, _) in &templates {
            names.extend(t.words.iter().cloned());
            names.extend(t.providers.iter().map(|p| p.name.clone()));
        }
        names.extend(["Piano lessons".to_string(), "Acme".to_string()]);
        let mut tried = 0;
        for name in &names {
            let mut titles = vec![
                name.clone(),
                name.to_uppercase(),
                format!("my {name} at home"),
                format!("注销{name}"),
            ];
            titles.extend(
                names
                    .iter()
                    .step_by(7)
                    .map(|other| format!("{other} {name}")),
            );
            for title in &titles {
                for given in [None, Some(name.as_str()), Some(" telenet "), Some("Acme")] {
                    let (entry, why) = catalog.choose(title, given);
                    assert_eq!(
                        (entry.marks.name.clone(), format!("{why:?}")),
                        choose_parsing(&templates, title, given),
                        "{title:?} {given:?}"
                    );
                    tried += 1;
                }
            }
        }
        assert!(tried > 1000, "{tried}");
    }

    #[test]
    fn the_choice_from_the_marks_is_the_choice_of_a_full_parse() {
        same_choice_as_a_full_parse(&built_ins());
        let dir = tempfile::tempdir().expect("tempdir");
        let body = "description = \"mine\"\nmatch = [\"gym\", \"yoga\"]\n[[steps]]\nkey = \"a\"\ntitle = \"A\"\n[[providers]]\nname = \"Proximus\"\n";
        std::fs::write(
            dir.path().join("club.toml"),
            format!("name = \"club\"\n{body}"),
        )
        .expect("write");
        std::fs::write(
            dir.path().join("sim.toml"),
            format!("name = \"sim\"\n{body}"),
        )
        .expect("write");
        same_choice_as_a_full_parse(&Catalog::load(Some(dir.path())).expect("load"));
    }

    #[test]
    fn choosing_parses_only_the_template_chosen() {
        let catalog = built_ins();
        assert!(catalog.entries.iter().all(|e| !e.is_parsed()));
        let (entry, _) = catalog.choose("Telenet internet", Some("telenet"));
        assert_eq!(catalog.provider_spelling("TELENET"), "Telenet");
        assert_eq!(catalog.also_knowing("Telenet", "internet"), ["sim"]);
        assert!(catalog.entries.iter().all(|e| !e.is_parsed()));
        let template = entry.template().expect("parses");
        assert_eq!(template.name, "internet");
        let parsed: Vec<&str> = catalog
            .entries
            .iter()
            .filter(|e| e.is_parsed())
            .map(|e| e.marks.name.as_str())
            .collect();
        assert_eq!(parsed, ["internet"]);
    }

    #[test]
    fn a_user_template_wins_with_its_own_word() {
        let dir = tempfile::tempdir().expect("tempdir");
        let body = "description = \"mine\"\nmatch = [\"gym\", \"yoga\"]\n[[steps]]\nkey = \"a\"\ntitle = \"A\"\n";
        std::fs::write(
            dir.path().join("club.toml"),
            format!("name = \"club\"\n{body}"),
        )
        .expect("write");
        let catalog = Catalog::load(Some(dir.path())).expect("load");
        let (entry, why) = catalog.choose("Basic-Fit gym", None);
        assert_eq!(
            (entry.marks.name.as_str(), why),
            ("club", Reason::Word("gym"))
        );
        let (entry, _) = catalog.choose("Yoga studio", None);
        assert_eq!(entry.marks.name, "club");
        let (entry, _) = catalog.choose("Ethias insurance", None);
        assert_eq!(entry.marks.name, "insurance");
    }

    #[test]
    fn every_contract_template_asks_for_the_notice() {
        let catalog = built_ins();
        for entry in catalog.entries.iter().filter(|e| e.marks.name != "sim") {
            let t = entry.template().expect("parses");
            let method = t.steps(None, None, Lang::En);
            let method = method.iter().find(|s| s.key == "method").expect("method");
            assert!(
                method.how.contains("--notice"),
                "{}: {}",
                t.name,
                method.how
            );
            let zh = t.steps(None, None, Lang::Zh);
            let zh = zh.iter().find(|s| s.key == "method").expect("method");
            assert!(zh.how.contains("--notice"), "{}: {}", t.name, zh.how);
        }
    }

    #[test]
    fn starting_files_pass_the_check() {
        let piano = parse(&starting_file("piano")).expect("skeleton is valid");
        assert_eq!(piano.name, "piano");
        assert_eq!(piano.steps.len(), 4);
        let sim = parse(&starting_file("sim")).expect("copy is valid");
        assert_eq!(
            &sim,
            built_ins()
                .find("sim")
                .expect("sim")
                .template()
                .expect("parses")
        );
    }

    #[test]
    fn a_user_file_adds_or_replaces_and_a_broken_one_is_skipped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let write =
            |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("write");
        let body = "description = \"mine\"\n[[steps]]\nkey = \"a\"\ntitle = \"A\"\n";
        write("a-sim.toml", &format!("name = \"sim\"\n{body}"));
        write("b-gym.toml", &format!("name = \"gym\"\n{body}"));
        write("c-gym-again.toml", &format!("name = \"GYM\"\n{body}"));
        write("d-broken.toml", "name = \"x\"\ntitel = 1\n");
        write("notes.txt", "not a template");
        let catalog = Catalog::load(Some(dir.path())).expect("load");
        assert_eq!(catalog.names()[..3], ["sim", "contract", "internet"]);
        assert!(catalog.find("gym").expect("gym").replaces_built_in);
        let sim = catalog.find("sim").expect("sim");
        assert!(sim.replaces_built_in);
        assert_eq!(sim.source, Source::File(dir.path().join("a-sim.toml")));
        assert_eq!(catalog.warnings.len(), 2, "{:?}", catalog.warnings);
        assert!(
            catalog.warnings[0].contains("c-gym-again.toml")
                && catalog.warnings[0].contains("already defines")
        );
        assert!(
            catalog.warnings[1].contains("d-broken.toml: 2:1: unknown field `titel`"),
            "{:?}",
            catalog.warnings
        );
        // A missing folder is no user template at all.
        let none = Catalog::load(Some(&dir.path().join("nope"))).expect("load");
        assert!(none.warnings.is_empty() && none.entries.len() == BUILT_INS.len());
    }
}
