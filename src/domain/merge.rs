//! The merge engine for import, sync DIR, sync NAME (a CalDAV task list) and any other source of
//! records: pure, records in and a plan out, the same decisions on every device whatever order
//! they merge in.
//!
//! - Fields: per field group, the newest change wins; equal times are broken by device id, and
//!   equal stamps by the value itself (`merge_case`, `merge_step`).
//! - Existence: every creation and removal of a case or step, from every database, newest wins,
//!   and an undo or redo outranks the event it takes back (`presence`).
//! - The checklist as a whole: removed steps go, a key two steps share stays with the smaller
//!   UUID, positions are a total order by (merged position, UUID) numbered 1..n (`plan_case`).
//!
//! A source builds `CaseRecord`s and `StepRecord`s (with the stamps it knows; none is the lowest)
//! and `PresenceEvent`s, calls `presence` and then `plan_case` per case, and applies the plan.
//!
//! Fields that only ever change together are one group with one stamp: a step's status and the
//! day it was done, a case's status and when it was closed, a due date and whether it was set by
//! hand, the three parts of a rule. Merging them apart could pair a "skipped" from one device
//! with a done day from another.

use super::model::{Case, Step};
use serde_json::{Value, json};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// When a field last changed (seconds since the epoch) and on which device. A field that has not
/// changed since its case or step was made has no stamp and counts as `Stamp::default()`, the
/// lowest: the value it was made with is the same in every database that has it.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    pub at: i64,
    pub device: String,
}

/// The household's departure date as it travels with the cases that follow it: the day (None
/// once cleared) and when and where it last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Departure {
    pub day: Option<chrono::NaiveDate>,
    pub stamp: Stamp,
}

/// Stamps by field group name.
pub type Stamps = BTreeMap<String, Stamp>;

/// A case as it travels between databases: its fields, when the row last changed, and the stamp
/// of each field group that changed since it was made.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    pub case: Case,
    pub updated_at: i64,
    pub stamps: Stamps,
}

/// A step as it travels between databases.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRecord {
    pub step: Step,
    pub updated_at: i64,
    pub stamps: Stamps,
}

/// One field group: its name in stamps and files, its value (for comparing), and how to copy it.
struct Group<T> {
    name: &'static str,
    value: fn(&T) -> Value,
    take: fn(&mut T, &T),
}

pub const CASE_GROUPS: [&str; 11] = [
    "title", "template", "provider", "channel", "holder", "number", "deadline", "status", "note",
    "lang", "notice",
];

pub const STEP_GROUPS: [&str; 8] = [
    "position", "key", "title", "how", "status", "due", "rule", "note",
];

fn case_groups() -> [Group<Case>; 11] {
    [
        Group {
            name: "title",
            value: |c| json!(c.title),
            take: |c, o| c.title.clone_from(&o.title),
        },
        Group {
            name: "template",
            value: |c| json!(c.template),
            take: |c, o| c.template.clone_from(&o.template),
        },
        Group {
            name: "provider",
            value: |c| json!(c.provider),
            take: |c, o| c.provider.clone_from(&o.provider),
        },
        Group {
            name: "channel",
            value: |c| json!(c.channel),
            take: |c, o| c.channel = o.channel,
        },
        Group {
            name: "holder",
            value: |c| json!(c.holder),
            take: |c, o| c.holder.clone_from(&o.holder),
        },
        Group {
            name: "number",
            value: |c| json!(c.number),
            take: |c, o| c.number.clone_from(&o.number),
        },
        Group {
            name: "deadline",
            // Whether it follows the departure changes with the date itself.
            value: |c| json!([c.deadline.map(super::date::iso), c.follows_departure]),
            take: |c, o| {
                c.deadline = o.deadline;
                c.follows_departure = o.follows_departure;
            },
        },
        Group {
            name: "status",
            value: |c| json!([c.status, c.closed_at.map(|t| t.timestamp())]),
            take: |c, o| {
                c.status = o.status;
                c.closed_at = o.closed_at;
            },
        },
        Group {
            name: "note",
            value: |c| json!(c.note),
            take: |c, o| c.note.clone_from(&o.note),
        },
        Group {
            name: "lang",
            value: |c| json!(c.lang),
            take: |c, o| c.lang = o.lang,
        },
        Group {
            name: "notice",
            value: |c| json!(c.notice_days),
            take: |c, o| c.notice_days = o.notice_days,
        },
    ]
}

