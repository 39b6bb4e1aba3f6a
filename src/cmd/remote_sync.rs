//! `sync NAME` and `sync`: a CalDAV task list kept in step with the database.
//!
//! A sync reads what changed there since the last sync (the sync token, else the whole list),
//! takes in what the phone did (compared with what closeout last sent), then sends each case
//! and step whose text changed, each write conditional on the version last seen. Each write is
//! recorded in its own small transaction as soon as the server has it, so an interrupted sync
//! keeps what it did and the next one finishes the job; a PUT is idempotent by UID, so nothing
//! is doubled.

use super::mark::{close_if_finished, reopen_case};
use super::remote::{client_for, dav_failure};
use super::{Ctx, apply_schedule, record_step, reload};
use crate::clock::Now;
use crate::domain::change::Kind;
use crate::domain::model::{CaseStatus, StepStatus};
use crate::domain::reshape::new_key;
use crate::error::{Failure, refuse};
use crate::format::vtodo::{self, RemoteTodo, TodoState};
use crate::msg::Msg;
use crate::remote::dav::{self, Expect, Written};
use crate::remote::{Address, Client};
use crate::render::json::{self, day_value, step_value};
use crate::render::todo::remote_object;
use crate::store::{Access, NewStep, Remote, RemoteItem, Store, Tx};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::io::Write;

/// What one remote's sync did, for the summary line and `--json`.
#[derive(Debug, Default, Serialize)]
struct SyncReport {
    name: String,
    pushed: usize,
    pulled: usize,
    deleted: usize,
    conflicts: Vec<String>,
    #[serde(skip)]
    said: Vec<String>,
}

pub fn sync_all(ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let remotes = ctx.open(Access::Read)?.read(|tx| tx.remotes())?;
    if remotes.is_empty() {
        refuse!("{}", Msg::RemoteNone);
    }
    let mut store = ctx.open(Access::Write)?;
    let mut reports = Vec::new();
    for remote in &remotes {
        reports.push(sync_remote(&mut store, remote, ctx)?);
    }
    print_reports(ctx, out, &reports)
}

pub fn sync_one(name: &str, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let Some(remote) = store.read(|tx| tx.remote(name))? else {
        refuse!("{}", Msg::RemoteUnknown { name });
    };
    let report = sync_remote(&mut store, &remote, ctx)?;
    print_reports(ctx, out, &[report])
}

fn print_reports(ctx: &Ctx, out: &mut dyn Write, reports: &[SyncReport]) -> Result<()> {
    if ctx.json {
        return json::write(out, &json!({ "remotes": reports }));
    }
    for r in reports {
        for line in &r.said {
            writeln!(out, "{line}")?;
        }
        writeln!(
            out,
            "{}",
            Msg::RemoteSynced {
                name: &r.name,
                pushed: r.pushed,
                pulled: r.pulled,
                deleted: r.deleted
            }
        )?;
    }
    Ok(())
}

/// A calendar object closeout keeps on a remote: a case's or a step's.
struct Object {
    uid: String,
    text: String,
    /// What to call it in messages.
    title: String,
    /// A skipped step: a to-do deleted there stays deleted while this holds.
    skipped: bool,
    /// The case's UUID, for a step (None: this is the case's own to-do).
    case: Option<String>,
}

/// Every object the remote should hold now, in case order.
fn objects(tx: &Tx, holder: Option<&str>) -> Result<Vec<Object>> {
    let mut all = Vec::new();
    tx.calendar(|c| {
        if holder.is_some_and(|h| h != c.case.holder) {
            return Ok(());
        }
        all.push(Object {
            uid: c.case.uuid.clone(),
            text: remote_object(&c, None),
            title: c.case.title.clone(),
            skipped: false,
            case: None,
        });
        for s in &c.steps {
            all.push(Object {
                uid: s.step.uuid.clone(),
                text: remote_object(&c, Some(s)),
                title: format!("{}: {}", c.case.title, s.step.title),
                skipped: s.step.status == StepStatus::Skipped,
                case: Some(c.case.uuid.clone()),
            });
        }
        Ok(())
    })?;
    Ok(all)
}

