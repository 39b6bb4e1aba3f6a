//! Everything the user reads: human tables and text, and the JSON contract.

pub mod human;
pub mod ics;
pub mod inert;
pub mod json;
pub mod month;
pub mod table;
pub mod template;
pub mod todo;
pub mod wrap;

use crate::i18n::Lang;
use chrono::NaiveDate;

/// How human output should look: the day it is seen on, its language, whether it may use colour,
/// and how wide it may be (`None`: as wide as it needs, e.g. into a pipe).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    pub today: NaiveDate,
    pub lang: Lang,
    pub color: bool,
    pub width: Option<usize>,
}

/// What a line's colour says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    /// Overdue: red.
    Late,
    /// Due today: yellow.
    Today,
    /// Done, skipped or closed: dim.
    Faint,
}

impl View {
    /// A plain view of `today`: English, no colour, no width limit.
    pub fn plain(today: NaiveDate) -> View {
        View {
            today,
            lang: Lang::En,
            color: false,
            width: None,
        }
    }

    /// `text` in the tone's colour when colour is on; unchanged otherwise.
    /// Borrows the text when there is nothing to add: this runs once per printed row.
    pub fn paint<'t>(&self, tone: Tone, text: &'t str) -> std::borrow::Cow<'t, str> {
        use anstyle::{AnsiColor, Effects, Style};
        let style = match tone {
            Tone::Plain => return text.into(),
            Tone::Late => Style::new().fg_color(Some(AnsiColor::Red.into())),
            Tone::Today => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            Tone::Faint => Style::new().effects(Effects::DIMMED),
        };
        if self.color && !text.is_empty() {
            format!("{}{text}{}", style.render(), style.render_reset()).into()
        } else {
            text.into()
        }
    }

    /// The tone of a pending step due on `due`.
    pub fn due_tone(&self, due: Option<NaiveDate>) -> Tone {
        match due {
            Some(d) if crate::domain::remind::is_overdue(d, self.today) => Tone::Late,
            Some(d) if d == self.today => Tone::Today,
            _ => Tone::Plain,
        }
    }
}