fn step_groups() -> [Group<Step>; 8] {
    [
        Group {
            name: "position",
            value: |s| json!(s.position),
            take: |s, o| s.position = o.position,
        },
        Group {
            name: "key",
            value: |s| json!(s.key),
            take: |s, o| s.key.clone_from(&o.key),
        },
        Group {
            name: "title",
            value: |s| json!(s.title),
            take: |s, o| s.title.clone_from(&o.title),
        },
        Group {
            name: "how",
            value: |s| json!(s.how),
            take: |s, o| s.how.clone_from(&o.how),
        },
        Group {
            name: "status",
            value: |s| json!([s.status, s.done_at.map(super::date::iso)]),
            take: |s, o| {
                s.status = o.status;
                s.done_at = o.done_at;
            },
        },
        Group {
            name: "due",
            value: |s| json!([s.due.map(super::date::iso), s.due_manual]),
            take: |s, o| {
                s.due = o.due;
                s.due_manual = o.due_manual;
            },
        },
        Group {
            name: "rule",
            // Whether the step can be done abroad comes with its rule, from the template.
            value: |s| json!([s.rule, s.abroad]),
            take: |s, o| {
                s.rule.clone_from(&o.rule);
                s.abroad = o.abroad;
            },
        },
        Group {
            name: "note",
            value: |s| json!(s.note),
            take: |s, o| s.note.clone_from(&o.note),
        },
    ]
}

/// The field groups whose values differ between two versions of one case.
pub fn case_groups_differing(a: &Case, b: &Case) -> Vec<&'static str> {
    differing(&case_groups(), a, b)
}

/// The field groups whose values differ between two versions of one step.
pub fn step_groups_differing(a: &Step, b: &Step) -> Vec<&'static str> {
    differing(&step_groups(), a, b)
}

/// Copies the named groups of `from` into `into`.
pub fn take_case_groups(into: &mut Case, from: &Case, names: &[&str]) {
    take(&case_groups(), into, from, names);
}

/// Copies the named groups of `from` into `into`.
pub fn take_step_groups(into: &mut Step, from: &Step, names: &[&str]) {
    take(&step_groups(), into, from, names);
}

fn differing<T>(groups: &[Group<T>], a: &T, b: &T) -> Vec<&'static str> {
    groups
        .iter()
        .filter(|g| (g.value)(a) != (g.value)(b))
        .map(|g| g.name)
        .collect()
}

fn take<T>(groups: &[Group<T>], into: &mut T, from: &T, names: &[&str]) {
    for g in groups.iter().filter(|g| names.contains(&g.name)) {
        (g.take)(into, from);
    }
}

/// What a merge decided for one record.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged<T> {
    /// The record to keep: local values where they won, incoming ones where those did.
    pub record: T,
    /// Groups whose incoming value replaced the local one.
    pub taken: Vec<&'static str>,
    /// Groups whose value was already the same but whose incoming stamp is newer: only the stamp
    /// moves, so that every database ends with the same stamps too.
    pub adopted: Vec<&'static str>,
}

impl<T> Merged<T> {
    /// Something the user can see changed.
    pub fn changed(&self) -> bool {
        !self.taken.is_empty()
    }

