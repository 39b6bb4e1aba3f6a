//! `undo` and `redo`: taking back the newest change still in effect, and bringing back what undo
//! took back. A change is every event one command recorded; taking it back goes through its
//! events newest first, each from its after to its before, whatever command recorded it.

use super::Ctx;
use super::departure::HOUSEHOLD_UUID;
use crate::clock::Now;
use crate::domain::change::Kind;
use crate::domain::history::{RedoTarget, Transition, UndoStack, first_mismatch, transition};
use crate::domain::view::Event;
use crate::i18n::Lang;
use crate::msg::Msg;
use crate::render::human;
use crate::render::json::{self, CaseJson, EventJson, StepJson};
use crate::store::{Access, NewEvent, Tx};
use anyhow::Result;
use serde_json::{Value, json};
use std::io::Write;

/// An import's or a sync's change in words ("sync: 3 case(s) changed"), told as one change
/// rather than event by event; `None` for a change a command made.
fn merge_told(events: &[Event]) -> Option<String> {
    let kind = |e: &Event| {
        let name = e.reverts_kind.as_deref().unwrap_or(&e.kind);
        Kind::parse(name).filter(|k| k.is_merge_record())
    };
    let found = events.iter().find_map(kind)?;
    let mut cases: Vec<i64> = events.iter().map(|e| e.case_id).collect();
    cases.sort_unstable();
    cases.dedup();
    let count = cases.len();
    Some(match found {
        Kind::Sync => Msg::MergeSync { count }.to_string(),
        _ => Msg::MergeImport { count }.to_string(),
    })
}

/// `human::summary`, with an import or sync told as one change.
fn summary(events: &[Event]) -> String {
    let Some(told) = merge_told(events) else {
        return human::summary(events);
    };
    let prefix = match events.first().and_then(|e| Kind::parse(&e.kind)) {
        Some(Kind::Undo) => Msg::Undone.to_string(),
        Some(Kind::Redo) => Msg::Redone.to_string(),
        _ => String::new(),
    };
    format!("{prefix}{told}")
}

/// `human::change`, with an import or sync told as one change and no single case.
fn change(out: &mut dyn Write, events: &[Event], lead: &str, width: Option<usize>) -> Result<()> {
    match (merge_told(events), events.first()) {
        (Some(told), Some(first)) => {
            let prefix = format!("{lead}{}  {:<5} ", first.at.format("%Y-%m-%d %H:%M"), "");
            let hang = " ".repeat(crate::render::table::width(&prefix));
            for line in crate::render::wrap::fill(&told, width, &prefix, &hang) {
                writeln!(out, "{line}")?;
            }
            Ok(())
        }
        _ => human::change(out, events, lead, width),
    }
}

/// How many changes `undo --list` shows.
const LIST: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Undo,
    Redo,
}

impl Direction {
    /// The event kind this direction records.
    fn verb(self) -> Kind {
        match self {
            Direction::Undo => Kind::Undo,
            Direction::Redo => Kind::Redo,
        }
    }
}

/// The change undo would take back next, or the undo redo would take back.
fn target(tx: &Tx, direction: Direction) -> Result<Option<i64>> {
    Ok(match direction {
        Direction::Undo => {
            let mut stack = UndoStack::new(1);
            tx.changes_newest_first(|c, k| stack.feed(c, k))?;
            stack.found.first().copied()
        }
        Direction::Redo => {
            let mut redo = RedoTarget::default();
            tx.changes_newest_first(|c, k| redo.feed(c, k))?;
            redo.found
        }
    })
}

