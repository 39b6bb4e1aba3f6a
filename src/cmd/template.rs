//! `templates` and `template show|check|new`: the checklists cases start from. No database here.

use super::Ctx;
use crate::catalog::{self, Source};
use crate::cli::TemplateCommand;
use crate::domain::model::Channel;
use crate::domain::template::{not_a_name, valid_name};
use crate::error::{Failure, refuse};
use crate::msg::Msg;
use crate::render::{json, template as view};
use anyhow::Result;
use serde_json::json;
use std::io::Write;
use std::path::Path;

pub fn list(ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let catalog = ctx.templates()?;
    if ctx.json {
        let rows = catalog
            .entries
            .iter()
            .map(|e| view::ListJson::new(e, ctx.lang))
            .collect::<Result<Vec<_>>>()?;
        return json::write(out, &rows);
    }
    view::list(out, &catalog, ctx.lang, ctx.view().width)
}

pub fn run(command: TemplateCommand, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    match command {
        TemplateCommand::Show {
            name,
            provider,
            channel,
        } => show(&name, provider.as_deref(), channel, ctx, out),
        TemplateCommand::Check { file } => check(&file, ctx, out),
        TemplateCommand::New { name } => new(&name, ctx, out),
    }
}

fn show(
    name: &str,
    provider: Option<&str>,
    channel: Option<Channel>,
    ctx: &Ctx,
    out: &mut dyn Write,
) -> Result<()> {
    let catalog = ctx.templates()?;
    let entry = catalog.named(name)?;
    if ctx.json {
        return json::write(out, &view::TemplateJson::new(entry)?);
    }
    let provider = provider
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| catalog.provider_spelling(p));
    view::show(
        out,
        entry,
        provider.as_deref(),
        channel,
        ctx.lang,
        ctx.view().width,
    )
}

fn check(file: &Path, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let shown = file.display();
    let (_, parsed) = catalog::read_file(file).map_err(|e| {
        Failure::Usage(
            Msg::TemplateUnreadable {
                path: &shown.to_string(),
                error: &e.to_string(),
            }
            .to_string(),
        )
    })?;
    match parsed {
        Ok(t) => {
            let replaces = catalog::BUILT_INS.iter().any(|(n, _)| *n == t.name);
            if ctx.json {
                return json::write(
                    out,
                    &json!({ "file": shown.to_string(), "valid": true, "name": t.name,
                             "steps": t.steps.len(), "problems": [] }),
                );
            }
            let also = if replaces {
                Msg::TemplateReplaces { name: &t.name }.to_string()
            } else {
                String::new()
            };
            let said = Msg::TemplateValid {
                path: &shown.to_string(),
                name: &t.name,
                steps: t.steps.len(),
                also: &also,
            };
            writeln!(out, "{said}")?;
            Ok(())
        }
        Err(problems) => {
            if ctx.json {
                let list: Vec<_> = problems
                    .iter()
                    .map(|p| json!({ "line": p.line, "column": p.column, "message": p.message }))
                    .collect();
                json::write(
                    out,
                    &json!({ "file": shown.to_string(), "valid": false, "problems": list }),
                )?;
            }
            let lines: Vec<String> = problems.iter().map(|p| format!("{shown}:{p}")).collect();
            let count = match problems.len() {
                1 => Msg::OneProblem.to_string(),
                count => Msg::Problems { count }.to_string(),
            };
            let said = Msg::TemplateInvalid {
                path: &shown.to_string(),
                count: &count,
                lines: crate::msg::Lines(&lines.join("\n")),
            };
            Err(Failure::Usage(said.to_string()).into())
        }
    }
}

fn new(name: &str, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let name = name.trim();
    if !valid_name(name) {
        return Err(Failure::Usage(not_a_name(name).to_string()).into());
    }
    let Some(dir) = ctx.templates_dir.as_deref() else {
        refuse!("{}", Msg::NoConfigFolder)
    };
    let catalog = ctx.templates()?;
    if let Some(Source::File(existing)) = catalog.find(name).map(|e| &e.source) {
        refuse!(
            "{}",
            Msg::TemplateYoursExists {
                name,
                path: &existing.display().to_string()
            }
        );
    }
    let path = dir.join(format!("{name}.toml"));
    let text = catalog::starting_file(name);
    write_new(&path, &text)?;
    let replaces = catalog::BUILT_INS.iter().any(|(n, _)| *n == name);
    if ctx.json {
        return json::write(
            out,
            &json!({ "file": path.display().to_string(), "name": name, "replaces_built_in": replaces }),
        );
    }
    let what = if replaces {
        Msg::CopyOfBuiltIn { name }.to_string()
    } else {
        Msg::StartingPoint.to_string()
    };
    let shown = path.display().to_string();
    let wrote = Msg::WroteTemplate {
        path: &shown,
        what: &what,
    };
    writeln!(out, "{wrote}")?;
    writeln!(out, "{}", Msg::EditThenCheck { path: &shown })?;
    Ok(())
}

/// Writes a file that must not exist yet, making its folder first: the file 0600 and the
/// folders it makes 0700, whatever the umask, like every file closeout creates.
fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        crate::store::ensure_private_dir(dir).map_err(|e| {
            Failure::Refused(
                Msg::CannotCreateFolder {
                    path: &dir.display().to_string(),
                    error: &format!("{:#}", e.root_cause()),
                }
                .to_string(),
            )
        })?;
    }
    let file = crate::store::new_private_file(path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => refuse!(
            "{}",
            Msg::ExistsAlready {
                path: &path.display().to_string()
            }
        ),
        Err(e) => refuse!("{}", cannot_write(path, &e)),
    };
    if let Err(e) = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
    {
        // Half a template would be refused by every later command: leave none.
        let _ = std::fs::remove_file(path);
        refuse!("{}", cannot_write(path, &e));
    }
    Ok(())
}

fn cannot_write(path: &Path, e: &std::io::Error) -> String {
    Msg::CannotWriteWhy {
        path: &path.display().to_string(),
        error: &e.to_string(),
    }
    .to_string()
}