/// A change that came from a remote, applied here as if it had been typed: what pull hands to
/// the one function that writes such changes (`apply_pulled`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pulled {
    /// The step's UUID.
    pub step: String,
    pub change: PulledChange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PulledChange {
    /// Completed there, on that day.
    Done(NaiveDate),
    /// Made pending again there.
    Reopened,
    /// Cancelled there.
    Cancelled,
    /// Deleted there: the step is skipped.
    Deleted,
    /// A new due date there (or none), set by hand here.
    Due(Option<NaiveDate>),
    /// A to-do made there under a case's to-do: a new step of that case, with the to-do's UID
    /// as its UUID.
    Added {
        case: String,
        title: String,
        done: Option<NaiveDate>,
        due: Option<NaiveDate>,
    },
}

/// A to-do's summary without the "case title: " that closeout puts before a step's title (and
/// that an app copying a sibling's summary may keep).
fn strip_case_title(summary: &str, case: Option<&str>) -> String {
    let summary = summary.trim();
    let rest = case
        .and_then(|c| summary.strip_prefix(c))
        .and_then(|r| r.strip_prefix(':'))
        .map(str::trim)
        .filter(|r| !r.is_empty());
    rest.unwrap_or(summary).to_string()
}

/// What changed there: each field that differs from what was sent, unless it changed here too
/// and here's change is the newer (LAST-MODIFIED there against the change's time here).
fn changes_there(
    sent: &RemoteTodo,
    there: &RemoteTodo,
    here: Option<&RemoteTodo>,
    today: NaiveDate,
) -> Vec<PulledChange> {
    let here_wins = |changed_here: bool| {
        changed_here
            && match (here.and_then(|h| h.last_modified), there.last_modified) {
                (Some(h), Some(t)) => h >= t,
                _ => true,
            }
    };
    let mut changes = Vec::new();
    if there.state != sent.state && !here_wins(here.is_some_and(|h| h.state != sent.state)) {
        changes.push(match there.state {
            TodoState::Completed => PulledChange::Done(there.completed.unwrap_or(today)),
            TodoState::Open => PulledChange::Reopened,
            TodoState::Cancelled => PulledChange::Cancelled,
        });
    }
    if there.due != sent.due && !here_wins(here.is_some_and(|h| h.due != sent.due)) {
        changes.push(PulledChange::Due(there.due));
    }
    changes
}

