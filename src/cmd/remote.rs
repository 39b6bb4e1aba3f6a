//! `remote add|list|remove`: the CalDAV task lists `sync NAME` keeps in step, each checked at
//! once, and how closeout logs in to them (the password is never stored).

use super::Ctx;
use crate::cli::{RemoteAddArgs, RemoteCommand};
use crate::error::{Failure, refuse};
use crate::msg::Msg;
use crate::remote::dav::{self, Created, DavError, Found, TaskList};
use crate::remote::{Address, Client};
use crate::render::json::{self, stamp};
use crate::render::table::Table;
use crate::render::wrap;
use crate::store::{Access, NewRemote, Remote};
use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::json;
use std::io::{IsTerminal, Write};

pub fn run(command: RemoteCommand, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    match command {
        RemoteCommand::Add(args) => add(args, ctx, out),
        RemoteCommand::List => list(ctx, out),
        RemoteCommand::Remove { name } => remove(&name, ctx, out),
    }
}

pub(super) fn dav_failure(e: DavError) -> anyhow::Error {
    Failure::Refused(e.to_string()).into()
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The collection's address as stored: whole, ending in a slash.
fn collection(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

#[derive(Serialize)]
struct RemoteJson<'a> {
    name: &'a str,
    url: &'a str,
    user: Option<&'a str>,
    holder: Option<&'a str>,
    last_sync: Option<String>,
}

impl<'a> From<&'a Remote> for RemoteJson<'a> {
    fn from(r: &'a Remote) -> Self {
        RemoteJson {
            name: &r.name,
            url: &r.url,
            user: r.user.as_deref(),
            holder: r.holder.as_deref(),
            last_sync: r.last_sync.map(stamp),
        }
    }
}