pub fn revert(direction: Direction, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open(Access::Write)?;
    let done = store.write(|tx| {
        let Some(change) = target(tx, direction)? else {
            return Ok(None);
        };
        let events = tx.change_events(change)?;
        for e in events.iter().rev() {
            revert_event(tx, e, direction, &ctx.now)?;
        }
        let recorded = match tx.current_change() {
            Some(c) => tx.change_events(c)?,
            None => Vec::new(),
        };
        let case = match events.first() {
            Some(e) => tx.case_with_steps(e.case_id)?,
            None => None,
        };
        Ok(Some((change, recorded, case)))
    })?;
    let Some((change, recorded, case)) = done else {
        let message = match direction {
            Direction::Undo => Msg::NothingToUndo,
            Direction::Redo => Msg::NothingToRedo,
        };
        if ctx.json {
            return json::write(
                out,
                &json!({ "change": null, "reverted": null, "events": [], "case": null }),
            );
        }
        writeln!(out, "{message}")?;
        return Ok(());
    };
    if ctx.json {
        let events: Vec<EventJson> = recorded.iter().map(EventJson::from).collect();
        return json::write(
            out,
            &json!({
                "change": recorded.first().map(|e| e.change),
                "reverted": change,
                "events": events,
                "case": case.as_ref().map(|cs| CaseJson::at(cs, ctx.now.today)),
            }),
        );
    }
    let merged = merge_told(&recorded).is_some();
    // A change over several cases (a departure moved) names each case in its summary.
    let several = recorded.iter().any(|e| e.case_id != recorded[0].case_id);
    let on = match (&case, recorded.first()) {
        _ if merged || several => String::new(),
        (Some(cs), _) => Msg::OnCase {
            id: cs.case.id,
            title: &cs.case.title,
        }
        .to_string(),
        (None, Some(e)) if e.case_uuid == HOUSEHOLD_UUID => String::new(),
        (None, Some(e)) => Msg::OnCaseId { id: e.case_id }.to_string(),
        (None, None) => String::new(),
    };
    let said = format!("{}{on}", summary(&recorded));
    crate::render::wrap::write(out, &said, ctx.view().width)?;
    Ok(())
}

/// Takes one event from its after back to its before, and records that as an `undo` or `redo`
/// event pointing at the original.
fn revert_event(tx: &Tx, e: &Event, direction: Direction, now: &Now) -> Result<()> {
    let (from, to) = (e.after.as_ref(), e.before.as_ref());
    let verb = direction.verb();
    let when = e.at.format("%Y-%m-%d %H:%M").to_string();
    let what = human::summary(std::slice::from_ref(e));
    let cannot = |why: String| -> anyhow::Error {
        let (what, when, id, why) = (what.as_str(), when.as_str(), e.case_id, why.as_str());
        let said = match direction {
            Direction::Undo => Msg::CannotUndo {
                what,
                when,
                id,
                why,
            },
            Direction::Redo => Msg::CannotRedo {
                what,
                when,
                id,
                why,
            },
        };
        crate::error::Failure::Refused(said.to_string()).into()
    };
    if e.case_uuid == HOUSEHOLD_UUID {
        revert_departure(tx, from, to, now).map_err(&cannot)?;
        return tx.record_revert(
            &NewEvent {
                case_id: e.case_id,
                case_uuid: &e.case_uuid,
                step: None,
                kind: verb,
                before: from.cloned(),
                after: to.cloned(),
            },
            e.reverts.unwrap_or(e.id),
            now.at,
        );
    }
    let change = transition(e.step_uuid.is_some(), from, to).map_err(&cannot)?;
    let step_uuid = e.step_uuid.as_deref().unwrap_or_default();
    match change {
        Transition::CaseCreate(snapshot) => {
            if tx.case_id_by_uuid(&snapshot.uuid)?.is_some() {
                return Err(cannot(Msg::RevertCaseExists.to_string()));
            }
            if tx.case_id_taken(snapshot.id)? {
                return Err(cannot(Msg::RevertIdTaken { id: snapshot.id }.to_string()));
            }
            tx.restore_case(&snapshot, now.at)?;
        }
        Transition::CaseRemove => {
            let Some(id) = tx.case_id_by_uuid(&e.case_uuid)? else {
                return Err(cannot(Msg::RevertCaseGoneAlready.to_string()));
            };
            tx.delete_case(id)?;
        }
        Transition::CaseSet(fields) => {
            let Some(cs) = tx
                .case_id_by_uuid(&e.case_uuid)?
                .map(|id| tx.case_with_steps(id))
                .transpose()?
                .flatten()
            else {
                return Err(cannot(Msg::RevertCaseGone.to_string()));
            };
            if let Some(name) = first_mismatch(from, &json::case_value(&cs)) {
                return Err(cannot(Msg::RevertChanged { name: &name }.to_string()));
            }
            for field in &fields {
                tx.set_case_field(cs.case.id, field, now.at)?;
            }
        }
        Transition::StepCreate(snapshot) => {
            let Some(case_id) = tx.case_id_by_uuid(&e.case_uuid)? else {
                return Err(cannot(Msg::RevertItsCaseGone.to_string()));
            };
            if tx.step_by_uuid(&snapshot.uuid)?.is_some() {
                return Err(cannot(Msg::RevertStepExists.to_string()));
            }
            if tx.steps(case_id)?.iter().any(|s| s.key == snapshot.key) {
                return Err(cannot(
                    Msg::RevertKeyTaken { key: &snapshot.key }.to_string(),
                ));
            }
            tx.restore_step(case_id, &snapshot, now.at)?;
        }
        Transition::StepRemove => {
            let Some((case_id, step)) = tx.step_by_uuid(step_uuid)? else {
                return Err(cannot(Msg::RevertStepGoneAlready.to_string()));
            };
            tx.delete_step(&step, case_id)?;
        }
        Transition::StepSet(fields) => {
            let Some((case_id, step)) = tx.step_by_uuid(step_uuid)? else {
                return Err(cannot(Msg::RevertStepGone.to_string()));
            };
            let current = serde_json::to_value(StepJson::from(&step)).unwrap_or(Value::Null);
            if let Some(name) = first_mismatch(from, &current) {
                return Err(cannot(Msg::RevertChanged { name: &name }.to_string()));
            }
            for field in &fields {
                tx.set_step_field(case_id, &step, field, now.at)?;
            }
        }
    }
    tx.record_revert(
        &NewEvent {
            case_id: e.case_id,
            case_uuid: &e.case_uuid,
            step: e.step_uuid.as_deref().zip(e.step_key.as_deref()),
            kind: verb,
            before: from.cloned(),
            after: to.cloned(),
        },
        e.reverts.unwrap_or(e.id),
        now.at,
    )
}

