//! The language closeout speaks: English or Simplified Chinese, chosen once at start-up.

use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl FromStr for Lang {
    type Err = String;

    /// A language name, or a locale in the form the environment gives it (`zh_CN.UTF-8`,
    /// `zh_TW`, `zh-HK`, `en_GB.utf8@euro`): its language part decides. Every Chinese locale
    /// means the Chinese closeout speaks, Simplified.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        let language = lower
            .split(['.', '@'])
            .next()
            .unwrap_or_default()
            .split(['_', '-'])
            .next()
            .unwrap_or_default();
        match (lower.as_str(), language) {
            ("english", _) | (_, "en") => Ok(Lang::En),
            ("chinese" | "中文", _) | (_, "zh") => Ok(Lang::Zh),
            _ => Err(crate::msg::Msg::NotALanguage { input: s }.to_string()),
        }
    }
}

impl Lang {
    /// `--lang`, else `CLOSEOUT_LANG`, else the settings file, else the locale (`LC_ALL`,
    /// `LC_MESSAGES`, `LANG`: the first one set decides, and one whose language is `zh` means
    /// Chinese), else English. A `CLOSEOUT_LANG` that names no language is ignored, like an
    /// unknown locale.
    pub fn choose(
        flag: Option<Lang>,
        settings: Option<Lang>,
        var: impl Fn(&str) -> Option<String>,
    ) -> Lang {
        if let Some(lang) = flag {
            return lang;
        }
        if let Some(lang) = var("CLOSEOUT_LANG").and_then(|v| v.parse().ok()) {
            return lang;
        }
        if let Some(lang) = settings {
            return lang;
        }
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| var(name).filter(|v| !v.is_empty()));
        match locale.map(|l| l.parse()) {
            Some(Ok(Lang::Zh)) => Lang::Zh,
            _ => Lang::En,
        }
    }

    /// The language from the real environment.
    pub fn from_env(flag: Option<Lang>, settings: Option<Lang>) -> Lang {
        Lang::choose(flag, settings, |name| std::env::var(name).ok())
    }
}

/// The language of this process, chosen once at start-up. Messages are built in many places
/// (clap's value parsers among them) that have no other way to know it.
static CURRENT: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

thread_local! {
    /// A language `Lang::speaking` puts in force for a while on this thread.
    static FOR_NOW: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

impl Lang {
    /// Sets the language for the rest of the process; later calls change nothing.
    pub fn set_current(lang: Lang) {
        let _ = CURRENT.set(lang);
    }

    /// The language set at start-up, English before that; inside `Lang::speaking`, its language.
    pub fn current() -> Lang {
        FOR_NOW
            .with(std::cell::Cell::get)
            .unwrap_or_else(|| CURRENT.get().copied().unwrap_or_default())
    }

    /// Runs `f` with `self` as the current language: for texts that go into JSON, which never
    /// changes with the language.
    pub fn speaking<T>(self, f: impl FnOnce() -> T) -> T {
        let before = FOR_NOW.with(|c| c.replace(Some(self)));
        let result = f();
        FOR_NOW.with(|c| c.set(before));
        result
    }
}

/// `--lang VALUE` or `--lang=VALUE` from the raw arguments, before the command line is parsed,
/// so that parse errors can already speak the user's language.
pub fn lang_argument(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut words = args.iter().map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if let Some(value) = word.strip_prefix("--lang=") {
            return value.parse().ok();
        }
        if word == "--lang" {
            return words.next().and_then(|v| v.parse().ok());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn choose(flag: Option<Lang>, vars: &[(&str, &str)]) -> Lang {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Lang::choose(flag, None, |name| vars.get(name).cloned())
    }

    #[test]
    fn flag_then_variable_then_locale_then_english() {
        let all = [
            ("CLOSEOUT_LANG", "zh"),
            ("LC_ALL", "en_US.UTF-8"),
            ("LANG", "zh_CN.UTF-8"),
        ];
        assert_eq!(choose(Some(Lang::En), &all), Lang::En);
        assert_eq!(choose(None, &all), Lang::Zh);
        assert_eq!(choose(None, &all[1..]), Lang::En, "LC_ALL wins over LANG");
        assert_eq!(choose(None, &all[2..]), Lang::Zh);
        assert_eq!(choose(None, &[("LC_MESSAGES", "zh_TW.UTF-8")]), Lang::Zh);
        assert_eq!(choose(None, &[("LC_ALL", ""), ("LANG", "zh_CN")]), Lang::Zh);
        assert_eq!(choose(None, &[("CLOSEOUT_LANG", "klingon")]), Lang::En);
        assert_eq!(choose(None, &[]), Lang::En);
    }

    #[test]
    fn the_settings_file_comes_between_the_variable_and_the_locale() {
        let locale = |name: &str| (name == "LANG").then(|| "en_US.UTF-8".to_string());
        assert_eq!(Lang::choose(None, Some(Lang::Zh), locale), Lang::Zh);
        let both = |name: &str| match name {
            "CLOSEOUT_LANG" => Some("en".to_string()),
            _ => None,
        };
        assert_eq!(Lang::choose(None, Some(Lang::Zh), both), Lang::En);
        assert_eq!(
            Lang::choose(Some(Lang::En), Some(Lang::Zh), |_| None),
            Lang::En
        );
    }

    #[test]
    fn speaking_puts_a_language_in_force_for_a_while() {
        let before = Lang::current();
        let inside = Lang::Zh.speaking(|| (Lang::current(), Lang::En.speaking(Lang::current)));
        assert_eq!(inside, (Lang::Zh, Lang::En));
        assert_eq!(Lang::current(), before);
    }

    #[test]
    fn locales_name_their_language() {
        for zh in [
            "zh_CN.UTF-8",
            "zh_TW.UTF-8",
            "zh_HK",
            "zh-HK",
            "zh_SG.utf8",
            "zh-Hans",
            "ZH_cn",
        ] {
            assert_eq!(zh.parse::<Lang>(), Ok(Lang::Zh), "{zh}");
        }
        for en in ["en_GB.UTF-8", "en_US", "en-BE", "en_IE.utf8@euro"] {
            assert_eq!(en.parse::<Lang>(), Ok(Lang::En), "{en}");
        }
        for other in ["fr_BE.UTF-8", "nl_BE", "zhx", "C", "POSIX", "", "_zh"] {
            assert!(other.parse::<Lang>().is_err(), "{other}");
        }
        let vars = |name: &str| (name == "CLOSEOUT_LANG").then(|| "zh_CN.UTF-8".to_string());
        assert_eq!(Lang::choose(None, None, vars), Lang::Zh);
    }

    #[test]
    fn names_parse() {
        assert_eq!("ZH".parse::<Lang>(), Ok(Lang::Zh));
        assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
    }
}
