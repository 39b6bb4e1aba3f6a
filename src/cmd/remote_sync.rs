//! `sync NAME` and `sync`: a CalDAV task list kept in step with the database.
//!
//! A sync reads what changed there since the last sync (the sync token, else the whole list),
//! takes in what the phone did (compared with what closeout last sent), then sends each case
//! and step whose text changed, each write conditional on the version last seen. Each write is
//! recorded in its own small transaction as soon as the server has it, so an interrupted sync
//! keeps what it did and the next one finishes the job; a PUT is idempotent by UID, so nothing
//! is doubled.

use super::departure::{HOUSEHOLD, HOUSEHOLD_UUID};
use super::edit::{Changes, apply};
use super::import::{Details, Report, apply_steps, differing, field_word, step_json};
use super::mark::{close_if_finished, reopen_case};
use super::remote::{client_for, dav_failure};
use super::{Ctx, apply_schedule, record_case, record_step, reload};
use crate::clock::Now;
use crate::domain::change::Kind;
use crate::domain::merge::{
    self, CaseRecord, Departure, PresenceEvent, Stamp, Stamps, StepOp, StepRecord, plan_case,
    presence,
};
use crate::domain::model::{Case, CaseStatus, CaseWithSteps, Step, StepStatus};
use crate::domain::reshape::new_key;
use crate::error::{Failure, refuse};
use crate::format::vtodo::{self, Made, RemoteTodo, TodoState};
use crate::msg::Msg;
use crate::remote::dav::{self, Expect, Written};
use crate::remote::{Address, Client};
use crate::render::json::{self, day_value, step_value};
use crate::render::todo::remote_object;
use crate::store::{Access, NewEvent, Remote, RemoteItem, Store, Tx};
use anyhow::Result;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};
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
    let departure = match tx.departure_stamp()? {
        Some(stamp) => Some(Departure {
            day: tx.departure()?,
            stamp,
        }),
        None => None,
    };
    tx.calendar(|c| {
        if holder.is_some_and(|h| h != c.case.holder) {
            return Ok(());
        }
        all.push(Object {
            uid: c.case.uuid.clone(),
            text: remote_object(&c, None, departure.as_ref()),
            title: c.case.title.clone(),
            skipped: false,
            case: None,
        });
        for s in &c.steps {
            all.push(Object {
                uid: s.step.uuid.clone(),
                text: remote_object(&c, Some(s), None),
                title: format!("{}: {}", c.case.title, s.step.title),
                skipped: s.step.status == StepStatus::Skipped,
                case: Some(c.case.uuid.clone()),
            });
        }
        Ok(())
    })?;
    Ok(all)
}

/// What came from the remote for one to-do: what the sync hands to `take_in`, which builds
/// incoming records from it and lets the merge engine decide.
#[derive(Debug, Clone)]
enum Arrival {
    /// A to-do closeout wrote (here or on another device), as it is there now, and as this
    /// database last sent or read it (None: never).
    Todo {
        there: RemoteTodo,
        seen: Option<RemoteTodo>,
    },
    /// A step's to-do deleted there: the step is skipped. A case's to-do deleted there along
    /// with the to-dos of all its steps (as another device's `delete` leaves the list): the case
    /// is deleted.
    Deleted { uid: String },
    /// A to-do another app made under a case's to-do: a new step of that case, at the end, with
    /// the to-do's UID as its UUID.
    Added {
        todo: RemoteTodo,
        case: String,
        title: String,
    },
}

/// A to-do closeout knows, as it came back. An app that saved it without the `X-CLOSEOUT-`
/// properties closeout wrote keeps its own changes all the same: the properties of the version
/// last seen stand in for them, so that what the app changed (a status, a due date) still shows
/// as the difference from what closeout wrote.
fn arrived(mut there: RemoteTodo, seen: Option<RemoteTodo>) -> Arrival {
    if there.made().is_none()
        && let Some(seen) = &seen
        && seen.made().is_some()
    {
        there.closeout.clone_from(&seen.closeout);
    }
    Arrival::Todo { there, seen }
}

/// What taking in changed: what to tell the user, the to-dos both sides changed, and the UIDs
/// of to-dos closeout wrote that this database did not take (another holder's, or unreadable).
#[derive(Debug, Default)]
struct TakenIn {
    /// One line per change taken in.
    said: Vec<String>,
    /// How many to-dos changed something here (a case's or a step's; one with several
    /// changes counts once): `pulled` in the summary.
    todos: usize,
    /// What the merge decided where both sides changed a field.
    decided: Vec<String>,
    conflicts: Vec<String>,
    not_taken: HashSet<String>,
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

/// When a change there was made: the to-do's LAST-MODIFIED, else now.
fn stamp_there(todo: &RemoteTodo, source: &str, now: &Now) -> Stamp {
    Stamp {
        at: todo
            .last_modified
            .map_or_else(|| now.at.timestamp(), |t| t.timestamp()),
        device: source.to_string(),
    }
}

/// A field group changed on both sides since the last sync, and which side the merge kept.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BothChanged {
    group: &'static str,
    there_won: bool,
}

/// The incoming version of a record this database has (`local`, with its stamps): the groups
/// that differ between what was seen there last (`seen`; None: never seen, so every group that
/// differs from here) and what is there now take there's value, stamped with when it changed
/// there; the others stay as here, with here's stamps, so the merge keeps them. Also says which
/// groups changed on both sides, and which side the merge will keep for each.
fn incoming<T: Clone>(
    local: &T,
    local_stamps: &Stamps,
    there: &T,
    seen: Option<&T>,
    stamp: &Stamp,
    differ: fn(&T, &T) -> Vec<&'static str>,
    take: fn(&mut T, &T, &[&str]),
) -> (T, Stamps, Vec<BothChanged>) {
    let changed = differ(seen.unwrap_or(local), there);
    let changed_here = seen.map(|s| differ(s, local)).unwrap_or_default();
    let mut record = local.clone();
    let mut stamps = local_stamps.clone();
    let mut both = Vec::new();
    let lowest = Stamp::default();
    for g in &changed {
        take(&mut record, there, &[g]);
        stamps.insert((*g).to_string(), stamp.clone());
        if changed_here.contains(g) && differ(local, there).contains(g) {
            let here = local_stamps.get(*g).unwrap_or(&lowest);
            both.push(BothChanged {
                group: g,
                there_won: stamp > here,
            });
        }
    }
    (record, stamps, both)
}