    /// Anything at all has to be written.
    pub fn touched(&self) -> bool {
        !self.taken.is_empty() || !self.adopted.is_empty()
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Pick {
    Keep,
    Take,
    Adopt,
}

/// The decision for one group, given both stamps and values. A total order on (stamp, value):
/// the larger wins. Being a maximum, it gives the same result in any order and any number of
/// times, which is what makes devices converge.
fn pick(local: &Stamp, local_value: &Value, incoming: &Stamp, incoming_value: &Value) -> Pick {
    if local_value == incoming_value {
        return if incoming > local {
            Pick::Adopt
        } else {
            Pick::Keep
        };
    }
    match incoming.cmp(local) {
        Ordering::Greater => Pick::Take,
        Ordering::Less => Pick::Keep,
        // The same second on the same device (a copied database) and different values: the
        // value decides, the same way on every device.
        Ordering::Equal => {
            // As JSON text: the same text in every closeout that writes this format.
            let (incoming_text, local_text) = (incoming_value.to_string(), local_value.to_string());
            if incoming_text > local_text {
                Pick::Take
            } else {
                Pick::Keep
            }
        }
    }
}

fn merge_groups<T: Clone>(
    groups: &[Group<T>],
    local: &T,
    local_stamps: &Stamps,
    incoming: &T,
    incoming_stamps: &Stamps,
) -> (T, Stamps, Vec<&'static str>, Vec<&'static str>) {
    let lowest = Stamp::default();
    let mut record = local.clone();
    let mut stamps = local_stamps.clone();
    let (mut taken, mut adopted) = (Vec::new(), Vec::new());
    for g in groups {
        let ls = local_stamps.get(g.name).unwrap_or(&lowest);
        let is = incoming_stamps.get(g.name).unwrap_or(&lowest);
        match pick(ls, &(g.value)(local), is, &(g.value)(incoming)) {
            Pick::Keep => {}
            Pick::Take => {
                (g.take)(&mut record, incoming);
                stamps.insert(g.name.to_string(), is.clone());
                taken.push(g.name);
            }
            Pick::Adopt => {
                stamps.insert(g.name.to_string(), is.clone());
                adopted.push(g.name);
            }
        }
    }
    (record, stamps, taken, adopted)
}

/// The newest of a record's own time and the stamps it took.
fn updated_at(local: i64, stamps: &Stamps, taken: &[&str]) -> i64 {
    taken
        .iter()
        .filter_map(|name| stamps.get(*name))
        .map(|s| s.at)
        .fold(local, i64::max)
}

/// Merges an incoming case into the local one with the same UUID. The local id stays.
pub fn merge_case(local: &CaseRecord, incoming: &CaseRecord) -> Merged<CaseRecord> {
    let (case, stamps, taken, adopted) = merge_groups(
        &case_groups(),
        &local.case,
        &local.stamps,
        &incoming.case,
        &incoming.stamps,
    );
    let updated_at = updated_at(local.updated_at, &stamps, &taken);
    Merged {
        record: CaseRecord {
            case,
            updated_at,
            stamps,
        },
        taken,
        adopted,
    }
}

/// Merges an incoming step into the local one with the same UUID. The local id stays.
pub fn merge_step(local: &StepRecord, incoming: &StepRecord) -> Merged<StepRecord> {
    let (step, stamps, taken, adopted) = merge_groups(
        &step_groups(),
        &local.step,
        &local.stamps,
        &incoming.step,
        &incoming.stamps,
    );
    let updated_at = updated_at(local.updated_at, &stamps, &taken);
    Merged {
        record: StepRecord {
            step,
            updated_at,
            stamps,
        },
        taken,
        adopted,
    }
}

/// An event that made a case begin or stop existing, as the merge sees it: created (`present`)
/// or removed, when, its own UUID, and the UUID of the event it takes back (for an undo or a
/// redo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceEvent {
    pub uuid: String,
    pub entity: String,
    pub at: i64,
    pub present: bool,
    pub reverts: Option<String>,
}

impl PresenceEvent {
    /// What an event's before and after say about existence: absent before and present after
    /// is a creation, the reverse a removal, anything else not a presence event at all.
    pub fn read(
        uuid: &str,
        entity: &str,
        at: i64,
        before: Option<&Value>,
        after: Option<&Value>,
        reverts: Option<&str>,
    ) -> Option<PresenceEvent> {
        let absent = |v: Option<&Value>| v.is_none_or(Value::is_null);
        Self::of_absence(uuid, entity, at, absent(before), absent(after), reverts)
    }

