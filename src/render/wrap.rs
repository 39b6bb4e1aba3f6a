//! Long text fitted to the terminal's width: wrapped at word boundaries (or between Chinese
//! characters), never through a date or a number.

use super::inert::inert;
use std::io::Write;

/// The widest a paragraph of prose is wrapped to, even on a wider terminal: lines longer than
/// this are hard to read.
pub const PROSE: usize = 80;

/// One line of `text`, shown inert, fitted to `width`: the first line starts with `first`, the
/// others with `rest`. With no width (a pipe), the line is left whole.
///
/// Words break only at spaces and where Unicode allows a line break (between Chinese characters),
/// never at a hyphen, so `2026-12-17` stays on one line. Only a word wider than a whole line (a
/// long URL) is broken through.
pub fn fill(text: &str, width: Option<usize>, first: &str, rest: &str) -> Vec<String> {
    let text = inert(text);
    let Some(width) = width else {
        return vec![format!("{first}{text}")];
    };
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let lines: Vec<String> = textwrap::wrap(&text, options)
        .into_iter()
        .map(|l| l.trim_end().to_string())
        .collect();
    if lines.is_empty() {
        return vec![first.trim_end().to_string()];
    }
    lines
}

/// Writes `text` line by line, each line fitted to `width` and its continuation lines indented
/// as far as the line itself (a command on an indented line stays indented when it wraps).
pub fn write(out: &mut dyn Write, text: &str, width: Option<usize>) -> std::io::Result<()> {
    for line in text.lines() {
        let body = line.trim_start_matches(' ');
        let indent = &line[..line.len() - body.len()];
        for l in fill(body, width, indent, indent) {
            writeln!(out, "{l}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::table::width;

    #[test]
    fn latin_text_wraps_at_spaces_and_keeps_dates_whole() {
        let lines = fill(
            "the deadline moved from 2026-12-17 to 2026-12-24 for internet",
            Some(30),
            "",
            "  ",
        );
        assert_eq!(
            lines,
            [
                "the deadline moved from",
                "  2026-12-17 to 2026-12-24 for",
                "  internet"
            ]
        );
    }

    #[test]
    fn chinese_text_wraps_between_characters_by_display_width() {
        let lines = fill(
            "注销比利时手机卡之前先解绑银行账户的短信验证码",
            Some(20),
            "",
            "",
        );
        assert!(lines.len() > 1, "{lines:?}");
        assert!(lines.iter().all(|l| width(l) <= 20), "{lines:?}");
        assert_eq!(
            lines.concat(),
            "注销比利时手机卡之前先解绑银行账户的短信验证码"
        );
    }

    #[test]
    fn no_width_leaves_the_line_whole_and_control_characters_stay_inert() {
        assert_eq!(fill("a\tb", None, "> ", ""), ["> a b"]);
        assert_eq!(fill("a\nb", Some(40), "", ""), ["a\\nb"]);
        assert_eq!(fill("", Some(40), "  ", "  "), [""]);
    }

    #[test]
    fn each_line_keeps_its_own_indent_when_it_wraps() {
        let mut out = Vec::new();
        write(
            &mut out,
            "Start one:\n  closeout add Proximus --deadline +3w --channel online",
            Some(40),
        )
        .expect("write");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            text,
            "Start one:\n  closeout add Proximus --deadline +3w\n  --channel online\n"
        );
    }
}
