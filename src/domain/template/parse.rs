//! Reading a template file: TOML into the template's shape, then the checks TOML cannot make
//! (unique keys, rules naming real steps, no rule cycle), each problem with its line and column.

use super::{
    HowTo, Provider, ProviderStep, StepTemplate, Template, not_a_key, not_a_name, valid_key,
    valid_name,
};
use crate::domain::model::Rule;
use crate::domain::text::Text;
use crate::i18n::Lang;
use crate::msg::Msg;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use toml::Spanned;

/// The longest rule a template may give, in days: ten years.
const MAX_DAYS: u32 = 3650;

/// Something wrong in a template file, where it is (1-based; the column counts characters).
/// `message` is in English, as JSON gives it whatever the language; `said` is in the language in
/// use, as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub said: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.said)
    }
}

/// What TOML says of a file it cannot read, as a message of the catalog: serde's "unknown
/// field" and "missing field" in words, anything else as TOML said it.
fn toml_message(message: &str) -> Msg<'_> {
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((field, fields)) = rest.split_once("`, expected one of ")
    {
        return Msg::UnknownField { field, fields };
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        return Msg::MissingField { field };
    }
    Msg::TomlProblem { message }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    name: Spanned<String>,
    description: Text,
    unknown_provider: Option<Text>,
    #[serde(default)]
    documents: Vec<Text>,
    steps: Spanned<Vec<RawStep>>,
    #[serde(default)]
    providers: Vec<RawProvider>,
    #[serde(default, rename = "match")]
    words: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    key: Spanned<String>,
    title: Text,
    how: Option<Text>,
    online: Option<Text>,
    phone: Option<Text>,
    shop: Option<Text>,
    post: Option<Text>,
    before_deadline: Option<Spanned<u32>>,
    after: Option<Spanned<RawAfter>>,
    #[serde(default)]
    abroad: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAfter {
    step: Spanned<String>,
    days: Spanned<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvider {
    name: Spanned<String>,
    #[serde(default)]
    documents: Vec<Text>,
    #[serde(default)]
    steps: BTreeMap<Spanned<String>, RawProviderStep>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProviderStep {
    how: Option<Text>,
    online: Option<Text>,
    phone: Option<Text>,
    shop: Option<Text>,
    post: Option<Text>,
    extra: Option<Text>,
}

/// Reads and checks a template. All problems are reported, in file order, except that a file TOML
/// cannot read (bad syntax, an unknown field, a wrong type) stops at its first problem.
pub fn parse(source: &str) -> Result<Template, Vec<Problem>> {
    let raw: RawTemplate = match toml::from_str(source) {
        Ok(raw) => raw,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            return Err(vec![problem(source, at, toml_message(e.message().trim()))]);
        }
    };
    let mut checks = Checks {
        source,
        problems: Vec::new(),
    };
    let template = checks.template(raw);
    let mut problems = checks.problems;
    if problems.is_empty() {
        return Ok(template);
    }
    problems.sort_by_key(|p| (p.line, p.column));
    Err(problems)
}

struct Checks<'s> {
    source: &'s str,
    problems: Vec<Problem>,
}