/// Applies pulled changes in the caller's transaction, each recorded like the command that
/// would have made it (`done`, `reopen`, `skip`, `due`), so that `log` shows them and `undo`
/// takes them back. Returns what to tell the user.
pub fn apply_pulled(tx: &Tx, pulled: &[Pulled], now: &Now) -> Result<Vec<String>> {
    let mut said = Vec::new();
    for p in pulled {
        if let PulledChange::Added {
            case,
            title,
            done,
            due,
        } = &p.change
        {
            if let Some(line) = add_step(tx, &p.step, case, title, *done, *due, now)? {
                said.push(line);
            }
            continue;
        }
        let Some((case_id, _)) = tx.step_by_uuid(&p.step)? else {
            continue;
        };
        let cs = reload(tx, case_id)?;
        let Some(step) = cs.steps.iter().find(|s| s.uuid == p.step) else {
            continue;
        };
        let title = format!("{}: {}", cs.case.title, step.title);
        let status_before = json!({ "status": step.status, "done_at": day_value(step.done_at) });
        match &p.change {
            PulledChange::Done(day) if step.status != StepStatus::Done => {
                tx.set_step_status(step.id, StepStatus::Done, Some(*day), now.at)?;
                let after = json!({ "status": StepStatus::Done, "done_at": day_value(Some(*day)) });
                record_step(tx, &cs, step, Kind::StepDone, status_before, after, now)?;
                said.push(
                    Msg::RemotePulledDone {
                        title: &title,
                        day: &day.to_string(),
                    }
                    .to_string(),
                );
            }
            PulledChange::Reopened if step.status != StepStatus::Pending => {
                tx.set_step_status(step.id, StepStatus::Pending, None, now.at)?;
                let after = json!({ "status": "pending", "done_at": null });
                record_step(tx, &cs, step, Kind::StepReopen, status_before, after, now)?;
                if cs.case.status == CaseStatus::Closed {
                    reopen_case(tx, &cs, now)?;
                }
                said.push(Msg::RemotePulledReopened { title: &title }.to_string());
            }
            PulledChange::Cancelled | PulledChange::Deleted
                if step.status == StepStatus::Pending =>
            {
                tx.set_step_status(step.id, StepStatus::Skipped, None, now.at)?;
                let after = json!({ "status": StepStatus::Skipped, "done_at": null });
                record_step(tx, &cs, step, Kind::StepSkip, status_before, after, now)?;
                said.push(Msg::RemotePulledSkipped { title: &title }.to_string());
            }
            PulledChange::Due(due) if step.due != *due => {
                tx.set_step_due(step.id, *due, true, now.at)?;
                record_step(
                    tx,
                    &cs,
                    step,
                    Kind::StepDue,
                    json!({ "due": day_value(step.due), "manual": step.due_manual }),
                    json!({ "due": day_value(*due), "manual": true }),
                    now,
                )?;
                said.push(match due {
                    Some(d) => Msg::RemotePulledDue {
                        title: &title,
                        day: &d.to_string(),
                    }
                    .to_string(),
                    None => Msg::RemotePulledNoDue { title: &title }.to_string(),
                });
            }
            _ => continue,
        }
        let cs = apply_schedule(tx, reload(tx, case_id)?, now)?;
        close_if_finished(tx, cs, now, &mut Vec::new())?;
    }
    Ok(said)
}

/// A step made from a to-do added on the phone under the case's to-do, recorded as `step add`
/// records one (and reopening a closed case when the step is pending). None when the case is
/// gone or the step exists already.
fn add_step(
    tx: &Tx,
    uid: &str,
    case_uuid: &str,
    title: &str,
    done: Option<NaiveDate>,
    due: Option<NaiveDate>,
    now: &Now,
) -> Result<Option<String>> {
    let Some(case_id) = tx.case_id_by_uuid(case_uuid)? else {
        return Ok(None);
    };
    if tx.step_by_uuid(uid)?.is_some() {
        return Ok(None);
    }
    let cs = reload(tx, case_id)?;
    let position = cs.steps.len() as i64 + 1;
    let taken: Vec<&str> = cs.steps.iter().map(|s| s.key.as_str()).collect();
    let key = new_key(title, position, &taken);
    let id = tx.insert_step(
        case_id,
        &NewStep {
            position,
            key: &key,
            title,
            how: "",
            rule: None,
            due: None,
            abroad: false,
        },
        now.at,
    )?;
    tx.set_step_uuid(id, uid)?;
    if due.is_some() {
        tx.set_step_due(id, due, true, now.at)?;
    }
    if let Some(day) = done {
        tx.set_step_status(id, StepStatus::Done, Some(day), now.at)?;
    }
    let cs = reload(tx, case_id)?;
    let Some(step) = cs.steps.iter().find(|s| s.id == id) else {
        return Ok(None);
    };
    record_step(tx, &cs, step, Kind::StepAdd, None, step_value(step), now)?;
    if cs.case.status == CaseStatus::Closed && done.is_none() {
        reopen_case(tx, &cs, now)?;
    }
    let title = format!("{}: {title}", cs.case.title);
    Ok(Some(Msg::RemotePulledAdded { title: &title }.to_string()))
}

fn sync_remote(store: &mut Store, remote: &Remote, ctx: &Ctx) -> Result<SyncReport> {
    sync_inner(store, remote, ctx)
        .with_context(|| Msg::RemoteSyncFailed { name: &remote.name }.to_string())
}