/// Takes the departure date from `from` to `to`, as a `departure` event recorded them; refused
/// when it is no longer what the event left.
fn revert_departure(
    tx: &Tx,
    from: Option<&Value>,
    to: Option<&Value>,
    now: &Now,
) -> Result<(), String> {
    let day = |v: Option<&Value>| -> Result<Option<chrono::NaiveDate>, String> {
        match v.and_then(|v| v.get("departure")) {
            Some(Value::String(s)) => crate::domain::date::parse_iso(s)
                .map(Some)
                .ok_or_else(|| Msg::RecordEmpty.to_string()),
            Some(Value::Null) => Ok(None),
            _ => Err(Msg::RecordEmpty.to_string()),
        }
    };
    let (was, wanted) = (day(from)?, day(to)?);
    let current = tx.departure().map_err(|e| e.to_string())?;
    if current != was {
        return Err(Msg::RevertChanged { name: "departure" }.to_string());
    }
    tx.set_departure(wanted, now.at).map_err(|e| e.to_string())
}

/// `undo --list`: the next changes undo takes back, newest first, and what redo brings back.
pub fn list(ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    let mut store = ctx.open(Access::Read)?;
    let (undo, redo) = store.read(|tx| {
        let mut stack = UndoStack::new(LIST);
        tx.changes_newest_first(|c, k| stack.feed(c, k))?;
        let undo = stack
            .found
            .iter()
            .map(|c| tx.change_events(*c))
            .collect::<Result<Vec<_>>>()?;
        let redo = match target(tx, Direction::Redo)? {
            Some(c) => Some(tx.change_events(c)?),
            None => None,
        };
        Ok((undo, redo))
    })?;
    if ctx.json {
        let change = |events: &[Event]| -> Value {
            let first = events.first();
            json!({
                "change": first.map(|e| e.change),
                "at": first.map(|e| json::stamp(e.at)),
                "case": first.map(|e| e.case_id),
                "summary": Lang::En.speaking(|| {
                    merge_told(events).unwrap_or_else(|| human::told(events))
                }),
                "events": events.iter().map(EventJson::from).collect::<Vec<_>>(),
            })
        };
        let undo: Vec<Value> = undo.iter().map(|c| change(c)).collect();
        return json::write(
            out,
            &json!({ "undo": undo, "redo": redo.as_deref().map(change) }),
        );
    }
    if undo.is_empty() {
        crate::render::wrap::write(out, &Msg::NothingToUndo.to_string(), ctx.view().width)?;
    } else {
        writeln!(out, "{}", Msg::UndoListHead)?;
        for (i, events) in undo.iter().enumerate() {
            change(out, events, &format!("{:>3}  ", i + 1), ctx.view().width)?;
        }
    }
    if let Some(events) = redo.filter(|e| !e.is_empty()) {
        let case = events.first().map_or(0, |e| e.case_id);
        let what = merge_told(&events).unwrap_or_else(|| human::told(&events));
        let said = Msg::RedoBringsBack {
            id: case,
            what: &what,
        };
        crate::render::wrap::write(out, &said.to_string(), ctx.view().width)?;
    }
    Ok(())
}