fn incoming_step(
    local: &StepRecord,
    there: &Step,
    seen: Option<&Step>,
    stamp: &Stamp,
) -> (StepRecord, Vec<BothChanged>) {
    let (step, stamps, both) = incoming(
        &local.step,
        &local.stamps,
        there,
        seen,
        stamp,
        merge::step_groups_differing,
        merge::take_step_groups,
    );
    let record = StepRecord {
        step,
        updated_at: local.updated_at,
        stamps,
    };
    (record, both)
}

fn incoming_case(
    local: &CaseRecord,
    there: &Case,
    seen: Option<&Case>,
    stamp: &Stamp,
) -> (CaseRecord, Vec<BothChanged>) {
    let (case, stamps, both) = incoming(
        &local.case,
        &local.stamps,
        there,
        seen,
        stamp,
        merge::case_groups_differing,
        merge::take_case_groups,
    );
    let record = CaseRecord {
        case,
        updated_at: local.updated_at,
        stamps,
    };
    (record, both)
}

/// What arrived for one case.
#[derive(Default)]
struct ForCase<'a> {
    case: Option<(&'a RemoteTodo, Option<&'a RemoteTodo>)>,
    /// The case's own to-do was deleted there.
    deleted: bool,
    steps: Vec<&'a Arrival>,
}

/// Takes in what arrived, in the caller's transaction, through the merge engine that `import`
/// and `sync DIR` use (`domain::merge::plan_case`): for each case, an incoming record built from
/// its to-dos (a field changed there is stamped with the to-do's LAST-MODIFIED, so that when both
/// sides changed it the newer change wins), a plan, and the plan applied as import applies its
/// own. What it changed is recorded as ordinary changes (`done`, `skip`, `due`, `step add`, a
/// new case's `add`...), so that `log` shows them and `undo` takes them back, and dates that
/// follow rules move as after any change.
fn take_in(tx: &Tx, arrivals: &[Arrival], intake: &Intake) -> Result<TakenIn> {
    let mut taken = TakenIn::default();
    let mut by_case: BTreeMap<String, ForCase> = BTreeMap::new();
    let mut case_uuids: HashMap<i64, String> = HashMap::new();
    let mut case_of_step = |uid: &str| -> Result<Option<String>> {
        let Some((case_id, _)) = tx.step_by_uuid(uid)? else {
            return Ok(None);
        };
        if let Some(uuid) = case_uuids.get(&case_id) {
            return Ok(Some(uuid.clone()));
        }
        let uuid = tx.case(case_id)?.map(|c| c.uuid);
        if let Some(u) = &uuid {
            case_uuids.insert(case_id, u.clone());
        }
        Ok(uuid)
    };
    for a in arrivals {
        match a {
            Arrival::Todo { there, seen } => match there.made() {
                Some(Made::Case) => {
                    by_case.entry(there.uid.clone()).or_default().case =
                        Some((there, seen.as_ref()));
                }
                Some(Made::Step) => {
                    let case = match case_of_step(&there.uid)? {
                        Some(c) => Some(c),
                        None => there.related_to.clone(),
                    };
                    match case {
                        Some(c) => by_case.entry(c).or_default().steps.push(a),
                        None => {
                            taken.not_taken.insert(there.uid.clone());
                        }
                    }
                }
                None => {}
            },
            Arrival::Deleted { uid } => {
                if let Some(c) = case_of_step(uid)? {
                    by_case.entry(c).or_default().steps.push(a);
                } else if tx.case_id_of(uid)?.is_some() {
                    by_case.entry(uid.clone()).or_default().deleted = true;
                }
            }
            Arrival::Added { case, .. } => by_case.entry(case.clone()).or_default().steps.push(a),
        }
    }
    for (uuid, arrived) in &by_case {
        take_case(tx, uuid, arrived, intake, &mut taken)?;
    }
    Ok(taken)
}

/// Takes in the departure that the case to-dos which arrived carry, as `import` takes a file's:
/// the newest of them, if it is newer than the one here. A new date is recorded as a `departure`
/// change (so that `log` shows it and `undo` takes it back), and every open case that follows
/// the departure moves to it, as `closeout departure DATE` moves them. Says what it changed.
fn take_departure(tx: &Tx, arrivals: &[Arrival], ctx: &Ctx) -> Result<Option<String>> {
    let newest = arrivals
        .iter()
        .filter_map(|a| match a {
            Arrival::Todo { there, .. } => vtodo::departure_of(there),
            _ => None,
        })
        .max_by(|a, b| a.stamp.cmp(&b.stamp));
    let Some(incoming) = newest else {
        return Ok(None);
    };
    if tx
        .departure_stamp()?
        .is_some_and(|local| incoming.stamp <= local)
    {
        return Ok(None);
    }
    let old = tx.departure()?;
    tx.take_departure(incoming.day, &incoming.stamp)?;
    let day = incoming.day;
    let said = if old == day {
        None
    } else {
        tx.record(
            &NewEvent {
                case_id: HOUSEHOLD,
                case_uuid: HOUSEHOLD_UUID,
                step: None,
                kind: Kind::Departure,
                before: Some(json!({ "departure": day_value(old) })),
                after: Some(json!({ "departure": day_value(day) })),
            },
            ctx.now.at,
        )?;
        Some(match day {
            Some(d) => Msg::RemotePulledDeparture {
                day: &d.to_string(),
            }
            .to_string(),
            None => Msg::RemotePulledNoDeparture.to_string(),
        })
    };
    let changes = Changes::follow_departure();
    for id in tx.following_cases()? {
        let cs = reload(tx, id)?;
        if cs.case.deadline != day {
            apply(tx, cs, &changes, None, ctx)?;
        }
    }
    Ok(said)
}

