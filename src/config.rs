//! The user's settings file, `~/.config/closeout/config.toml` (XDG_CONFIG_HOME honoured): defaults
//! for the holder, the language, the reminder window and the channel. Command-line options and
//! environment variables win over it. A file that does not parse is an error naming its line.

use crate::domain::model::Channel;
use crate::domain::span::Span;
use crate::error::Failure;
use crate::i18n::Lang;
use crate::msg::Msg;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Whose contracts new cases are, when `add` has no --holder.
    #[serde(default, deserialize_with = "holder")]
    pub holder: Option<String>,
    /// en or zh, when neither --lang nor CLOSEOUT_LANG says.
    #[serde(default, deserialize_with = "lang")]
    pub lang: Option<Lang>,
    /// How far ahead `remind` looks, like `3d` or `1w`.
    #[serde(default, deserialize_with = "span")]
    pub remind_within: Option<Span>,
    /// How requests are handed in, when `add` has no --channel.
    #[serde(default, deserialize_with = "channel")]
    pub channel: Option<Channel>,
}

/// A holder must name someone, as `--holder` must.
fn holder<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let text = String::deserialize(d)?;
    if text.trim().is_empty() {
        return Err(serde::de::Error::custom(Msg::SettingsHolderEmpty));
    }
    Ok(Some(text))
}

fn lang<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Lang>, D::Error> {
    let text = String::deserialize(d)?;
    text.parse().map(Some).map_err(serde::de::Error::custom)
}

fn span<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Span>, D::Error> {
    let text = String::deserialize(d)?;
    text.parse().map(Some).map_err(serde::de::Error::custom)
}

fn channel<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Channel>, D::Error> {
    let text = String::deserialize(d)?;
    text.parse().map(Some).map_err(serde::de::Error::custom)
}

/// Where the settings file is looked for.
pub fn path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "closeout").map(|d| d.config_dir().join("config.toml"))
}

/// 1-based line and column of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before, |nl| &before[nl + 1..])
        .chars()
        .count()
        + 1;
    (line, column)
}

impl Config {
    /// Reads the file at `path`; a missing file is the empty configuration.
    pub fn load(path: &Path) -> Result<Config, Failure> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(Failure::Refused(
                    Msg::SettingsUnreadable {
                        path: &path.display().to_string(),
                        error: &e.to_string(),
                    }
                    .to_string(),
                ));
            }
        };
        Config::parse(&text).map_err(|(line, column, message)| {
            Failure::Refused(
                Msg::SettingsBad {
                    path: &path.display().to_string(),
                    line,
                    column,
                    message: &message,
                }
                .to_string(),
            )
        })
    }

    /// Parses settings text; an error is (line, column, message).
    pub fn parse(text: &str) -> Result<Config, (usize, usize, String)> {
        toml::from_str(text).map_err(|e: toml::de::Error| {
            let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            (line, column, e.message().trim().to_string())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_parses() {
        let c = Config::parse(
            "holder = \"李雷\"\nlang = \"zh\"\nremind_within = \"1w\"\nchannel = \"shop\"\n",
        )
        .expect("valid");
        assert_eq!(c.holder.as_deref(), Some("李雷"));
        assert_eq!(c.lang, Some(Lang::Zh));
        assert_eq!(c.remind_within, Some(Span::days(7)));
        assert_eq!(c.channel, Some(Channel::Shop));
        assert_eq!(Config::parse("# nothing set\n"), Ok(Config::default()));
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let (line, column, message) =
            Config::parse("holder = \"a\"\ncolour = \"red\"\n").expect_err("unknown field");
        assert_eq!((line, column), (2, 1));
        assert!(message.contains("colour"), "{message}");
        let (line, _, message) =
            Config::parse("holder = \"a\"\n\nlang = \"fr\"\n").expect_err("bad language");
        assert_eq!(line, 3);
        assert!(message.contains("en or zh"), "{message}");
        let (line, _, _) = Config::parse("holder = \n").expect_err("syntax");
        assert_eq!(line, 1);
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("李雷\nx", "李雷\n".len()), (2, 1));
    }
}