fn sync_inner(store: &mut Store, remote: &Remote, ctx: &Ctx) -> Result<SyncReport> {
    let address = Address::parse(&remote.url)
        .ok_or_else(|| Failure::Refused(Msg::RemoteBadUrl { url: &remote.url }.to_string()))?;
    let client = client_for(
        &address,
        remote.user.as_deref(),
        remote.password_command.as_deref(),
    )?;
    let link = Link {
        remote,
        address,
        client,
    };
    let (client, address) = (&link.client, &link.address);
    let mut report = SyncReport {
        name: remote.name.clone(),
        ..SyncReport::default()
    };
    // Pull: what changed there since closeout last wrote or read each item.
    let (items, here) = store.read(|tx| {
        Ok((
            tx.remote_items(remote.id)?,
            objects(tx, remote.holder.as_deref())?,
        ))
    })?;
    let there = read_there(client, remote, &items)?;
    let here_by_uid: HashMap<&str, &Object> = here.iter().map(|o| (o.uid.as_str(), o)).collect();
    let mut pulled = Vec::new();
    let mut updated_items = Vec::new();
    for item in items.iter().filter(|i| !i.gone && !i.foreign) {
        let Some(sent) = item.sent.as_deref() else {
            continue;
        };
        let seen = there.items.get(&item.href);
        let removed = there.removed.contains(&item.href)
            || there
                .listed
                .as_ref()
                .is_some_and(|l| !l.contains(&item.href));
        match seen {
            None if removed => {
                pulled.push(Pulled {
                    step: item.uid.clone(),
                    change: PulledChange::Deleted,
                });
                updated_items.push(RemoteItem {
                    gone: true,
                    etag: None,
                    ..item.clone()
                });
            }
            Some(server) if server.etag.is_none() || server.etag != item.etag => {
                let here_todo = here_by_uid
                    .get(item.uid.as_str())
                    .and_then(|o| vtodo::read(&o.text));
                if let (Some(sent), Some(now_there)) =
                    (vtodo::read(sent), vtodo::read(&server.data))
                {
                    for change in
                        changes_there(&sent, &now_there, here_todo.as_ref(), ctx.now.today)
                    {
                        pulled.push(Pulled {
                            step: item.uid.clone(),
                            change,
                        });
                    }
                }
                updated_items.push(RemoteItem {
                    etag: server.etag.clone(),
                    sent: Some(server.data.clone()),
                    ..item.clone()
                });
            }
            _ => {}
        }
    }
    // To-dos closeout did not write: a step added under a case's to-do, or another app's.
    let tracked: HashSet<&str> = items.iter().map(|i| i.href.as_str()).collect();
    let cases: HashSet<&str> = here
        .iter()
        .filter(|o| o.case.is_none())
        .map(|o| o.uid.as_str())
        .collect();
    for server in there.items.values() {
        if tracked.contains(server.href.as_str()) {
            continue;
        }
        let Some(todo) = vtodo::read(&server.data) else {
            continue;
        };
        if here_by_uid.contains_key(todo.uid.as_str()) {
            continue;
        }
        let under = todo
            .related_to
            .as_deref()
            .filter(|c| cases.contains(c) && uuid::Uuid::parse_str(&todo.uid).is_ok());
        let foreign = under.is_none();
        if let Some(case) = under {
            let title = strip_case_title(
                &todo.summary,
                here_by_uid.get(case).map(|o| o.title.as_str()),
            );
            pulled.push(Pulled {
                step: todo.uid.clone(),
                change: PulledChange::Added {
                    case: case.to_string(),
                    title,
                    done: (todo.state == TodoState::Completed)
                        .then(|| todo.completed.unwrap_or(ctx.now.today)),
                    due: todo.due,
                },
            });
        } else {
            report.said.push(
                Msg::RemoteLeftAlone {
                    summary: &todo.summary,
                }
                .to_string(),
            );
        }
        updated_items.push(RemoteItem {
            uid: todo.uid.clone(),
            href: server.href.clone(),
            etag: server.etag.clone(),
            sent: Some(server.data.clone()),
            gone: false,
            foreign,
        });
    }
    if !updated_items.is_empty() {
        let said = store.write(|tx| {
            let said = apply_pulled(tx, &pulled, &ctx.now)?;
            for item in &updated_items {
                tx.put_remote_item(remote.id, item)?;
            }
            Ok(said)
        })?;
        report.pulled = said.len();
        report.said.extend(said);
    }

    // Push: every object whose text differs from what the server holds.
    let (items, here) = store.read(|tx| {
        Ok((
            tx.remote_items(remote.id)?,
            objects(tx, remote.holder.as_deref())?,
        ))
    })?;
    let mut known: HashMap<String, RemoteItem> =
        items.into_iter().map(|i| (i.uid.clone(), i)).collect();
    for object in &here {
        let item = known.remove(&object.uid);
        if let Some(item) = &item
            && (item.sent.as_deref() == Some(object.text.as_str()) || (item.gone && object.skipped))
        {
            continue;
        }
        push(store, &link, object, item, ctx, &mut report)?;
    }
    // Deleted here (or no longer this remote's holder's): deleted there.
    for item in known.into_values().filter(|i| !i.foreign) {
        if !item.gone {
            let url = address.join(&item.href);
            match dav::delete(client, &url, item.etag.as_deref()).map_err(dav_failure)? {
                Written::Stored(_) => {}
                // Changed there since: the case is gone here, so it goes anyway.
                Written::Changed => {
                    dav::delete(client, &url, None).map_err(dav_failure)?;
                }
            }
            report.deleted += 1;
        }
        store.write(|tx| tx.delete_remote_item(remote.id, &item.uid))?;
    }
    let token = match there.token {
        Some(start) => Some(settle_token(store, remote, client, start)?),
        None => None,
    };
    store.write(|tx| tx.set_remote_synced(remote.id, ctx.now.at, token.as_deref()))?;
    Ok(report)
}