/// Where what is taken in comes from.
struct Intake<'a> {
    /// The device name its stamps carry.
    source: &'a str,
    /// The remote's holder: a case of another holder is not taken.
    holder: Option<&'a str>,
    /// The UIDs whose to-dos are gone there (deleted now or before).
    gone: &'a HashSet<String>,
    now: &'a Now,
}

/// Takes in what arrived for one case (see `take_in`).
fn take_case(
    tx: &Tx,
    uuid: &str,
    arrived: &ForCase,
    intake: &Intake,
    taken: &mut TakenIn,
) -> Result<()> {
    let Intake {
        source,
        holder,
        gone,
        now,
    } = *intake;
    let today = now.today;
    let local = tx.case_record(uuid)?;
    let local_steps = match &local {
        Some(l) => tx.step_records_of(l.case.id)?,
        None => Vec::new(),
    };
    // The whole case gone from the list, as another device's `delete` leaves it: deleted here
    // as `delete` deletes it. A case's to-do deleted alone is sent again.
    if let Some(l) = &local
        && arrived.deleted
        && local_steps.iter().all(|s| gone.contains(&s.step.uuid))
    {
        let cs = reload(tx, l.case.id)?;
        record_case(
            tx,
            &cs,
            Kind::CaseDelete,
            Some(json::case_value(&cs)),
            None,
            now,
        )?;
        tx.delete_case(cs.case.id)?;
        taken.todos += 1;
        taken.said.push(
            Msg::RemotePulledCaseDeleted {
                title: &cs.case.title,
            }
            .to_string(),
        );
        return Ok(());
    }
    let not_taken = |taken: &mut TakenIn| {
        if let Some((there, _)) = arrived.case {
            taken.not_taken.insert(there.uid.clone());
        }
        for a in &arrived.steps {
            if let Arrival::Todo { there, .. } = a {
                taken.not_taken.insert(there.uid.clone());
            }
        }
    };
    let mut both: Vec<(String, BothChanged)> = Vec::new();
    let incoming_case = match (&local, arrived.case) {
        (Some(l), Some((there, seen))) => match vtodo::case_of(there) {
            Some(case) => {
                let stamp = stamp_there(there, source, now);
                let seen = seen.and_then(vtodo::case_of);
                let (record, b) = incoming_case(l, &case, seen.as_ref(), &stamp);
                both.extend(b.into_iter().map(|b| (l.case.title.clone(), b)));
                record
            }
            None => l.clone(),
        },
        (Some(l), None) => l.clone(),
        (None, Some((there, _))) => {
            // Existence goes by the newest event, as for import: the case's to-do written there
            // counts as a creation at its LAST-MODIFIED, against its deletion here.
            let mut events = tx.presence_events(uuid)?;
            let written = stamp_there(there, source, now).at;
            events.push(PresenceEvent {
                uuid: format!("{source}:{uuid}:{written}"),
                entity: uuid.to_string(),
                at: written,
                present: true,
                reverts: None,
            });
            let deleted_here = presence(&events).get(uuid) == Some(&false);
            match vtodo::case_of(there) {
                // Deleted here since it was written there: it stays deleted, and the sync
                // deletes its to-dos there.
                Some(_) if deleted_here => return Ok(()),
                Some(case) if holder.is_none_or(|h| h == case.holder) => CaseRecord {
                    updated_at: stamp_there(there, source, now).at,
                    case,
                    stamps: Stamps::new(),
                },
                _ => {
                    not_taken(taken);
                    return Ok(());
                }
            }
        }
        // Steps of a case neither here nor there.
        (None, None) => {
            not_taken(taken);
            return Ok(());
        }
    };

    let by_uuid: HashMap<&str, &StepRecord> = local_steps
        .iter()
        .map(|s| (s.step.uuid.as_str(), s))
        .collect();
    let mut keys: Vec<String> = local_steps.iter().map(|s| s.step.key.clone()).collect();
    let mut next_position = local_steps
        .iter()
        .map(|s| s.step.position)
        .max()
        .unwrap_or(0)
        + 1;
    let mut incoming_steps = Vec::new();
    let mut deleted_there = HashSet::new();
    for a in &arrived.steps {
        match a {
            Arrival::Todo { there, seen } => {
                let Some(step) = vtodo::step_of(there, today) else {
                    taken.not_taken.insert(there.uid.clone());
                    continue;
                };
                let stamp = stamp_there(there, source, now);
                match by_uuid.get(step.uuid.as_str()) {
                    Some(l) => {
                        let seen = seen.as_ref().and_then(|s| vtodo::step_of(s, today));
                        let (record, b) = incoming_step(l, &step, seen.as_ref(), &stamp);
                        let title = format!("{}: {}", incoming_case.case.title, l.step.title);
                        both.extend(b.into_iter().map(|b| (title.clone(), b)));
                        incoming_steps.push(record);
                    }
                    None => incoming_steps.push(StepRecord {
                        step,
                        updated_at: stamp.at,
                        stamps: Stamps::new(),
                    }),
                }
            }
            Arrival::Deleted { uid } => {
                let Some(l) = by_uuid.get(uid.as_str()) else {
                    continue;
                };
                if l.step.status != StepStatus::Pending {
                    continue;
                }
                // Deleted there, now: newer than anything here.
                let mut record = (*l).clone();
                record.step.status = StepStatus::Skipped;
                record.step.done_at = None;
                let here = l.stamps.get("status").map_or(0, |s| s.at);
                let at = now.at.timestamp().max(here.saturating_add(1));
                record.stamps.insert(
                    "status".into(),
                    Stamp {
                        at,
                        device: source.to_string(),
                    },
                );
                deleted_there.insert(uid.clone());
                incoming_steps.push(record);
            }
            Arrival::Added { todo, title, .. } => {
                if by_uuid.contains_key(todo.uid.as_str()) {
                    continue;
                }
                let taken_keys: Vec<&str> = keys.iter().map(String::as_str).collect();
                let key = new_key(title, next_position, &taken_keys);
                keys.push(key.clone());
                let done =
                    (todo.state == TodoState::Completed).then(|| todo.completed.unwrap_or(today));
                let status = match todo.state {
                    TodoState::Completed => StepStatus::Done,
                    TodoState::Cancelled => StepStatus::Skipped,
                    TodoState::Open => StepStatus::Pending,
                };
                incoming_steps.push(StepRecord {
                    step: Step {
                        id: 0,
                        uuid: todo.uid.clone(),
                        position: next_position,
                        key,
                        title: title.clone(),
                        how: String::new(),
                        status,
                        due: todo.due,
                        rule: None,
                        due_manual: todo.due.is_some(),
                        done_at: done,
                        note: None,
                        abroad: false,
                    },
                    updated_at: now.at.timestamp(),
                    stamps: Stamps::new(),
                });
                next_position += 1;
            }
        }
    }

    let removed = super::import::removed_steps(tx, uuid)?;
    let plan = plan_case(
        local.as_ref().map(|l| (l, local_steps.as_slice())),
        &incoming_case,
        &incoming_steps,
        &removed,
    );
    for (title, b) in &both {
        let field = field_word(b.group);
        taken.decided.push(if b.there_won {
            Msg::RemoteBothTookThere {
                title,
                field: &field,
            }
            .to_string()
        } else {
            Msg::RemoteBothKeptHere {
                title,
                field: &field,
            }
            .to_string()
        });
        if !taken.conflicts.contains(title) {
            taken.conflicts.push(title.clone());
        }
    }
    if local.is_some() && plan.case.is_none() && plan.steps.is_empty() {
        return Ok(());
    }
    let case_taken = local.is_none() || plan.case.as_ref().is_some_and(|m| !m.taken.is_empty());
    taken.todos += usize::from(case_taken)
        + plan
            .steps
            .iter()
            .filter(|op| match op {
                StepOp::Update { taken, .. } => !taken.is_empty(),
                StepOp::Add { .. } | StepOp::Remove { .. } => true,
            })
            .count();
    let before = match &local {
        Some(l) => tx.case_with_steps(l.case.id)?,
        None => None,
    };
    let case_id = match &local {
        Some(l) => {
            if let Some(m) = &plan.case {
                let stamped: Vec<&str> = m.taken.iter().chain(&m.adopted).copied().collect();
                tx.update_case_record(l.case.id, &m.record, &stamped)?;
            }
            l.case.id
        }
        None => tx.insert_case_record(&incoming_case)?,
    };
    let mut report = Report::default();
    let mut details = Details::default();
    apply_steps(
        tx,
        case_id,
        &plan,
        &local_steps,
        now,
        &mut report,
        &mut details,
    )?;
    let after = reload(tx, case_id)?;
    let status_taken = plan
        .case
        .as_ref()
        .is_some_and(|m| m.taken.contains(&"status"));
    let moved = record_taken(
        tx,
        before.as_ref(),
        &after,
        &deleted_there,
        now,
        &mut taken.said,
    )?;
    let cs = apply_schedule(tx, after, now)?;
    if !status_taken {
        if moved.pending_again && cs.case.status == CaseStatus::Closed {
            reopen_case(tx, &cs, now)?;
        } else if moved.finished {
            close_if_finished(tx, cs, now, &mut Vec::new())?;
        }
    }
    Ok(())
}