impl Checks<'_> {
    fn report(&mut self, span: Range<usize>, message: Msg) {
        self.problems
            .push(problem(self.source, span.start, message));
    }

    /// Remembers a name (in any letter case) where it first appears; a second time, gives the
    /// first one's line.
    fn seen_before(
        &self,
        seen: &mut HashMap<String, Range<usize>>,
        name: &str,
        span: Range<usize>,
    ) -> Option<usize> {
        match seen.get(&name.to_lowercase()) {
            Some(first) => Some(position(self.source, first.start).0),
            None => {
                seen.insert(name.to_lowercase(), span);
                None
            }
        }
    }

    fn template(&mut self, raw: RawTemplate) -> Template {
        let name = raw.name.get_ref().trim().to_string();
        if !valid_name(&name) {
            self.report(raw.name.span(), not_a_name(&name));
        }
        let steps_span = raw.steps.span();
        let raw_steps = raw.steps.into_inner();
        if raw_steps.is_empty() {
            self.report(steps_span, Msg::TemplateNoSteps);
        }
        let steps = self.steps(raw_steps);
        let providers = self.providers(raw.providers, &steps);
        let mut words: Vec<String> = Vec::with_capacity(raw.words.len());
        for word in raw.words {
            let w = word.get_ref().trim();
            if w.is_empty() {
                self.report(word.span(), Msg::EmptyMatchWord);
            } else if !words.iter().any(|x| x.eq_ignore_ascii_case(w)) {
                words.push(w.to_string());
            }
        }
        Template {
            name,
            description: raw.description,
            unknown_provider: raw.unknown_provider,
            documents: raw.documents,
            steps,
            providers,
            words,
        }
    }

    fn steps(&mut self, raw: Vec<RawStep>) -> Vec<StepTemplate> {
        // Keys are matched in any letter case on the command line, so they must differ in more.
        let mut first_at: HashMap<String, Range<usize>> = HashMap::new();
        for step in &raw {
            let key = step.key.get_ref();
            if !valid_key(key) {
                self.report(step.key.span(), not_a_key(key));
            }
            if let Some(line) = self.seen_before(&mut first_at, key, step.key.span()) {
                self.report(step.key.span(), Msg::DuplicateKey { key, line });
            }
        }
        for step in &raw {
            let key = step.key.get_ref();
            if let (Some(_), Some(after)) = (&step.before_deadline, &step.after) {
                self.report(after.span(), Msg::TwoRules { key });
            }
            let days = step
                .before_deadline
                .iter()
                .chain(step.after.as_ref().map(|a| &a.get_ref().days));
            for d in days.filter(|d| *d.get_ref() > MAX_DAYS) {
                let days = *d.get_ref();
                self.report(
                    d.span(),
                    Msg::TooManyDays {
                        days,
                        max: MAX_DAYS,
                    },
                );
            }
            if let Some(after) = &step.after {
                let other = &after.get_ref().step;
                if !first_at.contains_key(&other.get_ref().to_lowercase()) {
                    self.report(
                        other.span(),
                        Msg::AfterUnknownStep {
                            key,
                            other: other.get_ref(),
                        },
                    );
                }
            }
        }
        self.cycles(&raw);
        raw.into_iter()
            .map(|s| StepTemplate {
                key: s.key.into_inner(),
                title: s.title,
                how: HowTo {
                    how: s.how,
                    online: s.online,
                    phone: s.phone,
                    shop: s.shop,
                    post: s.post,
                },
                abroad: s.abroad,
                rule: match (s.before_deadline, s.after) {
                    (Some(days), _) => Some(Rule::BeforeDeadline {
                        days: i64::from(days.into_inner()),
                    }),
                    (None, Some(after)) => {
                        let after = after.into_inner();
                        Some(Rule::AfterStep {
                            key: after.step.into_inner(),
                            days: i64::from(after.days.into_inner()),
                        })
                    }
                    (None, None) => None,
                },
            })
            .collect()
    }

    /// Steps that wait for each other in a circle could never fall due. Each circle is reported
    /// once, at the rule of its step that comes first in the file.
    fn cycles(&mut self, raw: &[RawStep]) {
        // A duplicate key is reported already; rules follow its first step.
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, s) in raw.iter().enumerate() {
            index.entry(s.key.get_ref().to_lowercase()).or_insert(i);
        }
        let next = |i: usize| -> Option<usize> {
            let after = raw[i].after.as_ref()?;
            index
                .get(&after.get_ref().step.get_ref().to_lowercase())
                .copied()
        };
        // Each step has at most one rule, so the steps and their rules form chains that may end
        // in a circle. One walk along each chain, never past a step an earlier walk passed,
        // finds every circle in time linear in the number of steps. Walks start in file order,
        // so the circles are found in the order of their first step.
        const UNSEEN: usize = usize::MAX;
        const DONE: usize = usize::MAX - 1;
        // UNSEEN, DONE, or the step's place on the walk under way.
        let mut state = vec![UNSEEN; raw.len()];
        let mut path: Vec<usize> = Vec::new();
        for start in 0..raw.len() {
            if state[start] != UNSEEN {
                continue;
            }
            path.clear();
            let mut at = Some(start);
            while let Some(i) = at {
                match state[i] {
                    UNSEEN => {
                        state[i] = path.len();
                        path.push(i);
                        at = next(i);
                    }
                    DONE => break,
                    place => {
                        // Back at a step of this walk: the steps from it on are a circle.
                        let circle = &path[place..];
                        let first = circle.iter().copied().min().unwrap_or(i);
                        let from = circle.iter().position(|&c| c == first).unwrap_or(0);
                        let ring: Vec<usize> = circle[from..]
                            .iter()
                            .chain(&circle[..from])
                            .copied()
                            .collect();
                        self.circle(raw, &ring);
                        break;
                    }
                }
            }
            for &i in &path {
                state[i] = DONE;
            }
        }
    }

    /// Reports the circle `ring` (its first step in the file first, then each step it waits
    /// for) at the rule of that first step.
    fn circle(&mut self, raw: &[RawStep], ring: &[usize]) {
        let Some(&first) = ring.first() else { return };
        // The names are quoted as each language quotes them.
        let say = |lang: Lang| {
            lang.speaking(|| {
                let names: Vec<String> = ring
                    .iter()
                    .chain([&first])
                    .map(|&i| {
                        Msg::Quoted {
                            text: raw[i].key.get_ref(),
                        }
                        .to_string()
                    })
                    .collect();
                let message = if ring.len() == 1 {
                    Msg::AfterOwnSelf {
                        name: names.first().map_or("", String::as_str),
                    }
                } else {
                    Msg::Circle {
                        names: &names.join(" → "),
                    }
                };
                message.to_string()
            })
        };
        if let Some(after) = &raw[first].after {
            let at = after.get_ref().step.span().start;
            let (line, column) = position(self.source, at);
            self.problems.push(Problem {
                line,
                column,
                message: say(Lang::En),
                said: say(Lang::current()),
            });
        }
    }

    fn providers(&mut self, raw: Vec<RawProvider>, steps: &[StepTemplate]) -> Vec<Provider> {
        let mut first_at: HashMap<String, Range<usize>> = HashMap::new();
        let mut providers = Vec::with_capacity(raw.len());
        for p in raw {
            let name = p.name.get_ref().trim().to_string();
            if name.is_empty() {
                self.report(p.name.span(), Msg::ProviderNoName);
            }
            if let Some(line) = self.seen_before(&mut first_at, &name, p.name.span()) {
                self.report(p.name.span(), Msg::ProviderTwice { name: &name, line });
            }
            let mut own = Vec::with_capacity(p.steps.len());
            for (key, s) in p.steps {
                if !steps
                    .iter()
                    .any(|t| t.key.eq_ignore_ascii_case(key.get_ref()))
                {
                    self.report(
                        key.span(),
                        Msg::ProviderUnknownStep {
                            name: &name,
                            key: key.get_ref(),
                        },
                    );
                }
                own.push(ProviderStep {
                    key: key.into_inner(),
                    how: HowTo {
                        how: s.how,
                        online: s.online,
                        phone: s.phone,
                        shop: s.shop,
                        post: s.post,
                    },
                    extra: s.extra,
                });
            }
            providers.push(Provider {
                name,
                documents: p.documents,
                steps: own,
            });
        }
        providers
    }
}