    /// `read`, for an event of which only this is known: whether its before and after are
    /// absent (no value, or JSON null).
    pub fn of_absence(
        uuid: &str,
        entity: &str,
        at: i64,
        before_absent: bool,
        after_absent: bool,
        reverts: Option<&str>,
    ) -> Option<PresenceEvent> {
        let present = match (before_absent, after_absent) {
            (true, false) => true,
            (false, true) => false,
            _ => return None,
        };
        Some(PresenceEvent {
            uuid: uuid.to_string(),
            entity: entity.to_string(),
            at,
            present,
            reverts: reverts.map(str::to_string),
        })
    }
}

/// Whether each entity exists once all these events (from every database, each once) are taken
/// together: the newest decides, by time, then by event UUID. An undo or redo outranks the
/// event it takes back even when the other device's clock ran ahead, so that taking back a
/// deletion travels as a restoration the deletion cannot beat. Order-free: any database holding
/// the same events decides the same.
pub fn presence(events: &[PresenceEvent]) -> BTreeMap<String, bool> {
    let by_uuid: BTreeMap<&str, &PresenceEvent> =
        events.iter().map(|e| (e.uuid.as_str(), e)).collect();
    // `reverts` always names an original, never another undo or redo: one step up is enough.
    let rank = |e: &PresenceEvent| -> (i64, String) {
        let at = match e.reverts.as_deref().and_then(|r| by_uuid.get(r)) {
            Some(original) => e.at.max(original.at.saturating_add(1)),
            None => e.at,
        };
        (at, e.uuid.clone())
    };
    let mut newest: BTreeMap<String, ((i64, String), bool)> = BTreeMap::new();
    for e in events {
        let r = rank(e);
        match newest.get(&e.entity) {
            Some((best, _)) if *best >= r => {}
            _ => {
                newest.insert(e.entity.clone(), (r, e.present));
            }
        }
    }
    newest.into_iter().map(|(k, (_, p))| (k, p)).collect()
}

/// What happens to one step in a merge.
#[derive(Debug, Clone, PartialEq)]
pub enum StepOp {
    /// New here: added as it came, with its key and position settled (`renumbered`: its
    /// position is not the one it came with, and is this device's change).
    Add {
        record: StepRecord,
        renumbered: bool,
    },
    /// Here already: rewritten, with the stamps of `stamped` taken from the record; `taken` is
    /// what the user sees change (for the report). A key or position the merge settled is
    /// stamped as a change made here.
    Update {
        id: i64,
        record: StepRecord,
        taken: Vec<&'static str>,
        stamped: Vec<&'static str>,
    },
    /// Here, but removed on some device (and not brought back since): removed here too.
    Remove { id: i64 },
}

/// What a merge does to one case that exists after it.
#[derive(Debug, Clone, PartialEq)]
pub struct CasePlan {
    /// The case to write (`None`: unchanged), with the groups whose value and stamp it takes.
    pub case: Option<Merged<CaseRecord>>,
    /// The steps to remove, add or rewrite, in an order that never puts one key on two steps:
    /// first the removals and the steps that give up a key, then the others.
    pub steps: Vec<StepOp>,
}

/// The key a step gives up to another step of its case that holds it: its own UUID's end after
/// the key (the UUID's end is its random part; its start is a time two steps can share).
pub fn clash_key(key: &str, uuid: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let hex: String = uuid.chars().filter(char::is_ascii_hexdigit).collect();
    for len in [8, 12, hex.len()] {
        let tail = &hex[hex.len().saturating_sub(len)..];
        let candidate = format!("{key}-{tail}");
        if !taken(&candidate) {
            return candidate;
        }
    }
    format!("{key}-{hex}-2")
}

/// Merges a case that exists here (`local`, with its steps) or not (`None`) with an incoming
/// one. Field groups go by their stamps (`merge_case`, `merge_step`); then the checklist is
/// settled as a whole, the same way on every device:
/// - a step `presence` says was removed (`removed`: step UUIDs) is removed, and not added;
/// - two steps with one key: the smaller UUID keeps it, the other takes `clash_key`;
/// - positions are a total order by (merged position, UUID), renumbered 1..n.
pub fn plan_case(
    local: Option<(&CaseRecord, &[StepRecord])>,
    incoming: &CaseRecord,
    incoming_steps: &[StepRecord],
    removed: &std::collections::BTreeSet<String>,
) -> CasePlan {
    let case = match local {
        Some((l, _)) => Some(merge_case(l, incoming)).filter(Merged::touched),
        None => None,
    };
    let local_steps: &[StepRecord] = local.map_or(&[], |(_, s)| s);
    let by_uuid: BTreeMap<&str, &StepRecord> = local_steps
        .iter()
        .map(|s| (s.step.uuid.as_str(), s))
        .collect();

    // Every step the case will have: (record, local original if any, groups taken, stamped).
    struct Entry<'a> {
        record: StepRecord,
        original: Option<&'a StepRecord>,
        taken: Vec<&'static str>,
        stamped: Vec<&'static str>,
    }
    let mut entries: Vec<Entry> = Vec::new();
    let incoming_uuids: std::collections::BTreeSet<&str> = incoming_steps
        .iter()
        .map(|s| s.step.uuid.as_str())
        .collect();
    let mut removals = Vec::new();
    for l in local_steps {
        if removed.contains(&l.step.uuid) {
            removals.push(StepOp::Remove { id: l.step.id });
            continue;
        }
        if !incoming_uuids.contains(l.step.uuid.as_str()) {
            entries.push(Entry {
                record: l.clone(),
                original: Some(l),
                taken: Vec::new(),
                stamped: Vec::new(),
            });
        }
    }
    for i in incoming_steps
        .iter()
        .filter(|i| !removed.contains(&i.step.uuid))
    {
        match by_uuid.get(i.step.uuid.as_str()) {
            Some(l) => {
                let m = merge_step(l, i);
                let stamped = m.taken.iter().chain(&m.adopted).copied().collect();
                entries.push(Entry {
                    record: m.record,
                    original: Some(l),
                    taken: m.taken,
                    stamped,
                });
            }
            None => entries.push(Entry {
                record: i.clone(),
                original: None,
                taken: Vec::new(),
                stamped: Vec::new(),
            }),
        }
    }