/// Which way the statuses a take-in set moved.
#[derive(Debug, Default)]
struct Moved {
    /// A step made pending (or added pending).
    pending_again: bool,
    /// A step finished.
    finished: bool,
}

/// Records what a take-in changed in one case (`before` None: the case is new here) as the
/// commands that make those changes record them, and says each change.
fn record_taken(
    tx: &Tx,
    before: Option<&CaseWithSteps>,
    after: &CaseWithSteps,
    deleted_there: &HashSet<String>,
    now: &Now,
    said: &mut Vec<String>,
) -> Result<Moved> {
    let mut moved = Moved::default();
    let Some(before) = before else {
        record_case(
            tx,
            after,
            Kind::CaseAdd,
            None,
            Some(json::case_value(after)),
            now,
        )?;
        said.push(
            Msg::RemotePulledCase {
                title: &after.case.title,
                steps: after.steps.len(),
            }
            .to_string(),
        );
        return Ok(moved);
    };
    let case_title = &after.case.title;
    let skip = ["id", "uuid", "created_at", "steps"];
    if let Some((from, to)) = differing(&json::case_value(before), &json::case_value(after), &skip)
    {
        let mut fields = Vec::new();
        for (kind, names) in [
            (None, &["status", "closed_at"][..]),
            (Some(Kind::CaseNote), &["note"][..]),
        ] {
            let (f, t) = (pick(&from, names), pick(&to, names));
            if t.as_object().is_some_and(|o| o.is_empty()) {
                continue;
            }
            let kind = kind.unwrap_or(if after.case.status == CaseStatus::Closed {
                Kind::CaseClose
            } else {
                Kind::CaseReopen
            });
            record_case(tx, after, kind, Some(f), Some(t), now)?;
            fields.push(field_word(names[0]));
        }
        let rest = ["status", "closed_at", "note"];
        let (f, t) = (omit(&from, &rest), omit(&to, &rest));
        if t.as_object().is_some_and(|o| !o.is_empty()) {
            if let Some(o) = t.as_object() {
                fields.extend(o.keys().map(|k| field_word(json_group(k))));
            }
            record_case(tx, after, Kind::CaseEdit, Some(f), Some(t), now)?;
        }
        fields.dedup();
        said.push(
            Msg::RemotePulledChanged {
                title: case_title,
                what: &fields.join(&Msg::Listed.to_string()),
            }
            .to_string(),
        );
    }
    for o in before
        .steps
        .iter()
        .filter(|o| !after.steps.iter().any(|s| s.uuid == o.uuid))
    {
        record_step(tx, after, o, Kind::StepRemove, step_json(o), None, now)?;
    }
    for s in &after.steps {
        let title = format!("{case_title}: {}", s.title);
        let Some(o) = before.steps.iter().find(|o| o.uuid == s.uuid) else {
            record_step(tx, after, s, Kind::StepAdd, None, step_value(s), now)?;
            said.push(Msg::RemotePulledAdded { title: &title }.to_string());
            moved.pending_again |= s.status == StepStatus::Pending;
            continue;
        };
        let Some((from, to)) = differing(&step_json(o), &step_json(s), &["uuid"]) else {
            continue;
        };
        // One change per kind, as the commands record them.
        let groups: [(&[&str], Kind); 6] = [
            (&["status", "done_at"], status_kind(s.status)),
            (&["due", "manual"], Kind::StepDue),
            (&["note"], Kind::StepNote),
            (&["how"], Kind::StepHow),
            (&["position"], Kind::StepMove),
            (&["title", "key", "rule"], Kind::StepEdit),
        ];
        let mut others = Vec::new();
        for (names, kind) in groups {
            let (f, t) = (pick(&from, names), pick(&to, names));
            let Some(fields) = t.as_object().filter(|o| !o.is_empty()) else {
                continue;
            };
            let words: Vec<String> = fields.keys().map(|k| field_word(json_group(k))).collect();
            record_step(tx, after, o, kind, f, t, now)?;
            match kind {
                Kind::StepDone => {
                    moved.finished = true;
                    let day = s.done_at.map(|d| d.to_string()).unwrap_or_default();
                    said.push(
                        Msg::RemotePulledDone {
                            title: &title,
                            day: &day,
                        }
                        .to_string(),
                    );
                }
                Kind::StepReopen => {
                    moved.pending_again = true;
                    said.push(Msg::RemotePulledReopened { title: &title }.to_string());
                }
                Kind::StepSkip if deleted_there.contains(&s.uuid) => {
                    moved.finished = true;
                    said.push(Msg::RemotePulledSkipped { title: &title }.to_string());
                }
                Kind::StepSkip => {
                    moved.finished = true;
                    said.push(Msg::RemotePulledCancelled { title: &title }.to_string());
                }
                Kind::StepDue => said.push(match s.due {
                    Some(d) => Msg::RemotePulledDue {
                        title: &title,
                        day: &d.to_string(),
                    }
                    .to_string(),
                    None => Msg::RemotePulledNoDue { title: &title }.to_string(),
                }),
                _ => others.extend(words),
            }
        }
        if !others.is_empty() {
            others.dedup();
            said.push(
                Msg::RemotePulledChanged {
                    title: &title,
                    what: &others.join(&Msg::Listed.to_string()),
                }
                .to_string(),
            );
        }
    }
    Ok(moved)
}