fn problem(source: &str, offset: usize, message: Msg) -> Problem {
    let (line, column) = position(source, offset);
    Problem {
        line,
        column,
        message: message.text(Lang::En),
        said: message.to_string(),
    }
}

/// The line and column (both from 1; the column in characters) of a byte offset.
fn position(source: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(source.len());
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let before = &source[..end];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(src: &str) -> Vec<String> {
        parse(src)
            .expect_err("invalid")
            .iter()
            .map(Problem::to_string)
            .collect()
    }

    const HEAD: &str = "name = \"t\"\ndescription = \"d\"\n";

    #[test]
    fn positions_count_lines_and_characters() {
        assert_eq!(position("abc", 0), (1, 1));
        assert_eq!(position("ab\ncd", 4), (2, 2));
        assert_eq!(position("准备\nx", 6), (1, 3));
        assert_eq!(position("a", 99), (1, 2));
    }

    #[test]
    fn every_check_says_where() {
        let src = format!(
            "{HEAD}\
[[steps]]
key = \"a\"
title = \"A\"
after = {{ step = \"c\", days = 1 }}

[[steps]]
key = \"b\"
title = \"B\"
after = {{ step = \"nope\", days = 1 }}

[[steps]]
key = \"A\"
title = \"again\"

[[steps]]
key = \"c\"
title = \"C\"
after = {{ step = \"a\", days = 1 }}

[[steps]]
key = \"d\"
title = \"D\"
after = {{ step = \"d\", days = 1 }}
before_deadline = 4000
"
        );
        assert_eq!(
            problems(&src),
            [
                "6:18: steps 'a' → 'c' → 'a' wait for each other in a circle; none could ever fall due",
                "11:18: step 'b' comes after 'nope', which is not a step of this template",
                "14:7: duplicate step key 'A' (first at line 4)",
                "25:9: step 'd' has two rules; keep either before_deadline or after, not both",
                "25:18: step 'd' comes after itself; it could never fall due",
                "26:19: 4000 days is too far; a rule reaches at most 3650 days",
            ]
        );
    }

    #[test]
    fn toml_problems_say_where_too() {
        let unknown = format!("{HEAD}[[steps]]\nkey = \"a\"\ntitel = \"A\"\n");
        let p = problems(&unknown);
        assert_eq!(p.len(), 1);
        assert!(p[0].starts_with("5:1: unknown field `titel`"), "{p:?}");
        let syntax = format!("{HEAD}[[steps]\n");
        assert!(
            problems(&syntax)[0].starts_with("3:"),
            "{:?}",
            problems(&syntax)
        );
        assert!(problems("name = \"t\"\n")[0].contains("missing field `description`"));
        let no_steps = format!("{HEAD}steps = []\n");
        assert_eq!(
            problems(&no_steps),
            ["3:9: a template needs at least one step"]
        );
    }

    #[test]
    fn names_keys_and_providers_are_checked() {
        let src = "name = \"my gym\"\ndescription = \"d\"\n\
[[steps]]\nkey = \"12\"\ntitle = \"x\"\n\
[[providers]]\nname = \"P\"\n[providers.steps.zz]\nhow = \"q\"\n\
[[providers]]\nname = \"p\"\n";
        assert_eq!(
            problems(src),
            [
                "1:8: 'my gym' cannot be a template name; use letters, digits, - and _ (at most 40)",
                "4:7: '12' cannot be a step key; use one word of letters, digits, - and _ that is not a number (a number means a position)",
                "8:18: provider 'P' changes step 'zz', which is not a step of this template",
                "11:8: provider 'p' appears twice (first at line 7)",
            ]
        );
    }
}