/// The token to keep after a sync. The one read at its start is safe but stale: what this sync
/// wrote came after it, and a to-do written and then deleted by another client after that
/// token may never be reported as removed. So the changes since it are read again, and when
/// they are all this sync's own writes (each href with the ETag recorded for it, each removal
/// one of ours), the newer token is kept; otherwise the old one, to read those changes next time.
fn settle_token(
    store: &mut Store,
    remote: &Remote,
    client: &Client,
    start: String,
) -> Result<String> {
    let Some(changes) =
        dav::sync_collection(client, &remote.url, Some(&start)).map_err(dav_failure)?
    else {
        return Ok(start);
    };
    let items = store.read(|tx| tx.remote_items(remote.id))?;
    let recorded: HashMap<&str, Option<&str>> = items
        .iter()
        .filter(|i| !i.gone)
        .map(|i| (i.href.as_str(), i.etag.as_deref()))
        .collect();
    let ours = changes.changed.iter().all(|(href, etag)| {
        etag.is_some() && recorded.get(href.as_str()).copied().flatten() == etag.as_deref()
    }) && changes
        .removed
        .iter()
        .all(|href| !recorded.contains_key(href.as_str()));
    Ok(if ours { changes.token } else { start })
}

/// What the server holds, as far as a sync needs to know it.
struct There {
    /// The to-dos read, by href: every one (`complete`), or those changed since the token.
    items: HashMap<String, dav::Item>,
    /// Removed since the token.
    removed: HashSet<String>,
    /// Every href there, when the whole list was read (else None).
    listed: Option<HashSet<String>>,
    /// The token to read from next time.
    token: Option<String>,
}