/// The command a step's new status is recorded as.
fn status_kind(status: StepStatus) -> Kind {
    match status {
        StepStatus::Done => Kind::StepDone,
        StepStatus::Skipped => Kind::StepSkip,
        StepStatus::Pending => Kind::StepReopen,
    }
}

/// The field group a JSON field belongs to, for naming it.
fn json_group(field: &str) -> &str {
    match field {
        "deadline_from" => "deadline",
        "closed_at" | "done_at" => "status",
        "manual" => "due",
        "notice_days" => "notice",
        other => other,
    }
}

/// The named fields of a JSON object (an event's before or after).
fn pick(v: &Value, names: &[&str]) -> Value {
    let mut out = serde_json::Map::new();
    if let Some(o) = v.as_object() {
        for (k, val) in o.iter().filter(|(k, _)| names.contains(&k.as_str())) {
            out.insert(k.clone(), val.clone());
        }
    }
    Value::Object(out)
}

/// A JSON object without the named fields.
fn omit(v: &Value, names: &[&str]) -> Value {
    let mut out = serde_json::Map::new();
    if let Some(o) = v.as_object() {
        for (k, val) in o.iter().filter(|(k, _)| !names.contains(&k.as_str())) {
            out.insert(k.clone(), val.clone());
        }
    }
    Value::Object(out)
}

