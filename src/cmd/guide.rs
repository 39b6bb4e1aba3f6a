//! `guide [TOPIC]`: what to know before cancelling, in the chosen language.

use super::Ctx;
use crate::domain::guide::Topic;
use crate::render::json;
use crate::render::wrap::{self, PROSE};
use anyhow::Result;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct TopicJson {
    topic: &'static str,
    title: &'static str,
    text: &'static str,
}

pub fn run(topic: Option<Topic>, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let topics: Vec<Topic> = match topic {
        Some(t) => vec![t],
        None => Topic::ALL.to_vec(),
    };
    if ctx.json {
        let rows: Vec<TopicJson> = topics
            .iter()
            .map(|t| TopicJson {
                topic: t.key(),
                title: t.title(ctx.lang),
                text: t.text(ctx.lang),
            })
            .collect();
        return json::write(out, &rows);
    }
    // Prose is wrapped even into a pipe, and never wider than is comfortable to read.
    let width = Some(ctx.view().width.map_or(PROSE, |w| w.min(PROSE)));
    for (i, t) in topics.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        wrap::write(out, t.title(ctx.lang), width)?;
        writeln!(out)?;
        for line in t.text(ctx.lang).lines() {
            for l in wrap::fill(line.trim_start(), width, indent(line), &hanging(line)) {
                writeln!(out, "{l}")?;
            }
        }
    }
    Ok(())
}

/// The spaces a line of the guide starts with.
fn indent(line: &str) -> &str {
    &line[..line.len() - line.trim_start().len()]
}

/// Where a guide line's continuation lines start: under the text after its indent and its
/// list marker (`- `, `1. `), so that a list item wraps as a block.
fn hanging(line: &str) -> String {
    let rest = line.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker = if rest.starts_with("- ") {
        2
    } else if digits > 0 && rest[digits..].starts_with(". ") {
        digits + 2
    } else {
        0
    };
    " ".repeat(indent(line).len() + marker)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_wrap_under_their_text() {
        assert_eq!(hanging("- Money: an unused card"), "  ");
        assert_eq!(hanging("12. Confirm it"), "    ");
        assert_eq!(hanging("  Usually not; you would"), "  ");
        assert_eq!(hanging("2026-12-01 is a date"), "");
        assert_eq!(hanging("Proximus (the largest)"), "");
    }
}