/// Reads what changed there: with the server's sync token, only what changed since the last
/// sync (fetched in one multiget, and only where the ETag is not the one closeout has); without
/// one, or when the server has forgotten it, the whole list.
fn read_there(client: &Client, remote: &Remote, known: &[RemoteItem]) -> Result<There> {
    let mut token = remote.sync_token.as_deref();
    let mut changes = dav::sync_collection(client, &remote.url, token).map_err(dav_failure)?;
    if changes.is_none() && token.is_some() {
        // A token the server no longer knows: start again from nothing.
        token = None;
        changes = dav::sync_collection(client, &remote.url, None).map_err(dav_failure)?;
    }
    if let Some(changes) = changes {
        let etags: HashMap<&str, Option<&str>> = known
            .iter()
            .map(|i| (i.href.as_str(), i.etag.as_deref()))
            .collect();
        let wanted: Vec<String> = changes
            .changed
            .iter()
            .filter(|(href, etag)| {
                etag.is_none() || etags.get(href.as_str()).copied().flatten() != etag.as_deref()
            })
            .map(|(href, _)| href.clone())
            .collect();
        let items = dav::multiget(client, &remote.url, &wanted).map_err(dav_failure)?;
        // Without a token to start from, the answer names every member.
        let listed = token
            .is_none()
            .then(|| changes.changed.iter().map(|(h, _)| h.clone()).collect());
        return Ok(There {
            items: items.into_iter().map(|i| (i.href.clone(), i)).collect(),
            removed: changes.removed.into_iter().collect(),
            listed,
            token: Some(changes.token),
        });
    }
    let items = dav::list_todos(client, &remote.url).map_err(dav_failure)?;
    Ok(There {
        listed: Some(items.iter().map(|i| i.href.clone()).collect()),
        items: items.into_iter().map(|i| (i.href.clone(), i)).collect(),
        removed: HashSet::new(),
        token: None,
    })
}

/// A remote being synced: its record, its address and a client logged in to it.
struct Link<'a> {
    remote: &'a Remote,
    address: Address,
    client: Client,
}

