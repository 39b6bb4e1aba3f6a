//! `add` without a title, on a terminal: asks for each field, showing the default.

use super::Ctx;
use crate::cli::AddArgs;
use crate::domain::date::DateSpec;
use crate::domain::model::Channel;
use crate::domain::template::provider_in_title;
use crate::error::Failure;
use crate::i18n::Lang;
use crate::msg::Msg;
use anyhow::Result;
use std::io::{BufRead, IsTerminal, Write};

/// Fills the missing fields of `args` by asking on the terminal; without a terminal this is a
/// usage error, as a missing title always was.
pub fn add(args: AddArgs, ctx: &Ctx) -> Result<AddArgs> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(Failure::Usage(Msg::NeedTitle.to_string()).into());
    }
    let mut input = stdin.lock();
    let mut prompt = std::io::stderr().lock();
    let catalog = ctx.templates()?;
    let providers = catalog.provider_names();
    fill(
        args,
        ctx.lang,
        ctx.config.channel,
        &providers,
        &mut input,
        &mut prompt,
    )
}

/// The questions, over any reader and writer (tests drive them through a real terminal).
fn fill(
    mut args: AddArgs,
    lang: Lang,
    default_channel: Option<Channel>,
    providers: &[&str],
    input: &mut dyn BufRead,
    prompt: &mut dyn Write,
) -> Result<AddArgs> {
    let title = loop {
        let answer = ask(input, prompt, &Msg::AskTitle.text(lang), None)?;
        if !answer.is_empty() {
            break answer;
        }
    };
    let found = args
        .provider
        .clone()
        .or_else(|| provider_in_title(&title, providers.iter().copied()).map(str::to_string));
    let provider = ask(
        input,
        prompt,
        &Msg::AskProvider.text(lang),
        found.as_deref(),
    )?;
    args.provider = (!provider.is_empty()).then_some(provider).or(found);
    let channel_default = args.channel.or(default_channel).map(|c| c.to_string());
    args.channel = loop {
        let answer = ask(
            input,
            prompt,
            &Msg::AskChannel {
                channels: &Channel::listed(lang),
            }
            .text(lang),
            channel_default.as_deref(),
        )?;
        let answer = if answer.is_empty() {
            channel_default.clone().unwrap_or_default()
        } else {
            answer
        };
        if answer.is_empty() {
            break None;
        }
        match answer.parse::<Channel>() {
            Ok(c) => break Some(c),
            Err(e) => writeln!(prompt, "  {e}")?,
        }
    };
    let deadline_default = args.deadline.map(|d| d.to_string());
    args.deadline = loop {
        let answer = ask(
            input,
            prompt,
            &Msg::AskDeadline.text(lang),
            deadline_default.as_deref(),
        )?;
        if answer.is_empty() {
            break args.deadline;
        }
        match answer.parse::<DateSpec>() {
            Ok(d) => break Some(d),
            Err(e) => writeln!(prompt, "  {e}")?,
        }
    };
    let number = ask(
        input,
        prompt,
        &Msg::AskNumber.text(lang),
        args.number.as_deref(),
    )?;
    if !number.is_empty() {
        args.number = Some(number);
    }
    args.title = Some(title);
    Ok(args)
}

/// Asks one question; an empty answer takes the default. The end of input stops the questions.
fn ask(
    input: &mut dyn BufRead,
    prompt: &mut dyn Write,
    question: &str,
    default: Option<&str>,
) -> Result<String> {
    match default {
        Some(d) => write!(prompt, "{question} [{d}]: ")?,
        None => write!(prompt, "{question}: ")?,
    }
    prompt.flush()?;
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        writeln!(prompt)?;
        return Err(Failure::Usage(Msg::NoAnswer.to_string()).into());
    }
    Ok(line.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    const KNOWN: &[&str] = &["Proximus", "Telenet", "Orange"];

    fn args() -> AddArgs {
        match crate::cli::Cli::parse_from(["closeout", "add"]).command {
            Some(crate::cli::Command::Add(crate::cli::Lazy(a))) => a,
            _ => unreachable!("add parses"),
        }
    }

    #[test]
    fn answers_fill_the_fields_and_empty_ones_take_the_default() {
        let mut input: &[u8] = b"Proximus SIM\n\nfax\nshop\nsoon\n+2w\n+32 470 00 00 00\n";
        let mut prompt = Vec::new();
        let filled = fill(args(), Lang::En, None, KNOWN, &mut input, &mut prompt).expect("filled");
        assert_eq!(filled.title.as_deref(), Some("Proximus SIM"));
        assert_eq!(
            filled.provider.as_deref(),
            Some("Proximus"),
            "default from the title"
        );
        assert_eq!(
            filled.channel,
            Some(Channel::Shop),
            "asked again after 'fax'"
        );
        assert_eq!(
            filled.deadline,
            Some(DateSpec::Days(14)),
            "asked again after 'soon'"
        );
        assert_eq!(filled.number.as_deref(), Some("+32 470 00 00 00"));
        let shown = String::from_utf8(prompt).expect("utf-8");
        assert!(shown.contains("Provider [Proximus]: "), "{shown}");
        assert!(shown.contains("'fax' is not a channel"), "{shown}");
        assert!(
            shown.contains("Channel: online, phone, shop or post: "),
            "{shown}"
        );
    }

    #[test]
    fn the_channel_question_offers_every_channel_in_either_language() {
        for (lang, question) in [(Lang::En, "Channel: "), (Lang::Zh, "办理方式：")] {
            let mut input: &[u8] = b"gym\n\n\n\n\n";
            let mut prompt = Vec::new();
            fill(args(), lang, None, KNOWN, &mut input, &mut prompt).expect("filled");
            let shown = String::from_utf8(prompt).expect("utf-8");
            // Each question ends in ": ", where the answer is typed.
            let (_, rest) = shown.split_once(question).expect("the channel question");
            let asked = rest.split(": ").next().unwrap_or_default();
            for channel in Channel::ALL {
                assert!(
                    asked.contains(channel.as_str()),
                    "{lang:?} {channel}: {asked}"
                );
            }
        }
    }

    #[test]
    fn the_settings_channel_is_the_default_and_end_of_input_stops() {
        let mut input: &[u8] = b"gym\n\n\n\n\n";
        let mut prompt = Vec::new();
        let filled = fill(
            args(),
            Lang::Zh,
            Some(Channel::Online),
            KNOWN,
            &mut input,
            &mut prompt,
        )
        .expect("filled");
        assert_eq!(filled.channel, Some(Channel::Online));
        assert_eq!(filled.provider, None);
        assert_eq!(filled.deadline, None);
        assert!(String::from_utf8(prompt).expect("utf-8").contains("服务商"));
        let mut short: &[u8] = b"gym\n";
        assert!(fill(args(), Lang::En, None, KNOWN, &mut short, &mut Vec::new()).is_err());
    }
}
