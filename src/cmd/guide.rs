//! `guide [TOPIC]`: what to know before cancelling, in the chosen language.

use super::Ctx;
use crate::domain::guide::Topic;
use crate::render::json;
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
    for (i, t) in topics.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}\n\n{}", t.title(ctx.lang), t.text(ctx.lang))?;
    }
    Ok(())
}