/// The one task list named `closeout` (as `remote add --create` names the list it makes), if
/// there is exactly one.
fn only_closeout(lists: &[TaskList]) -> Option<&TaskList> {
    let mut named = lists.iter().filter(|l| l.name == "closeout");
    match (named.next(), named.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

fn add(args: RemoteAddArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    if !valid_name(&args.name) {
        return Err(Failure::Usage(Msg::RemoteBadName { name: &args.name }.to_string()).into());
    }
    let Some(address) = Address::parse(args.url.trim()) else {
        return Err(Failure::Usage(Msg::RemoteBadUrl { url: &args.url }.to_string()).into());
    };
    // Everything is checked before the database is opened for writing: a refused address
    // leaves no trace, not even a new database file.
    if ctx
        .open(Access::Read)?
        .read(|tx| tx.remote(&args.name))?
        .is_some()
    {
        refuse!("{}", Msg::RemoteExists { name: &args.name });
    }
    let client = client_for(
        &address,
        args.user.as_deref(),
        args.password_command.as_deref(),
    )?;
    // What to say about the list: made now, or there already and chosen.
    let mut chosen = None;
    // A server that wants a login, asked without one: say that no --user was given.
    let no_user = |e: DavError| match e {
        DavError::Auth { url, status } if args.user.is_none() => {
            Failure::Refused(Msg::RemoteAuthNoUser { url: &url, status }.to_string()).into()
        }
        e => dav_failure(e),
    };
    let url = match dav::discover(&client, &address.url()).map_err(no_user)? {
        Found::TaskList(url) => url,
        // The list another device made with --create: what a second device wants, with
        // --create or without (some servers refuse MKCALENDAR on a list that exists).
        Found::Home { lists, .. } if only_closeout(&lists).is_some() => {
            let url = only_closeout(&lists)
                .map(|l| l.url.clone())
                .unwrap_or_default();
            chosen = Some(Msg::RemoteExistingList { url: &url }.to_string());
            url
        }
        Found::Home { home, .. } if args.create => {
            match dav::create_task_list(&client, &home).map_err(no_user)? {
                Created::Made(url) => {
                    chosen = Some(Msg::RemoteCreatedList { url: &url }.to_string());
                    url
                }
                Created::There(url) => {
                    chosen = Some(Msg::RemoteExistingList { url: &url }.to_string());
                    url
                }
            }
        }
        Found::Home { lists, .. } if lists.is_empty() => {
            refuse!(
                "{}",
                Msg::RemoteNoTaskLists {
                    url: &address.url()
                }
            )
        }
        Found::Home { lists, .. } => {
            let named: Vec<String> = lists
                .iter()
                .map(|l| format!("{} ({})", l.url, l.name))
                .collect();
            refuse!(
                "{}",
                Msg::RemoteTaskLists {
                    url: &address.url(),
                    lists: &named.join(", ")
                }
            )
        }
    };
    let url = collection(&url);
    let mut store = ctx.open(Access::Write)?;
    let remote = store.write(|tx| {
        if tx.remote(&args.name)?.is_some() {
            refuse!("{}", Msg::RemoteExists { name: &args.name });
        }
        tx.insert_remote(
            &NewRemote {
                name: &args.name,
                url: &url,
                user: args.user.as_deref(),
                password_command: args.password_command.as_deref(),
                holder: args.holder.as_deref(),
            },
            ctx.now.at,
        )?;
        tx.remote(&args.name)?
            .with_context(|| Msg::RemoteUnknown { name: &args.name }.to_string())
    })?;
    if ctx.json {
        return json::write(out, &RemoteJson::from(&remote));
    }
    if let Some(said) = &chosen {
        writeln!(out, "{said}")?;
    }
    writeln!(
        out,
        "{}",
        Msg::RemoteAdded {
            name: &remote.name,
            url: &remote.url
        }
    )?;
    Ok(())
}

fn list(ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open(Access::Read)?;
    let remotes = store.read(|tx| tx.remotes())?;
    if ctx.json {
        let rows: Vec<RemoteJson> = remotes.iter().map(RemoteJson::from).collect();
        return json::write(out, &rows);
    }
    if remotes.is_empty() {
        writeln!(out, "{}", Msg::RemoteNone)?;
        return Ok(());
    }
    let header = [
        Msg::HeadRemote,
        Msg::HeadUrl,
        Msg::HeadUser,
        Msg::HeadHolder,
        Msg::HeadLastSync,
    ]
    .map(|m| m.to_string());
    // The last sync is never cut (a cut date is wrong, not short); what does not fit in the
    // row (the address first, then holder and user) goes under it, whole or wrapped.
    const URL: usize = 1;
    const USER: usize = 2;
    const HOLDER: usize = 3;
    const LAST: usize = 4;
    let mut table = Table::new(&header, &[])
        .fixed(&[LAST])
        .droppable(&[URL, HOLDER, USER]);
    let never = Msg::RemoteNever.to_string();
    for r in &remotes {
        let synced = r
            .last_sync
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| never.clone());
        table.row(&[
            r.name.as_str(),
            &r.url,
            r.user.as_deref().unwrap_or("-"),
            r.holder.as_deref().unwrap_or("-"),
            &synced,
        ]);
    }
    let view = ctx.view();
    table.fit(view.width, "");
    let moved = [URL, USER, HOLDER].map(|c| !table.shown(c));
    table.write_rows(out, &view, true, "", |out, i, line| {
        writeln!(out, "{line}")?;
        let Some(r) = remotes.get(i) else {
            return Ok(());
        };
        let mut under = Vec::new();
        if moved[0] {
            under.push(r.url.clone());
        }
        for (gone, head, value) in [
            (moved[1], &header[USER], &r.user),
            (moved[2], &header[HOLDER], &r.holder),
        ] {
            if let Some(value) = value.as_deref().filter(|_| gone) {
                under.push(Msg::RemoteMovedCell { head, value }.to_string());
            }
        }
        for text in &under {
            for l in wrap::fill(text, view.width, "  ", "  ") {
                writeln!(out, "{l}")?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

fn remove(name: &str, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    if ctx
        .open(Access::Read)?
        .read(|tx| tx.remote(name))?
        .is_none()
    {
        refuse!("{}", Msg::RemoteUnknown { name });
    }
    let mut store = ctx.open(Access::Write)?;
    store.write(|tx| match tx.remote(name)? {
        Some(r) => tx.delete_remote(r.id),
        None => refuse!("{}", Msg::RemoteUnknown { name }),
    })?;
    if ctx.json {
        return json::write(out, &json!({ "removed": name }));
    }
    writeln!(out, "{}", Msg::RemoteRemoved { name })?;
    Ok(())
}

/// Whether `name` is a remote of this database (else `sync` takes it for a folder).
pub fn is_remote(ctx: &Ctx, name: &str) -> Result<bool> {
    if !valid_name(name) {
        return Ok(false);
    }
    let mut store = ctx.open(Access::Read)?;
    Ok(store.read(|tx| tx.remote(name))?.is_some())
}

/// A client for the remote's server, with the password when there is a user. A password never
/// travels in clear text except to this machine.
pub(super) fn client_for(
    address: &Address,
    user: Option<&str>,
    command: Option<&str>,
) -> Result<Client> {
    let Some(user) = user else {
        return Ok(Client::new(None));
    };
    if address.scheme == "http" && !address.is_loopback() {
        refuse!(
            "{}",
            Msg::RemotePlainHttp {
                url: &address.url()
            }
        );
    }
    let password = password(user, command, address)?;
    Ok(Client::new(Some((user, &password))))
}

/// The password: the first line the command prints, else CLOSEOUT_CALDAV_PASSWORD, else asked
/// on the terminal without echo.
fn password(user: &str, command: Option<&str>, address: &Address) -> Result<String> {
    if let Some(command) = command {
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .stdin(std::process::Stdio::inherit())
            .output()
            .map_err(|e| {
                Failure::Refused(
                    Msg::RemotePasswordCommand {
                        command,
                        detail: &e.to_string(),
                    }
                    .to_string(),
                )
            })?;
        if !output.status.success() {
            // What it said on stderr goes into the one error line.
            let said = String::from_utf8_lossy(&output.stderr);
            let detail = match said.lines().find(|l| !l.trim().is_empty()) {
                Some(line) => format!("{}: {}", output.status, line.trim()),
                None => output.status.to_string(),
            };
            refuse!(
                "{}",
                Msg::RemotePasswordCommand {
                    command,
                    detail: &detail
                }
            );
        }
        let text = String::from_utf8_lossy(&output.stdout);
        let line = text
            .lines()
            .next()
            .unwrap_or_default()
            .trim_end_matches('\r');
        if line.is_empty() {
            refuse!("{}", Msg::RemotePasswordEmpty { command });
        }
        return Ok(line.to_string());
    }
    if let Some(p) = std::env::var_os("CLOSEOUT_CALDAV_PASSWORD") {
        return Ok(p.to_string_lossy().into_owned());
    }
    if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        return ask(user, &address.url());
    }
    refuse!("{}", Msg::RemoteNoPassword { user })
}

/// Asks on the terminal with echo off (stty, so that no unsafe code is needed here).
fn ask(user: &str, url: &str) -> Result<String> {
    let stty = |arg: &str| {
        std::process::Command::new("stty")
            .arg(arg)
            .stdin(std::process::Stdio::inherit())
            .status()
    };
    eprint!("{}", Msg::RemotePasswordPrompt { user, url });
    let _ = std::io::stderr().flush();
    let _ = stty("-echo");
    let mut line = String::new();
    let read = std::io::stdin().read_line(&mut line);
    let _ = stty("echo");
    eprintln!();
    read?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}