/// Sends one object, never over another client's write: on a 412 it reads the object again,
/// takes in what changed there, and tries again with the text as it then is.
fn push(
    store: &mut Store,
    link: &Link,
    object: &Object,
    item: Option<RemoteItem>,
    ctx: &Ctx,
    report: &mut SyncReport,
) -> Result<()> {
    let Link {
        remote,
        address,
        client,
    } = link;
    let href = item
        .as_ref()
        .map(|i| i.href.clone())
        .unwrap_or_else(|| format!("{}{}.ics", Address::path_of(&remote.url), object.uid));
    let url = address.join(&href);
    let mut etag = item
        .as_ref()
        .filter(|i| !i.gone && i.sent.is_some())
        .and_then(|i| i.etag.clone());
    let mut sent = item
        .as_ref()
        .filter(|i| !i.gone)
        .and_then(|i| i.sent.clone());
    let mut text = object.text.clone();
    for _ in 0..3 {
        let expect = match (&sent, &etag) {
            (Some(_), Some(e)) => Expect::Version(e),
            _ => Expect::Nothing,
        };
        match dav::put(client, &url, &text, expect).map_err(dav_failure)? {
            Written::Stored(new_etag) => {
                let stored = RemoteItem {
                    uid: object.uid.clone(),
                    href: href.clone(),
                    etag: new_etag,
                    sent: Some(text),
                    gone: false,
                    foreign: false,
                };
                store.write(|tx| tx.put_remote_item(remote.id, &stored))?;
                report.pushed += 1;
                return Ok(());
            }
            Written::Changed => {
                let Some(fresh) = dav::get(client, &url).map_err(dav_failure)? else {
                    // Gone in between: create it again.
                    (sent, etag) = (None, None);
                    continue;
                };
                let conflict = sent.is_some();
                let pulled: Vec<Pulled> = match (
                    sent.as_deref().and_then(vtodo::read),
                    vtodo::read(&fresh.data),
                ) {
                    (Some(before), Some(now_there)) => changes_there(
                        &before,
                        &now_there,
                        vtodo::read(&text).as_ref(),
                        ctx.now.today,
                    )
                    .into_iter()
                    .map(|change| Pulled {
                        step: object.uid.clone(),
                        change,
                    })
                    .collect(),
                    _ => Vec::new(),
                };
                let seen = RemoteItem {
                    uid: object.uid.clone(),
                    href: href.clone(),
                    etag: fresh.etag.clone(),
                    sent: Some(fresh.data.clone()),
                    gone: false,
                    foreign: false,
                };
                let (said, again) = store.write(|tx| {
                    let said = apply_pulled(tx, &pulled, &ctx.now)?;
                    tx.put_remote_item(remote.id, &seen)?;
                    let again = objects(tx, remote.holder.as_deref())?
                        .into_iter()
                        .find(|o| o.uid == object.uid)
                        .map(|o| o.text);
                    Ok((said, again))
                })?;
                report.pulled += said.len();
                report.said.extend(said);
                if conflict {
                    report.said.push(
                        Msg::RemoteConflict {
                            title: &object.title,
                        }
                        .to_string(),
                    );
                    report.conflicts.push(object.title.clone());
                }
                if let Some(again) = again {
                    text = again;
                }
                if Some(text.as_str()) == Some(fresh.data.as_str()) {
                    return Ok(());
                }
                (sent, etag) = (Some(fresh.data), fresh.etag);
            }
        }
    }
    refuse!("{}", Msg::RemoteKeepsChanging { url: &url })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).expect("day")
    }

    fn at(hour: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-12-01T{hour:02}:00:00Z"))
            .expect("time")
            .to_utc()
    }

    fn todo(state: TodoState, due: u32, modified: u32) -> RemoteTodo {
        RemoteTodo {
            uid: "u".into(),
            summary: "s".into(),
            state,
            completed: (state == TodoState::Completed).then(|| day(3)),
            due: Some(day(due)),
            last_modified: Some(at(modified)),
            related_to: None,
        }
    }

    #[test]
    fn a_change_there_alone_comes_in() {
        let sent = todo(TodoState::Open, 10, 8);
        let there = todo(TodoState::Completed, 12, 9);
        let changes = changes_there(&sent, &there, Some(&sent), day(1));
        assert_eq!(
            changes,
            [PulledChange::Done(day(3)), PulledChange::Due(Some(day(12)))]
        );
    }

    #[test]
    fn when_both_sides_changed_a_field_the_newer_change_wins() {
        let sent = todo(TodoState::Open, 10, 8);
        // Re-dated there at 09:00, re-dated here at 10:00: here wins, nothing comes in.
        let there = todo(TodoState::Open, 12, 9);
        let here = todo(TodoState::Open, 11, 10);
        assert_eq!(changes_there(&sent, &there, Some(&here), day(1)), []);
        // Here at 08:30, there at 09:00: there wins.
        let here = todo(TodoState::Open, 11, 8);
        assert_eq!(
            changes_there(&sent, &there, Some(&here), day(1)),
            [PulledChange::Due(Some(day(12)))]
        );
    }

    #[test]
    fn different_fields_changed_on_each_side_both_hold() {
        let sent = todo(TodoState::Open, 10, 8);
        let there = todo(TodoState::Open, 12, 9);
        // Done here later, re-dated there: the date still comes in.
        let here = todo(TodoState::Completed, 10, 11);
        assert_eq!(
            changes_there(&sent, &there, Some(&here), day(1)),
            [PulledChange::Due(Some(day(12)))]
        );
    }

    #[test]
    fn summaries_lose_the_case_title_closeout_puts_before_them() {
        assert_eq!(
            strip_case_title("Proximus: Call the bank", Some("Proximus")),
            "Call the bank"
        );
        assert_eq!(
            strip_case_title("Call the bank", Some("Proximus")),
            "Call the bank"
        );
        assert_eq!(strip_case_title("Proximus:", Some("Proximus")), "Proximus:");
        assert_eq!(strip_case_title(" 银行 ", None), "银行");
    }
}