    // Keys: by UUID, the first to claim a key keeps it.
    entries.sort_by(|a, b| a.record.step.uuid.cmp(&b.record.step.uuid));
    let mut keys: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let wanted: std::collections::BTreeSet<String> =
        entries.iter().map(|e| e.record.step.key.clone()).collect();
    let mut losers = Vec::new();
    for (n, e) in entries.iter().enumerate() {
        if !keys.insert(e.record.step.key.clone()) {
            losers.push(n);
        }
    }
    for n in losers {
        let e = &mut entries[n];
        let key = clash_key(&e.record.step.key, &e.record.step.uuid, &|k| {
            keys.contains(k) || wanted.contains(k)
        });
        keys.insert(key.clone());
        e.record.step.key = key;
        e.taken.retain(|g| *g != "key");
        e.stamped.retain(|g| *g != "key");
    }

    // Positions: a total order, renumbered.
    entries.sort_by(|a, b| {
        (a.record.step.position, &a.record.step.uuid)
            .cmp(&(b.record.step.position, &b.record.step.uuid))
    });
    for (n, e) in entries.iter_mut().enumerate() {
        let position = n as i64 + 1;
        if e.record.step.position != position {
            e.record.step.position = position;
            // Settled here: the position is this device's to stamp, not the incoming one.
            e.stamped.retain(|g| *g != "position");
        }
        if e.taken.contains(&"position") && e.original.is_some_and(|o| o.step.position == position)
        {
            e.taken.retain(|g| *g != "position");
        }
    }

    // Removals first: they free keys and positions for the rest.
    let mut first = removals;
    let mut then = Vec::new();
    for e in entries {
        match e.original {
            None => {
                let renumbered = incoming_steps.iter().any(|i| {
                    i.step.uuid == e.record.step.uuid && i.step.position != e.record.step.position
                });
                then.push(StepOp::Add {
                    record: e.record,
                    renumbered,
                });
            }
            Some(o) if o.step == e.record.step && e.stamped.is_empty() => {}
            Some(o) => {
                let gives_up_key = o.step.key != e.record.step.key;
                let op = StepOp::Update {
                    id: o.step.id,
                    record: e.record,
                    taken: e.taken,
                    stamped: e.stamped,
                };
                if gives_up_key {
                    first.push(op);
                } else {
                    then.push(op);
                }
            }
        }
    }
    first.extend(then);
    CasePlan { case, steps: first }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::Rule;
    use crate::domain::model::{CaseStatus, StepStatus};
    use chrono::NaiveDate;

