//! Text shown to a person is inert: control characters and bidi controls are shown escaped, so
//! that nothing a title, a note or a file from another device holds can drive the terminal.
//!
//! Every human line goes through here: table cells (`table`), the values put into messages
//! (`msg`), the free text the renderers print, and the lines written to stderr. JSON and the
//! database keep the exact text. Escaping is idempotent (it adds no character it would escape),
//! so text already shown inert may pass through again unchanged.

use std::borrow::Cow;
use std::fmt;
use unicode_width::UnicodeWidthChar;

/// Whether `c` must not reach a terminal as it is: C0 controls (tab and newline included), DEL,
/// C1 controls, and the bidi controls that reorder what is shown (U+202A–202E, U+2066–2069,
/// U+200E, U+200F, U+061C).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
        )
}

/// How an unsafe character is shown: a tab as a space (it keeps columns), the common controls
/// by their usual names, the others as `\u{hex}`.
fn escape(c: char, out: &mut dyn fmt::Write) -> fmt::Result {
    match c {
        '\t' => out.write_char(' '),
        '\n' => out.write_str("\\n"),
        '\r' => out.write_str("\\r"),
        '\x1b' => out.write_str("\\e"),
        c => write!(out, "\\u{{{:x}}}", u32::from(c)),
    }
}

/// The display width of the escaped form of an unsafe character.
fn escaped_width(c: char) -> usize {
    match c {
        '\t' => 1,
        '\n' | '\r' | '\x1b' => 2,
        // `\u{` + hex digits + `}`.
        c => 4 + (u32::from(c).max(1).ilog(16) as usize + 1),
    }
}

/// Fast check for the common case: printable ASCII only.
fn plain_ascii(text: &str) -> bool {
    text.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// `text` with every unsafe character escaped (newlines too: one line stays one line).
/// Borrowed when there is nothing to escape.
pub fn inert(text: &str) -> Cow<'_, str> {
    if plain_ascii(text) || !text.chars().any(is_unsafe) {
        return text.into();
    }
    let mut shown = String::with_capacity(text.len() + 8);
    let _ = write_inert(&mut shown, text, false);
    shown.into()
}

/// `text` escaped like `inert`, but its newlines kept: for a block of lines, such as an error
/// with its list of problems.
pub fn inert_lines(text: &str) -> Cow<'_, str> {
    if plain_ascii(text) || !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return text.into();
    }
    let mut shown = String::with_capacity(text.len() + 8);
    let _ = write_inert(&mut shown, text, true);
    shown.into()
}

fn write_inert(out: &mut dyn fmt::Write, text: &str, keep_newlines: bool) -> fmt::Result {
    let mut rest = text;
    while let Some((at, c)) = rest
        .char_indices()
        .find(|&(_, c)| is_unsafe(c) && !(keep_newlines && c == '\n'))
    {
        out.write_str(&rest[..at])?;
        escape(c, out)?;
        rest = &rest[at + c.len_utf8()..];
    }
    out.write_str(rest)
}

/// The display width of `inert(text)`, without making it.
pub fn width(text: &str) -> usize {
    if plain_ascii(text) {
        return text.len();
    }
    text.chars()
        .map(|c| {
            if is_unsafe(c) {
                escaped_width(c)
            } else {
                c.width().unwrap_or(0)
            }
        })
        .sum()
}

/// A value shown inert by `Display`: what `msg` wraps every value of a message in.
pub struct Inert<T>(pub T);

/// A value that can be put into a message: text is escaped, numbers are shown as they are.
pub trait Shown {
    fn show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl Shown for str {
    fn show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_inert(f, self, false)
    }
}

impl<T: Shown + ?Sized> Shown for &T {
    fn show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).show(f)
    }
}

macro_rules! shown_as_is {
    ($($t:ty),*) => {$(
        impl Shown for $t {
            fn show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }
    )*};
}
shown_as_is!(u16, i32, i64, u32, u64, usize);

/// Lines of text put into a message as a block: each line escaped, the newlines kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lines<'a>(pub &'a str);

impl Shown for Lines<'_> {
    fn show(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_inert(f, self.0, true)
    }
}

impl<T: Shown> fmt::Display for Inert<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.show(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped_visibly() {
        assert_eq!(inert("plain 文字"), "plain 文字");
        assert!(matches!(inert("plain"), Cow::Borrowed(_)));
        assert_eq!(
            inert("a\x1b]52;c;eA==\x07b\r\nc\td\u{202e}e\u{7f}\u{9b}\u{61c}"),
            r"a\e]52;c;eA==\u{7}b\r\nc d\u{202e}e\u{7f}\u{9b}\u{61c}"
        );
        assert_eq!(inert_lines("one\x1b[2J\ntwo\r"), "one\\e[2J\ntwo\\r");
    }

    #[test]
    fn escaping_is_idempotent_and_its_width_is_known_beforehand() {
        for text in [
            "x\x1b[8m\u{202e}\u{2069}\u{200e}\u{0}\t\n注销\u{85}",
            "plain",
            "全角",
        ] {
            let once = inert(text).into_owned();
            assert_eq!(inert(&once), once);
            assert_eq!(
                width(text),
                unicode_width::UnicodeWidthStr::width(once.as_str())
            );
            assert!(!once.chars().any(is_unsafe), "{once}");
        }
    }

    #[test]
    fn message_values_are_shown_inert() {
        assert_eq!(format!("{}", Inert("a\x1bb")), r"a\eb");
        assert_eq!(format!("{}", Inert(&42i64)), "42");
        assert_eq!(format!("{}", Inert(Lines("a\x07\nb"))), "a\\u{7}\nb");
    }
}