/// Whether two texts of one calendar object say the same, leaving aside what only tells when or
/// by whom it was written (DTSTAMP, LAST-MODIFIED, SEQUENCE, the COMPLETED moment) and how it
/// was laid out (servers store properties in their own order, folded their own way): two
/// databases that hold the same case write it with their own times, and neither needs to send
/// the other's text again.
fn same_content(a: &str, b: &str) -> bool {
    let meaningful = |text: &str| -> Vec<String> {
        let mut lines: Vec<String> = text
            .replace("\r\n ", "")
            .replace("\r\n\t", "")
            .replace("\n ", "")
            .replace("\n\t", "")
            .lines()
            .filter(|l| {
                !["DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "COMPLETED"]
                    .iter()
                    .any(|p| l.starts_with(&format!("{p}:")) || l.starts_with(&format!("{p};")))
            })
            .map(|l| l.trim_end().to_string())
            .collect();
        lines.sort_unstable();
        lines
    };
    a == b || meaningful(a) == meaningful(b)
}

fn sync_remote(store: &mut Store, remote: &Remote, ctx: &Ctx) -> Result<SyncReport> {
    let mut report = SyncReport {
        name: remote.name.clone(),
        ..SyncReport::default()
    };
    match sync_inner(store, remote, ctx, &mut report) {
        Ok(()) => Ok(report),
        Err(e) => Err(stopped(e, &remote.name, &report)),
    }
}

/// A sync's failure, saying whether it did anything before it stopped (what it did is kept, and
/// the next sync finishes the job) or nothing at all. A failure the user can act on keeps its
/// kind, with the two parts joined as the language joins them.
fn stopped(e: anyhow::Error, name: &str, report: &SyncReport) -> anyhow::Error {
    let did = report.pushed + report.pulled + report.deleted > 0;
    let Some(failure) = e.downcast_ref::<Failure>() else {
        let head = if did {
            Msg::RemoteSyncFailed { name }.to_string()
        } else {
            Msg::RemoteSyncStopped { name }.to_string()
        };
        return e.context(head);
    };
    let why = failure.to_string();
    let said = if did {
        Msg::RemoteSyncFailedWhy { name, why: &why }.to_string()
    } else {
        Msg::RemoteSyncStoppedWhy { name, why: &why }.to_string()
    };
    match failure {
        Failure::Usage(_) => Failure::Usage(said),
        Failure::Refused(_) => Failure::Refused(said),
        Failure::NotFound(_) => Failure::NotFound(said),
        Failure::Ambiguous(_) => Failure::Ambiguous(said),
        Failure::Database(_) => Failure::Database(said),
    }
    .into()
}

fn sync_inner(
    store: &mut Store,
    remote: &Remote,
    ctx: &Ctx,
    report: &mut SyncReport,
) -> Result<()> {
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
    // Pull: what changed there since closeout last wrote or read each item.
    let (items, here) = store.read(|tx| {
        Ok((
            tx.remote_items(remote.id)?,
            objects(tx, remote.holder.as_deref())?,
        ))
    })?;
    let there = read_there(client, remote, &items)?;
    let here_by_uid: HashMap<&str, &Object> = here.iter().map(|o| (o.uid.as_str(), o)).collect();
    let mut arrivals = Vec::new();
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
                arrivals.push(Arrival::Deleted {
                    uid: item.uid.clone(),
                });
                updated_items.push(RemoteItem {
                    gone: true,
                    etag: None,
                    ..item.clone()
                });
            }
            Some(server) if server.etag.is_none() || server.etag != item.etag => {
                if let Some(now_there) = vtodo::read(&server.data) {
                    arrivals.push(arrived(now_there, vtodo::read(sent)));
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
    // To-dos this database did not write or read before: another device's closeout wrote them
    // (its cases and steps), a task app added a step under a case's to-do, or another app's.
    let tracked: HashSet<&str> = items.iter().map(|i| i.href.as_str()).collect();
    let untracked: Vec<(&dav::Item, RemoteTodo)> = there
        .items
        .values()
        .filter(|s| !tracked.contains(s.href.as_str()))
        .filter_map(|s| vtodo::read(&s.data).map(|t| (s, t)))
        .collect();
    let mut cases: HashSet<&str> = here
        .iter()
        .filter(|o| o.case.is_none())
        .map(|o| o.uid.as_str())
        .collect();
    cases.extend(
        untracked
            .iter()
            .filter(|(_, t)| t.made() == Some(Made::Case))
            .map(|(_, t)| t.uid.as_str()),
    );
    let mut left_alone = Vec::new();
    for (server, todo) in &untracked {
        let foreign = if todo.made().is_some() {
            arrivals.push(Arrival::Todo {
                there: todo.clone(),
                seen: None,
            });
            false
        } else if here_by_uid.contains_key(todo.uid.as_str()) {
            continue;
        } else if let Some(case) = todo
            .related_to
            .as_deref()
            .filter(|c| cases.contains(c) && uuid::Uuid::parse_str(&todo.uid).is_ok())
        {
            let case_title = here_by_uid.get(case).map(|o| o.title.clone()).or_else(|| {
                untracked
                    .iter()
                    .find(|(_, t)| t.uid == case)
                    .and_then(|(_, t)| vtodo::case_of(t))
                    .map(|c| c.title)
            });
            arrivals.push(Arrival::Added {
                todo: todo.clone(),
                case: case.to_string(),
                title: strip_case_title(&todo.summary, case_title.as_deref()),
            });
            false
        } else {
            left_alone.push(todo.summary.clone());
            true
        };
        updated_items.push(RemoteItem {
            uid: todo.uid.clone(),
            href: server.href.clone(),
            etag: server.etag.clone(),
            sent: Some(server.data.clone()),
            gone: false,
            foreign,
        });
    }
    for summary in &left_alone {
        report
            .said
            .push(Msg::RemoteLeftAlone { summary }.to_string());
    }
    if !updated_items.is_empty() {
        let source = source_of(remote);
        let gone: HashSet<String> = updated_items
            .iter()
            .chain(&items)
            .filter(|i| i.gone)
            .map(|i| i.uid.clone())
            .collect();
        let taken = store.write(|tx| {
            let intake = Intake {
                source: &source,
                holder: remote.holder.as_deref(),
                gone: &gone,
                now: &ctx.now,
            };
            let mut taken = take_in(tx, &arrivals, &intake)?;
            if let Some(said) = take_departure(tx, &arrivals, ctx)? {
                taken.said.push(said);
            }
            for item in &updated_items {
                let mut item = item.clone();
                // Closeout's to-dos this database did not take: left alone, like another app's.
                item.foreign |= taken.not_taken.contains(&item.uid);
                tx.put_remote_item(remote.id, &item)?;
            }
            Ok(taken)
        })?;
        report.pulled = taken.todos;
        report.said.extend(taken.said);
        report.said.extend(taken.decided);
        report.conflicts.extend(taken.conflicts);
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
            && (item.gone && object.skipped
                || !item.gone
                    && item
                        .sent
                        .as_deref()
                        .is_some_and(|sent| same_content(sent, &object.text)))
        {
            continue;
        }
        push(store, &link, object, item, ctx, report)?;
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
    Ok(())
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

/// The device name the stamps of changes made on a remote carry.
fn source_of(remote: &Remote) -> String {
    format!("caldav:{}", remote.name)
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
                let arrivals: Vec<Arrival> = vtodo::read(&fresh.data)
                    .map(|now_there| arrived(now_there, sent.as_deref().and_then(vtodo::read)))
                    .into_iter()
                    .collect();
                let seen = RemoteItem {
                    uid: object.uid.clone(),
                    href: href.clone(),
                    etag: fresh.etag.clone(),
                    sent: Some(fresh.data.clone()),
                    gone: false,
                    foreign: false,
                };
                let source = source_of(remote);
                let (taken, again) = store.write(|tx| {
                    let nothing_gone = HashSet::new();
                    let intake = Intake {
                        source: &source,
                        holder: remote.holder.as_deref(),
                        gone: &nothing_gone,
                        now: &ctx.now,
                    };
                    let mut taken = take_in(tx, &arrivals, &intake)?;
                    if let Some(said) = take_departure(tx, &arrivals, ctx)? {
                        taken.said.push(said);
                    }
                    tx.put_remote_item(remote.id, &seen)?;
                    let again = objects(tx, remote.holder.as_deref())?
                        .into_iter()
                        .find(|o| o.uid == object.uid)
                        .map(|o| o.text);
                    Ok((taken, again))
                })?;
                report.pulled += taken.todos;
                report.said.extend(taken.said);
                report.said.extend(taken.decided);
                for title in taken.conflicts {
                    if !report.conflicts.contains(&title) {
                        report.conflicts.push(title);
                    }
                }
                if conflict {
                    report.said.push(
                        Msg::RemoteConflict {
                            title: &object.title,
                        }
                        .to_string(),
                    );
                    if !report.conflicts.contains(&object.title) {
                        report.conflicts.push(object.title.clone());
                    }
                }
                if let Some(again) = again {
                    text = again;
                }
                if same_content(&text, &fresh.data) {
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
    use crate::domain::model::{Channel, Rule};
    use crate::domain::view::{CalendarCase, CalendarStep};
    use chrono::{DateTime, NaiveDate};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).expect("day")
    }

    fn at(text: &str) -> DateTime<chrono::FixedOffset> {
        DateTime::parse_from_rfc3339(text).expect("time")
    }

    fn stamp(at: i64, device: &str) -> Stamp {
        Stamp {
            at,
            device: device.into(),
        }
    }

    fn case() -> Case {
        Case {
            id: 7,
            uuid: "0190f0c2-0000-7000-8000-00000000c0de".into(),
            title: "Proximus; mobile, Brussels".into(),
            template: "sim".into(),
            provider: Some("Proximus".into()),
            channel: Some(Channel::Post),
            holder: "alice".into(),
            number: Some("+32 470 12 34 56".into()),
            deadline: Some(day(20)),
            status: CaseStatus::Open,
            created_at: at("2026-11-30T10:00:00+01:00"),
            closed_at: None,
            note: Some("ask for the\nfinal invoice".into()),
            lang: crate::i18n::Lang::Zh,
            notice_days: Some(30),
            follows_departure: true,
        }
    }

    fn step() -> Step {
        Step {
            id: 3,
            uuid: "0190f0c2-0000-7000-8000-00000000beef".into(),
            position: 2,
            key: "submit".into(),
            title: "Send the letter".into(),
            how: "Registered post, with a copy of your ID".into(),
            status: StepStatus::Pending,
            due: Some(day(10)),
            rule: Some(Rule::AfterStep {
                key: "documents".into(),
                days: 2,
            }),
            due_manual: false,
            done_at: None,
            note: Some("kept the receipt".into()),
            abroad: true,
        }
    }

    fn calendar(case: Case, steps: Vec<Step>) -> CalendarCase {
        CalendarCase {
            updated: case.created_at,
            revisions: 0,
            steps: steps
                .into_iter()
                .map(|step| CalendarStep {
                    step,
                    updated: at("2026-11-30T11:00:00Z"),
                    revisions: 1,
                    done_recorded: None,
                })
                .collect(),
            case,
        }
    }

    #[test]
    fn the_departure_reads_back_from_the_to_do_of_a_case_that_follows_it_only() {
        let departure = Departure {
            day: Some(day(20)),
            stamp: Stamp {
                at: 1_796_000_000,
                device: "laptop; the old one".into(),
            },
        };
        let c = calendar(case(), vec![step()]);
        let read = |text: String| vtodo::read(&text).expect("a to-do");
        let todo = read(remote_object(&c, None, Some(&departure)));
        assert_eq!(vtodo::departure_of(&todo), Some(departure.clone()));
        let cleared = Departure {
            day: None,
            ..departure.clone()
        };
        let todo = read(remote_object(&c, None, Some(&cleared)));
        assert_eq!(vtodo::departure_of(&todo), Some(cleared));
        // A step's to-do, or a case with its own deadline, carries none.
        let todo = read(remote_object(&c, Some(&c.steps[0]), Some(&departure)));
        assert_eq!(vtodo::departure_of(&todo), None);
        let own = calendar(
            Case {
                follows_departure: false,
                ..case()
            },
            vec![],
        );
        let todo = read(remote_object(&own, None, Some(&departure)));
        assert_eq!(vtodo::departure_of(&todo), None);
    }

    #[test]
    fn a_case_and_its_steps_read_back_from_the_todos_closeout_writes() {
        let mut done = step();
        done.uuid = "0190f0c2-0000-7000-8000-00000000d0e5".into();
        done.status = StepStatus::Done;
        done.done_at = Some(day(4));
        done.due_manual = true;
        done.rule = Some(Rule::BeforeDeadline { days: 21 });
        done.abroad = false;
        done.how = String::new();
        done.note = None;
        let c = calendar(case(), vec![step(), done.clone()]);
        let read = |text: String| vtodo::read(&text).expect("a to-do");
        let case_todo = read(remote_object(&c, None, None));
        assert_eq!(vtodo::case_of(&case_todo), Some(case()));
        assert_eq!(vtodo::step_of(&case_todo, day(1)), None);
        for (n, s) in [step(), done].into_iter().enumerate() {
            let todo = read(remote_object(&c, Some(&c.steps[n]), None));
            assert_eq!(vtodo::step_of(&todo, day(1)), Some(Step { id: 0, ..s }));
            assert_eq!(vtodo::case_of(&todo), None);
        }
    }

    #[test]
    fn a_pending_step_of_a_closed_case_reads_back_pending_and_an_app_s_changes_come_through() {
        let mut closed = case();
        closed.status = CaseStatus::Closed;
        closed.closed_at = Some(at("2026-12-02T09:00:00Z"));
        let c = calendar(closed, vec![step()]);
        let text = remote_object(&c, Some(&c.steps[0]), None);
        assert!(text.contains("STATUS:CANCELLED"), "{text}");
        let todo = vtodo::read(&text).expect("a to-do");
        let read = vtodo::step_of(&todo, day(1)).expect("a step");
        assert_eq!(read.status, StepStatus::Pending);
        // Completed in an app, with a new due date: done that day, the date set by hand.
        let changed = text
            .replace(
                "STATUS:CANCELLED",
                "STATUS:COMPLETED\r\nCOMPLETED:20261203T170000Z",
            )
            .replace("DUE;VALUE=DATE:20261210", "DUE;VALUE=DATE:20261212");
        let todo = vtodo::read(&changed).expect("a to-do");
        let read = vtodo::step_of(&todo, day(1)).expect("a step");
        assert_eq!(read.status, StepStatus::Done);
        assert_eq!(read.done_at, Some(day(3)));
        assert_eq!((read.due, read.due_manual), (Some(day(12)), true));
    }

    fn record(s: Step, stamps: &[(&str, Stamp)]) -> StepRecord {
        StepRecord {
            step: s,
            updated_at: 100,
            stamps: stamps
                .iter()
                .map(|(g, s)| ((*g).to_string(), s.clone()))
                .collect(),
        }
    }

    #[test]
    fn only_what_changed_there_since_it_was_seen_comes_in_stamped_with_its_time() {
        let seen = step();
        let mut here = step();
        here.note = Some("changed here".into());
        let local = record(here, &[("note", stamp(200, "A"))]);
        let mut there = step();
        there.status = StepStatus::Done;
        there.done_at = Some(day(3));
        let (incoming, both) = incoming_step(&local, &there, Some(&seen), &stamp(300, "caldav"));
        assert!(both.is_empty());
        // The note there is the old one: it is not a change there, and here's stays.
        assert_eq!(incoming.step.note.as_deref(), Some("changed here"));
        assert_eq!(incoming.step.status, StepStatus::Done);
        assert_eq!(incoming.stamps["status"], stamp(300, "caldav"));
        assert_eq!(incoming.stamps["note"], stamp(200, "A"));
        let merged = merge::merge_step(&local, &incoming);
        assert_eq!(merged.taken, ["status"]);
    }

    #[test]
    fn when_both_sides_changed_a_field_the_newer_change_wins_and_it_is_said() {
        let seen = step();
        let mut here = step();
        here.due = Some(day(11));
        here.due_manual = true;
        let mut there = step();
        there.due = Some(day(12));
        there.due_manual = true;
        // Changed here at 400, there at 300: here stays.
        let local = record(here.clone(), &[("due", stamp(400, "A"))]);
        let (incoming, both) = incoming_step(&local, &there, Some(&seen), &stamp(300, "caldav"));
        assert_eq!(
            both,
            [BothChanged {
                group: "due",
                there_won: false
            }]
        );
        assert!(!merge::merge_step(&local, &incoming).changed());
        // Changed here at 200: there wins.
        let local = record(here, &[("due", stamp(200, "A"))]);
        let (incoming, both) = incoming_step(&local, &there, Some(&seen), &stamp(300, "caldav"));
        assert!(both[0].there_won);
        let merged = merge::merge_step(&local, &incoming);
        assert_eq!(merged.record.step.due, Some(day(12)));
    }

    #[test]
    fn never_seen_every_field_that_differs_goes_by_its_stamp() {
        let mut here = step();
        here.title = "Newer here".into();
        let local = record(here, &[("title", stamp(500, "A"))]);
        let mut there = step();
        there.how = "From the other device".into();
        let (incoming, _) = incoming_step(&local, &there, None, &stamp(300, "caldav"));
        let merged = merge::merge_step(&local, &incoming);
        assert_eq!(merged.taken, ["how"]);
        assert_eq!(merged.record.step.title, "Newer here");
    }

    #[test]
    fn an_app_that_drops_closeout_s_properties_still_brings_its_change() {
        let c = calendar(case(), vec![step()]);
        let sent = remote_object(&c, Some(&c.steps[0]), None);
        let saved: String = sent
            .split_inclusive("\r\n")
            .filter(|l| !l.starts_with("X-CLOSEOUT-") && !l.starts_with(' '))
            .collect::<String>()
            .replace(
                "STATUS:NEEDS-ACTION",
                "STATUS:COMPLETED\r\nCOMPLETED:20261203T170000Z",
            );
        let there = vtodo::read(&saved).expect("a to-do");
        assert_eq!(there.made(), None);
        let Arrival::Todo { there, .. } = arrived(there, vtodo::read(&sent)) else {
            panic!("a to-do");
        };
        let read = vtodo::step_of(&there, day(1)).expect("a step");
        assert_eq!(
            (read.status, read.done_at),
            (StepStatus::Done, Some(day(3)))
        );
        assert_eq!(read.key, "submit");
    }

    #[test]
    fn texts_that_differ_only_in_when_they_were_written_say_the_same() {
        let a = "BEGIN:VTODO\r\nUID:u\r\nDTSTAMP:20261130T090000Z\r\nLAST-MODIFIED:20261130T090000Z\r\nSEQUENCE:1\r\nSTATUS:COMPLETED\r\nCOMPLETED:20261130T090000Z\r\nEND:VTODO\r\n";
        let b = a
            .replace("DTSTAMP:20261130T090000Z", "DTSTAMP:20261201T100000Z")
            .replace("SEQUENCE:1", "SEQUENCE:3")
            .replace("COMPLETED:20261130T090000Z", "COMPLETED:20261130T120000Z");
        assert!(same_content(a, &b));
        // Stored by a server that orders properties its own way.
        let mut lines: Vec<&str> = b.split("\r\n").collect();
        lines[1..7].sort_unstable();
        assert!(same_content(a, &lines.join("\r\n")));
        assert!(!same_content(
            a,
            &a.replace("STATUS:COMPLETED", "STATUS:CANCELLED")
        ));
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