    fn stamp(at: i64, device: &str) -> Stamp {
        Stamp {
            at,
            device: device.to_string(),
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn step() -> StepRecord {
        StepRecord {
            step: Step {
                id: 1,
                uuid: "s".into(),
                position: 1,
                key: "submit".into(),
                title: "Submit".into(),
                how: String::new(),
                status: StepStatus::Pending,
                due: None,
                rule: Some(Rule::BeforeDeadline { days: 5 }),
                due_manual: false,
                done_at: None,
                note: None,
                abroad: false,
            },
            updated_at: 100,
            stamps: Stamps::new(),
        }
    }

    fn with(mut r: StepRecord, group: &str, at: i64, device: &str) -> StepRecord {
        r.stamps.insert(group.to_string(), stamp(at, device));
        r.updated_at = r.updated_at.max(at);
        r
    }

    #[test]
    fn group_names_match_their_lists() {
        assert_eq!(case_groups().map(|g| g.name), CASE_GROUPS);
        assert_eq!(step_groups().map(|g| g.name), STEP_GROUPS);
    }

    #[test]
    fn changes_to_different_fields_both_survive() {
        let mut a = step();
        a.step.note = Some("called them".into());
        let a = with(a, "note", 200, "A");
        let mut b = step();
        b.step.status = StepStatus::Done;
        b.step.done_at = Some(day("2026-12-01"));
        let b = with(b, "status", 300, "B");

        let on_a = merge_step(&a, &b);
        let on_b = merge_step(&b, &a);
        assert_eq!(on_a.record.step, on_b.record.step);
        assert_eq!(on_a.record.stamps, on_b.record.stamps);
        assert_eq!(on_a.taken, ["status"]);
        assert_eq!(on_b.taken, ["note"]);
        assert_eq!(on_a.record.step.note.as_deref(), Some("called them"));
        assert_eq!(on_a.record.step.status, StepStatus::Done);
        assert_eq!(on_a.record.updated_at, 300);
    }

    #[test]
    fn the_newest_change_of_one_field_wins_and_ties_go_to_the_larger_device() {
        let mut a = step();
        a.step.note = Some("from A".into());
        let mut b = step();
        b.step.note = Some("from B".into());
        let newer_a = merge_step(&b, &with(a.clone(), "note", 500, "A"));
        assert_eq!(newer_a.record.step.note.as_deref(), Some("from A"));

        let (a, b) = (with(a, "note", 400, "A"), with(b, "note", 400, "B"));
        for merged in [merge_step(&a, &b), merge_step(&b, &a)] {
            assert_eq!(merged.record.step.note.as_deref(), Some("from B"));
        }
    }

    #[test]
    fn equal_stamps_fall_back_to_the_value() {
        let mut a = step();
        a.step.key = "gym-a".into();
        let mut b = step();
        b.step.key = "gym-b".into();
        assert_eq!(merge_step(&a, &b).record.step.key, "gym-b");
        assert_eq!(merge_step(&b, &a).record.step.key, "gym-b");
    }

    #[test]
    fn status_and_done_day_travel_together() {
        let mut done = step();
        done.step.status = StepStatus::Done;
        done.step.done_at = Some(day("2026-12-01"));
        let done = with(done, "status", 200, "A");
        let mut skipped = step();
        skipped.step.status = StepStatus::Skipped;
        let skipped = with(skipped, "status", 300, "B");
        let merged = merge_step(&done, &skipped).record.step;
        assert_eq!(merged.status, StepStatus::Skipped);
        assert_eq!(merged.done_at, None);
    }

    #[test]
    fn merging_is_idempotent_and_a_same_value_only_moves_the_stamp() {
        let a = with(step(), "title", 200, "A");
        let again = merge_step(&a, &a);
        assert!(!again.touched());
        // Same value, newer stamp elsewhere: nothing visible changes, the stamp is adopted.
        let b = with(step(), "title", 300, "B");
        let merged = merge_step(&a, &b);
        assert!(!merged.changed());
        assert_eq!(merged.adopted, ["title"]);
        assert_eq!(merged.record.stamps["title"], stamp(300, "B"));
    }

    #[test]
    fn cases_merge_by_group_too() {
        let mut case = case_record();
        case.case.provider = Some("Proximus".into());
        case.case.deadline = Some(day("2026-12-20"));
        let mut a = case.clone();
        a.case.deadline = Some(day("2026-12-24"));
        a.stamps.insert("deadline".into(), stamp(200, "A"));
        a.updated_at = 200;
        let mut b = case.clone();
        b.case.status = CaseStatus::Closed;
        b.case.closed_at = Some(b.case.created_at);
        b.stamps.insert("status".into(), stamp(150, "B"));
        b.updated_at = 150;
        let merged = merge_case(&a, &b);
        assert_eq!(merged.taken, ["status"]);
        assert_eq!(merged.record.case.deadline, Some(day("2026-12-24")));
        assert_eq!(merged.record.case.status, CaseStatus::Closed);
        assert_eq!(merged.record.updated_at, 200);
        assert_eq!(merge_case(&b, &a).record, merged.record);
    }

    /// A step of case "c" with a UUID, key and position, and no stamps.
    fn at(uuid: &str, key: &str, position: i64) -> StepRecord {
        let mut r = step();
        r.step.uuid = uuid.into();
        r.step.key = key.into();
        r.step.position = position;
        r
    }

    fn case_record() -> CaseRecord {
        CaseRecord {
            case: Case {
                id: 1,
                uuid: "c".into(),
                title: "Proximus".into(),
                template: "sim".into(),
                provider: None,
                channel: None,
                holder: "alice".into(),
                number: None,
                deadline: None,
                status: crate::domain::model::CaseStatus::Open,
                created_at: chrono::DateTime::from_timestamp(0, 0)
                    .expect("epoch")
                    .fixed_offset(),
                closed_at: None,
                note: None,
                lang: crate::i18n::Lang::En,
                notice_days: None,
                follows_departure: false,
            },
            updated_at: 100,
            stamps: Stamps::new(),
        }
    }

    /// The checklist after applying a plan to `local`: (uuid, key, position) in position order.
    fn after(local: &[StepRecord], incoming: &[StepRecord]) -> Vec<(String, String, i64)> {
        let case = case_record();
        let plan = plan_case(Some((&case, local)), &case, incoming, &Default::default());
        let mut steps: BTreeMap<String, Step> = local
            .iter()
            .map(|s| (s.step.uuid.clone(), s.step.clone()))
            .collect();
        for op in plan.steps {
            let record = match op {
                StepOp::Add { record, .. } | StepOp::Update { record, .. } => record,
                StepOp::Remove { .. } => panic!("nothing was removed"),
            };
            steps.insert(record.step.uuid.clone(), record.step);
        }
        let mut out: Vec<(String, String, i64)> = steps
            .into_values()
            .map(|s| (s.uuid, s.key, s.position))
            .collect();
        out.sort_by_key(|s| s.2);
        out
    }

    fn keys_unique_and_positions_one_to_n(steps: &[(String, String, i64)]) {
        let keys: std::collections::BTreeSet<&str> = steps.iter().map(|s| s.1.as_str()).collect();
        assert_eq!(keys.len(), steps.len(), "{steps:?}");
        let positions: Vec<i64> = steps.iter().map(|s| s.2).collect();
        assert_eq!(positions, (1..=steps.len() as i64).collect::<Vec<_>>());
    }

    #[test]
    fn a_key_two_devices_added_stays_with_the_smaller_uuid_on_both() {
        let base = [at("a0", "method", 1)];
        let mine = at("b-0000-0000-aaaa1111", "netflix", 2);
        let theirs = at("b-0000-0000-ffff2222", "netflix", 2);
        let on_mine = after(
            &[base[0].clone(), mine.clone()],
            &[base[0].clone(), theirs.clone()],
        );
        let on_theirs = after(&[base[0].clone(), theirs], &[base[0].clone(), mine]);
        assert_eq!(on_mine, on_theirs);
        keys_unique_and_positions_one_to_n(&on_mine);
        let keys: Vec<&str> = on_mine.iter().map(|s| s.1.as_str()).collect();
        // The UUID's random end, not its time-ordered start that both share.
        assert_eq!(keys, ["method", "netflix", "netflix-ffff2222"]);
    }

    #[test]
    fn a_clash_key_never_takes_a_key_already_there() {
        let taken = |k: &str| k == "netflix-ffff2222";
        assert_eq!(
            clash_key("netflix", "b-0000-aaaa-ffff2222", &taken),
            "netflix-aaaaffff2222"
        );
    }

    #[test]
    fn concurrent_adds_and_moves_settle_in_one_order_numbered_one_to_n() {
        // Both started from [x, y, z]; A added a at the end and moved z first, B added b at the
        // end and moved y last.
        let mut moved_z = at("z", "z", 1);
        moved_z.stamps.insert("position".into(), stamp(200, "A"));
        let mut x_a = at("x", "x", 2);
        x_a.stamps.insert("position".into(), stamp(200, "A"));
        let mut y_a = at("y", "y", 3);
        y_a.stamps.insert("position".into(), stamp(200, "A"));
        let a = vec![moved_z, x_a, y_a, at("a", "a", 4)];
        let mut z_b = at("z", "z", 2);
        z_b.stamps.insert("position".into(), stamp(300, "B"));
        let mut y_b = at("y", "y", 4);
        y_b.stamps.insert("position".into(), stamp(300, "B"));
        let b = vec![at("x", "x", 1), z_b, at("b", "b", 3), y_b];
        let on_a = after(&a, &b);
        let on_b = after(&b, &a);
        keys_unique_and_positions_one_to_n(&on_a);
        assert_eq!(on_a, on_b);
    }

    #[test]
    fn a_file_whose_positions_repeat_or_skip_is_renumbered_in_its_order() {
        let case = case_record();
        let incoming = [at("s1", "a", 1), at("s2", "b", 1), at("s3", "c", 9)];
        let plan = plan_case(None, &case, &incoming, &Default::default());
        let placed: Vec<(String, i64, bool)> = plan
            .steps
            .into_iter()
            .map(|op| match op {
                StepOp::Add { record, renumbered } => {
                    (record.step.uuid, record.step.position, renumbered)
                }
                StepOp::Update { .. } | StepOp::Remove { .. } => panic!("nothing here"),
            })
            .collect();
        assert_eq!(
            placed,
            [
                ("s1".to_string(), 1, false),
                ("s2".to_string(), 2, true),
                ("s3".to_string(), 3, true)
            ]
        );
    }

    #[test]
    fn an_unknown_case_is_added_whole_and_an_unchanged_one_is_left_alone() {
        let case = case_record();
        let steps = [at("s1", "a", 1), at("s2", "b", 2)];
        let plan = plan_case(None, &case, &steps, &Default::default());
        assert!(plan.case.is_none());
        assert_eq!(plan.steps.len(), 2);
        assert!(plan.steps.iter().all(|op| matches!(op, StepOp::Add { .. })));
        let again = plan_case(Some((&case, &steps)), &case, &steps, &Default::default());
        assert_eq!(
            again,
            CasePlan {
                case: None,
                steps: Vec::new()
            }
        );
    }

    fn event(uuid: &str, at: i64, present: bool, reverts: Option<&str>) -> PresenceEvent {
        PresenceEvent {
            uuid: uuid.into(),
            entity: "c".into(),
            at,
            present,
            reverts: reverts.map(str::to_string),
        }
    }

    #[test]
    fn delete_against_edit_and_against_restore() {
        let added = event("e1", 100, true, None);
        let deleted = event("e2", 200, false, None);
        // An edit is no presence event: a deletion anywhere wins over edits made elsewhere.
        assert!(!presence(&[added.clone(), deleted.clone()])["c"]);
        // The same events in any order decide the same.
        assert!(!presence(&[deleted.clone(), added.clone()])["c"]);
        // Undoing the deletion brings the case back everywhere the undo travels.
        let restored = event("e3", 300, true, Some("e2"));
        assert!(presence(&[restored.clone(), deleted.clone(), added.clone()])["c"]);
        // A later deletion again wins over the restoration.
        let again = event("e4", 400, false, None);
        assert!(!presence(&[added, deleted, restored, again])["c"]);
    }

    #[test]
    fn an_undo_outranks_the_change_it_takes_back_whatever_the_clocks() {
        // The deletion was made on a device whose clock runs a day ahead; the undo here, by a
        // slower clock, still wins over exactly that deletion.
        let deleted = event("e2", 86_400 + 200, false, None);
        let restored = event("e3", 300, true, Some("e2"));
        assert!(presence(&[deleted.clone(), restored.clone()])["c"]);
        // A redo of the deletion outranks it again (it reverts the same original).
        let redone = event("e4", 400, false, Some("e2"));
        let decided = presence(&[deleted, restored, redone]);
        assert!(!decided["c"]);
    }

    #[test]
    fn presence_reads_creations_and_removals_only() {
        let snapshot = json!({ "title": "x" });
        let read = |b: Option<&Value>, a: Option<&Value>| {
            PresenceEvent::read("e", "c", 1, b, a, None).map(|e| e.present)
        };
        assert_eq!(read(None, Some(&snapshot)), Some(true));
        assert_eq!(read(Some(&snapshot), None), Some(false));
        assert_eq!(read(Some(&snapshot), Some(&Value::Null)), Some(false));
        assert_eq!(read(Some(&snapshot), Some(&snapshot)), None);
    }

    #[test]
    fn a_removed_step_is_removed_here_and_not_added_back_and_the_rest_close_up() {
        let case = case_record();
        let local = [at("s1", "a", 1), at("s2", "b", 2), at("s3", "c", 3)];
        let mut edited = at("s2", "b", 2);
        edited.step.note = Some("edited elsewhere".into());
        edited.stamps.insert("note".into(), stamp(900, "B"));
        let incoming = [at("s1", "a", 1), edited, at("s3", "c", 3)];
        let removed = ["s2".to_string()].into_iter().collect();
        let plan = plan_case(Some((&case, &local)), &case, &incoming, &removed);
        assert!(
            matches!(plan.steps[0], StepOp::Remove { id: 1 }),
            "{plan:?}"
        );
        let rest: Vec<(String, i64)> = plan.steps[1..]
            .iter()
            .map(|op| match op {
                StepOp::Update { record, .. } => (record.step.uuid.clone(), record.step.position),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(rest, [("s3".to_string(), 2)]);
        // Not here and removed elsewhere: not added.
        let plan = plan_case(None, &case, &incoming, &removed);
        assert_eq!(plan.steps.len(), 2);
    }
}
