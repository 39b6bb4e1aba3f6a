//! `config path` and `config show`: where the settings file is and what is in force.

use super::Ctx;
use crate::cli::ConfigAction;
use crate::config::{self, Config};
use crate::msg::Msg;
use crate::render::inert::inert;
use crate::render::json;
use crate::render::table::Table;
use anyhow::{Context, Result};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct Setting {
    name: &'static str,
    value: Option<String>,
    /// "file" when the settings file sets it, "default" otherwise.
    source: &'static str,
}

#[derive(Serialize)]
struct Shown {
    path: String,
    exists: bool,
    settings: Vec<Setting>,
}

pub fn run(action: ConfigAction, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let path = config::path().with_context(|| Msg::NoHomeSettings.to_string())?;
    match action {
        ConfigAction::Path => {
            if ctx.json {
                json::write(out, &serde_json::json!({ "path": path }))
            } else {
                writeln!(out, "{}", inert(&path.display().to_string()))?;
                Ok(())
            }
        }
        ConfigAction::Show => {
            let file = Config::load(&path)?;
            let setting = |name, value: Option<String>, default: &str| Setting {
                name,
                source: if value.is_some() { "file" } else { "default" },
                value: value.or_else(|| (!default.is_empty()).then(|| default.to_string())),
            };
            let lang = file.lang.map(|l| match l {
                crate::i18n::Lang::En => "en".to_string(),
                crate::i18n::Lang::Zh => "zh".to_string(),
            });
            let shown = Shown {
                path: path.display().to_string(),
                exists: path.exists(),
                settings: vec![
                    setting("holder", file.holder, "your login name"),
                    setting("lang", lang, "CLOSEOUT_LANG, else the locale"),
                    setting(
                        "remind_within",
                        file.remind_within.map(|s| s.to_string()),
                        "3d",
                    ),
                    setting("channel", file.channel.map(|c| c.to_string()), ""),
                ],
            };
            if ctx.json {
                return json::write(out, &shown);
            }
            let state = if shown.exists {
                String::new()
            } else {
                Msg::NotCreatedYet.to_string()
            };
            writeln!(out, "{}{state}", inert(&shown.path))?;
            let mut table = Table::new(&["", "", ""], &[]);
            for s in &shown.settings {
                let source = if s.source == "file" {
                    Msg::FromFile
                } else {
                    Msg::FromDefault
                };
                let none = Msg::NoneSet.to_string();
                // The defaults that are words, not values, in the user's language; JSON keeps
                // them as they are.
                let default = match s.name {
                    "holder" if s.source == "default" => Some(Msg::DefaultHolder.to_string()),
                    "lang" if s.source == "default" => Some(Msg::DefaultLang.to_string()),
                    _ => None,
                };
                table.row(&[
                    s.name,
                    default.as_deref().or(s.value.as_deref()).unwrap_or(&none),
                    &source.to_string(),
                ]);
            }
            table.write(out, &ctx.view(), false, "  ")?;
            Ok(())
        }
    }
}
