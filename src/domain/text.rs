//! Text that comes in more than one language: the languages closeout knows, and the one in use.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

pub use crate::i18n::Lang;

impl Lang {
    /// "a, b and c" / "a、b和c".
    pub fn join_list(self, items: &[&str]) -> String {
        let (comma, and) = match self {
            Lang::En => (", ", " and "),
            Lang::Zh => ("、", "和"),
        };
        match items {
            [] => String::new(),
            [one] => (*one).to_string(),
            [rest @ .., last] => format!("{}{and}{last}", rest.join(comma)),
        }
    }

    /// Who `{provider}` means when a case names no provider.
    pub fn unknown_provider(self) -> &'static str {
        match self {
            Lang::En => "the provider",
            Lang::Zh => "服务商",
        }
    }
}

/// Whether a text holds Chinese characters (the CJK unified ideographs).
pub fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

impl Lang {
    /// The language of a checklist when none is asked for: Chinese when its title is written in
    /// Chinese, else `otherwise` (the language in use).
    pub fn for_title(title: &str, otherwise: Lang) -> Lang {
        if has_chinese(title) {
            Lang::Zh
        } else {
            otherwise
        }
    }
}

/// A text field of a template: one text for every language, or one per language.
///
/// In TOML: `title = "Gather documents"` or `title = { en = "Gather documents", zh = "准备材料" }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Langs {
        #[serde(skip_serializing_if = "Option::is_none")]
        en: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        zh: Option<String>,
    },
}

impl Text {
    /// The text in `lang`, else in the other language: a text in one language is better than none.
    pub fn get(&self, lang: Lang) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Langs { en, zh } => {
                let (first, second) = match lang {
                    Lang::En => (en, zh),
                    Lang::Zh => (zh, en),
                };
                first.as_deref().or(second.as_deref()).unwrap_or_default()
            }
        }
    }

    /// Whether the text has its own version in `lang` (a plain text counts for every language).
    pub fn has(&self, lang: Lang) -> bool {
        match (self, lang) {
            (Text::Plain(_), _) => true,
            (Text::Langs { en, .. }, Lang::En) => en.is_some(),
            (Text::Langs { zh, .. }, Lang::Zh) => zh.is_some(),
        }
    }

    /// Every version of the text, for checks that apply to all of them.
    pub fn versions(&self) -> impl Iterator<Item = &str> {
        let (a, b) = match self {
            Text::Plain(s) => (Some(s.as_str()), None),
            Text::Langs { en, zh } => (en.as_deref(), zh.as_deref()),
        };
        a.into_iter().chain(b)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(r#"a text, or one per language: { en = "…", zh = "…" }"#)
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Text, E> {
        check(s)?;
        Ok(Text::Plain(s.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
        let (mut en, mut zh) = (None, None);
        while let Some(lang) = map.next_key::<String>()? {
            let slot = match lang.as_str() {
                "en" => &mut en,
                "zh" => &mut zh,
                other => return Err(de::Error::unknown_field(other, &["en", "zh"])),
            };
            if slot.is_some() {
                return Err(de::Error::duplicate_field("language"));
            }
            let text: String = map.next_value()?;
            check(&text)?;
            *slot = Some(text);
        }
        if en.is_none() && zh.is_none() {
            return Err(de::Error::custom(
                "an empty table: give the text as en = \"…\", zh = \"…\" or both",
            ));
        }
        Ok(Text::Langs { en, zh })
    }
}

/// The placeholders a text may hold, filled in when a case is made.
pub const PLACEHOLDERS: [&str; 2] = ["provider", "documents"];

/// A text must say something, and name only placeholders that exist.
fn check<E: de::Error>(text: &str) -> Result<(), E> {
    if text.trim().is_empty() {
        return Err(E::custom(
            "the text is empty; write something or leave the field out",
        ));
    }
    if let Some(name) = placeholders(text).find(|p| !PLACEHOLDERS.contains(p)) {
        return Err(E::custom(format!(
            "unknown placeholder {{{name}}}; a text may use {{provider}} and {{documents}}"
        )));
    }
    Ok(())
}

/// The names inside `{…}` in a text: `{provider}` gives `provider`. Braces around anything other
/// than a plain word (letters and `_`) are left as text.
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|rest| {
        let name = rest.split('}').next()?;
        let is_word = rest.len() > name.len()
            && !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_');
        is_word.then_some(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Doc {
        t: Text,
    }

    fn parse(src: &str) -> Result<Text, String> {
        toml::from_str::<Doc>(src)
            .map(|d| d.t)
            .map_err(|e| e.message().to_string())
    }

    #[test]
    fn plain_and_per_language_texts() {
        let plain = parse(r#"t = "hello""#).expect("plain");
        assert_eq!(plain.get(Lang::En), "hello");
        assert_eq!(plain.get(Lang::Zh), "hello");
        let both = parse(r#"t = { en = "hello", zh = "你好" }"#).expect("both");
        assert_eq!(both.get(Lang::En), "hello");
        assert_eq!(both.get(Lang::Zh), "你好");
        assert!(both.has(Lang::Zh));
        // One language stands in for the other.
        let zh_only = parse(r#"t = { zh = "你好" }"#).expect("zh");
        assert_eq!(zh_only.get(Lang::En), "你好");
        assert!(!zh_only.has(Lang::En));
    }

    #[test]
    fn bad_texts_are_refused() {
        assert!(
            parse(r#"t = { fr = "salut" }"#)
                .expect_err("refused")
                .contains("unknown field `fr`")
        );
        assert!(
            parse("t = {}")
                .expect_err("refused")
                .contains("empty table")
        );
        assert!(parse(r#"t = "  ""#).expect_err("refused").contains("empty"));
        assert!(
            parse("t = 3")
                .expect_err("refused")
                .contains("one per language")
        );
        let err = parse(r#"t = "ask {provder}""#).expect_err("refused");
        assert!(err.contains("unknown placeholder {provder}"), "{err}");
        // Braces that are not a placeholder stay text.
        assert!(parse(r#"t = "a {b c} or {} or { or {x1}""#).is_ok());
    }

    #[test]
    fn lists_read_naturally() {
        assert_eq!(Lang::En.join_list(&["a"]), "a");
        assert_eq!(Lang::En.join_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(Lang::Zh.join_list(&["甲", "乙", "丙"]), "甲、乙和丙");
    }
}
